/** `KvStore` within Workers KV's documented limits (60 s TTLs, 512-byte keys, no atomic increment). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KvStore } from '../../../token-server/stores/kv-store.ts';
import { clock, FakeKvNamespace } from '../../helpers/stores.ts';

describe('KvStore', () => {
  it('never asks KV for a TTL under 60 s, and still expires a 2 s value after 2 s', async () => {
    const time = clock();
    const kv = new FakeKvNamespace(time.now);
    const store = new KvStore(kv, { now: time.now });
    await store.set('read:profile:alice', { value: 1 }, 2000);
    await store.increment('mint:alice', 10);
    assert.deepEqual(
      kv.puts.map((put) => put.expirationTtl),
      [60, 60],
    );
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
