/** The app as a whole: health, unknown routes, request ids and log records, security headers. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Hono } from 'hono';
import { API_KEY, assertError, Capture, SESSION_SECRET } from '../helpers/token-server-fixtures.ts';
import { tokenServerUnderTest } from '../helpers/token-server-app.ts';
import type { TokenServerOptions } from '../../token-server/options.ts';

const capture = new Capture();
after(() => capture.assertNoSecret(API_KEY, SESSION_SECRET));
const server = (overrides: Partial<TokenServerOptions> = {}) => tokenServerUnderTest(capture, overrides);

describe('the rest', () => {
  it('GET /healthz answers ok', async () => {
    const { call } = server();
    const answer = await call('/healthz');
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.json, { status: 'ok' });
  });

  it('unknown routes and methods are 404 NOT_FOUND in our shape, also when mounted under a prefix', async () => {
    const { app, call } = server();
    assertError(await call('/nope'), 404, 'NOT_FOUND');
    assertError(await call('/healthz', { method: 'DELETE' }), 404, 'NOT_FOUND');
    const parent = new Hono();
    parent.route('/upload-post', app);
    const mounted = await capture.answer(await parent.request('/upload-post/nope'));
    assertError(mounted, 404, 'NOT_FOUND');
    const health = await capture.answer(await parent.request('/upload-post/healthz'));
    assert.equal(health.status, 200);
  });

  it('every answer carries X-Request-Id, and each request is one log record with it', async () => {
    const { call } = server();
    const before = capture.logs.length;
    const answer = await call('/healthz', { headers: { 'X-Request-Id': 'from-the-proxy-123' } });
    assert.equal(answer.headers.get('X-Request-Id'), 'from-the-proxy-123');
    const records = capture.logs.slice(before);
    assert.equal(records.length, 1);
    assert.deepEqual(
      { msg: records[0]!.msg, requestId: records[0]!.requestId, method: records[0]!.method, path: records[0]!.path, status: records[0]!.status },
      { msg: 'request', requestId: 'from-the-proxy-123', method: 'GET', path: '/healthz', status: 200 },
    );
    assert.equal(typeof records[0]!.durationMs, 'number');
  });

  it('sets the secure headers that matter on JSON answers, and only those', async () => {
    const { call } = server();
    for (const answer of [await call('/healthz'), await call('/accounts')]) {
      assert.equal(answer.headers.get('X-Content-Type-Options'), 'nosniff');
      assert.equal(answer.headers.get('Content-Security-Policy'), "default-src 'none'; frame-ancestors 'none'");
      assert.equal(answer.headers.get('X-Frame-Options'), 'DENY');
      assert.equal(answer.headers.get('Cross-Origin-Resource-Policy'), 'same-origin');
      assert.equal(answer.headers.get('Referrer-Policy'), 'no-referrer');
      assert.match(answer.headers.get('Strict-Transport-Security') ?? '', /max-age=\d+/);
      // Document-only or legacy-browser headers: nothing reads them on a JSON answer.
      for (const name of [
        'Cross-Origin-Opener-Policy',
        'Origin-Agent-Cluster',
        'X-XSS-Protection',
        'X-Download-Options',
        'X-DNS-Prefetch-Control',
        'X-Permitted-Cross-Domain-Policies',
      ]) {
        assert.equal(answer.headers.get(name), null, name);
      }
    }
  });

  it('gives the done page, a document, the full set of secure headers', async () => {
    const { call } = server();
    const answer = await call('/done');
    assert.equal(answer.headers.get('Origin-Agent-Cluster'), '?1');
    assert.equal(answer.headers.get('X-Content-Type-Options'), 'nosniff');
    assert.equal(answer.headers.get('X-Frame-Options'), 'SAMEORIGIN');
    assert.match(answer.headers.get('Content-Security-Policy') ?? '', /script-src 'nonce-/);
  });
});
