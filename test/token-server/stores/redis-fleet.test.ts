/**
 * Two token servers sharing a real redis-server, each through its own ioredis client wired exactly
 * as the README shows (test/readme/redis-store.ts): the mint limit is exact across them while Redis
 * is up; with Redis frozen (SIGSTOP) or killed mid-run, reads answer within the store deadline,
 * mints are refused (503 STORE_UNAVAILABLE, Retry-After) or, by policy, allowed; both recover once
 * Redis is back; and a restart without persistence starts every count over, as documented.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { Redis } from 'ioredis';
import { createTokenServer, type TokenServerApp } from '../../../token-server/app.ts';
import { DEFAULT_STORE_COOL_OFF_MS } from '../../../token-server/stores/guarded-store.ts';
import type { TokenServerOptions } from '../../../token-server/options.ts';
import { startRedisServer, type RedisServer } from '../../helpers/redis-server.ts';
import { bearer, postJson } from '../../helpers/token-server-app.ts';
import { API_KEY, APP_ORIGIN, Capture, FakeUpstream, SESSION_SECRET, type Answer } from '../../helpers/token-server-fixtures.ts';
import { connectRedisStore } from '../../readme/redis-store.ts';

/**
 * The store deadline of the servers that meet an outage; the README's client waits up to 1000 ms on
 * its own, so a read that waited for the client instead (no deadline, no cool-off) takes 2000 ms
 * (a cache lookup, then a cache write).
 */
const STORE_TIMEOUT_MS = 200;
/** What a read may take on top of the store deadline with both cores busy (and redis-server starved). */
const MARGIN_MS = 800;
/**
 * The store deadline while Redis is up and the test is about counting: with both cores busy a
 * starved redis-server can answer later than 200 ms, which the servers would rightly take for an outage.
 */
const PATIENT_STORE_TIMEOUT_MS = 5_000;
const MAX_MINTS = 5;
const TEST_TIMEOUT_MS = 60_000;

const capture = new Capture();
let redisServer: RedisServer;
const clients: Redis[] = [];

before(async () => {
  redisServer = await startRedisServer();
});
after(async () => {
  for (const client of clients) client.disconnect();
  await redisServer.stop();
  capture.assertNoSecret(API_KEY, SESSION_SECRET);
});

/**
 * Two instances on one Upload-Post (a fake that counts mints) and one Redis, each with its own
 * client, as two processes would have. Their clock is the real one, which `mintOnceRecovered` moves
 * past the store's cool-off instead of waiting for it.
 */
async function fleet(overrides: Partial<TokenServerOptions> = {}) {
  const upstream = new FakeUpstream();
  let skew = 0;
  const now = () => Date.now() + skew;
  const instances: { app: TokenServerApp; redis: Redis; connections: number }[] = [];
  for (let index = 0; index < 2; index++) {
    const { redis, sharedStore } = await connectRedisStore(redisServer.url);
    clients.push(redis);
    const instance = { app: undefined as unknown as TokenServerApp, redis, connections: 1 };
    redis.on('ready', () => {
      instance.connections += 1;
    });
    const app = createTokenServer({
      upstream,
      identity: { sessionSecret: SESSION_SECRET },
      allowedOrigins: [APP_ORIGIN],
      log: capture.sink,
      secrets: [API_KEY],
      sharedStore,
      storeTimeoutMs: PATIENT_STORE_TIMEOUT_MS,
      rateLimit: { maxMints: MAX_MINTS, windowSeconds: 60 },
      now,
      ...overrides,
    });
    instance.app = app;
    instances.push(instance);
  }
  const call = async (index: number, path: string, init: RequestInit) => capture.answer(await instances[index % 2]!.app.request(path, init));
  const mint = async (index: number, user: string) => call(index, '/connect-url', await postJson(user, {}));
  return {
    upstream,
    mint,
    read: async (index: number, user: string) => call(index, '/accounts', { headers: await bearer(user) }),
    /**
     * Mints once the store answers again: each try is the probe after a cool-off (skipped, not
     * waited for). A starved redis-server catching up after its outage may miss a probe's deadline.
     */
    mintOnceRecovered: async (index: number, user: string) => {
      for (let tries = 1; ; tries++) {
        skew += DEFAULT_STORE_COOL_OFF_MS + 1;
        const answer = await mint(index, user);
        if (answer.status !== 503 || tries === 20) return answer;
      }
    },
    /** How many times each client has connected so far: `reconnected()` waits for one more. */
    connections: () => instances.map((instance) => instance.connections),
    /** Resolves once every client is ready on a connection newer than `since` (after a restart). */
    reconnected: async (since: number[]) => {
      while (instances.some((instance, index) => instance.connections <= since[index]! || instance.redis.status !== 'ready')) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
}

type Fleet = Awaited<ReturnType<typeof fleet>>;

function statuses(answers: Answer[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const answer of answers) counts[answer.status] = (counts[answer.status] ?? 0) + 1;
  return counts;
}

function assertStoreUnavailable(answer: Answer): void {
  assert.equal(answer.status, 503, answer.text);
  assert.equal(answer.json.error.code, 'STORE_UNAVAILABLE');
  const retryAfter = Number(answer.headers.get('Retry-After'));
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 10, `Retry-After: ${answer.headers.get('Retry-After')}`);
}

/**
 * Reads on both instances, one after another on each, until stopped: "mid-run". Each sample says
 * whether the outage was on while it ran (at its start or its end) and how long it took.
 */
function readLoop(servers: Fleet, user: string) {
  const samples: { status: number; ms: number; duringOutage: boolean }[] = [];
  let outage = false;
  let running = true;
  const worker = async (index: number) => {
    while (running) {
      const startedInOutage = outage;
      const started = performance.now();
      const answer = await servers.read(index, user);
      samples.push({ status: answer.status, ms: performance.now() - started, duringOutage: startedInOutage || outage });
    }
  };
  const workers = [worker(0), worker(1)];
  return {
    samples,
    setOutage: (value: boolean) => {
      outage = value;
    },
    /** Resolves once `count` reads met the outage. */
    readsDuringOutage: async (count: number) => {
      while (samples.filter((sample) => sample.duringOutage).length < count) await new Promise((resolve) => setTimeout(resolve, 5));
    },
    stop: async () => {
      running = false;
      await Promise.all(workers);
    },
  };
}

function reportLatency(t: TestContext, what: string, samples: { ms: number }[]): number {
  const sorted = samples.map((sample) => sample.ms).sort((a, b) => a - b);
  const max = sorted.at(-1) ?? 0;
  t.diagnostic(`${what}: ${samples.length} reads, p50 ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} ms, max ${max.toFixed(1)} ms`);
  return max;
}

describe('two token servers sharing a real Redis', () => {
  it('hold the mint limit exactly across both instances, however the bursts race', { timeout: TEST_TIMEOUT_MS }, async () => {
    const servers = await fleet();
    const users = Array.from({ length: 10 }, (_, index) => `exact${index}`);
    for (const user of users) servers.upstream.addProfile(user);
    // Every user's burst of 12 mints, spread over both instances, all at once.
    const answers = await Promise.all(
      users.flatMap((user) => Array.from({ length: 12 }, (_, index) => servers.mint(index, user).then((answer) => ({ user, answer })))),
    );
    for (const user of users) {
      const mine = answers.filter((item) => item.user === user).map((item) => item.answer);
      assert.deepEqual(statuses(mine), { 200: MAX_MINTS, 429: 12 - MAX_MINTS }, user);
      for (const refused of mine.filter((answer) => answer.status === 429)) assert.ok(Number(refused.headers.get('Retry-After')) >= 1);
    }
    assert.equal(servers.upstream.count('generateJwt'), users.length * MAX_MINTS, 'exactly maxMints links per user reached Upload-Post');
  });

  it('Redis frozen mid-run: reads answer within the store deadline, mints are refused, counts survive the thaw', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const servers = await fleet({ storeTimeoutMs: STORE_TIMEOUT_MS });
    const allowing = await fleet({ storeTimeoutMs: STORE_TIMEOUT_MS, rateLimit: { maxMints: MAX_MINTS, windowSeconds: 60, whenStoreFails: 'allow' } });
    for (const user of ['frozen-reader', 'frozen-minter']) {
      servers.upstream.addProfile(user);
      allowing.upstream.addProfile(user);
    }
    for (let index = 0; index < MAX_MINTS; index++) assert.equal((await servers.mint(index, 'frozen-minter')).status, 200);

    const loop = readLoop(servers, 'frozen-reader');
    const before = capture.logs.length;
    await redisServer.freeze();
    loop.setOutage(true);
    try {
      await loop.readsDuringOutage(20);
      assertStoreUnavailable(await servers.mint(0, 'frozen-reader'));
      assertStoreUnavailable(await servers.mint(1, 'frozen-reader'));
      // The same outage under the other policy: minted, uncounted.
      assert.equal((await allowing.mint(0, 'frozen-reader')).status, 200);
      assert.equal((await allowing.mint(1, 'frozen-reader')).status, 200);
    } finally {
      loop.setOutage(false);
      await redisServer.thaw();
      // Also when an assertion failed: a loop left running would keep the file from ever ending.
      await loop.stop();
    }
    const during = loop.samples.filter((sample) => sample.duringOutage);
    assert.ok(
      during.every((sample) => sample.status === 200),
      `reads during the freeze: ${JSON.stringify(statuses(during as unknown as Answer[]))}`,
    );
    const max = reportLatency(t, 'reads while Redis is frozen', during);
    assert.ok(max < STORE_TIMEOUT_MS + MARGIN_MS, `a read took ${max.toFixed(0)} ms while Redis was frozen (store deadline ${STORE_TIMEOUT_MS} ms)`);
    const warned = capture.logs.slice(before).filter((record) => record.level === 'warn' && /shared store failed/.test(record.msg));
    assert.ok(warned.length >= 1, 'the operator hears of the outage');

    // Back: the store is asked again after its cool-off; Redis kept the counts while it was frozen.
    const after = await servers.mintOnceRecovered(0, 'frozen-minter');
    assert.equal(after.status, 429, `counts survive a freeze: ${after.text}`);
    assert.equal((await servers.mintOnceRecovered(1, 'frozen-reader')).status, 200);
  });

  it(
    'Redis killed mid-run: reads answer at once, mints are refused (or allowed by policy); they recover after the restart',
    { timeout: TEST_TIMEOUT_MS },
    async (t) => {
      const servers = await fleet({ storeTimeoutMs: STORE_TIMEOUT_MS });
      const allowing = await fleet({ storeTimeoutMs: STORE_TIMEOUT_MS, rateLimit: { maxMints: MAX_MINTS, windowSeconds: 60, whenStoreFails: 'allow' } });
      servers.upstream.addProfile('killed-reader');
      allowing.upstream.addProfile('killed-reader');

      const loop = readLoop(servers, 'killed-reader');
      const connected = servers.connections();
      await redisServer.kill();
      loop.setOutage(true);
      try {
        await loop.readsDuringOutage(20);
        assertStoreUnavailable(await servers.mint(0, 'killed-reader'));
        assertStoreUnavailable(await servers.mint(1, 'killed-reader'));
        assert.equal((await allowing.mint(0, 'killed-reader')).status, 200);
      } finally {
        loop.setOutage(false);
        await redisServer.restart();
        await loop.stop();
      }
      const during = loop.samples.filter((sample) => sample.duringOutage);
      assert.ok(during.every((sample) => sample.status === 200));
      const max = reportLatency(t, 'reads while Redis is down', during);
      assert.ok(max < STORE_TIMEOUT_MS + MARGIN_MS, `a read took ${max.toFixed(0)} ms while Redis was down`);

      await servers.reconnected(connected);
      const after = await servers.mintOnceRecovered(0, 'killed-reader');
      assert.equal(after.status, 200, `mints work again once Redis is back: ${after.text}`);
      assert.equal((await servers.read(1, 'killed-reader')).status, 200);
    },
  );

  it('a Redis restarted without persistence has forgotten the counts: every window starts over (as documented)', { timeout: TEST_TIMEOUT_MS }, async () => {
    const servers = await fleet();
    servers.upstream.addProfile('restarted');
    for (let index = 0; index < MAX_MINTS; index++) assert.equal((await servers.mint(index, 'restarted')).status, 200);
    assert.equal((await servers.mint(0, 'restarted')).status, 429);

    const connected = servers.connections();
    await redisServer.restart();
    await servers.reconnected(connected);
    const answers: Answer[] = [];
    for (let index = 0; index <= MAX_MINTS; index++) answers.push(await servers.mint(index, 'restarted'));
    assert.deepEqual(statuses(answers), { 200: MAX_MINTS, 429: 1 }, 'a fresh window of maxMints, within the minute of the first');
  });
});
