/** Who a request acts for: session tokens, getUser, demo identity, and attempts to name another user. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { sign } from 'hono/jwt';
import { createSessionToken } from '../../../token-server/identity/session-token.ts';
import { API_KEY, assertError, Capture, SESSION_SECRET } from '../../helpers/token-server-fixtures.ts';
import { bearer, postJson, tokenServerUnderTest } from '../../helpers/token-server-app.ts';
import type { TokenServerOptions } from '../../../token-server/options.ts';

const capture = new Capture();
after(() => capture.assertNoSecret(API_KEY, SESSION_SECRET));
const server = (overrides: Partial<TokenServerOptions> = {}) => tokenServerUnderTest(capture, overrides);

describe('identity', () => {
  it('401 without a token, with a malformed header, a forged, expired, alg:none or too-long token', async () => {
    const { upstream, call } = server();
    const now = Math.floor(Date.now() / 1000);
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const forged = await createSessionToken({ userId: 'alice', secret: 'another-secret-that-is-long-enough-000' });
    const expired = await sign({ sub: 'alice', iat: now - 100, exp: now - 10 }, SESSION_SECRET);
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'alice', exp: now + 60 })}.`;
    const tooLong = await sign({ sub: 'alice', iat: now, exp: now + 86_400 }, SESSION_SECRET);
    const headers: Record<string, string>[] = [
      {},
      { Authorization: 'Basic YWxpY2U6cHc=' },
      { Authorization: `Bearer ${forged}` },
      { Authorization: `Bearer ${expired}` },
      { Authorization: `Bearer ${none}` },
      { Authorization: `Bearer ${tooLong}` },
    ];
    for (const header of headers) {
      assertError(await call('/accounts', { headers: header }), 401, 'UNAUTHENTICATED');
      assertError(
        await call('/connect-url', { method: 'POST', headers: { ...header, 'Content-Type': 'application/json' }, body: '{}' }),
        401,
        'UNAUTHENTICATED',
      );
      assertError(await call('/facebook/pages', { headers: header }), 401, 'UNAUTHENTICATED');
    }
    assert.equal(upstream.calls.length, 0, 'an unauthenticated request reached the upstream');
  });

  it('a token for user A only ever reads and mints for A: ?username= and a body username are refused', async () => {
    const { upstream, call } = server();
    upstream.addProfile('alice');
    upstream.addProfile('bob');
    const aliceHeaders = await bearer('alice');
    assertError(await call('/accounts?username=bob', { headers: aliceHeaders }), 400, 'INVALID_REQUEST');
    assertError(await call('/facebook/pages?profile=bob', { headers: aliceHeaders }), 400, 'INVALID_REQUEST');
    assertError(await call('/connect-url?username=bob', await postJson('alice', {})), 400, 'INVALID_REQUEST');
    const smuggled = await call('/connect-url', await postJson('alice', { username: 'bob' }));
    assertError(smuggled, 400, 'INVALID_REQUEST');
    assert.match(smuggled.json.error.message, /`username`/);
    assert.equal(upstream.calls.length, 0);
    // The honest request acts for alice, and nothing ever named bob upstream.
    await call('/connect-url', await postJson('alice', {}));
    await call('/accounts', { headers: aliceHeaders });
    assert.ok(upstream.calls.length >= 2);
    assert.ok(upstream.calls.every((entry) => !JSON.stringify(entry.args).includes('bob')));
  });

  it('getUser: the hook decides; nothing means 401; profileName maps the id', async () => {
    const { upstream, call } = server({
      identity: { getUser: (c) => (c.req.header('X-Session') === 'valid' ? { id: '42', plan: 'pro' } : null) },
      profileName: (id) => `acme_${id}`,
    });
    assertError(await call('/accounts'), 401, 'UNAUTHENTICATED');
    assert.equal((await call('/accounts', { headers: { 'X-Session': 'valid' } })).status, 200);
    assert.deepEqual(
      upstream.calls.map((entry) => entry.args[0]),
      ['acme_42'],
    );
  });

  it('a profileName mapping that gives nothing usable is refused, never an upstream call', async () => {
    const { upstream, call } = server({ profileName: () => '' });
    assertError(await call('/accounts', { headers: await bearer('alice') }), 400, 'INVALID_REQUEST');
    assert.equal(upstream.calls.length, 0);
  });

  it('a validly signed user id that cannot name a profile is a 4xx on every route, never a 5xx or an upstream call', async () => {
    const { upstream, call } = server();
    const signed = (sub: string) => sign({ sub, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 60 }, SESSION_SECRET, 'HS256');
    for (const sub of ['alice ', ' alice', '.', '..', '\uD83D', 'a\u0007b', 'validate-jwt', 'generate-jwt', 'notifications', 'facebook', 'VALIDATE-JWT']) {
      const headers = { Authorization: `Bearer ${await signed(sub)}` };
      for (const [path, init] of [
        ['/accounts', { headers }],
        ['/facebook/pages', { headers }],
        ['/connect-url', { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: '{}' }],
      ] as const) {
        const answer = await call(path, init);
        assert.ok(answer.status >= 400 && answer.status < 500, `${JSON.stringify(sub)} on ${path}: ${answer.status} ${answer.text}`);
      }
    }
    assert.equal(upstream.calls.length, 0, 'no such name reached the upstream');
    const ordinary = await call('/accounts', { headers: { Authorization: `Bearer ${await signed('ünïcode 名前 👍')}` } });
    assert.equal(ordinary.status, 200, 'ordinary text is a fine profile name');
  });

  it('demo identity: the page names the user; a malformed name is refused', async () => {
    const { upstream, call } = server({ identity: { demo: true } });
    assert.equal((await call('/accounts', { headers: { 'X-Demo-User': 'carol' } })).status, 200);
    assert.equal((await call('/accounts?demo_user=dave')).status, 200);
    assert.equal((await call('/accounts', { headers: { Authorization: 'Bearer erin' } })).status, 200);
    assertError(await call('/accounts'), 401, 'UNAUTHENTICATED');
    assertError(await call('/accounts', { headers: { 'X-Demo-User': 'Robert"); DROP' } }), 400, 'INVALID_REQUEST');
    assertError(await call('/accounts', { headers: { Authorization: 'Bearer eyJhbGciOi.x.y' } }), 400, 'INVALID_REQUEST');
    assert.deepEqual(
      upstream.calls.map((entry) => entry.args[0]),
      ['carol', 'dave', 'erin'],
    );
  });
});
