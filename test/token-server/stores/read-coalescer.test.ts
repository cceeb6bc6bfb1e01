/** `ReadCoalescer`: one upstream call per burst, settled answers shared through the store, invalidation. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KvStore } from '../../../token-server/stores/kv-store.ts';
import { MemoryStore } from '../../../token-server/stores/memory-store.ts';
import { ReadCoalescer } from '../../../token-server/stores/read-coalescer.ts';
import type { SharedStore } from '../../../token-server/stores/shared-store.ts';
import { brokenStore, clock, FakeKvNamespace, START, upstreamRead } from '../../helpers/stores.ts';

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
    const [cachedAnswer, freshAnswer] = await Promise.all([reads.read('alice', 'profile', load), reads.read('alice', 'profile', load, { fresh: true })]);
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
