/**
 * The token server with the real client (undici, real sockets) in front of an Upload-Post that
 * refuses: a wrong API URL (the emulator's 404 for a path it does not serve, which is not "Profile
 * not found") and a rate limit (429 with `Retry-After`, in seconds or as a date).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createEmulator } from '../../emulator/app.ts';
import { createTokenServer } from '../../token-server/app.ts';
import { createUndiciTransport } from '../../upload-post/undici-transport.ts';
import { serveOnLoopback, type LoopbackServer } from '../helpers/loopback.ts';
import { bearer, postJson } from '../helpers/token-server-app.ts';
import { API_KEY, APP_ORIGIN, assertError, Capture, SESSION_SECRET } from '../helpers/token-server-fixtures.ts';

const capture = new Capture();
const servers: LoopbackServer[] = [];
const transport = createUndiciTransport();
after(async () => {
  await transport.close();
  for (const server of servers) await server.close();
  capture.assertNoSecret(API_KEY, SESSION_SECRET);
});

async function upstreamAt(fetch: (request: Request) => Response | Promise<Response>): Promise<string> {
  const server = await serveOnLoopback(fetch);
  servers.push(server);
  return server.url;
}

function tokenServer(baseUrl: string) {
  const app = createTokenServer({
    apiKey: API_KEY,
    client: { baseUrl, transport, timeoutMs: 2_000, retries: 0 },
    identity: { sessionSecret: SESSION_SECRET },
    allowedOrigins: [APP_ORIGIN],
    log: capture.sink,
  });
  return async (path: string, init: RequestInit) => capture.answer(await app.request(path, init));
}

const ROUTES = async (user: string): Promise<[string, RequestInit][]> => [
  ['/accounts', { headers: await bearer(user) }],
  ['/facebook/pages', { headers: await bearer(user) }],
  ['/connect-url', await postJson(user, {})],
];

describe('an Upload-Post that refuses, over real sockets', () => {
  it('a wrong UPLOAD_POST_API_URL: 500 SERVER_MISCONFIGURED on every route, a log line saying to check it, no profile created', async () => {
    const emulator = createEmulator({ apiKey: API_KEY });
    const origin = await upstreamAt(emulator.app.fetch);
    const call = tokenServer(`${origin}/v2/api`);
    for (const [path, init] of await ROUTES('alice')) {
      const before = capture.logs.length;
      const answer = await call(path, init);
      assertError(answer, 500, 'SERVER_MISCONFIGURED');
      const logged = capture.logs.slice(before).find((record) => record.msg === 'request')!.error as { hint: string; upstream: { status: number } };
      assert.equal(logged.upstream.status, 404);
      assert.match(logged.hint, /check UPLOAD_POST_API_URL/);
    }
    assert.equal(emulator.store.getProfile('alice'), undefined);

    // The same emulator at the right URL: a user without a profile reads as "nothing connected yet".
    const right = tokenServer(`${origin}/api`);
    const accounts = await right('/accounts', { headers: await bearer('bob') });
    assert.equal(accounts.status, 200, accounts.text);
    assert.ok(accounts.json.accounts.every((account: { connected: boolean }) => !account.connected));
    assert.deepEqual((await right('/facebook/pages', { headers: await bearer('bob') })).json, { pages: [] });
  });

  it('a 429: 503 UPSTREAM_RATE_LIMITED with Upload-Post’s Retry-After (seconds or a date), on every route', async () => {
    for (const [retryAfter, expected] of [
      ['17', 17],
      [new Date(Date.now() + 40_000).toUTCString(), 40],
    ] as const) {
      const origin = await upstreamAt(() =>
        Response.json({ success: false, message: 'Too many requests' }, { status: 429, headers: { 'Retry-After': retryAfter } }),
      );
      const call = tokenServer(`${origin}/api`);
      for (const [path, init] of await ROUTES('carol')) {
        const answer = await call(path, init);
        assertError(answer, 503, 'UPSTREAM_RATE_LIMITED');
        const passedOn = Number(answer.headers.get('Retry-After'));
        // A date is read when the answer arrives: a second may pass on the way.
        assert.ok(passedOn <= expected && passedOn >= expected - 2, `${path}: Retry-After ${passedOn}, Upload-Post said ${retryAfter}`);
      }
    }
  });
});
