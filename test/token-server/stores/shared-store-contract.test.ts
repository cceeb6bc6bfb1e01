/** The `SharedStore` contract, run against every implementation (KV and Redis behind fakes that enforce their documented limits). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KvStore } from '../../../token-server/stores/kv-store.ts';
import { MemoryStore } from '../../../token-server/stores/memory-store.ts';
import { RedisStore } from '../../../token-server/stores/redis-store.ts';
import { isSharedStore, type SharedStore } from '../../../token-server/stores/shared-store.ts';
import { clock, fakeRedis, FakeKvNamespace, START } from '../../helpers/stores.ts';

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
