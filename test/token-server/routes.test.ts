/**
 * The token server through `app.request()` with a fake upstream: every route, every error code,
 * and the attacks the issue lists. Every log record and answer of this file is captured and, at
 * the end, checked for the API key and the session secret.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { sign } from 'hono/jwt';
import { Hono } from 'hono';
import {
  accountsResponseSchema,
  connectUrlResponseSchema,
  errorBodySchema,
  facebookPagesResponseSchema,
} from '../../protocol/schemas.ts';
import { ERROR_CODES } from '../../protocol/token-server-api.ts';
import { createTokenServer } from '../../token-server/app.ts';
import type { TokenServerOptions } from '../../token-server/options.ts';
import { createSessionToken } from '../../token-server/identity/session-token.ts';
import { UploadPostError } from '../../upload-post/errors.ts';
import { widgetScriptIntegrity } from '../../token-server/routes/widget-script.ts';
import {
  API_KEY, APP_ORIGIN, assertError, Capture, FakeUpstream, httpError, SESSION_SECRET, type Answer,
} from '../helpers/token-server-fixtures.ts';

const capture = new Capture();
const codesSeen = new Set<string>();

after(() => {
  capture.assertNoSecret(API_KEY, SESSION_SECRET);
  // Every documented code was produced by some test of this file.
  assert.deepEqual([...codesSeen].sort(), Object.keys(ERROR_CODES).sort());
});

function server(overrides: Partial<TokenServerOptions> = {}) {
  const upstream = new FakeUpstream();
  const app = createTokenServer({
    upstream,
    identity: { sessionSecret: SESSION_SECRET },
    allowedOrigins: [APP_ORIGIN],
    log: capture.sink,
    // The fake never sees the key, but the server must still scrub it wherever it might appear.
    secrets: [API_KEY],
    ...overrides,
  } as TokenServerOptions);
  const call = async (path: string, init: RequestInit = {}): Promise<Answer> => {
    const answer = await capture.answer(await app.request(path, init));
    if (answer.status >= 400) {
      assert.ok(errorBodySchema.safeParse(answer.json).success, `not an ErrorBody: ${answer.text}`);
      codesSeen.add(answer.json.error.code);
    }
    return answer;
  };
  return { app, upstream, call };
}

const bearer = async (userId: string) => ({ Authorization: `Bearer ${await createSessionToken({ userId, secret: SESSION_SECRET })}` });

// Injected clocks start at the real time: session tokens are also checked against the real clock.
const start = Date.now();

const postJson = async (userId: string, body: unknown, extra: Record<string, string> = {}): Promise<RequestInit> => ({
  method: 'POST',
  headers: { ...(await bearer(userId)), 'Content-Type': 'application/json', Origin: APP_ORIGIN, ...extra },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('GET /accounts', () => {
  it('lists every configured platform in order, connected or not, then unknown ones', async () => {
    const { upstream, call } = server();
    upstream.addProfile('alice', {
      instagram: { connected: true, details: { display_name: 'Alice IG', username: '@alice', social_images: 'https://cdn.example/a.jpg' }, raw: {} },
      tiktok: { connected: false, raw: '' },
      mastodon: { connected: true, details: { display_name: 'Alice M' }, raw: {} },
      x: { connected: true, details: { display_name: 'Alice X', social_images: 'javascript:alert(1)' }, raw: {} },
    });
    const answer = await call('/accounts', { headers: await bearer('alice') });
    assert.equal(answer.status, 200);
    assert.ok(accountsResponseSchema.safeParse(answer.json).success);
    const ids = answer.json.accounts.map((account: { platform: string }) => account.platform);
    assert.deepEqual(ids, ['tiktok', 'instagram', 'linkedin', 'youtube', 'facebook', 'x', 'threads', 'google_business', 'bluesky', 'mastodon']);
    assert.deepEqual(answer.json.accounts[1], {
      platform: 'instagram', connected: true, displayName: 'Alice IG', handle: 'alice', avatarUrl: 'https://cdn.example/a.jpg',
    });
    assert.deepEqual(answer.json.accounts[0], { platform: 'tiktok', connected: false });
    // A javascript: avatar is dropped, the rest of the account kept.
    assert.deepEqual(answer.json.accounts[5], { platform: 'x', connected: true, displayName: 'Alice X' });
    assert.deepEqual(answer.json.accounts[9], { platform: 'mastodon', connected: true, displayName: 'Alice M' });
    assert.equal(answer.headers.get('Cache-Control'), 'private, no-store');
    assert.deepEqual(upstream.calls, [{ method: 'getProfile', args: ['alice'] }]);
  });

  it('answers all platforms unconnected for a user without a profile, and never creates one', async () => {
    const { upstream, call } = server({ platforms: ['tiktok', 'bluesky'] });
    const answer = await call('/accounts', { headers: await bearer('newcomer') });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.json, { accounts: [{ platform: 'tiktok', connected: false }, { platform: 'bluesky', connected: false }] });
    assert.equal(upstream.count('createProfile'), 0);
    assert.equal(upstream.profiles.size, 0);
  });

  it('filters with ?platforms= and refuses platforms the server does not offer', async () => {
    const { call } = server({ platforms: ['tiktok', 'instagram', 'x'] });
    const ok = await call('/accounts?platforms=x,tiktok', { headers: await bearer('alice') });
    assert.deepEqual(ok.json.accounts.map((account: { platform: string }) => account.platform), ['tiktok', 'x']);
    assertError(await call('/accounts?platforms=youtube', { headers: await bearer('alice') }), 400, 'INVALID_REQUEST');
  });

  it('coalesces N concurrent reads for one user into one upstream call', async () => {
    const { upstream, call } = server();
    upstream.addProfile('alice');
    let open!: () => void;
    upstream.gate = new Promise((resolve) => { open = resolve; });
    const headers = await bearer('alice');
    const pending = Array.from({ length: 20 }, () => call('/accounts', { headers }));
    // Let every request reach the coalescer before the upstream answers.
    await new Promise((resolve) => setTimeout(resolve, 50));
    open();
    const answers = await Promise.all(pending);
    assert.ok(answers.every((answer) => answer.status === 200));
    assert.equal(upstream.count('getProfile'), 1);
  });

  it('does not share reads between users', async () => {
    const { upstream, call } = server();
    upstream.addProfile('alice');
    upstream.addProfile('bob', { tiktok: { connected: true, details: { display_name: 'Bob' }, raw: {} } });
    const [a, b] = await Promise.all([
      call('/accounts', { headers: await bearer('alice') }),
      call('/accounts', { headers: await bearer('bob') }),
    ]);
    assert.equal(a.json.accounts[0].connected, false);
    assert.equal(b.json.accounts[0].displayName, 'Bob');
    assert.equal(upstream.count('getProfile'), 2);
  });

  it('reuses a settled read within the TTL, but not with Cache-Control: no-cache, nor after the TTL', async () => {
    let now = start;
    const { upstream, call } = server({ cacheTtlMs: 2000, now: () => now });
    upstream.addProfile('alice');
    const headers = await bearer('alice');
    await call('/accounts', { headers });
    await call('/accounts', { headers });
    assert.equal(upstream.count('getProfile'), 1);
    await call('/accounts', { headers: { ...headers, 'Cache-Control': 'no-cache' } });
    assert.equal(upstream.count('getProfile'), 2);
    await call('/accounts', { headers: { ...headers, Pragma: 'no-cache' } });
    assert.equal(upstream.count('getProfile'), 3);
    now += 2001;
    await call('/accounts', { headers });
    assert.equal(upstream.count('getProfile'), 4);
  });

  it('sees the new state after a mint (the mint drops the cached read)', async () => {
    const { upstream, call } = server({ cacheTtlMs: 60_000 });
    upstream.addProfile('alice');
    const headers = await bearer('alice');
    assert.equal((await call('/accounts', { headers })).json.accounts[0].connected, false);
    await call('/connect-url', await postJson('alice', {}));
    upstream.profiles.get('alice')!.social_accounts.tiktok = { connected: true, details: { display_name: 'A' }, raw: {} };
    assert.equal((await call('/accounts', { headers })).json.accounts[0].connected, true);
  });

  it('does not keep a failed read: the next read asks again', async () => {
    const { upstream, call } = server();
    upstream.addProfile('alice');
    upstream.fail('getProfile', new UploadPostError({ kind: 'network', operation: 'GET', message: 'down' }), 1);
    const headers = await bearer('alice');
    assertError(await call('/accounts', { headers }), 502, 'UPSTREAM_UNAVAILABLE');
    assert.equal((await call('/accounts', { headers })).status, 200);
    assert.equal(upstream.count('getProfile'), 2);
  });
});

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
      assertError(await call('/connect-url', { method: 'POST', headers: { ...header, 'Content-Type': 'application/json' }, body: '{}' }), 401, 'UNAUTHENTICATED');
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
    assert.deepEqual(upstream.calls.map((entry) => entry.args[0]), ['acme_42']);
  });

  it('a profileName mapping that gives nothing usable is an internal error, never an upstream call', async () => {
    const { upstream, call } = server({ profileName: () => '' });
    assertError(await call('/accounts', { headers: await bearer('alice') }), 500, 'INTERNAL_ERROR');
    assert.equal(upstream.calls.length, 0);
  });

  it('demo identity: the page names the user; a malformed name is refused', async () => {
    const { upstream, call } = server({ identity: { demo: true } });
    assert.equal((await call('/accounts', { headers: { 'X-Demo-User': 'carol' } })).status, 200);
    assert.equal((await call('/accounts?demo_user=dave')).status, 200);
    assert.equal((await call('/accounts', { headers: { Authorization: 'Bearer erin' } })).status, 200);
    assertError(await call('/accounts'), 401, 'UNAUTHENTICATED');
    assertError(await call('/accounts', { headers: { 'X-Demo-User': 'Robert"); DROP' } }), 400, 'INVALID_REQUEST');
    assertError(await call('/accounts', { headers: { Authorization: 'Bearer eyJhbGciOi.x.y' } }), 400, 'INVALID_REQUEST');
    assert.deepEqual(upstream.calls.map((entry) => entry.args[0]), ['carol', 'dave', 'erin']);
  });
});

describe('POST /connect-url', () => {
  it('mints with exactly one upstream call for an existing profile', async () => {
    const { upstream, call } = server({ now: () => start });
    upstream.addProfile('alice');
    const answer = await call('/connect-url', await postJson('alice', { platforms: ['tiktok', 'x'], language: 'es' }));
    assert.equal(answer.status, 200, answer.text);
    assert.ok(connectUrlResponseSchema.safeParse(answer.json).success);
    assert.equal(answer.json.url, upstream.accessUrl);
    assert.equal(answer.json.expiresAt, new Date(start + 48 * 3600_000).toISOString());
    assert.equal(upstream.calls.length, 1);
    const options = upstream.calls[0]!.args[0] as Record<string, unknown>;
    assert.equal(options.username, 'alice');
    assert.deepEqual(options.platforms, ['tiktok', 'x']);
    assert.equal(options.language, 'es');
    // Popup mode: our done page, told which origin to answer.
    assert.equal(options.redirect_url, `http://localhost/done?origin=${encodeURIComponent(APP_ORIGIN)}`);
  });

  it('creates the profile on PROFILE_NOT_FOUND, then mints again', async () => {
    const { upstream, call } = server();
    const answer = await call('/connect-url', await postJson('newcomer', {}));
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(upstream.calls.map((entry) => entry.method), ['generateJwt', 'createProfile', 'generateJwt']);
    assert.ok(upstream.profiles.has('newcomer'));
  });

  it('tolerates the 409 of a concurrent create', async () => {
    const { upstream, call } = server();
    // generate-jwt says "no profile", but by the time we create it someone else has.
    upstream.fail('generateJwt', httpError(404, 'PROFILE_NOT_FOUND'), 1);
    upstream.addProfile('alice');
    const answer = await call('/connect-url', await postJson('alice', {}));
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(upstream.calls.map((entry) => entry.method), ['generateJwt', 'createProfile', 'generateJwt']);
  });

  it('passes PROFILE_LIMIT_REACHED and PROFILE_BLOCKED through as their own codes', async () => {
    const limited = server();
    limited.upstream.fail('createProfile', httpError(403, 'PROFILE_LIMIT_REACHED'));
    assertError(await limited.call('/connect-url', await postJson('newcomer', {})), 403, 'PROFILE_LIMIT_REACHED');
    const blocked = server();
    blocked.upstream.addProfile('alice');
    blocked.upstream.fail('generateJwt', httpError(403, 'PROFILE_BLOCKED'));
    assertError(await blocked.call('/connect-url', await postJson('alice', {})), 403, 'PROFILE_BLOCKED');
  });

  it('view: calendar applies the documented deep link, token intact', async () => {
    const { upstream, call } = server();
    upstream.addProfile('alice');
    const answer = await call('/connect-url', await postJson('alice', { view: 'calendar' }));
    assert.equal(answer.json.url, 'https://app.upload-post.com/connect/calendar?token=fake.jwt.token');
  });

  it('expiresAt follows the upstream duration, else 48 h', async () => {
    const { upstream, call } = server({ now: () => start });
    upstream.addProfile('alice');
    upstream.duration = '30m';
    assert.equal((await call('/connect-url', await postJson('alice', {}))).json.expiresAt, new Date(start + 30 * 60_000).toISOString());
    upstream.duration = undefined;
    assert.equal((await call('/connect-url', await postJson('alice', {}))).json.expiresAt, new Date(start + 48 * 3600_000).toISOString());
  });

  it('a returnUrl on an allowed origin becomes the redirect; on another origin it is refused', async () => {
    const { upstream, call } = server();
    upstream.addProfile('alice');
    const ok = await call('/connect-url', await postJson('alice', { returnUrl: `${APP_ORIGIN}/settings?tab=social` }));
    assert.equal(ok.status, 200);
    assert.equal((upstream.calls[0]!.args[0] as { redirect_url: string }).redirect_url, `${APP_ORIGIN}/settings?tab=social`);
    for (const returnUrl of ['https://evil.example/steal', 'https://app.example.com.evil.example/', 'javascript:alert(1)', '//evil.example/']) {
      assertError(await call('/connect-url', await postJson('alice', { returnUrl })), 400, 'INVALID_REQUEST');
    }
    assert.equal(upstream.calls.length, 1);
  });

  it('uses publicUrl for the done page when set', async () => {
    const { upstream, call } = server({ publicUrl: 'https://tokens.example.com/upload-post/' });
    upstream.addProfile('alice');
    await call('/connect-url', await postJson('alice', {}));
    assert.equal(
      (upstream.calls[0]!.args[0] as { redirect_url: string }).redirect_url,
      `https://tokens.example.com/upload-post/done?origin=${encodeURIComponent(APP_ORIGIN)}`,
    );
  });

  it('applies linkDefaults, then the connectLink hook, but never lets either choose the username', async () => {
    const seen: unknown[] = [];
    const { upstream, call } = server({
      linkDefaults: { connect_title: 'Connect to Acme', logo_image: 'https://acme.example/logo.png', show_calendar: false },
      connectLink: (_c, user, request) => {
        seen.push({ user, request });
        return { connect_title: 'Per-user title', username: 'mallory', ui_labels: { 'connect.title': 'Hi' } };
      },
    });
    upstream.addProfile('alice');
    assert.equal((await call('/connect-url', await postJson('alice', { view: 'connect' }))).status, 200);
    const options = upstream.calls[0]!.args[0] as Record<string, unknown>;
    assert.equal(options.username, 'alice');
    assert.equal(options.connect_title, 'Per-user title');
    assert.equal(options.logo_image, 'https://acme.example/logo.png');
    assert.equal(options.show_calendar, false);
    assert.deepEqual(options.ui_labels, { 'connect.title': 'Hi' });
    assert.deepEqual(seen, [{ user: { id: 'alice' }, request: { view: 'connect' } }]);
  });

  it('refuses malformed bodies: bad JSON, wrong types, unknown platforms, not offered platforms, form bodies', async () => {
    const { upstream, call } = server({ platforms: ['tiktok', 'instagram'] });
    upstream.addProfile('alice');
    const bodies: unknown[] = [
      '{"platforms": [',
      '[]',
      '"tiktok"',
      { platforms: 'tiktok' },
      { platforms: [] },
      { platforms: ['myspace'] },
      { platforms: ['youtube'] },
      { view: 'admin' },
      { language: 'xx' },
      { returnUrl: 42 },
    ];
    for (const body of bodies) {
      assertError(await call('/connect-url', await postJson('alice', body)), 400, 'INVALID_REQUEST');
    }
    const formLike = await postJson('alice', 'platforms=tiktok', { 'Content-Type': 'application/x-www-form-urlencoded' });
    assertError(await call('/connect-url', formLike), 400, 'INVALID_REQUEST');
    assert.equal(upstream.calls.length, 0);
  });

  it('accepts an empty body as "no preferences"', async () => {
    const { upstream, call } = server();
    upstream.addProfile('alice');
    const answer = await call('/connect-url', { method: 'POST', headers: { ...(await bearer('alice')), Origin: APP_ORIGIN } });
    assert.equal(answer.status, 200, answer.text);
  });

  it('refuses an oversized body with 413 and Connection: close, before any upstream call', async () => {
    const { upstream, call } = server({ bodyLimitBytes: 1024 });
    upstream.addProfile('alice');
    const answer = await call('/connect-url', await postJson('alice', { returnUrl: `${APP_ORIGIN}/${'a'.repeat(5000)}` }));
    assertError(answer, 413, 'PAYLOAD_TOO_LARGE');
    assert.equal(answer.headers.get('Connection'), 'close');
    assert.equal(upstream.calls.length, 0);
  });

  it('limits mints per user: 429 with Retry-After, other users unaffected, allowed again later', async () => {
    let now = start;
    const { upstream, call } = server({ rateLimit: { maxMints: 3, windowSeconds: 60 }, now: () => now });
    upstream.addProfile('alice');
    upstream.addProfile('bob');
    for (let i = 0; i < 3; i++) assert.equal((await call('/connect-url', await postJson('alice', {}))).status, 200);
    now += 10_000;
    const refused = await call('/connect-url', await postJson('alice', {}));
    assertError(refused, 429, 'RATE_LIMITED');
    assert.equal(refused.headers.get('Retry-After'), '50');
    assert.equal(upstream.count('generateJwt'), 3);
    assert.equal((await call('/connect-url', await postJson('bob', {}))).status, 200);
    now += 50_001;
    assert.equal((await call('/connect-url', await postJson('alice', {}))).status, 200);
  });
});

describe('origins, CORS and CSRF', () => {
  it('answers a preflight from an allowed origin, and not from another', async () => {
    const { call } = server();
    const preflight = (origin: string) => call('/connect-url', {
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

describe('upstream failures', () => {
  const cases: [string, unknown, number, string][] = [
    ['key refused (401)', httpError(401, undefined, `Invalid API key ${API_KEY}`), 500, 'SERVER_MISCONFIGURED'],
    ['key refused (403 without a profile code)', httpError(403), 500, 'SERVER_MISCONFIGURED'],
    ['5xx', httpError(503), 502, 'UPSTREAM_UNAVAILABLE'],
    ['network', new UploadPostError({ kind: 'network', operation: 'GET', message: 'ECONNREFUSED' }), 502, 'UPSTREAM_UNAVAILABLE'],
    ['timeout', new UploadPostError({ kind: 'timeout', operation: 'GET', message: 'slow' }), 504, 'UPSTREAM_TIMEOUT'],
    ['garbage', new UploadPostError({ kind: 'shape', operation: 'GET', message: 'profile.username: expected string' }), 502, 'UPSTREAM_BAD_RESPONSE'],
    ['unexpected 400', httpError(400), 502, 'UPSTREAM_BAD_RESPONSE'],
  ];
  for (const [name, error, status, code] of cases) {
    it(`${name} → ${status} ${code} on every route, logged once with the request id`, async () => {
      const { upstream, call } = server();
      upstream.addProfile('alice');
      for (const method of ['getProfile', 'generateJwt', 'facebookPages'] as const) upstream.fail(method, error);
      for (const [path, init] of [
        ['/accounts', { headers: await bearer('alice') }],
        ['/connect-url', await postJson('alice', {})],
        ['/facebook/pages', { headers: await bearer('alice') }],
      ] as const) {
        const before = capture.logs.length;
        const answer = await call(path, init);
        assertError(answer, status, code);
        const records = capture.logs.slice(before);
        assert.equal(records.length, 1, 'one log record per request');
        assert.equal(records[0]!.requestId, answer.json.error.requestId);
        assert.equal((records[0]!.error as { code: string }).code, code);
        assert.doesNotMatch(answer.text, /Invalid API key|ECONNREFUSED|expected string/, 'the upstream’s words reached the caller');
      }
    });
  }

  it('a connect link that is not http(s) is refused as a bad response', async () => {
    const { upstream, call } = server();
    upstream.addProfile('alice');
    upstream.accessUrl = 'javascript:alert(document.cookie)';
    assertError(await call('/connect-url', await postJson('alice', {})), 502, 'UPSTREAM_BAD_RESPONSE');
  });

  it('an unexpected exception is a 500 INTERNAL_ERROR without details, logged once with its stack', async () => {
    const { upstream, call } = server();
    upstream.addProfile('alice');
    upstream.fail('getProfile', new TypeError(`boom: cannot read ${API_KEY}`));
    const before = capture.logs.length;
    const answer = await call('/accounts', { headers: await bearer('alice') });
    assertError(answer, 500, 'INTERNAL_ERROR');
    assert.doesNotMatch(answer.text, /boom/);
    const records = capture.logs.slice(before);
    assert.equal(records.length, 1);
    const logged = records[0]!.error as { name: string; message: string; stack: string };
    assert.equal(logged.name, 'TypeError');
    assert.match(logged.message, /boom: cannot read \[redacted\]/);
    assert.match(logged.stack, /TypeError/);
  });
});

describe('GET /facebook/pages', () => {
  it('answers the user’s pages normalised, dropping pages labelled with another profile', async () => {
    const { upstream, call } = server();
    upstream.addProfile('alice');
    upstream.pages = [
      { page_id: '1', page_name: 'Alice Bakery', profile: 'alice' },
      { page_id: '2', profile: 'alice' },
      { page_id: '3', page_name: 'Bob Garage', profile: 'bob' },
      { page_id: '4', page_name: 'No label' },
    ];
    const answer = await call('/facebook/pages', { headers: await bearer('alice') });
    assert.equal(answer.status, 200);
    assert.ok(facebookPagesResponseSchema.safeParse(answer.json).success);
    assert.deepEqual(answer.json, { pages: [{ id: '1', name: 'Alice Bakery' }, { id: '2' }, { id: '4', name: 'No label' }] });
    assert.deepEqual(upstream.calls, [{ method: 'facebookPages', args: ['alice'] }]);
  });

  it('answers no pages for a user without a profile', async () => {
    const { call } = server();
    assert.deepEqual((await call('/facebook/pages', { headers: await bearer('nobody') })).json, { pages: [] });
  });
});

describe('GET /done', () => {
  it('posts the done message to an allowed opener origin under a nonce CSP, then closes', async () => {
    const { call } = server();
    const answer = await call(`/done?origin=${encodeURIComponent(APP_ORIGIN)}`);
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('Content-Type') ?? '', /text\/html/);
    const csp = answer.headers.get('Content-Security-Policy') ?? '';
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce, csp);
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.ok(answer.text.includes(`<script nonce="${nonce}">`));
    assert.ok(answer.text.includes(`postMessage({"type":"upload-post:done"},"${APP_ORIGIN}")`));
    assert.match(answer.text, /window\.close\(\)/);
    assert.doesNotMatch(answer.text, /\son[a-z]+=/i, 'no inline handlers');
    // A same-origin COOP would cut this page off from its cross-origin opener.
    assert.equal(answer.headers.get('Cross-Origin-Opener-Policy'), 'unsafe-none');
  });

  it('tells no one when the origin is not allowed (or missing), but still offers to close', async () => {
    const { call } = server();
    for (const path of ['/done?origin=https%3A%2F%2Fevil.example', '/done', '/done?origin=%22%3C%2Fscript%3E']) {
      const answer = await call(path);
      assert.equal(answer.status, 200);
      assert.doesNotMatch(answer.text, /postMessage/);
      assert.doesNotMatch(answer.text, /evil|<\/script>"/);
      assert.match(answer.text, /You can close this window/);
    }
  });
});

describe('GET /widget.js', () => {
  const source = 'customElements.define("upload-post-connect", class extends HTMLElement {});\n';

  it('serves the bundle as JavaScript with its SRI hash, an ETag, caching, and cross-origin readability', async () => {
    const { call } = server({ widgetScript: source });
    const answer = await call('/widget.js');
    assert.equal(answer.status, 200);
    assert.equal(answer.text, source);
    assert.match(answer.headers.get('Content-Type') ?? '', /^text\/javascript/);
    const integrity = await widgetScriptIntegrity(source);
    const expected = `sha384-${(await import('node:crypto')).createHash('sha384').update(source).digest('base64')}`;
    assert.equal(integrity, expected);
    assert.equal(answer.headers.get('X-Upload-Post-Integrity'), integrity);
    assert.match(answer.headers.get('Cache-Control') ?? '', /max-age=300/);
    assert.equal(answer.headers.get('Cross-Origin-Resource-Policy'), 'cross-origin');
    const etagValue = answer.headers.get('ETag');
    assert.ok(etagValue);
    const revalidated = await call('/widget.js', { headers: { 'If-None-Match': etagValue } });
    assert.equal(revalidated.status, 304);
    assert.equal(revalidated.text, '');
  });

  it('caches a versioned URL for a year, immutable', async () => {
    const { call } = server({ widgetScript: async () => source });
    const version = JSON.parse((await call('/widget.js')).headers.get('ETag')!);
    const answer = await call(`/widget.js?v=${version}`);
    assert.equal(answer.headers.get('Cache-Control'), 'public, max-age=31536000, immutable');
  });

  it('answers 404 saying to run npm run build when the bundle does not exist, and serves it once it does', async () => {
    let built: string | null = null;
    const { call } = server({ widgetScript: () => built });
    const missing = await call('/widget.js');
    assertError(missing, 404, 'NOT_FOUND');
    assert.match(missing.json.error.message, /npm run build/);
    built = source;
    assert.equal((await call('/widget.js')).text, source);
  });

  it('serves the language modules the loader has, readable cross-origin, and 404s the others', async () => {
    const spanish = 'export default { title: "Cuentas conectadas" };\n';
    const asked: (string | undefined)[] = [];
    const { call } = server({
      widgetScript: (language?: string) => {
        asked.push(language);
        return language === 'es' ? spanish : language ? null : source;
      },
    });
    const es = await call('/widget.es.js');
    assert.equal(es.status, 200);
    assert.equal(es.text, spanish);
    assert.match(es.headers.get('Content-Type') ?? '', /^text\/javascript/);
    // import() of a module is a CORS request, and <script integrity crossorigin> is too.
    assert.equal(es.headers.get('Access-Control-Allow-Origin'), '*');
    assert.equal((await call('/widget.js')).headers.get('Access-Control-Allow-Origin'), '*');
    assertError(await call('/widget.de.js'), 404, 'NOT_FOUND');
    // Only the element's languages: nothing else is asked of the loader.
    assertError(await call('/widget.xx.js'), 404, 'NOT_FOUND');
    assertError(await call('/widget.en.js'), 404, 'NOT_FOUND');
    assert.deepEqual(asked, ['es', undefined, 'de']);
  });

  it('has no language modules when the bundle is given as a string', async () => {
    const { call } = server({ widgetScript: source });
    assertError(await call('/widget.fr.js'), 404, 'NOT_FOUND');
  });
});

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
      for (const name of ['Cross-Origin-Opener-Policy', 'Origin-Agent-Cluster', 'X-XSS-Protection', 'X-Download-Options', 'X-DNS-Prefetch-Control', 'X-Permitted-Cross-Domain-Policies']) {
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
