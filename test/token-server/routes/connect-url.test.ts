/** `POST /connect-url`: minting, profile creation, link options, return URLs, body checks and the mint limit. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { connectUrlResponseSchema } from '../../../protocol/schemas.ts';
import { API_KEY, APP_ORIGIN, assertError, Capture, httpError, SESSION_SECRET } from '../../helpers/token-server-fixtures.ts';
import { brokenStore } from '../../helpers/stores.ts';
import { bearer, postJson, tokenServerUnderTest } from '../../helpers/token-server-app.ts';
import { UploadPostError } from '../../../upload-post/errors.ts';
import type { TokenServerOptions } from '../../../token-server/options.ts';

const capture = new Capture();
after(() => capture.assertNoSecret(API_KEY, SESSION_SECRET));
const server = (overrides: Partial<TokenServerOptions> = {}) => tokenServerUnderTest(capture, overrides);
// Injected clocks start at the real time: session tokens are also checked against the real clock.
const start = Date.now();

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
    // Popup mode: our done page, told which origin to answer and which connect session to end.
    assert.equal(options.redirect_url, `http://localhost/done?origin=${encodeURIComponent(APP_ORIGIN)}&session=${answer.json.session}`);
  });

  it('creates the profile on PROFILE_NOT_FOUND, then mints again', async () => {
    const { upstream, call } = server();
    const answer = await call('/connect-url', await postJson('newcomer', {}));
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(
      upstream.calls.map((entry) => entry.method),
      ['generateJwt', 'createProfile', 'generateJwt'],
    );
    assert.ok(upstream.profiles.has('newcomer'));
  });

  it('tolerates the 409 of a concurrent create', async () => {
    const { upstream, call } = server();
    // generate-jwt says "no profile", but by the time we create it someone else has.
    upstream.fail('generateJwt', httpError(404, 'PROFILE_NOT_FOUND'), 1);
    upstream.addProfile('alice');
    const answer = await call('/connect-url', await postJson('alice', {}));
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(
      upstream.calls.map((entry) => entry.method),
      ['generateJwt', 'createProfile', 'generateJwt'],
    );
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
    const answer = await call('/connect-url', await postJson('alice', {}));
    assert.equal(
      (upstream.calls[0]!.args[0] as { redirect_url: string }).redirect_url,
      `https://tokens.example.com/upload-post/done?origin=${encodeURIComponent(APP_ORIGIN)}&session=${answer.json.session}`,
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

  it("counts prefetches in a budget of their own: a spent prefetch budget never refuses a click, nor do prefetches spend a click's", async () => {
    let now = start;
    const { upstream, call } = server({ rateLimit: { maxMints: 2, windowSeconds: 60, maxPrefetches: 3 }, now: () => now });
    upstream.addProfile('alice');
    for (let i = 0; i < 3; i++) assert.equal((await call('/connect-url', await postJson('alice', { prefetch: true }))).status, 200);
    now += 5_000;
    const refused = await call('/connect-url', await postJson('alice', { prefetch: true }));
    assertError(refused, 429, 'RATE_LIMITED');
    assert.equal(refused.headers.get('Retry-After'), '55');
    assert.match(refused.json.error.message, /a click still gets its own link/);
    assert.equal(upstream.count('generateJwt'), 3, 'a refused prefetch costs no upstream call');
    // The clicks' budget is whole.
    for (let i = 0; i < 2; i++) assert.equal((await call('/connect-url', await postJson('alice', {}))).status, 200);
    assertError(await call('/connect-url', await postJson('alice', {})), 429, 'RATE_LIMITED');
    assert.equal(upstream.count('generateJwt'), 5, 'at most maxMints + maxPrefetches links per window');
  });

  it('defaults the prefetch budget to half of maxMints, rounded up; 0 turns prefetching off', async () => {
    const halved = server({ rateLimit: { maxMints: 3, windowSeconds: 60 } });
    halved.upstream.addProfile('alice');
    for (let i = 0; i < 2; i++) assert.equal((await halved.call('/connect-url', await postJson('alice', { prefetch: true }))).status, 200);
    assertError(await halved.call('/connect-url', await postJson('alice', { prefetch: true })), 429, 'RATE_LIMITED');
    const off = server({ rateLimit: { maxMints: 3, windowSeconds: 60, maxPrefetches: 0 } });
    off.upstream.addProfile('alice');
    assertError(await off.call('/connect-url', await postJson('alice', { prefetch: true })), 429, 'RATE_LIMITED');
    assert.equal(off.upstream.count('generateJwt'), 0);
    assert.equal((await off.call('/connect-url', await postJson('alice', {}))).status, 200);
  });

  it('says when the connect session will be forgotten (sessionExpiresAt, 30 minutes after the mint)', async () => {
    const { upstream, call } = server({ now: () => start });
    upstream.addProfile('alice');
    const answer = await call('/connect-url', await postJson('alice', { prefetch: true }));
    assert.equal(answer.status, 200, answer.text);
    assert.ok(connectUrlResponseSchema.safeParse(answer.json).success);
    assert.ok(answer.json.session);
    assert.equal(answer.json.sessionExpiresAt, new Date(start + 30 * 60_000).toISOString());
    // Redirect mode has no session, so no session expiry.
    const redirect = await call('/connect-url', await postJson('alice', { returnUrl: `${APP_ORIGIN}/settings` }));
    assert.equal(redirect.json.session, undefined);
    assert.equal(redirect.json.sessionExpiresAt, undefined);
  });

  it('counts only links delivered: failed mints give the budget back', async () => {
    const { upstream, call } = server({ rateLimit: { maxMints: 2, windowSeconds: 60 } });
    upstream.addProfile('alice');
    upstream.fail('generateJwt', httpError(503), 10);
    for (let attempt = 0; attempt < 10; attempt++) assertError(await call('/connect-url', await postJson('alice', {})), 502, 'UPSTREAM_UNAVAILABLE');
    assert.equal((await call('/connect-url', await postJson('alice', {}))).status, 200, 'the upstream recovered: the user is not locked out');
    assert.equal((await call('/connect-url', await postJson('alice', {}))).status, 200);
    assertError(await call('/connect-url', await postJson('alice', {})), 429, 'RATE_LIMITED');
  });

  it('refuses mints with 503 STORE_UNAVAILABLE and Retry-After while the shared store fails; allows them when told to', async () => {
    const refusing = server({ sharedStore: brokenStore });
    refusing.upstream.addProfile('alice');
    const refused = await refusing.call('/connect-url', await postJson('alice', {}));
    assertError(refused, 503, 'STORE_UNAVAILABLE');
    assert.match(refused.headers.get('Retry-After') ?? '', /^[1-5]$/);
    assert.equal(refusing.upstream.count('generateJwt'), 0, 'no link was minted');

    const allowing = server({ sharedStore: brokenStore, rateLimit: { maxMints: 1, windowSeconds: 60, whenStoreFails: 'allow' } });
    allowing.upstream.addProfile('alice');
    for (let mint = 0; mint < 3; mint++) assert.equal((await allowing.call('/connect-url', await postJson('alice', {}))).status, 200);
  });

  it('bounds a whole mint by requestTimeoutMs, however many upstream calls it takes', async () => {
    const { upstream, call } = server({ requestTimeoutMs: 150 });
    upstream.gate = new Promise(() => undefined);
    const started = performance.now();
    const answer = await call('/connect-url', await postJson('newcomer', {}));
    const took = performance.now() - started;
    assertError(answer, 504, 'UPSTREAM_TIMEOUT');
    assert.ok(took >= 140 && took < 2000, `took ${took} ms for a 150 ms deadline`);
  });

  it('logs that a link may exist upstream when a mint timed out or got a garbled answer', async () => {
    const { upstream, call } = server();
    upstream.addProfile('alice');
    upstream.fail('generateJwt', new UploadPostError({ kind: 'timeout', operation: 'POST /uploadposts/users/generate-jwt', message: 'slow' }), 1);
    const before = capture.logs.length;
    const answer = await call('/connect-url', await postJson('alice', {}));
    assertError(answer, 504, 'UPSTREAM_TIMEOUT');
    const warning = capture.logs.slice(before).find((record) => /may have minted/.test(record.msg));
    assert.ok(warning, 'no line says a link may have been minted');
    assert.equal(warning.requestId, answer.json.error.requestId);
    assert.equal(warning.userId, 'alice');

    upstream.fail('generateJwt', httpError(503), 1);
    const after503 = capture.logs.length;
    await call('/connect-url', await postJson('alice', {}));
    assert.ok(!capture.logs.slice(after503).some((record) => /may have minted/.test(record.msg)), 'a plain 503 minted nothing');
  });

  it('forwards the returnUrl it checked, serialised, never the text as typed', async () => {
    const { upstream, call } = server();
    upstream.addProfile('alice');
    for (const [typed, sent] of [
      [` ${APP_ORIGIN}/settings`, `${APP_ORIGIN}/settings`],
      [`${APP_ORIGIN}/a\\b?x=1`, `${APP_ORIGIN}/a/b?x=1`],
      [`${APP_ORIGIN}/to\tgo`, `${APP_ORIGIN}/togo`],
      [`${APP_ORIGIN.toUpperCase()}/Path`, `${APP_ORIGIN}/Path`],
    ]) {
      const answer = await call('/connect-url', await postJson('alice', { returnUrl: typed }));
      assert.equal(answer.status, 200, `${JSON.stringify(typed)}: ${answer.text}`);
      const minted = upstream.calls.filter((entry) => entry.method === 'generateJwt').at(-1)!.args[0] as { redirect_url: string };
      assert.equal(minted.redirect_url, sent, JSON.stringify(typed));
    }
  });
});
