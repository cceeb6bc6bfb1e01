/**
 * Live accounts end to end over real sockets: a change in the emulator → its webhook → the token
 * server → the user's open event stream (read with fetch) and → the customer's backend (the signed
 * forward, verified). Then what the real world does to it: duplicated and reordered deliveries, a
 * backend that is down, a delivery of an unexpected shape, a forged secret, two instances, shutdown.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { accountsResponseSchema, tokenServerEventSchemas } from '../../../protocol/schemas.ts';
import { createSessionToken } from '../../../token-server/identity/session-token.ts';
import { FORWARD_SIGNATURE_HEADER, verifyForwardSignature } from '../../../token-server/live/forward-signature.ts';
import { openEventStream, type EventStreamReader } from '../../helpers/event-stream.ts';
import {
  API_KEY,
  APP_ORIGIN,
  FORWARD_SECRET,
  SESSION_SECRET,
  SharedMemory,
  startLiveStack,
  WEBHOOK_SECRET,
  type LiveStack,
  type TokenServerInstance,
} from '../../helpers/live-stack.ts';
import type { Received } from '../../helpers/webhook-receiver.ts';

let stack: LiveStack;
let server: TokenServerInstance;
const streams: EventStreamReader[] = [];

before(async () => {
  stack = await startLiveStack();
  server = await stack.start();
  await stack.register(server);
});
after(async () => {
  await Promise.all(streams.map((stream) => stream.close()));
  await stack.close();
  stack.capture.assertNoSecret(API_KEY, SESSION_SECRET, WEBHOOK_SECRET, FORWARD_SECRET);
});
beforeEach(() => {
  stack.backend.received.length = 0;
  stack.backend.status = 200;
});

const TIKTOK = { username: 'alice_tt', display_name: 'Alice on TikTok' };
const INSTAGRAM = { username: 'alice.ig', display_name: 'Alice on Instagram' };

async function open(userId: string, instance = server, query = ''): Promise<EventStreamReader> {
  const stream = await openEventStream(await stack.eventsUrl(instance, userId, query), { headers: { Origin: APP_ORIGIN } });
  streams.push(stream);
  return stream;
}

/** What `GET /accounts` answers for `userId` right now, less its `events: true` (a stream's events are the accounts alone). */
async function accountsOf(userId: string, query = '', instance = server) {
  const token = await createSessionToken({ userId, secret: SESSION_SECRET });
  const response = await fetch(`${instance.url}/accounts${query}`, { headers: { Authorization: `Bearer ${token}`, 'Cache-Control': 'no-cache' } });
  const { accounts, events } = accountsResponseSchema.parse(await response.json());
  assert.equal(events, true, 'GET /accounts says that the server streams changes');
  return { accounts };
}

const linked = (accounts: { platform: string; connected: boolean }[]) => accounts.filter((account) => account.connected).map((account) => account.platform);

/** Forwards whose signature verifies, parsed. */
async function verified(requests: Received[]) {
  for (const request of requests) {
    const result = await verifyForwardSignature(request.body, request.headers[FORWARD_SIGNATURE_HEADER.toLowerCase()], FORWARD_SECRET);
    assert.ok(result.ok, `forward signature: ${JSON.stringify(result)}`);
  }
  return requests.map((request) => request.json);
}

describe('live accounts, end to end', () => {
  test('emulator change → webhook → the open stream shows it and the backend is told, signed; for connect, reauth and disconnect', async (t) => {
    stack.emulator.store.createProfile('alice');
    const stream = await open('alice');
    assert.equal(stream.response.status, 200);
    assert.match(stream.response.headers.get('content-type')!, /^text\/event-stream/);
    assert.equal(stream.response.headers.get('access-control-allow-origin'), APP_ORIGIN);
    const first = await stream.nth('accounts', 0);
    assert.equal(first.retry, 3000);
    assert.deepEqual(first.data, await accountsOf('alice'), 'the first event is what GET /accounts answers');
    assert.deepEqual(linked(first.data.accounts), []);

    const changedAt = performance.now();
    assert.equal((await stack.admin('/profiles/alice/accounts/tiktok', 'PUT', TIKTOK)).status, 200);
    const connected = await stream.nth('accounts', 1);
    const toStream = performance.now() - changedAt;
    const [forwarded] = await verified(await stack.backend.waitFor(1));
    const toBackend = performance.now() - changedAt;
    t.diagnostic(`delivery latency: change → stream ${toStream.toFixed(1)} ms, change → backend ${toBackend.toFixed(1)} ms`);
    assert.ok(tokenServerEventSchemas.accounts.safeParse(connected.data).success);
    assert.deepEqual(connected.data, await accountsOf('alice'), 'the pushed accounts are what GET /accounts answers');
    assert.deepEqual(linked(connected.data.accounts), ['tiktok']);
    assert.equal(stack.backend.received[0]!.path, '/hooks/upload-post');
    assert.match(forwarded.id, /^chg_[0-9a-f]{32}$/);
    assert.deepEqual(
      { ...forwarded, id: undefined, createdAt: undefined },
      {
        id: undefined,
        type: 'accounts.changed',
        createdAt: undefined,
        userId: 'alice',
        profile: 'alice',
        connected: [{ platform: 'tiktok', connected: true, displayName: 'Alice on TikTok', handle: 'alice_tt' }],
        disconnected: [],
        reauthRequired: [],
        accounts: connected.data.accounts,
      },
    );

    await stack.admin('/profiles/alice/accounts/tiktok/reauth-required', 'POST');
    const reauth = await stream.nth('accounts', 2);
    assert.deepEqual(
      reauth.data.accounts.find((account: { platform: string }) => account.platform === 'tiktok'),
      { platform: 'tiktok', connected: true, displayName: 'Alice on TikTok', handle: 'alice_tt', reauthRequired: true },
    );
    const [, reauthForward] = await verified(await stack.backend.waitFor(2));
    assert.deepEqual(
      reauthForward.reauthRequired.map((account: { platform: string }) => account.platform),
      ['tiktok'],
    );

    await stack.admin('/profiles/alice/accounts/tiktok', 'DELETE');
    const gone = await stream.nth('accounts', 3);
    assert.deepEqual(linked(gone.data.accounts), []);
    const [, , goneForward] = await verified(await stack.backend.waitFor(3));
    assert.deepEqual(goneForward.disconnected, [{ platform: 'tiktok', connected: false, displayName: 'Alice on TikTok', handle: 'alice_tt' }]);
    assert.ok(stream.comments >= 0);
  });

  test('a stream shows only the platforms it asked for, and another user’s change never reaches it', async () => {
    stack.emulator.store.createProfile('bob');
    stack.emulator.store.createProfile('carol');
    const bob = await open('bob', server, '&platforms=instagram');
    assert.deepEqual((await bob.nth('accounts', 0)).data, await accountsOf('bob', '?platforms=instagram'));
    assert.equal(bob.events[0]!.data.accounts[0].platform, 'instagram');
    await stack.admin('/profiles/carol/accounts/instagram', 'PUT', INSTAGRAM);
    await stack.backend.waitFor(1, (request) => request.json.profile === 'carol');
    await stack.admin('/profiles/bob/accounts/instagram', 'PUT', INSTAGRAM);
    const next = await bob.nth('accounts', 1);
    assert.deepEqual(next.data, await accountsOf('bob', '?platforms=instagram'));
    assert.deepEqual(next.data.accounts[0], { platform: 'instagram', connected: true, displayName: 'Alice on Instagram', handle: 'alice.ig' });
    assert.equal(bob.events.length, 2, 'carol’s change was not sent to bob');
  });
});

describe('live accounts, in the real world', () => {
  test('duplicated deliveries: one change, one forward, one pushed event', async () => {
    stack.emulator.store.createProfile('dave');
    const stream = await open('dave');
    await stream.nth('accounts', 0);
    await stack.admin('/webhooks/faults', 'PUT', { duplicateRate: 1 });
    try {
      await stack.admin('/profiles/dave/accounts/tiktok', 'PUT', TIKTOK);
      await stack.emulator.webhooks.sender.whenIdle();
      assert.equal(stack.emulator.webhooks.sender.deliveries.at(-1)!.attempts.length, 2, 'the emulator sent it twice');
    } finally {
      await stack.admin('/webhooks/faults', 'PUT', { duplicateRate: 0 });
    }
    // A later, different change: it is handled after the duplicate (one refresh at a time per profile).
    await stack.admin('/profiles/dave/accounts/instagram', 'PUT', INSTAGRAM);
    const forwards = await verified(await stack.backend.waitFor(2, (request) => request.json.profile === 'dave'));
    await stream.nth('accounts', 2);
    assert.deepEqual(
      forwards.map((change) => change.connected.map((account: { platform: string }) => account.platform)),
      [['tiktok'], ['instagram']],
    );
    assert.equal(stream.events.length, 3, 'the first state, then one event per change');
  });

  test('out-of-order deliveries: the stream and the backend end at the truth, told once', async () => {
    stack.emulator.store.createProfile('erin');
    const stream = await open('erin');
    await stream.nth('accounts', 0);
    await stack.admin('/webhooks/faults', 'PUT', { hold: true });
    await stack.admin('/profiles/erin/accounts/tiktok', 'PUT', TIKTOK);
    await stack.admin('/profiles/erin/accounts/instagram', 'PUT', INSTAGRAM);
    await stack.admin('/profiles/erin/accounts/tiktok', 'DELETE');
    await stack.admin('/webhooks/faults', 'PUT', { hold: false });
    await stack.admin('/webhooks/release', 'POST', { order: 'reverse' });
    await stack.emulator.webhooks.sender.whenIdle();
    // The sentinel: a change after the reordered ones, told only after them.
    await stack.admin('/profiles/erin/accounts/x', 'PUT', { username: 'erin_x', display_name: 'Erin' });
    const forwards = await verified(await stack.backend.waitFor(2, (request) => request.json.profile === 'erin'));
    assert.deepEqual(
      forwards.map((change) => [change.connected.map((account: { platform: string }) => account.platform), change.disconnected.length]),
      [
        [['instagram'], 0],
        [['x'], 0],
      ],
      'the first re-read already saw the end state: tiktok came and went, never reported',
    );
    const last = stream.events.at(-1)!;
    assert.deepEqual(last.data, await accountsOf('erin'));
    assert.deepEqual(linked(last.data.accounts), ['instagram', 'x']);
  });

  test('the backend down: the webhook is answered at once, the forward retried until it is up, the same signed change each time', async () => {
    stack.emulator.store.createProfile('frank');
    stack.backend.status = 503;
    const before = stack.capture.logs.length;
    await stack.admin('/profiles/frank/accounts/tiktok', 'PUT', TIKTOK);
    await stack.emulator.webhooks.sender.whenIdle();
    const [delivery] = stack.emulator.webhooks.sender.deliveries.slice(-1);
    assert.deepEqual(
      delivery!.attempts.map((attempt) => attempt.status),
      [202],
      'answered 202 on the first attempt while the backend fails',
    );
    await stack.backend.waitFor(3, (request) => request.json.profile === 'frank');
    stack.backend.status = 200;
    await stack.backend.waitFor(1, (request) => request.json.profile === 'frank' && request.status === 200);
    const attempts = stack.backend.received.filter((request) => request.json.profile === 'frank');
    assert.ok(attempts.length >= 4);
    assert.equal(new Set(attempts.map((request) => request.json.id)).size, 1, 'one change, retried');
    await verified(attempts);
    const retries = stack.capture.logs.slice(before).filter((record) => record.msg === 'accounts change forward failed; retrying');
    assert.ok(retries.length >= 3);
    assert.equal(retries[0]!.status, 503);
    assert.equal(retries[0]!.destination, `${stack.backend.url}/hooks/upload-post`);
  });

  test('forged or missing secret: 401, nothing re-read, and no secret or query string in any log line', async () => {
    const before = stack.capture.logs.length;
    const hook = `${server.url}/webhooks/upload-post`;
    const body = JSON.stringify({ event: 'social_account_connected', profile_username: 'alice', platform: 'tiktok' });
    for (const url of [hook, `${hook}?secret=not-the-secret-0123456789`, `${hook}?secret=${WEBHOOK_SECRET}x`, `${hook}?secret=`]) {
      const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
      assert.equal(response.status, 401, url);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'UNAUTHENTICATED');
    }
    const accepted = await fetch(`${hook}?secret=${WEBHOOK_SECRET}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    assert.equal(accepted.status, 202);
    const records = stack.capture.logs.slice(before).filter((record) => record.msg === 'request');
    assert.equal(records.length, 5);
    for (const record of records) assert.equal(record.path, '/upload-post/webhooks/upload-post', 'the path, without its query');
    for (const record of stack.capture.logs) assert.ok(!JSON.stringify(record).includes('not-the-secret'), JSON.stringify(record));
  });

  test('a delivery of an unexpected shape is answered and ignored (logged without its values); not JSON is a 400', async () => {
    const hook = `${server.url}/webhooks/upload-post?secret=${WEBHOOK_SECRET}`;
    const post = (body: string) => fetch(hook, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    const before = stack.capture.logs.length;
    const odd = await post(JSON.stringify({ hello: 'world', email: 'someone@example.com' }));
    assert.equal(odd.status, 202);
    assert.deepEqual(await odd.json(), { received: true, refreshed: 0, ignored: 1 });
    const ignored = stack.capture.logs.slice(before).find((record) => record.msg === 'webhook delivery ignored')!;
    assert.equal(ignored.level, 'warn');
    assert.deepEqual(ignored.keys, ['hello', 'email']);
    assert.ok(!JSON.stringify(ignored).includes('someone@example.com'));
    assert.deepEqual(await (await post('[1, {"event": "upload_completed", "profile_username": "alice"}]')).json(), {
      received: true,
      refreshed: 0,
      ignored: 2,
    });
    assert.equal((await post('not json')).status, 400);
    assert.equal((await post(JSON.stringify({ profile_username: 'validate-jwt' }))).status, 202, 'a name that is a route is never read');
  });
});

describe('live accounts, several instances and shutdown', () => {
  test('a webhook lands on one instance; the stream open on another hears of it through the shared store', async () => {
    const shared = new SharedMemory();
    const a = await stack.start({ sharedStore: shared });
    const b = await stack.start({ sharedStore: shared, forward: undefined, webhookSecret: WEBHOOK_SECRET });
    await stack.register(a);
    try {
      stack.emulator.store.createProfile('gina');
      const onB = await open('gina', b);
      await onB.nth('accounts', 0);
      await stack.admin('/profiles/gina/accounts/tiktok', 'PUT', TIKTOK);
      const pushed = await onB.nth('accounts', 1);
      assert.deepEqual(linked(pushed.data.accounts), ['tiktok']);
      assert.deepEqual(pushed.data, await accountsOf('gina', '', b));
    } finally {
      await stack.register(server);
    }
  });

  test('shutdown ends every stream with `end: shutdown`, and a stream opened afterwards ends at once', async () => {
    const instance = await stack.start();
    stack.emulator.store.createProfile('hugo');
    const streamsOpen = await Promise.all([open('hugo', instance), open('hugo', instance)]);
    for (const stream of streamsOpen) await stream.nth('accounts', 0);
    instance.shutdown.abort();
    for (const stream of streamsOpen) {
      assert.deepEqual((await stream.nth('end', 0)).data, { reason: 'shutdown' });
      await stream.until((reader) => reader.ended, 'the response ended');
    }
    const late = await open('hugo', instance);
    assert.deepEqual((await late.nth('end', 0)).data, { reason: 'shutdown' });
    await late.until((reader) => reader.ended, 'the late response ended');
  });
});
