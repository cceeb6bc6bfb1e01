/**
 * What a browser would hide of a misconfiguration, made visible: a refused preflight says the fix
 * in the log, an error answer to an allowed origin is readable (cookies or not), and a preflight to
 * a path no route has lets the request meet its 404.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { API_KEY, APP_ORIGIN, assertError, Capture, httpError, SESSION_SECRET, type Answer } from '../../helpers/token-server-fixtures.ts';
import { bearer, postJson, tokenServerUnderTest } from '../../helpers/token-server-app.ts';

const capture = new Capture();
after(() => capture.assertNoSecret(API_KEY, SESSION_SECRET));

const FOREIGN = 'https://shop.example';
const preflight = (origin: string, headers = 'authorization') => ({
  method: 'OPTIONS',
  headers: { Origin: origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': headers },
});

/** What a browser needs to hand the element an error answer sent to `origin`, credentials or not. */
function assertReadableBy(answer: Answer, origin: string): void {
  assert.equal(answer.headers.get('Access-Control-Allow-Origin'), origin, answer.text);
  assert.equal(answer.headers.get('Access-Control-Allow-Credentials'), 'true');
  assert.match(answer.headers.get('Access-Control-Expose-Headers') ?? '', /X-Request-Id/i);
  assert.match(answer.headers.get('Vary') ?? '', /\bOrigin\b/);
}

describe('CORS diagnostics', () => {
  it('refuses a preflight from an origin not allowed with 403 ORIGIN_NOT_ALLOWED, and its log line names the origin and allowedOrigins', async () => {
    const { call } = tokenServerUnderTest(capture);
    const refused = await call('/accounts', preflight(FOREIGN));
    assertError(refused, 403, 'ORIGIN_NOT_ALLOWED');
    assert.equal(refused.headers.get('Access-Control-Allow-Origin'), null, 'the browser still refuses it');
    const [record] = capture.requests('/accounts').slice(-1);
    assert.equal(record?.method, 'OPTIONS');
    assert.equal(record?.level, 'warn');
    const error = (record as { error?: { code: string; message: string } }).error;
    assert.equal(error?.code, 'ORIGIN_NOT_ALLOWED');
    assert.match(error?.message ?? '', /"https:\/\/shop\.example"/);
    assert.match(error?.message ?? '', /add "https:\/\/shop\.example" to allowedOrigins \(UPLOAD_POST_ALLOWED_ORIGINS/);

    const allowed = await call('/accounts', preflight(APP_ORIGIN));
    assert.equal(allowed.status, 204, 'an allowed origin is answered as before');
  });

  it('names the origin when an actual request from it is refused', async () => {
    const { call } = tokenServerUnderTest(capture);
    const refused = await call('/accounts', { headers: { ...(await bearer('alice')), Origin: FOREIGN } });
    assertError(refused, 403, 'ORIGIN_NOT_ALLOWED');
    assert.match((refused.json as { error: { message: string } }).error.message, /"https:\/\/shop\.example".*allowedOrigins/);
  });

  it('gives every error answer to an allowed origin its CORS headers, credentials included', async () => {
    const { upstream, call } = tokenServerUnderTest(capture, { rateLimit: { maxMints: 1, windowSeconds: 60 } });
    upstream.addProfile('alice');
    const origin = { Origin: APP_ORIGIN };
    const cases: [string, Answer, number, string][] = [
      // A page relying on its cookies, against a server that identifies by session tokens.
      ['no session token (a cookie page)', await call('/accounts', { headers: { ...origin, Cookie: 'session=abc' } }), 401, 'UNAUTHENTICATED'],
      ['an unknown field', await call('/connect-url', await postJson('alice', { username: 'bob' })), 400, 'INVALID_REQUEST'],
      ['a path no route has', await call('/acounts', { headers: origin }), 404, 'NOT_FOUND'],
    ];
    assert.equal((await call('/connect-url', await postJson('alice', {}))).status, 200);
    cases.push(['the rate limit', await call('/connect-url', await postJson('alice', {})), 429, 'RATE_LIMITED']);
    upstream.fail('getProfile', httpError(503));
    cases.push([
      'Upload-Post unavailable',
      await call('/accounts', { headers: { ...(await bearer('alice')), ...origin, 'Cache-Control': 'no-cache' } }),
      502,
      'UPSTREAM_UNAVAILABLE',
    ]);
    for (const [what, answer, status, code] of cases) {
      assertError(answer, status, code);
      assertReadableBy(answer, APP_ORIGIN);
      assert.ok(answer.headers.get('Access-Control-Allow-Origin'), what);
    }
    assert.match(cases[3]![1].headers.get('Access-Control-Expose-Headers') ?? '', /Retry-After/i, 'the element can read Retry-After');
  });

  it('leaves success answers and other origins as they were', async () => {
    const { upstream, call } = tokenServerUnderTest(capture);
    upstream.addProfile('alice');
    const ok = await call('/accounts', { headers: { ...(await bearer('alice')), Origin: APP_ORIGIN } });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('Access-Control-Allow-Credentials'), null, 'a session-token server takes no cookies');
    const foreign = await call('/acounts', { headers: { Origin: FOREIGN } });
    assertError(foreign, 404, 'NOT_FOUND');
    assert.equal(foreign.headers.get('Access-Control-Allow-Origin'), null);
  });

  it('answers an allowed origin’s preflight to a path no route has, so the request reads the 404 naming it', async () => {
    const { call } = tokenServerUnderTest(capture);
    const answered = await call('/v2/accounts', preflight(APP_ORIGIN, 'authorization,cache-control'));
    assert.equal(answered.status, 204);
    assert.equal(answered.headers.get('Access-Control-Allow-Origin'), APP_ORIGIN);
    assert.equal(answered.headers.get('Access-Control-Allow-Headers'), 'authorization,cache-control');
    const missing = await call('/v2/accounts', { headers: { ...(await bearer('alice')), Origin: APP_ORIGIN } });
    assertError(missing, 404, 'NOT_FOUND');
    assert.match((missing.json as { error: { message: string } }).error.message, /\/v2\/accounts/);
    assertReadableBy(missing, APP_ORIGIN);
  });
});
