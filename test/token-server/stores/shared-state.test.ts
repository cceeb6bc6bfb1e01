/**
 * The shared-state layer: the `SharedStore` contract on the in-memory default and on the
 * Cloudflare KV store (against a fake namespace that enforces KV's documented limits: TTLs of at
 * least 60 s, keys of at most 512 bytes, text values), and the two users of a store — the read
 * cache and the mint rate limit — when several instances share one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KV_MIN_TTL_SECONDS, KvStore, type KvNamespaceLike } from '../../../token-server/stores/kv-store.ts';
import { MintRateLimiter } from '../../../token-server/stores/rate-limiter.ts';
import { ReadCoalescer } from '../../../token-server/stores/read-coalescer.ts';
import { RedisStore, type RedisCommand } from '../../../token-server/stores/redis-store.ts';
import { decodeStoredValue, encodeStoredValue, isSharedStore, MemoryStore, type SharedStore } from '../../../token-server/stores/shared-store.ts';

const START = Date.parse('2026-01-01T00:00:00Z');

/** A clock the test moves by hand. */
function clock() {
  let time = START;
  return { now: () => time, advance: (ms: number) => { time += ms; } };
}

/**
 * Workers KV as documented: text values, `expirationTtl` ≥ 60 s, keys ≤ 512 bytes, expiry by the
 * namespace's own clock. Every put is recorded.
 */
class FakeKvNamespace implements KvNamespaceLike {
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
function fakeRedis(now: () => number) {
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
      case 'GET': return live(rest[0]!)?.value ?? null;
      case 'SET': {
        assert.equal(rest[2], 'PX');
        data.set(rest[0]!, { value: rest[1]!, expiresAt: now() + Number(rest[3]) });
        return 'OK';
      }
      case 'DEL': return data.delete(rest[0]!) ? 1 : 0;
      case 'EVAL': {
        assert.match(rest[0]!, /INCR[\s\S]*PTTL[\s\S]*PEXPIRE/);
        const [, , key, windowMs] = rest as [string, string, string, string];
        const entry = live(key);
        const count = Number(entry?.value ?? 0) + 1;
        const expiresAt = entry?.expiresAt ?? now() + Number(windowMs);
        data.set(key, { value: String(count), expiresAt });
        return [count, expiresAt - now()];
      }
      default: throw new Error(`fake Redis: unknown command ${name}`);
    }
  };
  return { command, commands, data };
}

/** A store whose every call fails, as a store in an outage does. */
const brokenStore: SharedStore = {
  increment: async () => { throw new Error('store down'); },
  get: async () => { throw new Error('store down'); },
  set: async () => { throw new Error('store down'); },
  delete: async () => { throw new Error('store down'); },
};

/** The contract, run against each implementation. */
function storeContract(name: string, make: (now: () => number) => SharedStore) {
  describe(`SharedStore contract: ${name}`, () => {
    it('counts in a fixed window that opens at the first increment and starts over after resetAt', async () => {
      const time = clock();
      const store = make(time.now);
      assert.deepEqual(await store.increment('mint:alice', 60), { count: 1, resetAt: START + 60_000 });
      time.advance(30_000);
      assert.deepEqual(await store.increment('mint:alice', 60), { count: 2, resetAt: START + 60_000 });
      assert.deepEqual(await store.increment('mint:bob', 60), { count: 1, resetAt: START + 90_000 }, 'keys are independent');
      time.advance(30_000);
      assert.deepEqual(await store.increment('mint:alice', 60), { count: 1, resetAt: START + 120_000 });
    });

    it('keeps a value for its TTL, then forgets it; delete forgets it at once', async () => {
      const time = clock();
      const store = make(time.now);
      await store.set('read:profile:alice', { value: { username: 'alice' } }, 2000);
      assert.deepEqual(await store.get('read:profile:alice'), { value: { username: 'alice' } });
      assert.equal(await store.get('read:profile:bob'), undefined);
      time.advance(1999);
      assert.ok(await store.get('read:profile:alice'));
      time.advance(1);
      assert.equal(await store.get('read:profile:alice'), undefined, 'expired at exactly its TTL');

      await store.set('read:profile:alice', { value: null }, 60_000);
      assert.deepEqual(await store.get('read:profile:alice'), { value: null }, 'a stored null is a value');
      await store.delete('read:profile:alice');
      assert.equal(await store.get('read:profile:alice'), undefined);
    });

    it('is recognised by isSharedStore', () => {
      assert.equal(isSharedStore(make(Date.now)), true);
    });
  });
}

storeContract('MemoryStore', (now) => new MemoryStore({ now }));
storeContract('KvStore on a fake namespace', (now) => new KvStore(new FakeKvNamespace(now), { now }));
storeContract('RedisStore on a fake Redis', (now) => new RedisStore(fakeRedis(now).command, { now }));

describe('MemoryStore', () => {
  it('hands back the very object it was given (no serialisation)', async () => {
    const store = new MemoryStore();
    const value = { created: new Date(0) };
    await store.set('k', value, 1000);
    assert.equal(await store.get('k'), value);
  });

  it('deletes before its promise settles, so an un-awaited invalidation is seen by the next read', async () => {
    const store = new MemoryStore();
    await store.set('k', 1, 1000);
    void store.delete('k');
    assert.equal(store.size, 0);
  });

  it('stays within maxEntries: expired values go first, then the oldest', async () => {
    const time = clock();
    const store = new MemoryStore({ now: time.now, maxEntries: 3 });
    await store.set('short', 1, 10);
    await store.set('a', 1, 60_000);
    await store.set('b', 1, 60_000);
    time.advance(20);
    await store.set('c', 1, 60_000);
    assert.equal(store.size, 3);
    assert.equal(await store.get('short'), undefined);
    await store.set('d', 1, 60_000);
    assert.equal(store.size, 3);
    assert.equal(await store.get('a'), undefined, 'the oldest live value went');
    assert.equal(await store.get('d'), 1);
  });
});

describe('encodeStoredValue / decodeStoredValue', () => {
  it('round-trips JSON values and keeps Dates as Dates', () => {
    const value = { username: 'alice', created_at_date: new Date('2025-05-02T21:43:14Z'), accounts: [null, '', { n: 1 }], bad: new Date(Number.NaN) };
    const back = decodeStoredValue<typeof value>(encodeStoredValue(value));
    assert.ok(back.created_at_date instanceof Date);
    assert.equal(back.created_at_date.toISOString(), '2025-05-02T21:43:14.000Z');
    assert.ok(back.bad instanceof Date && Number.isNaN(back.bad.getTime()));
    assert.deepEqual({ ...back, created_at_date: 0, bad: 0 }, { ...value, created_at_date: 0, bad: 0 });
    assert.equal(decodeStoredValue(encodeStoredValue(null)), null);
  });
});

describe('KvStore', () => {
  it('never asks KV for a TTL under 60 s, and still expires a 2 s value after 2 s', async () => {
    const time = clock();
    const kv = new FakeKvNamespace(time.now);
    const store = new KvStore(kv, { now: time.now });
    await store.set('read:profile:alice', { value: 1 }, 2000);
    await store.increment('mint:alice', 10);
    assert.deepEqual(kv.puts.map((put) => put.expirationTtl), [60, 60]);
    time.advance(2000);
    assert.equal(await store.get('read:profile:alice'), undefined);
    assert.equal(kv.records.size, 2, 'KV still holds the record; the store reads its own expiry');
  });

  it('prefixes its keys, and hashes keys KV would refuse (over 512 bytes)', async () => {
    const time = clock();
    const kv = new FakeKvNamespace(time.now);
    const store = new KvStore(kv, { now: time.now, prefix: 'acme:' });
    await store.set('read:profile:alice', 1, 1000);
    const long = `read:profile:${'é'.repeat(256)}`;
    const longer = `read:profile:${'é'.repeat(256)}x`;
    await store.set(long, 'long', 1000);
    await store.set(longer, 'longer', 1000);
    const keys = [...kv.records.keys()];
    assert.equal(keys[0], 'acme:read:profile:alice');
    assert.match(keys[1]!, /^acme:sha256:[0-9a-f]{64}$/);
    assert.notEqual(keys[1], keys[2]);
    assert.equal(await store.get(long), 'long');
    assert.equal(await store.get(longer), 'longer');
  });

  it('reads a record it cannot understand as absent (a counter starts over)', async () => {
    const time = clock();
    const kv = new FakeKvNamespace(time.now);
    const store = new KvStore(kv, { now: time.now, prefix: '' });
    await kv.put('read:profile:alice', 'not json');
    await kv.put('read:profile:bob', '{"v":"{broken","e":99999999999999}');
    await kv.put('mint:alice', '"a string"');
    assert.equal(await store.get('read:profile:alice'), undefined);
    assert.equal(await store.get('read:profile:bob'), undefined);
    assert.equal((await store.increment('mint:alice', 60)).count, 1);
  });

  it('documents its caveat: an increment is read-then-write, so concurrent ones can both count 1', async () => {
    const time = clock();
    const store = new KvStore(new FakeKvNamespace(time.now), { now: time.now });
    const [first, second] = await Promise.all([store.increment('mint:alice', 60), store.increment('mint:alice', 60)]);
    // With an atomic store this would be 1 and 2; KV has no atomic increment (see kv-store.ts).
    assert.deepEqual([first.count, second.count], [1, 1]);
  });
});

describe('RedisStore', () => {
  it('increments atomically in one script, so concurrent mints count 1 and 2', async () => {
    const time = clock();
    const redis = fakeRedis(time.now);
    const store = new RedisStore(redis.command, { now: time.now });
    const counts = await Promise.all([store.increment('mint:alice', 60), store.increment('mint:alice', 60)]);
    assert.deepEqual(counts.map((window) => window.count).sort(), [1, 2]);
    assert.deepEqual(redis.commands.map((args) => args[0]), ['EVAL', 'EVAL']);
    assert.deepEqual(redis.commands[0]!.slice(2), ['1', 'upload-post:mint:alice', '60000']);
  });

  it('lets Redis expire values (SET … PX) and keeps Dates', async () => {
    const time = clock();
    const redis = fakeRedis(time.now);
    const store = new RedisStore(redis.command, { now: time.now, prefix: 'acme:' });
    await store.set('read:profile:alice', { value: { created_at_date: new Date(START) } }, 2000);
    assert.deepEqual(redis.commands[0]!.slice(0, 2), ['SET', 'acme:read:profile:alice']);
    assert.deepEqual(redis.commands[0]!.slice(3), ['PX', '2000']);
    const back = await store.get<{ value: { created_at_date: Date } }>('read:profile:alice');
    assert.ok(back?.value.created_at_date instanceof Date);
  });

  it('refuses a reply it does not understand instead of counting wrong', async () => {
    const store = new RedisStore(async () => 'OK');
    await assert.rejects(store.increment('mint:alice', 60), /unexpected reply/);
  });
});

/** An upstream read that counts its calls and can be held open. */
function upstreamRead<T>(value: T) {
  const read = { calls: 0, gate: undefined as Promise<void> | undefined };
  const load = async () => {
    read.calls += 1;
    await read.gate;
    return value;
  };
  return { read, load };
}

describe('ReadCoalescer with a shared store', () => {
  it('lets one instance reuse what another loaded, until a mint on either invalidates it', async () => {
    const time = clock();
    const store = new KvStore(new FakeKvNamespace(time.now), { now: time.now });
    const [a, b] = [new ReadCoalescer(2000, time.now, { store }), new ReadCoalescer(2000, time.now, { store })];
    const { read, load } = upstreamRead({ username: 'alice', created_at_date: new Date(START) });
    await a.read('alice', 'profile', load);
    const cached = await b.read('alice', 'profile', load);
    assert.equal(read.calls, 1);
    assert.ok(cached.created_at_date instanceof Date, 'the cached answer has its Date back');
    await a.invalidate('alice');
    await b.read('alice', 'profile', load);
    assert.equal(read.calls, 2);
    time.advance(2000);
    await a.read('alice', 'profile', load);
    assert.equal(read.calls, 3, 'expired after the TTL');
  });

  it('drops on invalidation a kind cached by another instance, though this one never read it', async () => {
    const time = clock();
    const store = new MemoryStore({ now: time.now });
    const [a, b] = [new ReadCoalescer(60_000, time.now, { store }), new ReadCoalescer(60_000, time.now, { store })];
    const { read, load } = upstreamRead(['page']);
    await b.read('alice', 'facebook-pages', load);
    await a.invalidate('alice');
    await b.read('alice', 'facebook-pages', load);
    assert.equal(read.calls, 2);
  });

  it('coalesces concurrent reads even while the store is being looked up', async () => {
    const time = clock();
    const slowStore: SharedStore = new MemoryStore({ now: time.now });
    const get = slowStore.get.bind(slowStore);
    slowStore.get = async <T>(key: string) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return get<T>(key);
    };
    const reads = new ReadCoalescer(2000, time.now, { store: slowStore });
    const { read, load } = upstreamRead('profile');
    const answers = await Promise.all(Array.from({ length: 10 }, () => reads.read('alice', 'profile', load)));
    assert.deepEqual(new Set(answers), new Set(['profile']));
    assert.equal(read.calls, 1);
    assert.equal(reads.inFlight, 0);
  });

  it('answers a fresh read from the upstream, not from a cache lookup in flight', async () => {
    const time = clock();
    const store = new MemoryStore({ now: time.now });
    await store.set('read:profile:alice', { value: 'stale' }, 60_000);
    const reads = new ReadCoalescer(60_000, time.now, { store });
    const { read, load } = upstreamRead('new');
    const [cachedAnswer, freshAnswer] = await Promise.all([
      reads.read('alice', 'profile', load),
      reads.read('alice', 'profile', load, { fresh: true }),
    ]);
    assert.equal(cachedAnswer, 'stale');
    assert.equal(freshAnswer, 'new');
    assert.equal(read.calls, 1);
    assert.equal(await reads.read('alice', 'profile', load), 'new', 'the fresh answer replaced the cached one');
  });

  it('keeps reading when the store fails, and says so', async () => {
    const errors: unknown[] = [];
    const reads = new ReadCoalescer(2000, Date.now, { store: brokenStore, onStoreError: (error) => errors.push(error) });
    const { read, load } = upstreamRead('profile');
    assert.equal(await reads.read('alice', 'profile', load), 'profile');
    assert.equal(await reads.read('alice', 'profile', load), 'profile');
    await reads.invalidate('alice');
    assert.equal(read.calls, 2, 'every read went to the upstream');
    assert.equal(errors.length, 6, 'two lookups, two writes and the deletions of both kinds failed');
  });
});

describe('MintRateLimiter with a shared store', () => {
  it('enforces one limit across instances sharing the store, with Retry-After from the window', async () => {
    const time = clock();
    const store = new MemoryStore({ now: time.now });
    const [a, b] = [new MintRateLimiter(3, 60, time.now, { store }), new MintRateLimiter(3, 60, time.now, { store })];
    assert.equal((await a.consume('alice')).allowed, true);
    assert.equal((await b.consume('alice')).allowed, true);
    assert.equal((await a.consume('alice')).allowed, true);
    time.advance(10_000);
    assert.deepEqual(await b.consume('alice'), { allowed: false, retryAfterSeconds: 50 });
    assert.equal((await b.consume('bob')).allowed, true, 'other users are unaffected');
    time.advance(50_000);
    assert.equal((await a.consume('alice')).allowed, true, 'a new window');
  });

  it('works through KV too', async () => {
    const time = clock();
    const store = new KvStore(new FakeKvNamespace(time.now), { now: time.now });
    const limiter = new MintRateLimiter(2, 60, time.now, { store });
    assert.equal((await limiter.consume('alice')).allowed, true);
    assert.equal((await limiter.consume('alice')).allowed, true);
    assert.deepEqual(await limiter.consume('alice'), { allowed: false, retryAfterSeconds: 60 });
  });

  it('allows the mint when the store fails, and says so', async () => {
    const errors: unknown[] = [];
    const limiter = new MintRateLimiter(1, 60, Date.now, { store: brokenStore, onStoreError: (error) => errors.push(error) });
    assert.equal((await limiter.consume('alice')).allowed, true);
    assert.equal((await limiter.consume('alice')).allowed, true);
    assert.equal(errors.length, 2);
  });

  it('without a store, consume() is the exact in-memory sliding window; take() refuses when a store is set', async () => {
    const time = clock();
    const limiter = new MintRateLimiter(2, 60, time.now);
    assert.equal((await limiter.consume('alice')).allowed, true);
    time.advance(30_000);
    assert.equal(limiter.take('alice').allowed, true);
    assert.deepEqual(await limiter.consume('alice'), { allowed: false, retryAfterSeconds: 30 });
    time.advance(30_001);
    assert.equal((await limiter.consume('alice')).allowed, true, 'the first mint slid out of the window');
    assert.throws(() => new MintRateLimiter(1, 60, Date.now, { store: new MemoryStore() }).take('alice'), /consume\(\)/);
  });
});
