/**
 * `GET /events` over real sockets with a fake upstream: offered only with live accounts on, the
 * identity and origin rules of `/accounts` (the session token also in the query), bounded streams,
 * heartbeats, the end of a session token, and a client that goes away.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createTokenServer } from '../../../token-server/app.ts';
import { createSessionToken } from '../../../token-server/identity/session-token.ts';
import type { TokenServerOptions } from '../../../token-server/options.ts';
import { openEventStream, type EventStreamReader } from '../../helpers/event-stream.ts';
import { serveOnLoopback, type LoopbackServer } from '../../helpers/loopback.ts';
import { APP_ORIGIN, Capture, FakeUpstream, SESSION_SECRET } from '../../helpers/token-server-fixtures.ts';

const WEBHOOK_SECRET = 'events-test-webhook-secret-0123';
const capture = new Capture();
const servers: LoopbackServer[] = [];
const streams: EventStreamReader[] = [];
after(async () => {
  await Promise.all(streams.map((stream) => stream.close()));
  await Promise.all(servers.map((server) => server.close()));
  capture.assertNoSecret(SESSION_SECRET, WEBHOOK_SECRET);
});

async function serve(overrides: Partial<TokenServerOptions> = {}) {
  const upstream = new FakeUpstream();
  const shutdown = new AbortController();
  const app = createTokenServer({
    upstream,
    identity: { sessionSecret: SESSION_SECRET },
    allowedOrigins: [APP_ORIGIN],
    webhookSecret: WEBHOOK_SECRET,
    log: capture.sink,
    shutdownSignal: shutdown.signal,
    ...overrides,
  });
  const server = await serveOnLoopback(app.fetch);
  servers.push(server);
  after(() => shutdown.abort());
  return { upstream, url: server.url, server, shutdown };
}

const token = (userId: string, ttl = 600) => createSessionToken({ userId, secret: SESSION_SECRET, ttl });

async function open(url: string, init: RequestInit = {}) {
  const stream = await openEventStream(url, init);
  streams.push(stream);
  return stream;
}

describe('GET /events', () => {
  test('is not offered without webhookSecret, nor with events: false (404, and /accounts does not say `events`: the element keeps reading)', async () => {
    for (const overrides of [{ webhookSecret: undefined }, { events: false as const }]) {
      const { url } = await serve(overrides);
      const response = await fetch(`${url}/events?session_token=${await token('alice')}`);
      assert.equal(response.status, 404);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'NOT_FOUND');
      const accounts = await fetch(`${url}/accounts`, { headers: { Authorization: `Bearer ${await token('alice')}` } });
      assert.equal('events' in ((await accounts.json()) as object), false);
    }
    const { url } = await serve();
    const offered = await fetch(`${url}/accounts`, { headers: { Authorization: `Bearer ${await token('alice')}` } });
    assert.equal(((await offered.json()) as { events?: boolean }).events, true, 'offered: /accounts says so');
  });

  test('takes the session token from the header or the query; refuses none, a bad one, and other query parameters', async () => {
    const { url, upstream } = await serve();
    upstream.addProfile('alice');
    const byHeader = await open(`${url}/events`, { headers: { Authorization: `Bearer ${await token('alice')}` } });
    assert.equal(byHeader.response.status, 200);
    assert.equal(byHeader.response.headers.get('cache-control'), 'private, no-store');
    assert.deepEqual((await byHeader.nth('accounts', 0)).data.accounts.length, 9);
    const queried = await token('alice');
    const byQuery = await open(`${url}/events?session_token=${queried}`);
    assert.equal(byQuery.response.status, 200);
    assert.ok(capture.requests('/events').length >= 2);
    assert.ok(
      capture.logs.every((record) => !JSON.stringify(record).includes(queried)),
      'the token in the query is in no log line',
    );
    for (const [path, status, code] of [
      ['/events', 401, 'UNAUTHENTICATED'],
      ['/events?session_token=not-a-token', 401, 'UNAUTHENTICATED'],
      [`/events?session_token=${await token('alice')}&username=bob`, 400, 'INVALID_REQUEST'],
      [`/events?session_token=${await token('alice')}&platforms=myspace`, 400, 'INVALID_REQUEST'],
    ] as const) {
      const response = await fetch(url + path);
      assert.equal(response.status, status, path);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, code);
    }
  });

  test('same origin rules as /accounts: an allowed origin gets CORS, another is refused', async () => {
    const { url, upstream } = await serve();
    upstream.addProfile('alice');
    const allowed = await open(`${url}/events?session_token=${await token('alice')}`, { headers: { Origin: APP_ORIGIN } });
    assert.equal(allowed.response.headers.get('access-control-allow-origin'), APP_ORIGIN);
    const refused = await fetch(`${url}/events?session_token=${await token('alice')}`, { headers: { Origin: 'https://evil.example' } });
    assert.equal(refused.status, 403);
    assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'ORIGIN_NOT_ALLOWED');
  });

  test('an upstream failure at the start is the usual error answer, and gives its place back', async () => {
    const { url, upstream } = await serve({ events: { maxStreamsPerUser: 1 } });
    upstream.addProfile('alice');
    upstream.fail('getProfile', new Error('boom'), 1);
    const failed = await fetch(`${url}/events?session_token=${await token('alice')}`);
    assert.equal(failed.status, 500);
    await failed.body?.cancel();
    const next = await open(`${url}/events?session_token=${await token('alice')}`);
    assert.equal(next.response.status, 200);
  });

  test('bounded per user and in total: a clear 429 TOO_MANY_STREAMS; a closed stream gives its place back', async () => {
    const { url, upstream } = await serve({ events: { maxStreamsPerUser: 2, maxStreams: 3 } });
    for (const user of ['alice', 'bob']) upstream.addProfile(user);
    const first = await open(`${url}/events?session_token=${await token('alice')}`);
    await open(`${url}/events?session_token=${await token('alice')}`);
    const third = await fetch(`${url}/events?session_token=${await token('alice')}`);
    assert.equal(third.status, 429);
    const body = (await third.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'TOO_MANY_STREAMS');
    assert.match(body.error.message, /This user already has 2 event streams open/);
    await open(`${url}/events?session_token=${await token('bob')}`);
    const overall = await fetch(`${url}/events?session_token=${await token('bob')}`);
    assert.equal(overall.status, 429);
    assert.match(((await overall.json()) as { error: { message: string } }).error.message, /as many event streams open as it allows/);

    await first.close();
    const deadline = Date.now() + 5_000;
    let again: Response;
    // The server learns of the client's going when the socket closes: retried until then, not slept.
    for (;;) {
      again = await fetch(`${url}/events?session_token=${await token('alice')}`);
      if (again.status === 200 || Date.now() > deadline) break;
      await again.body?.cancel();
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal(again.status, 200);
    await again.body?.cancel();
  });

  test('heartbeats: comment lines at the configured interval, which an EventSource ignores', async () => {
    const { url, upstream } = await serve({ events: { heartbeatMs: 20 } });
    upstream.addProfile('alice');
    const stream = await open(`${url}/events?session_token=${await token('alice')}`);
    await stream.until((reader) => reader.comments >= 3, 'three heartbeats');
    assert.equal(stream.events.length, 1, 'heartbeats are no events');
  });

  test('the stream ends with `end: session-expired` when its session token runs out (within two seconds here)', async () => {
    const { url, upstream } = await serve();
    upstream.addProfile('alice');
    // `exp` is in whole seconds from a floored `iat`: a ttl of 2 leaves 1 to 2 s, time for the first event.
    const stream = await open(`${url}/events?session_token=${await token('alice', 2)}`);
    await stream.nth('accounts', 0);
    assert.deepEqual((await stream.nth('end', 0, 5_000)).data, { reason: 'session-expired' });
    await stream.until((reader) => reader.ended, 'the response ended');
  });
});
