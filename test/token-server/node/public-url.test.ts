/**
 * The server's own origin (always allowed; where `/done` lives) and the Host header. The standalone
 * server with a real key refuses to start without `UPLOAD_POST_PUBLIC_URL`, and with it a request
 * whose Host names another site (a proxy passing it on, a DNS-rebinding page) is just another
 * origin. Mounted without `publicUrl`, the Host decides: the risk the README and SECURITY.md describe.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { request } from 'undici';
import { createEmulator } from '../../../emulator/app.ts';
import { createTokenServer } from '../../../token-server/app.ts';
import { startTokenServer } from '../../../token-server/node/start.ts';
import { TokenServerConfigError } from '../../../token-server/options.ts';
import { serveOnLoopback } from '../../helpers/loopback.ts';
import { bearer } from '../../helpers/token-server-app.ts';
import { API_KEY, Capture, FakeUpstream, SESSION_SECRET } from '../../helpers/token-server-fixtures.ts';

const PUBLIC_URL = 'https://tokens.example.com/upload-post';
const capture = new Capture();
after(() => capture.assertNoSecret(API_KEY, SESSION_SECRET));

describe('the server’s own origin and the Host header', () => {
  it('with a real key, the standalone server will not start without UPLOAD_POST_PUBLIC_URL, saying what to set', async () => {
    const outcome = await startTokenServer(
      { PORT: '0', UPLOAD_POST_API_KEY: API_KEY, UPLOAD_POST_SESSION_SECRET: SESSION_SECRET },
      { log: capture.sink },
    ).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    if (!(outcome instanceof Error)) {
      // Started after all: stop it, or its sockets would keep this file from ending.
      await outcome.close();
      assert.fail('the server started without UPLOAD_POST_PUBLIC_URL');
    }
    assert.ok(outcome instanceof TokenServerConfigError, String(outcome));
    assert.match(outcome.message, /UPLOAD_POST_PUBLIC_URL is required when UPLOAD_POST_API_KEY is set.*e\.g\. https:\/\//);
  });

  it('with UPLOAD_POST_PUBLIC_URL, a rebound Host is a foreign origin, and the public one is the server’s own', async (t) => {
    const emulator = createEmulator({ apiKey: API_KEY });
    const upstream = await serveOnLoopback(emulator.app.fetch);
    t.after(() => upstream.close());
    const started = await startTokenServer(
      {
        PORT: '0',
        UPLOAD_POST_API_KEY: API_KEY,
        UPLOAD_POST_API_URL: `${upstream.url}/api`,
        UPLOAD_POST_SESSION_SECRET: SESSION_SECRET,
        UPLOAD_POST_PUBLIC_URL: PUBLIC_URL,
      },
      { log: capture.sink },
    );
    t.after(() => started.close());
    const { host } = new URL(started.url);
    // What a page on rebound.evil.example sends once its name resolves to this server.
    const rebound = await request(`${started.url}/accounts`, {
      headers: { ...(await bearer('alice')), host: `rebound.evil.example:${host.split(':')[1]}`, origin: `http://rebound.evil.example:${host.split(':')[1]}` },
    });
    const refused = await capture.answer(new Response(await rebound.body.text(), { status: rebound.statusCode }));
    assert.equal(refused.status, 403);
    assert.equal(refused.json.error.code, 'ORIGIN_NOT_ALLOWED');

    const own = await request(`${started.url}/accounts`, { headers: { ...(await bearer('alice')), origin: new URL(PUBLIC_URL).origin } });
    assert.equal(own.statusCode, 200);
    assert.equal(own.headers['access-control-allow-origin'], new URL(PUBLIC_URL).origin);
    await own.body.text();
  });

  it('mounted without publicUrl, the Host decides the own origin (why the docs say to set it behind a proxy)', async () => {
    const app = createTokenServer({ upstream: new FakeUpstream(), identity: { sessionSecret: SESSION_SECRET }, log: capture.sink });
    const answer = await app.request('http://rebound.evil.example/accounts', {
      headers: { ...(await bearer('alice')), Origin: 'http://rebound.evil.example' },
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('Access-Control-Allow-Origin'), 'http://rebound.evil.example');
    const pinned = createTokenServer({ upstream: new FakeUpstream(), identity: { sessionSecret: SESSION_SECRET }, log: capture.sink, publicUrl: PUBLIC_URL });
    const refused = await pinned.request('http://rebound.evil.example/accounts', {
      headers: { ...(await bearer('alice')), Origin: 'http://rebound.evil.example' },
    });
    assert.equal(refused.status, 403);
  });
});
