/**
 * @module Upstream reads shared between requests: concurrent identical reads (several elements on a
 * page, a burst of reloads) become one upstream call, in flight in this process (a promise cannot
 * cross machines); settled answers are reused for a short TTL from a `SharedStore`.
 *
 * A `fresh` read (the element's re-read says `Cache-Control: no-cache`) skips the settled answer but
 * joins a read already loading: that one started at most a round trip ago. A mint drops the user's
 * settled answers. Failures are never kept, and a failing store is a cache miss, never a failed read.
 */
import { MemoryStore } from './memory-store.ts';
import type { SharedStore } from './shared-store.ts';

interface Flight {
  promise: Promise<unknown>;
  /** False while only the settled cache is being looked up; true once the upstream is asked. */
  loading: boolean;
}

export interface ReadOptions {
  /** Skip a settled answer; join a read already loading from the upstream. */
  fresh?: boolean;
}

export interface ReadCoalescerOptions {
  /** Where settled answers are kept; default a `MemoryStore` on the same clock. */
  store?: SharedStore;
  /** Bounds the default store's memory under many users (default 10 000 answers). */
  maxEntries?: number;
  /** Told about a store failure (the read went on without the cache); default: ignored. */
  onStoreError?: (error: unknown) => void;
  /**
   * Kinds `invalidate` always drops, read here or not: with a shared store, another instance may
   * have cached a kind this one never read. Default: the token server's, `DEFAULT_READ_KINDS`.
   */
  kinds?: readonly string[];
}

/** The kinds the token server reads (`upstream/reads.ts`): a user's profile and their Facebook pages. */
export const DEFAULT_READ_KINDS = ['profile', 'facebook-pages'] as const;

/** Store keys of settled answers: `read:<kind>:<user>` (kinds contain no `:`, so this is unambiguous). */
export const READ_CACHE_PREFIX = 'read:';

export class ReadCoalescer {
  private readonly flights = new Map<string, Flight>();
  /** Every kind known or ever read, so that invalidating a user is a few deletions, not a scan. */
  private readonly kinds: Set<string>;
  private readonly store: SharedStore;
  private readonly onStoreError: (error: unknown) => void;

  constructor(
    private readonly ttlMs: number,
    now: () => number,
    options: ReadCoalescerOptions = {},
  ) {
    this.store = options.store ?? new MemoryStore({ now, maxEntries: options.maxEntries });
    this.onStoreError = options.onStoreError ?? (() => undefined);
    this.kinds = new Set(options.kinds ?? DEFAULT_READ_KINDS);
  }

  read<T>(user: string, kind: string, load: () => Promise<T>, options: ReadOptions = {}): Promise<T> {
    const key = this.key(user, kind);
    this.kinds.add(kind);
    const current = this.flights.get(key);
    // A fresh read must not be answered from the cache a lookup in flight may yet return.
    if (current && (!options.fresh || current.loading)) return current.promise as Promise<T>;

    // The flight is in the map before anything is awaited: a read arriving while the cache is
    // still being looked up joins it instead of starting a second upstream call.
    const flight: Flight = { promise: Promise.resolve(), loading: false };
    flight.promise = this.settle(key, flight, load, options.fresh === true);
    this.flights.set(key, flight);
    return flight.promise as Promise<T>;
  }

  /** The flight's answer: the settled one, the fresh read's already loading, or the upstream's; it leaves the map once settled. */
  private async settle<T>(key: string, flight: Flight, load: () => Promise<T>, fresh: boolean): Promise<T> {
    try {
      if (!fresh && this.ttlMs > 0) {
        const hit = await this.cached<T>(key);
        if (hit) return hit.value;
        // Meanwhile a fresh read may have started loading; one upstream call is enough.
        const other = this.flights.get(key);
        if (other && other !== flight && other.loading) return (await other.promise) as T;
      }
      flight.loading = true;
      const value = await load();
      // Only the flight still in the map is cached: an invalidation during the call wins.
      if (this.ttlMs > 0 && this.flights.get(key) === flight) {
        await this.store.set(key, { value }, this.ttlMs).catch(this.onStoreError);
      }
      return value;
    } finally {
      if (this.flights.get(key) === flight) this.flights.delete(key);
    }
  }

  /**
   * Drops the user's settled answers; reads in flight finish for their callers but are not kept.
   * With the default store the drop is done before this returns; a remote store's delete is
   * awaited by the returned promise, which never rejects.
   */
  invalidate(user: string): Promise<void> {
    const deletions: Promise<void>[] = [];
    for (const kind of this.kinds) {
      const key = this.key(user, kind);
      this.flights.delete(key);
      deletions.push(this.store.delete(key).catch(this.onStoreError));
    }
    return Promise.all(deletions).then(() => undefined);
  }

  /** Reads currently in flight (looking up the cache or loading from the upstream). */
  get inFlight(): number {
    return this.flights.size;
  }

  private async cached<T>(key: string): Promise<{ value: T } | undefined> {
    try {
      // Wrapped, so that a cached `null` ("no profile yet") is a hit, not a miss.
      return await this.store.get<{ value: T }>(key);
    } catch (error) {
      this.onStoreError(error);
      return undefined;
    }
  }

  private key(user: string, kind: string): string {
    return `${READ_CACHE_PREFIX}${kind}:${user}`;
  }
}
