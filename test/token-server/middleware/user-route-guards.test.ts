/** The user routes' guards: CORS for allowed origins, the origin check and CSRF. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { API_KEY, APP_ORIGIN, assertError, Capture, SESSION_SECRET } from '../../helpers/token-server-fixtures.ts';
import { bearer, postJson, tokenServerUnderTest } from '../../helpers/token-server-app.ts';
import type { TokenServerOptions } from '../../../token-server/options.ts';

const capture = new Capture();
after(() => capture.assertNoSecret(API_KEY, SESSION_SECRET));
const server = (overrides: Partial<TokenServerOptions> = {}) => tokenServerUnderTest(capture, overrides);

describe('origins, CORS and CSRF', () => {
  it('answers a preflight from an allowed origin, and not from another', async () => {
    const { call } = server();
    const preflight = (origin: string) =>
      call('/connect-url', {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
      });
    const allowed = await preflight(APP_ORIGIN);
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get('Access-Control-Allow-Origin'), APP_ORIGIN);
    assert.match(allowed.headers.get('Access-Control-Allow-Headers') ?? '', /Authorization/);
    assert.match(allowed.headers.get('Access-Control-Allow-Headers') ?? '', /Content-Type/);
    // The element's re-reads send `Cache-Control: no-cache` to skip the server's short cache.
    assert.match(allowed.headers.get('Access-Control-Allow-Headers') ?? '', /Cache-Control/);
    const refused = await preflight('https://evil.example');
    assert.equal(refused.headers.get('Access-Control-Allow-Origin'), null);
  });

  it('refuses any request naming a disallowed origin with 403 ORIGIN_NOT_ALLOWED, before identity and upstream', async () => {
    const { upstream, call } = server();
    upstream.addProfile('alice');
    const evil = { Origin: 'https://evil.example' };
    assertError(await call('/connect-url', await postJson('alice', {}, evil)), 403, 'ORIGIN_NOT_ALLOWED');
    assertError(await call('/accounts', { headers: { ...(await bearer('alice')), ...evil } }), 403, 'ORIGIN_NOT_ALLOWED');
    assertError(await call('/connect-url', await postJson('alice', {}, { Origin: 'null' })), 403, 'ORIGIN_NOT_ALLOWED');
    assert.equal(upstream.calls.length, 0);
  });

  it('refuses a cross-site form post that carries no Origin (csrf)', async () => {
    const { upstream, call } = server();
    upstream.addProfile('alice');
    const form = await call('/connect-url', {
      method: 'POST',
      headers: { ...(await bearer('alice')), 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Site': 'cross-site' },
      body: 'view=connect',
    });
    assertError(form, 403, 'ORIGIN_NOT_ALLOWED');
    assert.equal(upstream.calls.length, 0);
  });

  it('allows the server’s own origin and sets CORS headers on errors too', async () => {
    const { upstream, call } = server();
    upstream.addProfile('alice');
    const own = await call('/connect-url', await postJson('alice', {}, { Origin: 'http://localhost' }));
    assert.equal(own.status, 200);
    const unauthenticated = await call('/accounts', { headers: { Origin: APP_ORIGIN } });
    assert.equal(unauthenticated.status, 401);
    assert.equal(unauthenticated.headers.get('Access-Control-Allow-Origin'), APP_ORIGIN);
    assert.match(unauthenticated.headers.get('Access-Control-Expose-Headers') ?? '', /X-Request-Id/);
  });
});
