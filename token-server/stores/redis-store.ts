/**
 * @module A `SharedStore` on Redis for a fleet of Node processes: strongly consistent, with an atomic
 * increment (one Lua script), so the mint limit holds exactly across the fleet, but only while Redis
 * is up: during an outage mints are refused (or, with `rateLimit.whenStoreFails: 'allow'`, uncounted),
 * and a Redis restarted without persistence has forgotten every count, so each user's window starts
 * over. Times come from Redis (`PTTL`), so the instances' clocks need not agree. No client is a
 * dependency; give yours its own timeouts, so that no command waits, is resent or is queued during
 * an outage (the token server's `storeTimeoutMs` bounds each call anyway):
 *
 *   const redis = new Redis(url, { lazyConnect: true, commandTimeout: 1000, maxRetriesPerRequest: 0, enableOfflineQueue: false });
 *   await redis.connect();
 *   new RedisStore(([command, ...args]) => redis.call(command, args));   // ioredis
 *   new RedisStore((args) => client.sendCommand(args));                    // node-redis v4+
 */
import type { CounterWindow, SharedStore } from './shared-store.ts';
import { decodeStoredValue, encodeStoredValue } from './stored-value.ts';

/** Sends one command (`['SET', key, value, 'PX', '2000']`) and resolves with Redis's reply. */
export type RedisCommand = (args: [command: string, ...args: string[]]) => Promise<unknown>;

export interface RedisStoreOptions {
  /** Prepended to every key (default `upload-post:`). */
  prefix?: string;
  /** Clock for `resetAt`, ms since the epoch (default `Date.now`). */
  now?: () => number;
}

/**
 * INCR, and start the window on the first increment. A key left without a TTL (written by
 * someone else) is given one rather than counting forever. Replies `{count, pttl}`.
 */
const INCREMENT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if count == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

/** DECR within the current window only: a key that expired (or never existed) is left alone. */
const DECREMENT_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 and tonumber(redis.call('GET', KEYS[1])) > 0 then
  return redis.call('DECR', KEYS[1])
end
return 0
`;

export class RedisStore implements SharedStore {
  private readonly prefix: string;
  private readonly now: () => number;

  constructor(
    private readonly command: RedisCommand,
    options: RedisStoreOptions = {},
  ) {
    this.prefix = options.prefix ?? 'upload-post:';
    this.now = options.now ?? Date.now;
  }

  async increment(key: string, windowSeconds: number): Promise<CounterWindow> {
    const reply = await this.command(['EVAL', INCREMENT_SCRIPT, '1', this.prefix + key, String(Math.ceil(windowSeconds * 1000))]);
    if (!Array.isArray(reply) || reply.length !== 2) throw new TypeError(`RedisStore: unexpected reply to the increment script: ${JSON.stringify(reply)}`);
    const [count, ttl] = reply.map(Number) as [number, number];
    if (!Number.isFinite(count) || !Number.isFinite(ttl)) throw new TypeError(`RedisStore: unexpected reply to the increment script: ${JSON.stringify(reply)}`);
    return { count, resetAt: this.now() + ttl };
  }

  async decrement(key: string): Promise<void> {
    await this.command(['EVAL', DECREMENT_SCRIPT, '1', this.prefix + key]);
  }

  async get<T>(key: string): Promise<T | undefined> {
    const reply = await this.command(['GET', this.prefix + key]);
    if (reply === null || reply === undefined) return undefined;
    const text = typeof reply === 'string' ? reply : reply instanceof Uint8Array ? new TextDecoder().decode(reply) : JSON.stringify(reply);
    try {
      return decodeStoredValue<T>(text);
    } catch {
      // Someone else's value under our prefix: a miss, not a crash.
      return undefined;
    }
  }

  async set<T>(key: string, value: T, ttlMs: number): Promise<void> {
    await this.command(['SET', this.prefix + key, encodeStoredValue(value), 'PX', String(Math.max(1, Math.ceil(ttlMs)))]);
  }

  async delete(key: string): Promise<void> {
    await this.command(['DEL', this.prefix + key]);
  }
}
