/**
 * README § "Several instances": a `RedisStore` on ioredis, with the client's own timeouts. The
 * README's block is this file's `snippet` regions; the real-Redis tests
 * (test/token-server/stores/redis-fleet.test.ts) wire their token servers with this very function.
 */
// #region snippet
import { Redis } from 'ioredis';
import { RedisStore } from 'upload-post-connect/server';
// #endregion

export async function connectRedisStore(redisUrl: string) {
  // #region snippet
  const redis = new Redis(redisUrl, {
    lazyConnect: true, // connected below, before the first request
    commandTimeout: 1000, // a frozen Redis: no command waits longer
    maxRetriesPerRequest: 0, // a dropped connection: never resent (a resent INCR would count twice)
    enableOfflineQueue: false, // Redis away: fail at once, queue nothing to replay later
  });
  // The token server logs failing store calls itself, at most once per 10 s.
  redis.on('error', () => undefined);
  await redis.connect();
  const sharedStore = new RedisStore(([command, ...args]) => redis.call(command, args));
  // #endregion
  return { redis, sharedStore };
}
