/** `GET /connect-sessions/:id`: the element's wait for the person to reach the return page, and its attacks. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Hono } from 'hono';
import { createTokenServer } from '../../../token-server/app.ts';
import type { TokenServerEnv } from '../../../token-server/context.ts';
import { onError } from '../../../token-server/errors.ts';
import { connectSessionRoute } from '../../../token-server/routes/connect-session.ts';
import { createConnectSessions } from '../../../token-server/stores/connect-sessions.ts';
import type { TokenServerOptions } from '../../../token-server/options.ts';
import { MemoryStore } from '../../../token-server/stores/memory-store.ts';
import { createSessionToken } from '../../../token-server/identity/session-token.ts';
import { API_KEY, APP_ORIGIN, assertError, Capture, FakeUpstream, SESSION_SECRET } from '../../helpers/token-server-fixtures.ts';
import { bearer, postJson, tokenServerUnderTest } from '../../helpers/token-server-app.ts';

const capture = new Capture();
after(() => capture.assertNoSecret(API_KEY, SESSION_SECRET));
const server = (overrides: Partial<TokenServerOptions> = {}) => tokenServerUnderTest(capture, overrides);

/** Mints a link for `user` and gives back the session id and the return URL the link carries. */
async function mint(call: ReturnType<typeof server>['call'], upstream: FakeUpstream, user: string) {
  upstream.addProfile(user);
  const answer = await call('/connect-url', await postJson(user, {}));
  assert.equal(answer.status, 200, answer.text);
  const returnUrl = new URL((upstream.calls.filter((entry) => entry.method === 'generateJwt').at(-1)!.args[0] as { redirect_url: string }).redirect_url);
  return { session: answer.json.session as string, returnUrl };
}

describe('GET /connect-sessions/:id', () => {
  it('each mint opens an unguessable session that the return URL carries', async () => {
    const { upstream, call } = server();
    const first = await mint(call, upstream, 'alice');
    const second = await mint(call, upstream, 'alice');
    assert.match(first.session, /^[A-Za-z0-9_-]{22}$/);
    assert.notEqual(first.session, second.session);
    assert.equal(first.returnUrl.pathname, '/done');
    assert.equal(first.returnUrl.searchParams.get('session'), first.session);
    assert.equal(first.returnUrl.searchParams.get('origin'), APP_ORIGIN);
  });

  it('answers done as soon as the return page is reached, and only once', async () => {
    const { upstream, call } = server();
    const { session, returnUrl } = await mint(call, upstream, 'alice');
    const started = performance.now();
    const waiting = call(`/connect-sessions/${session}`, { headers: await bearer('alice') });
    await call(`${returnUrl.pathname}${returnUrl.search}`);
    const answer = await waiting;
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(answer.json, { status: 'done' });
    assert.ok(performance.now() - started < 2000, 'the wait ended with the return page, not with its deadline');
    assertError(await call(`/connect-sessions/${session}`, { headers: await bearer('alice') }), 404, 'NOT_FOUND');
  });

  it('answers pending when nothing happened before its deadline, and done later', async () => {
    const sessions = createConnectSessions(new MemoryStore());
    const app = new Hono<TokenServerEnv>();
    app.onError(onError);
    app.get(
      '/connect-sessions/:id',
      connectSessionRoute({ identify: async () => ({ user: { id: 'alice' }, profile: 'alice' }), sessions, demo: false, waitMs: 100 }),
    );
    const session = await sessions.open('alice');
    const started = performance.now();
    assert.deepEqual(await (await app.request(`/connect-sessions/${session}`)).json(), { status: 'pending' });
    assert.ok(performance.now() - started >= 90, 'it waited for its deadline');
    await sessions.markDone(session);
    assert.deepEqual(await (await app.request(`/connect-sessions/${session}`)).json(), { status: 'done' });
  });

  it('is another user’s session as unknown as a made-up one, whoever finishes it', async () => {
    const { upstream, call } = server();
    const { session, returnUrl } = await mint(call, upstream, 'alice');
    await call(`${returnUrl.pathname}${returnUrl.search}`);
    for (const id of [session, 'A'.repeat(22), '../accounts', '']) {
      const answer = await call(`/connect-sessions/${encodeURIComponent(id)}`, { headers: await bearer('mallory') });
      assert.ok(answer.status === 404, `${id}: ${answer.status}`);
    }
    assert.deepEqual(
      (await call(`/connect-sessions/${session}`, { headers: await bearer('alice') })).json,
      { status: 'done' },
      'mallory’s tries used nothing up',
    );
  });

  it('forgets a session after its lifetime', async () => {
    let now = Date.now();
    const { upstream, call } = server({ now: () => now, sharedStore: new MemoryStore({ now: () => now }) });
    const { session } = await mint(call, upstream, 'alice');
    now += 31 * 60 * 1000;
    const later = await createSessionToken({ userId: 'alice', secret: SESSION_SECRET, now: () => now });
    assertError(await call(`/connect-sessions/${session}`, { headers: { Authorization: `Bearer ${later}` } }), 404, 'NOT_FOUND');
  });

  it('follows the identity and origin rules of /accounts', async () => {
    const { upstream, call } = server();
    const { session } = await mint(call, upstream, 'alice');
    assertError(await call(`/connect-sessions/${session}`), 401, 'UNAUTHENTICATED');
    assertError(
      await call(`/connect-sessions/${session}`, { headers: { ...(await bearer('alice')), Origin: 'https://evil.example' } }),
      403,
      'ORIGIN_NOT_ALLOWED',
    );
    assertError(await call(`/connect-sessions/${session}?username=bob`, { headers: await bearer('alice') }), 400, 'INVALID_REQUEST');
    const preflight = await call(`/connect-sessions/${session}`, {
      method: 'OPTIONS',
      headers: { Origin: APP_ORIGIN, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    });
    assert.equal(preflight.headers.get('Access-Control-Allow-Origin'), APP_ORIGIN);
  });

  it('holds at most four waits per user at once: a flood gets 429, other users are unaffected', async () => {
    const { upstream, call } = server();
    const { session, returnUrl } = await mint(call, upstream, 'alice');
    // Five at once: whichever comes fifth is refused at once, while the four others wait.
    const headers = await bearer('alice');
    const waits = Array.from({ length: 5 }, () => call(`/connect-sessions/${session}`, { headers }));
    const flooded = await Promise.race(waits);
    assertError(flooded, 429, 'RATE_LIMITED');
    assert.equal(flooded.headers.get('Retry-After'), '1');
    const bob = await mint(call, upstream, 'bob');
    await call(`${bob.returnUrl.pathname}${bob.returnUrl.search}`);
    assert.deepEqual((await call(`/connect-sessions/${bob.session}`, { headers: await bearer('bob') })).json, { status: 'done' });
    await call(`${returnUrl.pathname}${returnUrl.search}`);
    const answers = await Promise.all(waits);
    assert.equal(answers.filter((answer) => answer.status === 429).length, 1);
    assert.equal(answers.filter((answer) => answer.json.status === 'done').length, 1, 'single use: one wait learns it');
    assert.equal(answers.filter((answer) => answer.status === 404).length, 3, 'the others find it used');
  });

  it('learns of a return page reached on another instance through the shared store', async () => {
    const store = new MemoryStore();
    const upstream = new FakeUpstream();
    const options = { upstream, identity: { sessionSecret: SESSION_SECRET }, allowedOrigins: [APP_ORIGIN], log: capture.sink, sharedStore: store };
    const [one, two] = [createTokenServer(options), createTokenServer(options)];
    upstream.addProfile('alice');
    const minted = (await (await one.request('/connect-url', await postJson('alice', {}))).json()) as { session: string };
    const waiting = two.request(`/connect-sessions/${minted.session}`, { headers: await bearer('alice') });
    await one.request(`/done?session=${minted.session}`);
    assert.deepEqual(await (await waiting).json(), { status: 'done' });
  });
});
