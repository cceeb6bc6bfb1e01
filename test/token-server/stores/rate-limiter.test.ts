/** `MintRateLimiter`: fixed windows in a shared store, one limit across instances. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KvStore } from '../../../token-server/stores/kv-store.ts';
import { MemoryStore } from '../../../token-server/stores/memory-store.ts';
import { MintRateLimiter } from '../../../token-server/stores/rate-limiter.ts';
import { brokenStore, clock, FakeKvNamespace } from '../../helpers/stores.ts';

describe('MintRateLimiter', () => {
  it('enforces one limit across instances sharing the store, with Retry-After from the window', async () => {
    const time = clock();
    const store = new MemoryStore({ now: time.now });
    const limiter = () => new MintRateLimiter({ maxMints: 3, windowSeconds: 60, store, now: time.now });
    const [a, b] = [limiter(), limiter()];
    assert.equal((await a.consume('alice')).allowed, true);
    assert.equal((await b.consume('alice')).allowed, true);
    assert.equal((await a.consume('alice')).allowed, true);
    time.advance(10_000);
    assert.deepEqual(await b.consume('alice'), { allowed: false, retryAfterSeconds: 50, reason: 'limit' });
    assert.equal((await b.consume('bob')).allowed, true, 'other users are unaffected');
    time.advance(50_000);
    assert.equal((await a.consume('alice')).allowed, true, 'a new window');
  });

  it('works through KV too', async () => {
    const time = clock();
    const store = new KvStore(new FakeKvNamespace(time.now), { now: time.now });
    const limiter = new MintRateLimiter({ maxMints: 2, windowSeconds: 60, store, now: time.now });
    assert.equal((await limiter.consume('alice')).allowed, true);
    assert.equal((await limiter.consume('alice')).allowed, true);
    assert.deepEqual(await limiter.consume('alice'), { allowed: false, retryAfterSeconds: 60, reason: 'limit' });
  });

  it('refuses while the store fails, by default, saying when to try again', async () => {
    const limiter = new MintRateLimiter({ maxMints: 10, windowSeconds: 60, store: brokenStore, now: Date.now, storeRetryAfterSeconds: () => 4 });
    assert.deepEqual(await limiter.consume('alice'), { allowed: false, retryAfterSeconds: 4, reason: 'store' });
    const unspecified = new MintRateLimiter({ maxMints: 10, windowSeconds: 60, store: brokenStore, now: Date.now });
    assert.deepEqual(await unspecified.consume('alice'), { allowed: false, retryAfterSeconds: 5, reason: 'store' });
  });

  it('allows every mint while the store fails when told to (whenStoreFails: allow)', async () => {
    const limiter = new MintRateLimiter({ maxMints: 1, windowSeconds: 60, store: brokenStore, now: Date.now, whenStoreFails: 'allow' });
    for (let mint = 0; mint < 3; mint++) assert.equal((await limiter.consume('alice')).allowed, true);
  });

  it('gives a refunded mint back within its window, never below zero', async () => {
    const time = clock();
    const store = new MemoryStore({ now: time.now });
    const limiter = new MintRateLimiter({ maxMints: 2, windowSeconds: 60, store, now: time.now });
    for (let attempt = 0; attempt < 5; attempt++) {
      const decision = await limiter.consume('alice');
      assert.equal(decision.allowed, true, `attempt ${attempt}: failed mints must not spend the budget`);
      if (decision.allowed) await decision.refund();
    }
    const kept = [await limiter.consume('alice'), await limiter.consume('alice')];
    assert.ok(kept.every((decision) => decision.allowed));
    assert.equal((await limiter.consume('alice')).allowed, false, 'delivered links still count');
  });

  it('counts in fixed windows: the count starts over when the window opened by the first mint ends', async () => {
    const time = clock();
    const limiter = new MintRateLimiter({ maxMints: 2, windowSeconds: 60, store: new MemoryStore({ now: time.now }), now: time.now });
    assert.equal((await limiter.consume('alice')).allowed, true);
    time.advance(30_000);
    assert.equal((await limiter.consume('alice')).allowed, true);
    assert.deepEqual(await limiter.consume('alice'), { allowed: false, retryAfterSeconds: 30, reason: 'limit' });
    time.advance(30_000);
    assert.equal((await limiter.consume('alice')).allowed, true, 'a new window opened');
  });

  it('counts prefetches apart from clicks, with their own budget (default: half of maxMints, rounded up)', async () => {
    const time = clock();
    const store = new MemoryStore({ now: time.now });
    const limiter = new MintRateLimiter({ maxMints: 3, windowSeconds: 60, store, now: time.now });
    assert.equal((await limiter.consume('alice', true)).allowed, true);
    assert.equal((await limiter.consume('alice', true)).allowed, true);
    assert.deepEqual(await limiter.consume('alice', true), { allowed: false, retryAfterSeconds: 60, reason: 'limit' });
    for (let click = 0; click < 3; click++) assert.equal((await limiter.consume('alice')).allowed, true, 'prefetches spent none of the clicks');
    assert.equal((await limiter.consume('alice')).allowed, false);
    const none = new MintRateLimiter({ maxMints: 3, maxPrefetches: 0, windowSeconds: 60, store, now: time.now });
    assert.equal((await none.consume('bob', true)).allowed, false, 'maxPrefetches: 0 refuses every prefetch');
  });
});
