/** `GET /accounts` through `app.request()` on a fake upstream: order, unknown platforms, coalescing and freshness. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { accountsResponseSchema } from '../../../protocol/schemas.ts';
import { UploadPostError } from '../../../upload-post/errors.ts';
import { API_KEY, APP_ORIGIN, assertError, Capture, SESSION_SECRET } from '../../helpers/token-server-fixtures.ts';
import { brokenStore } from '../../helpers/stores.ts';
import { bearer, postJson, tokenServerUnderTest } from '../../helpers/token-server-app.ts';
import type { TokenServerOptions } from '../../../token-server/options.ts';
import { createSessionToken } from '../../../token-server/identity/session-token.ts';
import { MAX_UNKNOWN_PLATFORMS } from '../../../token-server/upstream/to-accounts.ts';

const capture = new Capture();
after(() => capture.assertNoSecret(API_KEY, SESSION_SECRET));
const server = (overrides: Partial<TokenServerOptions> = {}) => tokenServerUnderTest(capture, overrides);
// Injected clocks start at the real time: session tokens are also checked against the real clock.
const start = Date.now();

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
      platform: 'instagram',
      connected: true,
      displayName: 'Alice IG',
      handle: 'alice',
      avatarUrl: 'https://cdn.example/a.jpg',
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
    assert.deepEqual(answer.json, {
      accounts: [
        { platform: 'tiktok', connected: false },
        { platform: 'bluesky', connected: false },
      ],
    });
    assert.equal(upstream.count('createProfile'), 0);
    assert.equal(upstream.profiles.size, 0);
  });

  it('filters with ?platforms= and refuses platforms the server does not offer', async () => {
    const { call } = server({ platforms: ['tiktok', 'instagram', 'x'] });
    const ok = await call('/accounts?platforms=x,tiktok', { headers: await bearer('alice') });
    assert.deepEqual(
      ok.json.accounts.map((account: { platform: string }) => account.platform),
      ['tiktok', 'x'],
    );
    assertError(await call('/accounts?platforms=youtube', { headers: await bearer('alice') }), 400, 'INVALID_REQUEST');
  });

  it('coalesces N concurrent reads for one user into one upstream call', async () => {
    const { upstream, call } = server();
    upstream.addProfile('alice');
    let open!: () => void;
    upstream.gate = new Promise((resolve) => {
      open = resolve;
    });
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
    const [a, b] = await Promise.all([call('/accounts', { headers: await bearer('alice') }), call('/accounts', { headers: await bearer('bob') })]);
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

  it('keeps answering from the upstream while the shared store fails, and says so in the log at most once per interval', async () => {
    const { upstream, call } = server({ sharedStore: brokenStore });
    upstream.addProfile('alice', { tiktok: { connected: true, details: { username: 'al' }, raw: {} } });
    const before = capture.logs.length;
    for (let read = 0; read < 5; read++) {
      const answer = await call('/accounts', { headers: await bearer('alice') });
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.json.accounts[0].handle, 'al');
    }
    const warnings = capture.logs.slice(before).filter((record) => /shared store failed/.test(record.msg));
    assert.equal(warnings.length, 1, 'one warning for the burst, not one per request');
    assert.equal(warnings[0]!.failures, 1, 'the calls refused during the cool-off never reached the store');
  });

  it('keeps unknown platforms with a short lowercase id only: a 5 000-character id never reaches the page', async () => {
    const { upstream, call } = server();
    const slot = { connected: true as const, details: {}, raw: {} };
    upstream.addProfile('alice', { mastodon: slot, ['x'.repeat(5000)]: slot, 'Bad Id': slot, snap_chat2: slot });
    const answer = await call('/accounts', { headers: await bearer('alice') });
    const unknown = answer.json.accounts
      .map((account: { platform: string }) => account.platform)
      .filter((id: string) => !['tiktok', 'instagram', 'linkedin', 'youtube', 'facebook', 'x', 'threads', 'google_business', 'bluesky'].includes(id));
    assert.deepEqual(unknown, ['mastodon', 'snap_chat2']);
  });

  it('keeps at most 20 unknown platforms, in the upstream order', async () => {
    const { upstream, call } = server({ platforms: ['tiktok'] });
    const slot = { connected: true as const, details: {}, raw: true };
    upstream.addProfile('alice', Object.fromEntries(Array.from({ length: 50 }, (_, index) => [`new_${index}`, slot])));
    const answer = await call('/accounts', { headers: await bearer('alice') });
    assert.equal(answer.status, 200);
    const ids = answer.json.accounts.map((account: { platform: string }) => account.platform);
    assert.deepEqual(ids, ['tiktok', ...Array.from({ length: MAX_UNKNOWN_PLATFORMS }, (_, index) => `new_${index}`)]);
  });

  it('a ?platforms= filter shows exactly those: the other configured platforms are not "unknown" ones', async () => {
    const { upstream, call } = server({ platforms: ['tiktok', 'instagram', 'x'] });
    const slot = { connected: true as const, details: { display_name: 'On' }, raw: {} };
    upstream.addProfile('alice', { instagram: slot, x: slot, mastodon: slot });
    const answer = await call('/accounts?platforms=tiktok,x', { headers: await bearer('alice') });
    assert.deepEqual(answer.json.accounts, [
      { platform: 'tiktok', connected: false },
      { platform: 'x', connected: true, displayName: 'On' },
    ]);
  });

  it('takes the session token from ?session_token= (a <link rel=preload> sends no header), never logs it, and a bad one is refused', async () => {
    const { upstream, call } = server();
    upstream.addProfile('alice', { x: { connected: true, details: { display_name: 'Alice X' }, raw: {} } });
    const token = await createSessionToken({ userId: 'alice', secret: SESSION_SECRET });
    const answer = await call(`/accounts?session_token=${token}`, { headers: { Origin: APP_ORIGIN } });
    assert.equal(answer.status, 200, answer.text);
    assert.ok(answer.json.accounts.some((account: { platform: string; connected: boolean }) => account.platform === 'x' && account.connected));
    assert.equal(answer.headers.get('Access-Control-Allow-Origin'), APP_ORIGIN);
    assert.equal(answer.headers.get('Cache-Control'), 'private, no-store');
    assert.deepEqual(upstream.calls, [{ method: 'getProfile', args: ['alice'] }]);
    const logged = capture.requests('/accounts').at(-1);
    assert.equal(logged?.userId, 'alice');
    assert.ok(!JSON.stringify(capture.logs).includes(token), 'the query token reached a log record');

    assertError(await call('/accounts?session_token=not.a.token'), 401, 'UNAUTHENTICATED');
    assertError(await call('/accounts?session_token=a%20b'), 401, 'UNAUTHENTICATED');
    assertError(await call(`/accounts?session_token=${token}&username=bob`), 400, 'INVALID_REQUEST');
    // The header, when there is one, is the identity: a query token cannot override it.
    const both = await call(`/accounts?session_token=${token}`, { headers: await bearer('bob') });
    assert.equal(both.status, 200);
    assert.deepEqual(upstream.calls.at(-1), { method: 'getProfile', args: ['bob'] });
  });
});
