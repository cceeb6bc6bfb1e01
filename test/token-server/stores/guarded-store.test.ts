/** `guardStore`: a store that hangs or fails costs one call its deadline, then is left alone for a while. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { guardStore, StoreUnavailableError } from '../../../token-server/stores/guarded-store.ts';
import { MemoryStore } from '../../../token-server/stores/memory-store.ts';
import type { SharedStore } from '../../../token-server/stores/shared-store.ts';
import { brokenStore } from '../../helpers/stores.ts';

/** A store whose every call waits until `release()`: a frozen Redis. */
function frozenStore(): SharedStore & { calls: number; release(): void } {
  let release!: () => void;
  const thawed = new Promise<void>((resolve) => {
    release = resolve;
  });
  const store = {
    calls: 0,
    release,
    async increment() {
      store.calls++;
      await thawed;
      return { count: 1, resetAt: 0 };
    },
    async get() {
      store.calls++;
      await thawed;
      return undefined;
    },
    async set() {
      store.calls++;
      await thawed;
    },
    async delete() {
      store.calls++;
      await thawed;
    },
  };
  return store;
}

describe('guardStore', () => {
  it('passes calls through to a healthy store, decrement included', async () => {
    const failures: string[] = [];
    const guarded = guardStore(new MemoryStore(), { timeoutMs: 100, coolOffMs: 1000, now: Date.now, onFailure: (operation) => failures.push(operation) });
    await guarded.set('k', 1, 1000);
    assert.equal(await guarded.get('k'), 1);
    assert.equal((await guarded.increment('c', 60)).count, 1);
    await guarded.decrement!('c');
    assert.equal((await guarded.increment('c', 60)).count, 1, 'the decrement went through');
    assert.deepEqual(failures, []);
    assert.equal(guarded.coolingOffFor(), 0);
  });

  it('gives up on a hanging call at its deadline, reports it, and fails at once during the cool-off', async () => {
    const frozen = frozenStore();
    const failures: string[] = [];
    let now = 1_000_000;
    const guarded = guardStore(frozen, { timeoutMs: 50, coolOffMs: 5000, now: () => now, onFailure: (operation) => failures.push(operation) });
    const started = performance.now();
    await assert.rejects(guarded.get('k'), StoreUnavailableError);
    const waited = performance.now() - started;
    assert.ok(waited >= 45 && waited < 1000, `waited ${waited} ms for a 50 ms deadline`);
    assert.deepEqual(failures, ['get']);

    await assert.rejects(guarded.increment('c', 60), /tried again in 5000 ms/);
    assert.equal(frozen.calls, 1, 'the store is not asked during the cool-off');
    assert.equal(guarded.coolingOffFor(), 5000);
    assert.deepEqual(failures, ['get'], 'calls refused during the cool-off are not reported again');

    now += 5000;
    frozen.release();
    await guarded.set('k', 1, 1000);
    assert.equal(frozen.calls, 2, 'after the cool-off the store is tried again');
  });

  it('reports a store that throws, with the operation, and passes the error on', async () => {
    const failures: [string, unknown][] = [];
    const guarded = guardStore(brokenStore, {
      timeoutMs: 100,
      coolOffMs: 0,
      now: Date.now,
      onFailure: (operation, error) => failures.push([operation, error]),
    });
    await assert.rejects(guarded.delete('k'), /store down/);
    assert.equal(failures[0]![0], 'delete');
    assert.match(String(failures[0]![1]), /store down/);
  });
});
