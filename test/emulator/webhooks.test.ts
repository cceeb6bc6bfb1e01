/**
 * The emulator's notification settings and webhooks: the `/users/notifications` routes (ahead of
 * `/users/{username}`), a delivery on every account change whatever caused it (connect page, admin
 * routes, the new reauth route), retries with backoff, the deliveries log, and the delivery faults.
 * Deliveries go over a real socket to a loopback receiver; tests wait for what they expect.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Emulator } from '../../emulator/app.ts';
import { mintConnectToken } from '../../emulator/connect-token.ts';
import { allowOnNetwork, assertError, json, SECRET, setupEmulator } from '../helpers/emulator.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

let receiver: WebhookReceiver;
before(async () => {
  receiver = await startWebhookReceiver();
});
after(() => receiver.close());
beforeEach(() => {
  receiver.received.length = 0;
  receiver.status = 200;
});

/** An emulator whose webhook goes to the receiver, with short retries. */
/** Deliveries are sent in the order of the changes, but requests in flight at once may arrive in any order. */
function inSendingOrder<T extends { json: { delivery_id: string } }>(emulator: Emulator, received: T[]): T[] {
  const sent = emulator.webhooks.sender.deliveries.map((delivery) => delivery.id);
  return [...received].sort((a, b) => sent.indexOf(a.json.delivery_id) - sent.indexOf(b.json.delivery_id));
}

async function withWebhook(path = '/hook', retryDelaysMs = [20, 40]) {
  const setup = setupEmulator({ webhooks: { retryDelaysMs } });
  const answer = await setup.api('/users/notifications', {
    method: 'POST',
    json: { channels: { webhook: true }, webhook_url: `${receiver.url}${path}` },
  });
  assert.equal(answer.status, 200);
  await setup.createProfile('alice');
  return setup;
}

const account = { username: 'alice_tt', display_name: 'Alice' };

describe('emulated API: notification settings', () => {
  test('GET /users/notifications answers the settings, not "Profile not found": every event on by default, no channel', async () => {
    const { api } = setupEmulator();
    const response = await api('/users/notifications');
    assert.equal(response.status, 200);
    assert.deepEqual(await json(response), {
      success: true,
      notifications: {
        channels: { webhook: false, telegram: false },
        webhook_url: null,
        telegram_chat_id: null,
        webhook_events: {
          upload_completed: true,
          social_account_connected: true,
          social_account_disconnected: true,
          social_account_reauth_required: true,
        },
      },
    });
  });

  test('POST changes the fields given; webhook_events as an object merges, as a list turns the rest off', async () => {
    const { api } = setupEmulator();
    const post = async (body: unknown) => (await json(await api('/users/notifications', { method: 'POST', json: body }))).notifications;
    let settings = await post({ channels: { webhook: true }, webhook_url: 'https://h.example/x', webhook_events: { upload_completed: false } });
    assert.equal(settings.channels.webhook, true);
    assert.equal(settings.channels.telegram, false);
    assert.equal(settings.webhook_events.upload_completed, false);
    assert.equal(settings.webhook_events.social_account_connected, true);
    settings = await post({ webhook_events: ['social_account_connected'], telegram_chat_id: 12345 });
    assert.deepEqual(settings.webhook_events, {
      upload_completed: false,
      social_account_connected: true,
      social_account_disconnected: false,
      social_account_reauth_required: false,
    });
    assert.equal(settings.telegram_chat_id, '12345');
    assert.equal(settings.webhook_url, 'https://h.example/x', 'left out, left as it was');
    assert.deepEqual((await json(await api('/users/notifications'))).notifications, settings);
  });

  test('refuses a bad body, a missing key and other methods, in the API’s error shape', async () => {
    const { api } = setupEmulator();
    await assertError(await api('/users/notifications', { method: 'POST', json: { webhook_url: 'javascript:alert(1)' } }), 400);
    await assertError(await api('/users/notifications', { method: 'POST', json: { channels: { webhook: 'yes' } } }), 400);
    await assertError(await api('/users/notifications', { auth: null }), 401);
    const deleted = await api('/users/notifications', { method: 'DELETE' });
    await assertError(deleted, 405);
    assert.equal(deleted.headers.get('allow'), 'GET, POST');
  });

  test('POST /users/notifications/test: 400 without a webhook, else a test delivery', async () => {
    const { api } = setupEmulator();
    await assertError(await api('/users/notifications/test', { method: 'POST' }), 400);
    await api('/users/notifications', { method: 'POST', json: { channels: { webhook: true }, webhook_url: `${receiver.url}/test` } });
    const response = await api('/users/notifications/test', { method: 'POST' });
    assert.deepEqual(await json(response), { success: true, message: 'Test notification sent' });
    const [delivery] = await receiver.waitFor(1);
    assert.equal(delivery!.json.event, 'test');
    assert.equal(typeof delivery!.json.delivery_id, 'string');
  });
});

describe('emulator webhooks: one delivery per account change, whatever caused it', () => {
  test('the admin routes: connect, reauth, disconnect, each with event, profile, platform, delivery id and time', async () => {
    const { admin, emulator } = await withWebhook();
    assert.equal((await admin('/profiles/alice/accounts/tiktok', { method: 'PUT', json: account })).status, 200);
    const reauth = await admin('/profiles/alice/accounts/tiktok/reauth-required', { method: 'POST' });
    assert.equal(reauth.status, 200);
    assert.deepEqual((await json(reauth)).profile.social_accounts.tiktok, { ...account, social_images: '', reauth_required: true });
    assert.equal((await admin('/profiles/alice/accounts/tiktok', { method: 'DELETE' })).status, 200);
    const received = await receiver.waitFor(3);
    await emulator.webhooks.sender.whenIdle();
    assert.deepEqual(
      inSendingOrder(emulator, received).map((request) => [request.json.event, request.json.profile_username, request.json.platform]),
      [
        ['social_account_connected', 'alice', 'tiktok'],
        ['social_account_reauth_required', 'alice', 'tiktok'],
        ['social_account_disconnected', 'alice', 'tiktok'],
      ],
    );
    for (const request of received) {
      assert.equal(request.path, '/hook');
      assert.match(request.headers['content-type']!, /^application\/json/);
      assert.match(request.json.created_at, /^2025-05-02T21:43:14\.000000$/, 'the documented timestamp form, on the emulator’s clock');
    }
    assert.equal(new Set(received.map((request) => request.json.delivery_id)).size, 3);
    assert.deepEqual(
      emulator.webhooks.sender.deliveries.map((delivery) => delivery.status),
      ['delivered', 'delivered', 'delivered'],
    );
  });

  test('the connect page: allowing and disconnecting in the hosted page are delivered too', async () => {
    const { emulator } = await withWebhook('/page');
    const link = emulator.store.addLink('alice', {}, 60_000);
    const token = await mintConnectToken({ username: 'alice', jti: link.jti, expiresAt: link.expiresAt, issuedAt: emulator.store.now() }, SECRET);
    const opened = await emulator.app.request(`http://localhost/connect?token=${token}`);
    const session = opened.headers.get('location')!;
    const form = { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost' };
    // Through the network's consent screen and back, as a person does.
    const trip = await allowOnNetwork(emulator.app, 'http://localhost', session, 'instagram', { handle: 'alice.ig', display_name: 'Alice' });
    assert.equal(trip.callback?.status, 303);
    assert.equal((await emulator.app.request(`${session}/disconnect/instagram`, { method: 'POST', headers: form, body: '' })).status, 303);
    const received = await receiver.waitFor(2);
    await emulator.webhooks.sender.whenIdle();
    assert.deepEqual(
      inSendingOrder(emulator, received).map((request) => request.json.event),
      ['social_account_connected', 'social_account_disconnected'],
    );
  });

  test('only changes are delivered: no event for unlinking what was not linked, nor for a reauth of nothing (404)', async () => {
    const { admin, emulator } = await withWebhook();
    assert.equal((await admin('/profiles/alice/accounts/tiktok', { method: 'DELETE' })).status, 200, 'the created profile has an empty tiktok slot');
    await assertError(await admin('/profiles/alice/accounts/tiktok/reauth-required', { method: 'POST' }), 404);
    await assertError(await admin('/profiles/nobody/accounts/tiktok/reauth-required', { method: 'POST' }), 404);
    await emulator.webhooks.sender.whenIdle();
    assert.equal(emulator.webhooks.sender.deliveries.length, 0);
  });

  test('events turned off, or the webhook channel off, are not delivered', async () => {
    const { api, admin, emulator } = await withWebhook();
    await api('/users/notifications', { method: 'POST', json: { webhook_events: { social_account_connected: false } } });
    await admin('/profiles/alice/accounts/tiktok', { method: 'PUT', json: account });
    await api('/users/notifications', { method: 'POST', json: { channels: { webhook: false } } });
    await admin('/profiles/alice/accounts/tiktok', { method: 'DELETE' });
    await emulator.webhooks.sender.whenIdle();
    assert.equal(emulator.webhooks.sender.deliveries.length, 0);
  });

  test('the change is made and answered even when the receiver is down', async () => {
    const setup = setupEmulator({ webhooks: { retryDelaysMs: [] } });
    await setup.api('/users/notifications', { method: 'POST', json: { channels: { webhook: true }, webhook_url: 'http://127.0.0.1:9/closed' } });
    await setup.createProfile('alice');
    const answer = await setup.admin('/profiles/alice/accounts/tiktok', { method: 'PUT', json: account });
    assert.equal(answer.status, 200);
    assert.equal((await json(answer)).profile.social_accounts.tiktok.username, 'alice_tt');
    await setup.emulator.webhooks.sender.whenIdle();
    const [delivery] = setup.emulator.webhooks.sender.deliveries;
    assert.equal(delivery!.status, 'failed');
    assert.match(delivery!.attempts[0]!.error!, /ECONNREFUSED|fetch failed/);
  });
});

describe('emulator webhooks: retries and the deliveries log', () => {
  test('a failing receiver gets the same delivery again after each backoff, until it answers 2xx', async () => {
    const { admin, emulator } = await withWebhook('/flaky', [10, 20, 40]);
    receiver.status = 503;
    await admin('/profiles/alice/accounts/tiktok', { method: 'PUT', json: account });
    await receiver.waitFor(2);
    receiver.status = 204;
    await emulator.webhooks.sender.whenIdle();
    const received = receiver.received;
    assert.ok(received.length >= 3);
    assert.equal(new Set(received.map((request) => request.body)).size, 1, 'the same body, delivery id included');
    const log = await json(await admin('/webhooks/deliveries'));
    const [delivery] = log.deliveries;
    assert.equal(delivery.status, 'delivered');
    assert.equal(delivery.attempts.length, received.length);
    assert.deepEqual(
      delivery.attempts.map((attempt: { status: number }) => attempt.status),
      [...Array(received.length - 1).fill(503), 204],
    );
  });

  test('gives up after the last retry and says so', async () => {
    const { admin, emulator } = await withWebhook('/down', [5, 5]);
    receiver.status = 500;
    await admin('/profiles/alice/accounts/tiktok', { method: 'PUT', json: account });
    await emulator.webhooks.sender.whenIdle();
    const [delivery] = (await json(await admin('/webhooks/deliveries'))).deliveries;
    assert.equal(delivery.status, 'failed');
    assert.equal(delivery.attempts.length, 3);
  });

  test('reset forgets deliveries and settings, and stops pending retries', async () => {
    const { admin, api, emulator } = await withWebhook('/reset', [60_000]);
    receiver.status = 500;
    await admin('/profiles/alice/accounts/tiktok', { method: 'PUT', json: account });
    await receiver.waitFor(1);
    await admin('/reset', { method: 'POST' });
    await emulator.webhooks.sender.whenIdle();
    assert.deepEqual((await json(await admin('/webhooks/deliveries'))).deliveries, []);
    assert.equal((await json(await api('/users/notifications'))).notifications.webhook_url, null);
  });
});

describe('emulator webhooks: delivery faults', () => {
  test('drop: recorded as dropped, never sent', async () => {
    const { admin, emulator } = await withWebhook('/dropped');
    assert.equal((await admin('/webhooks/faults', { method: 'PUT', json: { dropRate: 1 } })).status, 200);
    await admin('/profiles/alice/accounts/tiktok', { method: 'PUT', json: account });
    await emulator.webhooks.sender.whenIdle();
    assert.equal(emulator.webhooks.sender.deliveries[0]!.status, 'dropped');
    assert.equal(receiver.received.length, 0);
  });

  test('duplicate: the same body, delivery id included, arrives twice', async () => {
    const { admin, emulator } = await withWebhook('/twice');
    await admin('/webhooks/faults', { method: 'PUT', json: { duplicateRate: 1 } });
    await admin('/profiles/alice/accounts/tiktok', { method: 'PUT', json: account });
    const [first, second] = await receiver.waitFor(2);
    assert.equal(first!.body, second!.body);
    await emulator.webhooks.sender.whenIdle();
  });

  test('delay: the first attempt waits at least that long', async () => {
    const { admin, emulator } = await withWebhook('/late');
    await admin('/webhooks/faults', { method: 'PUT', json: { delayMs: 150 } });
    const started = Date.now();
    await admin('/profiles/alice/accounts/tiktok', { method: 'PUT', json: account });
    const [delivery] = await receiver.waitFor(1);
    assert.ok(delivery!.at - started >= 140, `arrived after ${delivery!.at - started} ms`);
    await emulator.webhooks.sender.whenIdle();
  });

  test('hold and release in reverse: deliveries arrive in the opposite order of the changes', async () => {
    const { admin, emulator } = await withWebhook('/reordered');
    await admin('/webhooks/faults', { method: 'PUT', json: { hold: true } });
    await admin('/profiles/alice/accounts/tiktok', { method: 'PUT', json: account });
    await admin('/profiles/alice/accounts/tiktok', { method: 'DELETE' });
    assert.deepEqual(
      emulator.webhooks.sender.deliveries.map((delivery) => delivery.status),
      ['held', 'held'],
    );
    assert.deepEqual(await json(await admin('/webhooks/release', { method: 'POST', json: { order: 'reverse' } })), { released: 2, success: true });
    const received = await receiver.waitFor(2);
    assert.deepEqual(
      received.map((request) => request.json.event),
      ['social_account_disconnected', 'social_account_connected'],
    );
    await emulator.webhooks.sender.whenIdle();
  });

  test('bad fault settings are refused naming the field; GET shows what is in force', async () => {
    const { admin } = setupEmulator();
    const refused = await admin('/webhooks/faults', { method: 'PUT', json: { dropRate: 2 } });
    const body = await assertError(refused, 400);
    assert.match(body.message, /dropRate/);
    assert.deepEqual(await json(await admin('/webhooks/faults')), { dropRate: 0, delayMs: 0, jitterMs: 0, duplicateRate: 0, hold: false });
  });
});
