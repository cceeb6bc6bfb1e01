/** `RedisStore`: the commands it sends, atomic increments, replies it refuses. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RedisStore } from '../../../token-server/stores/redis-store.ts';
import { clock, fakeRedis, START } from '../../helpers/stores.ts';

describe('RedisStore', () => {
  it('increments atomically in one script, so concurrent mints count 1 and 2', async () => {
    const time = clock();
    const redis = fakeRedis(time.now);
    const store = new RedisStore(redis.command, { now: time.now });
    const counts = await Promise.all([store.increment('mint:alice', 60), store.increment('mint:alice', 60)]);
    assert.deepEqual(counts.map((window) => window.count).sort(), [1, 2]);
    assert.deepEqual(
      redis.commands.map((args) => args[0]),
      ['EVAL', 'EVAL'],
    );
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
