/** `MemoryStore`: values kept as given, synchronous deletion, bounded memory. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryStore } from '../../../token-server/stores/memory-store.ts';
import { boundedMapModel, seededRandom } from '../../helpers/bounded-map-model.ts';
import { clock } from '../../helpers/stores.ts';

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

  it('at its bound, sweeps expired values at most once a second: in between the oldest goes', async () => {
    const time = clock();
    const store = new MemoryStore({ now: time.now, maxEntries: 3 });
    await store.set('a', 1, 60_000);
    await store.set('short', 1, 10);
    time.advance(20);
    await store.set('b', 1, 60_000);
    await store.set('c', 1, 60_000);
    assert.equal(await store.get('a'), 1, 'the first sweep took the expired value');
    await store.set('short2', 1, 10);
    time.advance(20);
    await store.set('d', 1, 60_000);
    assert.equal(store.size, 3);
    assert.equal(await store.get('b'), undefined, 'within the second after a sweep, the oldest went although a value had expired');
    time.advance(1000);
    await store.set('e', 1, 60_000);
    assert.equal(store.size, 3);
    assert.equal(await store.get('c'), 1, 'a second later, the sweep took the expired value instead');
  });

  it('at its bound, always drops the oldest value left, over thousands of sets, re-sets and deletions (against a model of its keys)', async () => {
    const store = new MemoryStore({ maxEntries: 5 });
    const model = boundedMapModel(5);
    const random = seededRandom(7);
    const order = (keys: readonly string[]) => [...keys].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
    for (let step = 0; step < 5000; step++) {
      const key = `k${random(12)}`;
      if (random(5) === 0) {
        await store.delete(key);
        model.delete(key);
      } else {
        await store.set(key, step, 60_000);
        model.set(key);
      }
      const held: string[] = [];
      for (let index = 0; index < 12; index++) if ((await store.get(`k${index}`)) !== undefined) held.push(`k${index}`);
      assert.deepEqual(held, order(model.keys()), `after step ${step}`);
    }
  });
});
