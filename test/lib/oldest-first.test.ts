/** `OldestFirst`: a bounded map's oldest entry dropped, in insertion order, whatever happened to the map in between. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OldestFirst } from '../../lib/oldest-first.ts';

describe('OldestFirst', () => {
  it('drops in insertion order; a key deleted and set again counts as new; nothing to drop in an empty map', () => {
    const map = new Map<string, number>();
    const oldest = new OldestFirst(map);
    assert.equal(oldest.drop(), false, 'empty');
    for (const key of ['a', 'b', 'c', 'd']) map.set(key, 0);
    map.delete('b');
    map.set('b', 1);
    assert.equal(oldest.drop(), true);
    assert.deepEqual([...map.keys()], ['c', 'd', 'b']);
    map.delete('c');
    oldest.drop();
    oldest.drop();
    assert.deepEqual([...map.keys()], []);
    assert.equal(oldest.drop(), false, 'empty again');
    map.set('e', 0);
    map.set('f', 0);
    assert.equal(oldest.drop(), true, 'works again once the map has grown');
    assert.deepEqual([...map.keys()], ['f']);
  });

  it('keeps a map at its bound the way a fresh keys() iterator would, over thousands of sets and deletions (against a model)', () => {
    const map = new Map<string, number>();
    const oldest = new OldestFirst(map);
    // The model: keys in insertion order, a key set again moved to the end.
    let model: string[] = [];
    // A fixed sequence (a linear congruential generator), so that a failure is reproducible.
    let seed = 11;
    const random = (below: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % below;
    for (let step = 0; step < 5000; step++) {
      const key = `k${random(12)}`;
      if (random(5) === 0) {
        map.delete(key);
        model = model.filter((item) => item !== key);
      } else {
        map.delete(key);
        map.set(key, step);
        model = [...model.filter((item) => item !== key), key];
        while (map.size > 5) oldest.drop();
        if (model.length > 5) model = model.slice(model.length - 5);
      }
      assert.deepEqual([...map.keys()], model, `after step ${step}`);
    }
  });
});
