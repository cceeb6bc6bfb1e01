/** `OldestFirst`: a bounded map's oldest entry dropped, in insertion order, whatever happened to the map in between. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OldestFirst } from '../../lib/oldest-first.ts';
import { boundedMapModel, seededRandom } from '../helpers/bounded-map-model.ts';

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
    const model = boundedMapModel(5);
    const random = seededRandom(11);
    for (let step = 0; step < 5000; step++) {
      const key = `k${random(12)}`;
      map.delete(key);
      model.delete(key);
      if (random(5) !== 0) {
        map.set(key, step);
        model.set(key);
        while (map.size > 5) oldest.drop();
      }
      assert.deepEqual([...map.keys()], model.keys(), `after step ${step}`);
    }
  });
});
