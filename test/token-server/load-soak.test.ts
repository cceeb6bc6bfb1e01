/**
 * A bounded soak on loopback: the token server (real sockets, undici transport) with the emulator
 * behind it (real sockets too), driven by autocannon with a mix of routes for several users.
 *
 *  - zero errors, timeouts or non-2xx answers on the mixed reads;
 *  - the mint rate limit trips exactly where configured: `maxMints: 5` → exactly 5 links per user,
 *    then 429 with `Retry-After`, also when the mints race each other;
 *  - memory is stable (heap after a second soak within a bound of the heap after the first);
 *  - no socket is left open once the load generator and the transport are done.
 */
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { after, before, describe, it } from 'node:test';
import autocannonUntyped from 'autocannon';
import { createTokenServer } from '../../token-server/app.ts';
import { createEmulator } from '../../emulator/app.ts';
import type { LogRecord } from '../../token-server/log.ts';
import { createSessionToken } from '../../token-server/identity/session-token.ts';
import { createUndiciTransport } from '../../upload-post/undici-transport.ts';
import { serveOnLoopback, type LoopbackServer } from '../helpers/loopback.ts';
import { API_KEY, APP_ORIGIN, SESSION_SECRET } from '../helpers/token-server-fixtures.ts';

/** The part of autocannon's result this file reads (the package ships no types; bench/ declares less). */
interface CannonRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
}
interface CannonResult {
  requests: { total: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
}
const autocannon = autocannonUntyped as unknown as (options: Record<string, unknown>) => Promise<CannonResult>;

const MAX_MINTS = 5;
const USERS = Array.from({ length: 8 }, (_, index) => `user${index}`);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const emulator = createEmulator({ apiKey: API_KEY, profileLimit: 1000 });
const transport = createUndiciTransport({ connections: 16 });
let emulatorServer: LoopbackServer;
let tokenServer: LoopbackServer;
let base: string;
const logs: LogRecord[] = [];
const tokens = new Map<string, string>();

before(async () => {
  emulatorServer = await serveOnLoopback(emulator.app.fetch);
  const app = createTokenServer({
    apiKey: API_KEY,
    client: { baseUrl: `${emulatorServer.url}/api`, transport },
    identity: { sessionSecret: SESSION_SECRET },
    allowedOrigins: [APP_ORIGIN],
    rateLimit: { maxMints: MAX_MINTS, windowSeconds: 60 },
    cacheTtlMs: 0,
    log: (record) => {
      if (record.level !== 'info') logs.push(record);
    },
  });
  tokenServer = await serveOnLoopback(app.fetch);
  base = tokenServer.url;
  for (const user of [...USERS, 'racer0', 'racer1', 'racer2', 'cannon']) {
    tokens.set(user, await createSessionToken({ userId: user, secret: SESSION_SECRET, ttl: 600 }));
  }
  // Half the users have a profile with accounts, half have none yet: both read paths are loaded.
  for (const user of USERS.slice(0, USERS.length / 2)) {
    emulator.store.createProfile(user);
    emulator.store.connectAccount(user, 'tiktok', { username: `${user}_tt`, display_name: user, social_images: 'https://cdn.example/a.png' });
    emulator.store.connectAccount(user, 'facebook', { username: `${user}_fb`, display_name: user, social_images: '' });
  }
});

after(async () => {
  await transport.close();
  await tokenServer.close();
  await emulatorServer.close();
});

function mixedRequests(): CannonRequest[] {
  return USERS.flatMap((user): CannonRequest[] => {
    const headers: Record<string, string> = { authorization: `Bearer ${tokens.get(user)}`, origin: APP_ORIGIN };
    return [
      { method: 'GET', path: '/accounts', headers },
      { method: 'GET', path: '/facebook/pages', headers },
      { method: 'GET', path: '/accounts?platforms=tiktok,facebook', headers: { ...headers, 'cache-control': 'no-cache' } },
      { method: 'GET', path: '/healthz' },
      { method: 'OPTIONS', path: '/connect-url', headers: { origin: APP_ORIGIN, 'access-control-request-method': 'POST' } },
    ];
  });
}

function soak(seconds: number): Promise<CannonResult> {
  return autocannon({ url: base, connections: 8, duration: seconds, requests: mixedRequests(), timeout: 5 });
}

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

describe('load soak (loopback, a few seconds)', () => {
  it('serves mixed routes for several users with zero errors and stable memory, and leaks no socket', async () => {
    const warm = await soak(1);
    assert.equal(warm.errors + warm.timeouts + warm.non2xx, 0, `warm-up: ${warm.errors} errors, ${warm.timeouts} timeouts, ${warm.non2xx} non-2xx`);
    const heapBefore = heapMb();
    const result = await soak(3);
    const heapAfter = heapMb();
    // A sanity floor only: this machine may be shared; the claims are zero errors and flat memory.
    assert.ok(result.requests.total > 100, `only ${result.requests.total} requests in 3 s`);
    assert.equal(result.errors, 0, 'socket errors');
    assert.equal(result.timeouts, 0, 'timeouts');
    assert.equal(result.non2xx, 0, `non-2xx answers: ${JSON.stringify(result.statusCodeStats)}`);
    assert.deepEqual(logs, [], 'warnings or errors were logged under load');
    // Bounded check: a leak of even a few hundred bytes per request would show over thousands of requests.
    assert.ok(heapAfter - heapBefore < 24, `heap grew by ${(heapAfter - heapBefore).toFixed(1)} MB over ${result.requests.total} requests`);

    // autocannon has closed its sockets: the server holds none (keep-alive included) shortly after.
    let open = await tokenServer.connections();
    for (let attempt = 0; open > 0 && attempt < 50; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      open = await tokenServer.connections();
    }
    assert.equal(open, 0, 'the token server kept sockets open');
    // The upstream pool is bounded by its configuration, whatever the load.
    assert.ok((await emulatorServer.connections()) <= 16, 'more upstream sockets than the pool allows');
  });

  it('trips the mint limit exactly at maxMints per user, with Retry-After, under racing requests', async () => {
    const results = await Promise.all(
      ['racer0', 'racer1', 'racer2'].map(async (user) => {
        const answers = await Promise.all(
          Array.from({ length: MAX_MINTS + 4 }, () =>
            fetch(`${base}/connect-url`, {
              method: 'POST',
              headers: { Authorization: `Bearer ${tokens.get(user)}`, Origin: APP_ORIGIN, 'Content-Type': 'application/json' },
              body: '{}',
            }).then(async (response) => ({
              status: response.status,
              retryAfter: response.headers.get('Retry-After'),
              body: (await response.json()) as { error?: { code: string } },
            })),
          ),
        );
        return { user, answers };
      }),
    );
    for (const { user, answers } of results) {
      const ok = answers.filter((answer) => answer.status === 200);
      const limited = answers.filter((answer) => answer.status === 429);
      assert.equal(ok.length, MAX_MINTS, `${user}: ${answers.map((answer) => answer.status).join(',')}`);
      assert.equal(limited.length, 4, `${user}: ${answers.map((answer) => answer.status).join(',')}`);
      for (const answer of limited) {
        assert.equal(answer.body.error?.code, 'RATE_LIMITED');
        const seconds = Number(answer.retryAfter);
        assert.ok(Number.isInteger(seconds) && seconds >= 1 && seconds <= 60, `Retry-After ${answer.retryAfter}`);
      }
    }
  });

  it('counts exactly maxMints successes in a sustained autocannon burst of mints for one user', async () => {
    const result = await autocannon({
      url: `${base}/connect-url`,
      connections: 4,
      amount: 40,
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.get('cannon')}`, origin: APP_ORIGIN, 'content-type': 'application/json' },
      body: '{"platforms":["tiktok"]}',
    });
    assert.equal(result.errors, 0);
    assert.equal(result['2xx'], MAX_MINTS);
    assert.equal(result.non2xx, 40 - MAX_MINTS);
    assert.deepEqual(Object.keys(result.statusCodeStats).sort(), ['200', '429']);
    // Exactly the links minted reached the emulator: one profile, MAX_MINTS links.
    const links = [...(emulator.store as unknown as { links: Map<string, { username: string }> }).links.values()].filter((link) => link.username === 'cannon');
    assert.equal(links.length, MAX_MINTS);
  });
});
