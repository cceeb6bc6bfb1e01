/**
 * Shared by the store tests: a clock moved by hand, Workers KV and Redis as far as the stores use
 * them (recording every call), a store in an outage, and an upstream read that counts its calls.
 */
import assert from 'node:assert/strict';
import { KV_MIN_TTL_SECONDS, type KvNamespaceLike } from '../../token-server/stores/kv-store.ts';
import type { RedisCommand } from '../../token-server/stores/redis-store.ts';
import type { SharedStore } from '../../token-server/stores/shared-store.ts';

export const START = Date.parse('2026-01-01T00:00:00Z');

/** A clock the test moves by hand. */
export function clock() {
  let time = START;
  return {
    now: () => time,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

/**
 * Workers KV as documented: text values, `expirationTtl` ≥ 60 s, keys ≤ 512 bytes, expiry by the
 * namespace's own clock. Every put is recorded.
 */
export class FakeKvNamespace implements KvNamespaceLike {
  readonly records = new Map<string, { value: string; expiresAt?: number }>();
  readonly puts: { key: string; value: string; expirationTtl?: number }[] = [];

  constructor(private readonly now: () => number) {}

  async get(key: string, options: { type: 'text' }): Promise<string | null> {
    assert.equal(options.type, 'text');
    this.checkKey(key);
    const record = this.records.get(key);
    if (!record) return null;
    if (record.expiresAt !== undefined && record.expiresAt <= this.now()) {
      this.records.delete(key);
      return null;
    }
    return record.value;
  }

  async put(key: string, value: string, options: { expirationTtl?: number } = {}): Promise<void> {
    this.checkKey(key);
    if (typeof value !== 'string') throw new TypeError('KV put: value must be a string here');
    if (options.expirationTtl !== undefined && options.expirationTtl < KV_MIN_TTL_SECONDS) {
      throw new Error(`KV put failed: 400 Invalid expiration_ttl of ${options.expirationTtl}. Expiration TTL must be at least 60.`);
    }
    this.puts.push({ key, value, ...(options.expirationTtl !== undefined ? { expirationTtl: options.expirationTtl } : {}) });
    this.records.set(key, {
      value,
      ...(options.expirationTtl !== undefined ? { expiresAt: this.now() + options.expirationTtl * 1000 } : {}),
    });
  }

  async delete(key: string): Promise<void> {
    this.checkKey(key);
    this.records.delete(key);
  }

  private checkKey(key: string): void {
    if (new TextEncoder().encode(key).length > 512) throw new Error('KV: key longer than 512 bytes');
  }
}

/**
 * Redis as far as the store uses it: GET, SET … PX, DEL, and EVAL of the increment script, which
 * Redis runs atomically (here: synchronously, between two awaits). Every command is recorded.
 */
export function fakeRedis(now: () => number) {
  const data = new Map<string, { value: string; expiresAt?: number }>();
  const commands: string[][] = [];
  const live = (key: string) => {
    const entry = data.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= now()) data.delete(key);
    return data.get(key);
  };
  const command: RedisCommand = async (args) => {
    commands.push(args);
    const [name, ...rest] = args;
    switch (name) {
      case 'GET':
        return live(rest[0]!)?.value ?? null;
      case 'SET': {
        assert.equal(rest[2], 'PX');
        data.set(rest[0]!, { value: rest[1]!, expiresAt: now() + Number(rest[3]) });
        return 'OK';
      }
      case 'DEL':
        return data.delete(rest[0]!) ? 1 : 0;
      case 'EVAL': {
        if (/DECR/.test(rest[0]!)) {
          const entry = live(rest[2]!);
          if (!entry || Number(entry.value) <= 0) return 0;
          entry.value = String(Number(entry.value) - 1);
          return Number(entry.value);
        }
        assert.match(rest[0]!, /INCR[\s\S]*PTTL[\s\S]*PEXPIRE/);
        const [, , key, windowMs] = rest as [string, string, string, string];
        const entry = live(key);
        const count = Number(entry?.value ?? 0) + 1;
        const expiresAt = entry?.expiresAt ?? now() + Number(windowMs);
        data.set(key, { value: String(count), expiresAt });
        return [count, expiresAt - now()];
      }
      default:
        throw new Error(`fake Redis: unknown command ${name}`);
    }
  };
  return { command, commands, data };
}

/** A store whose every call fails, as a store in an outage does. */
export const brokenStore: SharedStore = {
  increment: async () => {
    throw new Error('store down');
  },
  get: async () => {
    throw new Error('store down');
  },
  set: async () => {
    throw new Error('store down');
  },
  delete: async () => {
    throw new Error('store down');
  },
};

/** An upstream read that counts its calls and can be held open. */
export function upstreamRead<T>(value: T) {
  const read = { calls: 0, gate: undefined as Promise<void> | undefined };
  const load = async () => {
    read.calls += 1;
    await read.gate;
    return value;
  };
  return { read, load };
}
