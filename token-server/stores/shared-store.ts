/**
 * State that several instances of the token server may share: the mint rate-limit counters and
 * the settled upstream-read cache. Everything else in the app is stateless, so with one
 * `SharedStore` behind every instance a fleet behaves like one server — up to each store's
 * consistency, which is the caveat that matters:
 *
 * - `MemoryStore` (the default): exact, fast, and per instance. N instances behind a load balancer
 *   allow up to N × `maxMints` per window and cache reads N times.
 * - `KvStore` (`edge/kv-store.ts`, Cloudflare Workers KV): shared, but eventually consistent —
 *   a write can take ~60 s to be seen in other locations, and an increment is a read then a write,
 *   so concurrent mints may each see the same count. A limit enforced through it is approximate
 *   (it catches a loop, not a burst spread over data centres). A Durable Object per user would be
 *   exact; KV is the cheap, simple choice for a guard against runaway clients.
 * - `RedisStore` (`redis-store.ts`, for Node fleets): shared and exact — the increment is one
 *   atomic script.
 *
 * Coalescing of concurrent reads stays in memory per instance (`read-coalescer.ts`): a promise
 * cannot be shared across machines, and the point is to spare the upstream a burst on one node.
 *
 * Values given to `set` must survive JSON (remote stores serialise them with `encodeStoredValue`,
 * which also keeps `Date`s); `MemoryStore` keeps them as they are.
 */

/** A fixed-window counter after one increment. */
export interface CounterWindow {
  /** Increments seen in the current window, this one included (≥ 1). */
  count: number;
  /** When the current window ends, in milliseconds since the epoch; the count starts over then. */
  resetAt: number;
}

export interface SharedStore {
  /**
   * Adds one to `key`'s counter. The first increment opens a window of `windowSeconds`; later
   * ones within it count up; after `resetAt` the next increment opens a new window at 1.
   */
  increment(key: string, windowSeconds: number): Promise<CounterWindow>;
  /** The value set under `key`, or undefined when there is none or its TTL has passed. */
  get<T>(key: string): Promise<T | undefined>;
  /** Keeps `value` under `key` for `ttlMs` milliseconds (remote stores may round it up). */
  set<T>(key: string, value: T, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}

/** True for an object that implements `SharedStore` — for option validation. */
export function isSharedStore(value: unknown): value is SharedStore {
  return typeof value === 'object' && value !== null &&
    ['increment', 'get', 'set', 'delete'].every((method) => typeof (value as Record<string, unknown>)[method] === 'function');
}

export interface MemoryStoreOptions {
  /** Clock in milliseconds since the epoch (default `Date.now`); tests move time with it. */
  now?: () => number;
  /** Most values kept; past it the expired go first, then the oldest. Default 10 000. */
  maxEntries?: number;
}

interface Stored {
  value: unknown;
  expiresAt: number;
}

/**
 * The default store: two maps in this process or isolate. Values are kept as given (no
 * serialisation), so a cached read is the very object the upstream client returned.
 *
 * Every method does its work before its first `await`: a caller that does not wait for
 * `delete()` still sees the deletion on its next `get()`.
 */
export class MemoryStore implements SharedStore {
  private readonly values = new Map<string, Stored>();
  private readonly counters = new Map<string, CounterWindow>();
  private readonly now: () => number;
  private readonly maxEntries: number;
  private increments = 0;

  constructor(options: MemoryStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  async increment(key: string, windowSeconds: number): Promise<CounterWindow> {
    const now = this.now();
    const current = this.counters.get(key);
    const window = current && current.resetAt > now
      ? { count: current.count + 1, resetAt: current.resetAt }
      : { count: 1, resetAt: now + windowSeconds * 1000 };
    this.counters.set(key, window);
    this.sweepCounters(now);
    return { ...window };
  }

  async get<T>(key: string): Promise<T | undefined> {
    const stored = this.values.get(key);
    if (!stored) return undefined;
    if (stored.expiresAt <= this.now()) {
      this.values.delete(key);
      return undefined;
    }
    return stored.value as T;
  }

  async set<T>(key: string, value: T, ttlMs: number): Promise<void> {
    // Re-inserting moves the key to the end of the map's order, which eviction reads as "newest".
    this.values.delete(key);
    this.values.set(key, { value, expiresAt: this.now() + ttlMs });
    this.evict();
  }

  async delete(key: string): Promise<void> {
    this.values.delete(key);
    this.counters.delete(key);
  }

  /** Values currently held (expired ones included until they are swept). */
  get size(): number {
    return this.values.size;
  }

  /** Counters whose window has passed are forgotten now and then: memory follows active users. */
  private sweepCounters(now: number): void {
    if (++this.increments % 256 !== 0) return;
    for (const [key, window] of this.counters) if (window.resetAt <= now) this.counters.delete(key);
  }

  private evict(): void {
    if (this.values.size <= this.maxEntries) return;
    const now = this.now();
    for (const [key, stored] of this.values) if (stored.expiresAt <= now) this.values.delete(key);
    // Maps iterate in insertion order: what remains over the bound is dropped oldest first.
    for (const key of this.values.keys()) {
      if (this.values.size <= this.maxEntries) break;
      this.values.delete(key);
    }
  }
}

/**
 * JSON for remote stores, keeping what JSON alone would lose in a cached upstream answer: a
 * `Date` (the profile's `created_at_date`) comes back as a `Date`, not a string.
 */
export function encodeStoredValue(value: unknown): string {
  return JSON.stringify({ v: value }, function replacer(this: Record<string, unknown>, key, item: unknown) {
    // `item` has already been through `Date#toJSON`; the holder still has the original.
    const original = this[key];
    return original instanceof Date ? { $date: original.getTime() } : item;
  });
}

export function decodeStoredValue<T>(text: string): T {
  const parsed = JSON.parse(text, (_key, item: unknown) => {
    if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
      const keys = Object.keys(item);
      const time = (item as { $date?: unknown }).$date;
      // An invalid Date's time is NaN, which JSON writes as null.
      if (keys.length === 1 && keys[0] === '$date' && (typeof time === 'number' || time === null)) {
        return new Date(time ?? Number.NaN);
      }
    }
    return item;
  }) as { v: T };
  return parsed.v;
}
