/**
 * A `SharedStore` on Cloudflare Workers KV, so that every isolate in every location shares the
 * mint counters and the read cache:
 *
 *   const store = new KvStore(env.UPLOAD_POST_STATE); // a [[kv_namespaces]] binding
 *
 * What KV gives, and therefore what this store promises:
 *
 * - **Eventual consistency.** A write is visible at once in the location that made it and within
 *   about 60 s elsewhere (reads are cached at the edge for `cacheTtl`, 60 s at least). A user whose
 *   requests land in two locations may see a cached read up to a minute old there — the element's
 *   refresh after the connect popup asks with `no-cache`, which skips the cache entirely.
 * - **No atomic increment.** `increment` reads, adds one and writes: concurrent mints can each
 *   read the same count, and a location that has not yet seen another's writes counts from its
 *   own. The mint limit through KV is approximate — it stops a script in a loop, not a burst
 *   spread across isolates. For an exact limit, use a Durable Object per user (one object, one
 *   thread, strongly consistent storage) behind the same `SharedStore` interface.
 * - **At most one write per second per key**; a faster writer gets an error. The rate limiter
 *   and the read cache treat store errors as "allow" and "miss" (see their files), so such an
 *   error degrades to per-instance behaviour instead of failing the request.
 * - **TTLs of at least 60 s.** KV's `expirationTtl` cannot be shorter, so each record also
 *   carries its own expiry, checked on read: a 2 s read-cache entry is stale after 2 s even
 *   though KV drops it only after 60 s.
 *
 * Structurally typed (`KvNamespaceLike`): no dependency on `@cloudflare/workers-types`, and the
 * tests pass a fake namespace.
 */
import { decodeStoredValue, encodeStoredValue, type CounterWindow, type SharedStore } from './shared-store.ts';

/** The part of a Workers `KVNamespace` this store uses. */
export interface KvNamespaceLike {
  get(key: string, options: { type: 'text'; cacheTtl?: number }): Promise<string | null>;
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Whether a Worker binding looks like a KV namespace (the three methods this store calls). */
export function isKvNamespace(value: unknown): value is KvNamespaceLike {
  return typeof value === 'object' && value !== null
    && ['get', 'put', 'delete'].every((method) => typeof (value as Record<string, unknown>)[method] === 'function');
}

export interface KvStoreOptions {
  /** Prepended to every key, so one namespace can serve several apps (default `upload-post:`). */
  prefix?: string;
  /** Clock in milliseconds since the epoch (default `Date.now`); tests move time with it. */
  now?: () => number;
}

/** KV refuses an `expirationTtl` below this. */
export const KV_MIN_TTL_SECONDS = 60;
/** KV refuses keys longer than 512 bytes; longer ones are replaced by a digest. */
const KV_MAX_KEY_BYTES = 512;

interface ValueRecord {
  /** The value, encoded with `encodeStoredValue`. */
  v: string;
  /** Expires at, ms since the epoch. */
  e: number;
}

interface CounterRecord {
  c: number;
  r: number;
}

export class KvStore implements SharedStore {
  private readonly prefix: string;
  private readonly now: () => number;

  constructor(private readonly namespace: KvNamespaceLike, options: KvStoreOptions = {}) {
    this.prefix = options.prefix ?? 'upload-post:';
    this.now = options.now ?? Date.now;
  }

  async increment(key: string, windowSeconds: number): Promise<CounterWindow> {
    const name = await this.name(key);
    const now = this.now();
    const current = this.parse<CounterRecord>(await this.namespace.get(name, { type: 'text' }));
    const window: CounterWindow = current && typeof current.c === 'number' && typeof current.r === 'number' && current.r > now
      ? { count: current.c + 1, resetAt: current.r }
      : { count: 1, resetAt: now + windowSeconds * 1000 };
    const record: CounterRecord = { c: window.count, r: window.resetAt };
    await this.namespace.put(name, JSON.stringify(record), { expirationTtl: kvTtlSeconds(window.resetAt - now) });
    return window;
  }

  async get<T>(key: string): Promise<T | undefined> {
    const record = this.parse<ValueRecord>(await this.namespace.get(await this.name(key), { type: 'text' }));
    if (!record || typeof record.v !== 'string' || typeof record.e !== 'number' || record.e <= this.now()) return undefined;
    try {
      return decodeStoredValue<T>(record.v);
    } catch {
      return undefined;
    }
  }

  async set<T>(key: string, value: T, ttlMs: number): Promise<void> {
    const record: ValueRecord = { v: encodeStoredValue(value), e: this.now() + ttlMs };
    await this.namespace.put(await this.name(key), JSON.stringify(record), { expirationTtl: kvTtlSeconds(ttlMs) });
  }

  async delete(key: string): Promise<void> {
    await this.namespace.delete(await this.name(key));
  }

  /** A record someone else wrote (another version, a human in the dashboard) is a miss, not a crash. */
  private parse<T>(text: string | null): T | undefined {
    if (text === null) return undefined;
    try {
      const parsed: unknown = JSON.parse(text);
      return typeof parsed === 'object' && parsed !== null ? parsed as T : undefined;
    } catch {
      return undefined;
    }
  }

  private async name(key: string): Promise<string> {
    const name = this.prefix + key;
    if (new TextEncoder().encode(name).length <= KV_MAX_KEY_BYTES) return name;
    // User ids may be up to 256 characters of any script: hash what does not fit.
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key)));
    return `${this.prefix}sha256:${Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
  }
}

/** KV's TTL for a record that must live `ms`: whole seconds, rounded up, never below KV's minimum. */
function kvTtlSeconds(ms: number): number {
  return Math.max(KV_MIN_TTL_SECONDS, Math.ceil(ms / 1000));
}
