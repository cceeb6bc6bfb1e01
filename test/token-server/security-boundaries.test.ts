/**
 * The security review, as tests (node side; the browser side is in test/e2e/security-*.test.ts):
 *
 *  - the API key never leaves the server: absent from every built file in `dist/`, from every
 *    answer and every log line of this file — also when the upstream refuses the key;
 *  - CORS and CSRF: foreign origins get no CORS grant and a 403, form-like posts without an
 *    allowed Origin are refused, only allowed origins are echoed, never `*`;
 *  - one user can never read, mint for, or be redirected into another's profile: the access URL
 *    minted for A validates (emulator validate-jwt) to A's profile whatever B-ish input the request
 *    carries (`username` in body or query, X-Demo-User, a policy hook returning another username);
 *  - the `/done` page posts only to an allowed origin, named exactly, under a nonce CSP, and
 *    reflects nothing.
 *
 * The token server runs with a real `apiKey` against the emulator (in-process transport), so the
 * key is the one the customer would configure.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createTokenServer } from '../../token-server/app.ts';
import { createEmulator } from '../../emulator/app.ts';
import { allowOnNetwork } from '../helpers/emulator.ts';
import type { TokenServerOptions } from '../../token-server/options.ts';
import { createSessionToken } from '../../token-server/identity/session-token.ts';
import type { Transport } from '../../upload-post/types.ts';
import { API_KEY, APP_ORIGIN, assertError, Capture, SESSION_SECRET } from '../helpers/token-server-fixtures.ts';

const EMULATOR_JWT_SECRET = 'security-emulator-jwt-secret-2c4e6a8b';
const EMULATOR = 'http://emulator.test';
const capture = new Capture();

function setup(overrides: Partial<TokenServerOptions> = {}) {
  const emulator = createEmulator({ apiKey: API_KEY, jwtSecret: EMULATOR_JWT_SECRET, connectPageUrl: EMULATOR });
  const transport: Transport = async (url, init) => emulator.app.request(url, init);
  const app = createTokenServer({
    apiKey: API_KEY,
    client: { baseUrl: `${EMULATOR}/api`, transport, retries: 0 },
    identity: { sessionSecret: SESSION_SECRET },
    allowedOrigins: [APP_ORIGIN],
    publicUrl: 'https://tokens.example.com/upload-post',
    log: capture.sink,
    ...overrides,
  });
  const call = async (path: string, init: RequestInit = {}) => capture.answer(await app.request(path, init));
  const bearer = async (userId: string) => `Bearer ${await createSessionToken({ userId, secret: SESSION_SECRET })}`;
  const mint = async (userId: string, body: unknown = {}, extra: Record<string, string> = {}, query = '') =>
    call(`/connect-url${query}`, {
      method: 'POST',
      headers: { Authorization: await bearer(userId), Origin: APP_ORIGIN, 'Content-Type': 'application/json', ...extra },
      body: JSON.stringify(body),
    });
  /** The emulator's own verdict on a minted access URL: whose profile it opens. */
  const validate = async (accessUrl: string) => {
    const token = new URL(accessUrl).searchParams.get('token')!;
    const response = await emulator.app.request(`${EMULATOR}/api/uploadposts/users/validate-jwt`, { headers: { Authorization: `Bearer ${token}` } });
    return (await response.json()) as { success?: boolean; isValid?: boolean; profile?: { username: string } };
  };
  return { app, emulator, call, bearer, mint, validate };
}

after(() => {
  capture.assertNoSecret(API_KEY, SESSION_SECRET, EMULATOR_JWT_SECRET);
});

describe('the API key stays on the server', () => {
  const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
  const files = (() => {
    try {
      const found: string[] = [];
      const walk = (dir: string) => {
        for (const name of readdirSync(dir)) {
          const path = join(dir, name);
          if (statSync(path).isDirectory()) walk(path);
          else found.push(path);
        }
      };
      walk(dist);
      return found;
    } catch {
      return [];
    }
  })();

  it('is absent from every built file in dist/, and no server code was bundled for the browser', () => {
    // Never skipped: a missing build would make this pass by checking nothing.
    assert.ok(files.length > 0, 'dist/ is not built: run npm run build');
    // dist/server (the token server's own JavaScript) and dist/worker (its edge bundle) run on the
    // server, where the key lives; everything else in dist/ is what browsers load.
    const serverSide = [join(dist, 'server'), join(dist, 'worker')];
    const browserCode = files
      .filter((file) => !serverSide.some((folder) => file.startsWith(folder + '/')))
      .filter((file) => /\.(m?js|map|d\.ts|html|json)$/.test(file));
    assert.ok(
      files.some((file) => file.startsWith(join(dist, 'server') + '/')),
      'dist/server is missing: the split above is not exercised',
    );
    assert.ok(
      browserCode.some((file) => file.endsWith('upload-post-connect.min.js')),
      'the script-tag bundle is missing from dist/',
    );
    for (const file of browserCode) {
      const text = readFileSync(file, 'utf8');
      // Keys of this repository's tests and emulator, the variable that holds a real one, and the
      // markers of the upstream client: none may be in anything a browser could load.
      for (const needle of [
        API_KEY,
        SESSION_SECRET,
        'emulator-api-key',
        'UPLOAD_POST_API_KEY',
        'UPLOAD_POST_SESSION_SECRET',
        'Apikey ',
        'api.upload-post.com/api',
        'createTokenServer',
        'UploadPostClient',
        'sessionSecret',
      ]) {
        assert.ok(!text.includes(needle), `${file.slice(dist.length)} contains ${JSON.stringify(needle)}`);
      }
    }
  });

  it('is absent from answers and logs when Upload-Post refuses it (SERVER_MISCONFIGURED, vague on purpose)', async () => {
    const wrongKey = 'wrong-key-that-must-not-leak-9f8e7d6c';
    const emulator = createEmulator({ apiKey: API_KEY });
    const local = new Capture();
    const app = createTokenServer({
      apiKey: wrongKey,
      client: { baseUrl: `${EMULATOR}/api`, transport: async (url, init) => emulator.app.request(url, init), retries: 0 },
      identity: { sessionSecret: SESSION_SECRET },
      allowedOrigins: [APP_ORIGIN],
      log: local.sink,
    });
    const token = `Bearer ${await createSessionToken({ userId: 'alice', secret: SESSION_SECRET })}`;
    const read = await local.answer(await app.request('/accounts', { headers: { Authorization: token } }));
    assertError(read, 500, 'SERVER_MISCONFIGURED');
    const minted = await local.answer(await app.request('/connect-url', { method: 'POST', headers: { Authorization: token, Origin: APP_ORIGIN } }));
    assertError(minted, 500, 'SERVER_MISCONFIGURED');
    assert.doesNotMatch(read.text + minted.text, /Apikey|Invalid or missing API Key/i, 'the upstream’s words reached the browser');
    // The operator's log says what happened, without the key.
    assert.ok(local.requests('/accounts')[0]?.error, 'the failure is not logged');
    local.assertNoSecret(wrongKey, API_KEY, SESSION_SECRET);
  });
});

describe('CORS and CSRF', () => {
  it('grants CORS to allowed origins only, never `*`, never with credentials for bearer tokens', async () => {
    const { call } = setup();
    const preflight = (origin: string) =>
      call('/connect-url', {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
      });
    const allowed = await preflight(APP_ORIGIN);
    assert.ok(allowed.status === 204 || allowed.status === 200);
    assert.equal(allowed.headers.get('Access-Control-Allow-Origin'), APP_ORIGIN);
    assert.match(allowed.headers.get('Vary') ?? '', /Origin/i);
    assert.equal(allowed.headers.get('Access-Control-Allow-Credentials'), null);
    for (const origin of ['https://evil.example', 'null', 'https://app.example.com.evil.example', 'http://app.example.com']) {
      const refused = await preflight(origin);
      const grant = refused.headers.get('Access-Control-Allow-Origin');
      assert.ok(grant === null || grant === '', `${origin} was granted ${grant}`);
    }
  });

  it('refuses any request naming a foreign origin, whatever its method or content type, before reaching the upstream', async () => {
    const { call, bearer, emulator } = setup();
    const authorization = await bearer('alice');
    for (const [path, method, type] of [
      ['/accounts', 'GET', undefined],
      ['/connect-url', 'POST', 'application/json'],
      ['/connect-url', 'POST', 'text/plain'],
      ['/facebook/pages', 'GET', undefined],
    ] as const) {
      const answer = await call(path, {
        method,
        headers: { Authorization: authorization, Origin: 'https://evil.example', ...(type ? { 'Content-Type': type } : {}) },
        ...(method === 'POST' ? { body: '{}' } : {}),
      });
      assertError(answer, 403, 'ORIGIN_NOT_ALLOWED');
      assert.equal(answer.headers.get('Access-Control-Allow-Origin'), null);
    }
    assert.equal(emulator.store.listProfiles().length, 0, 'a refused request created a profile');
  });

  it('refuses the classic cross-site form post (no Origin, or Sec-Fetch-Site: cross-site)', async () => {
    const { call, bearer, emulator } = setup();
    const authorization = await bearer('alice');
    for (const headers of [
      { 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Site': 'cross-site' } as Record<string, string>,
      { 'Content-Type': 'text/plain', 'Sec-Fetch-Site': 'cross-site' },
      { 'Content-Type': 'multipart/form-data; boundary=x', Origin: 'https://evil.example' },
    ]) {
      const answer = await call('/connect-url', { method: 'POST', headers: { Authorization: authorization, ...headers }, body: 'platforms=tiktok' });
      assertError(answer, 403, 'ORIGIN_NOT_ALLOWED');
    }
    assert.equal(emulator.store.listProfiles().length, 0);
  });

  it('with cookie identity (getUser), a foreign origin still cannot mint with the victim’s cookie', async () => {
    const { call, emulator } = setup({ identity: { getUser: (c) => (c.req.header('Cookie')?.includes('session=alice') ? 'alice' : undefined) } });
    const answer = await call('/connect-url', {
      method: 'POST',
      headers: { Cookie: 'session=alice', Origin: 'https://evil.example', 'Content-Type': 'application/json' },
      body: '{}',
    });
    assertError(answer, 403, 'ORIGIN_NOT_ALLOWED');
    const form = await call('/connect-url', {
      method: 'POST',
      headers: { Cookie: 'session=alice', 'Content-Type': 'application/x-www-form-urlencoded', 'Sec-Fetch-Site': 'cross-site' },
      body: 'a=b',
    });
    assertError(form, 403, 'ORIGIN_NOT_ALLOWED');
    const preflight = await call('/connect-url', { method: 'OPTIONS', headers: { Origin: APP_ORIGIN, 'Access-Control-Request-Method': 'POST' } });
    assert.equal(preflight.headers.get('Access-Control-Allow-Credentials'), 'true');
    assert.equal(preflight.headers.get('Access-Control-Allow-Origin'), APP_ORIGIN);
    assert.equal(emulator.store.listProfiles().length, 0);
  });
});

describe('one user never reaches another’s profile', () => {
  it('mints for the token’s user only: the access URL validates to that profile, whatever the request says', async () => {
    const { mint, validate, emulator } = setup();
    const forA = await mint('alice');
    assert.equal(forA.status, 200, forA.text);
    const verdict = await validate(forA.json.url);
    assert.equal(verdict.success, true);
    assert.equal(verdict.profile?.username, 'alice');

    // Every way a request could try to name bob is refused or ignored.
    assertError(await mint('alice', { username: 'bob' }), 400, 'INVALID_REQUEST');
    assertError(await mint('alice', {}, {}, '?username=bob'), 400, 'INVALID_REQUEST');
    assertError(await mint('alice', JSON.parse('{"__proto__":{"username":"bob"}}')), 400, 'INVALID_REQUEST');
    const header = await mint('alice', {}, { 'X-Demo-User': 'bob' });
    assert.equal(header.status, 200);
    assert.equal((await validate(header.json.url)).profile?.username, 'alice');
    assert.equal(emulator.store.getProfile('bob'), undefined, 'bob’s profile was created by alice’s requests');
  });

  it('keeps the username last: a link-policy hook cannot redirect the mint into another profile', async () => {
    const { mint, validate } = setup({ connectLink: () => ({ username: 'bob', connect_title: 'policy' }) });
    const answer = await mint('alice');
    assert.equal(answer.status, 200, answer.text);
    assert.equal((await validate(answer.json.url)).profile?.username, 'alice');
  });

  it('maps users through profileName and never lets two users share a link, a profile or a read', async () => {
    const { mint, validate, call, bearer, emulator } = setup({ profileName: (id) => `acme_${id}` });
    emulator.store.createProfile('acme_bob');
    emulator.store.connectAccount('acme_bob', 'tiktok', { username: 'bob_tt', display_name: 'Bob', social_images: '' });
    emulator.store.connectAccount('acme_bob', 'facebook', { username: 'bob_fb', display_name: 'Bob', social_images: '' });
    const a = await mint('alice');
    const b = await mint('bob');
    assert.equal((await validate(a.json.url)).profile?.username, 'acme_alice');
    assert.equal((await validate(b.json.url)).profile?.username, 'acme_bob');
    assert.notEqual(a.json.url, b.json.url);
    // alice reads her own (empty) profile, not bob's accounts or pages.
    const accounts = await call('/accounts', { headers: { Authorization: await bearer('alice') } });
    assert.equal(accounts.status, 200);
    assert.ok(
      accounts.json.accounts.every((account: { connected: boolean }) => !account.connected),
      accounts.text,
    );
    const pages = await call('/facebook/pages', { headers: { Authorization: await bearer('alice') } });
    assert.deepEqual(pages.json, { pages: [] });
    const bobPages = await call('/facebook/pages', { headers: { Authorization: await bearer('bob') } });
    assert.equal(bobPages.json.pages.length, 1);
  });

  it('sends the connect page back only to its own /done page or an allowed origin', async () => {
    const { mint, emulator } = setup();
    const popup = await mint('alice');
    assert.equal(popup.status, 200);
    assertError(await mint('alice', { returnUrl: 'https://evil.example/steal' }), 400, 'INVALID_REQUEST');
    assertError(await mint('alice', { returnUrl: `${APP_ORIGIN}.evil.example/x` }), 400, 'INVALID_REQUEST');
    assertError(await mint('alice', { returnUrl: 'javascript:alert(1)' }), 400, 'INVALID_REQUEST');
    assert.equal((await mint('alice', { returnUrl: `${APP_ORIGIN}/settings` })).status, 200);
    const links = [...(emulator.store as unknown as { links: Map<string, { options: { redirect_url?: string } }> }).links.values()];
    assert.deepEqual(
      links.map((link) => link.options.redirect_url),
      [`https://tokens.example.com/upload-post/done?origin=${encodeURIComponent(APP_ORIGIN)}&session=${popup.json.session}`, `${APP_ORIGIN}/settings`],
    );
  });

  it('a connect-page session edits only its own profile, and a used link cannot be opened again', async () => {
    const { mint, emulator } = setup();
    emulator.store.createProfile('bob');
    const url = new URL((await mint('alice')).json.url);
    const opened = await emulator.app.request(`${EMULATOR}${url.pathname}${url.search}`);
    assert.equal(opened.status, 303);
    const session = opened.headers.get('Location')!;
    const trip = await allowOnNetwork(emulator.app, EMULATOR, session, 'tiktok', { handle: 'alice_tt', display_name: 'Alice' });
    assert.equal(trip.callback?.status, 303);
    assert.equal((emulator.store.getProfile('alice')!.social_accounts.tiktok as { username: string }).username, 'alice_tt');
    assert.equal(emulator.store.getProfile('bob')!.social_accounts.tiktok, '');
    const again = await emulator.app.request(`${EMULATOR}${url.pathname}${url.search}`);
    assert.equal(again.status, 410);
    // A cross-site form post into someone's session is refused by the page's CSRF check.
    const forged = await emulator.app.request(`${EMULATOR}${session}/disconnect/tiktok`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://evil.example' },
      body: '',
    });
    assert.equal(forged.status, 403);
    assert.notEqual(emulator.store.getProfile('alice')!.social_accounts.tiktok, '');
  });
});

describe('the /done page', () => {
  it('posts only to an allowed origin, named exactly, under a nonce CSP, and reflects nothing', async () => {
    const { call } = setup();
    const allowed = await call(`/done?origin=${encodeURIComponent(APP_ORIGIN)}`);
    assert.equal(allowed.status, 200);
    const csp = allowed.headers.get('Content-Security-Policy') ?? '';
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce, `no nonce in ${csp}`);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    assert.match(csp, /frame-ancestors 'none'/);
    // A literal search: base64 nonces carry `+` and `/`, which a RegExp would read as syntax.
    assert.ok(allowed.text.includes(`<script nonce="${nonce}">`), `no script carrying the nonce ${nonce}`);
    assert.ok(allowed.text.includes(`postMessage({"type":"upload-post:done"},"${APP_ORIGIN}")`), allowed.text);
    assert.equal((allowed.text.match(/<script/g) ?? []).length, 1);
    assert.equal(allowed.headers.get('Cross-Origin-Opener-Policy'), 'unsafe-none');

    const second = await call(`/done?origin=${encodeURIComponent(APP_ORIGIN)}`);
    assert.notEqual(/nonce-([^']+)/.exec(second.headers.get('Content-Security-Policy') ?? '')?.[1], nonce, 'the nonce is reused');

    for (const origin of [
      'https://evil.example',
      '*',
      'null',
      `${APP_ORIGIN}/`,
      `${APP_ORIGIN}.evil.example`,
      '"><script>alert(1)</script>',
      `${APP_ORIGIN}",alert(1),"`,
    ]) {
      const refused = await call(`/done?origin=${encodeURIComponent(origin)}`);
      assert.equal(refused.status, 200);
      assert.doesNotMatch(refused.text, /postMessage/, `posted for ${origin}`);
      assert.ok(!refused.text.includes(origin) || origin === '*' || origin === 'null', `reflected ${origin}`);
      assert.equal((refused.text.match(/<script/g) ?? []).length, 1);
    }
    const none = await call('/done');
    assert.doesNotMatch(none.text, /postMessage/);
  });
});
