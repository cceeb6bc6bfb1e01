/**
 * @module A `SharedStore` on Cloudflare Workers KV (`new KvStore(env.UPLOAD_POST_STATE)`), shared by
 * every isolate, with KV's limits: eventually consistent (≈60 s between locations), no atomic
 * increment (the mint limit through KV stops a loop, not a burst spread across isolates; a Durable
 * Object per user would be exact), one write per key per second, TTLs of at least 60 s (so each
 * record carries its own expiry, checked on read). Structurally typed: no Workers types needed.
 */
import type { CounterWindow, SharedStore } from './shared-store.ts';
import { decodeStoredValue, encodeStoredValue } from './stored-value.ts';

/** The part of a Workers `KVNamespace` this store uses. */
export interface KvNamespaceLike {
  get(key: string, options: { type: 'text'; cacheTtl?: number }): Promise<string | null>;
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Whether a Worker binding looks like a KV namespace (the three methods this store calls). */
export function isKvNamespace(value: unknown): value is KvNamespaceLike {
  return (
    typeof value === 'object' && value !== null && ['get', 'put', 'delete'].every((method) => typeof (value as Record<string, unknown>)[method] === 'function')
  );
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

  constructor(
    private readonly namespace: KvNamespaceLike,
    options: KvStoreOptions = {},
  ) {
    this.prefix = options.prefix ?? 'upload-post:';
    this.now = options.now ?? Date.now;
  }

  async increment(key: string, windowSeconds: number): Promise<CounterWindow> {
    const name = await this.name(key);
    const now = this.now();
    const current = this.parse<CounterRecord>(await this.namespace.get(name, { type: 'text' }));
    const window: CounterWindow =
      current && typeof current.c === 'number' && typeof current.r === 'number' && current.r > now
        ? { count: current.c + 1, resetAt: current.r }
        : { count: 1, resetAt: now + windowSeconds * 1000 };
    const record: CounterRecord = { c: window.count, r: window.resetAt };
    await this.namespace.put(name, JSON.stringify(record), { expirationTtl: kvTtlSeconds(window.resetAt - now) });
    return window;
  }

  async decrement(key: string): Promise<void> {
    const name = await this.name(key);
    const now = this.now();
    const current = this.parse<CounterRecord>(await this.namespace.get(name, { type: 'text' }));
    if (!current || typeof current.c !== 'number' || typeof current.r !== 'number' || current.r <= now || current.c <= 0) return;
    const record: CounterRecord = { c: current.c - 1, r: current.r };
    await this.namespace.put(name, JSON.stringify(record), { expirationTtl: kvTtlSeconds(current.r - now) });
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
      return typeof parsed === 'object' && parsed !== null ? (parsed as T) : undefined;
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
