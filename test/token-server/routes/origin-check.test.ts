/** `GET /origin-check`: whether the asking page's origin may use the server, readable by any page. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { originCheckResponseSchema } from '../../../protocol/schemas.ts';
import { API_KEY, APP_ORIGIN, assertError, Capture, SESSION_SECRET } from '../../helpers/token-server-fixtures.ts';
import { tokenServerUnderTest } from '../../helpers/token-server-app.ts';

const capture = new Capture();
after(() => capture.assertNoSecret(API_KEY, SESSION_SECRET));

describe('GET /origin-check', () => {
  it('tells an allowed origin so, to any page, without credentials or caching', async () => {
    const { call, upstream } = tokenServerUnderTest(capture);
    const answer = await call('/origin-check', { headers: { Origin: APP_ORIGIN } });
    assert.equal(answer.status, 200);
    assert.deepEqual(originCheckResponseSchema.parse(answer.json), { origin: APP_ORIGIN, allowed: true, credentials: false });
    assert.equal(answer.headers.get('Access-Control-Allow-Origin'), '*');
    assert.equal(answer.headers.get('Access-Control-Allow-Credentials'), null);
    assert.equal(answer.headers.get('Cache-Control'), 'no-store');
    assert.match(answer.headers.get('Vary') ?? '', /Origin/);
    assert.equal(upstream.calls.length, 0, 'no identity, no upstream');
  });

  it('tells another origin it is not allowed, and a request without Origin that there is none', async () => {
    const { call } = tokenServerUnderTest(capture);
    const foreign = await call('/origin-check', { headers: { Origin: 'https://shop.example' } });
    assert.deepEqual(foreign.json, { origin: 'https://shop.example', allowed: false, credentials: false });
    assert.equal(foreign.headers.get('Access-Control-Allow-Origin'), '*');
    const none = await call('/origin-check');
    assert.deepEqual(none.json, { origin: null, allowed: false, credentials: false });
  });

  it('counts the server’s own origin as allowed, and says when cookies are accepted (getUser)', async () => {
    const { call } = tokenServerUnderTest(capture, { identity: { getUser: () => 'alice' } });
    const own = await call('/origin-check', { headers: { Origin: 'http://localhost' } });
    assert.deepEqual(own.json, { origin: 'http://localhost', allowed: true, credentials: true });
  });

  it('refuses a query', async () => {
    const { call } = tokenServerUnderTest(capture);
    assertError(await call('/origin-check?origin=https://app.example.com'), 400, 'INVALID_REQUEST');
  });
});
