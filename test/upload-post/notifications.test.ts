/**
 * The notification endpoints of the client (`getNotificationConfig`, `updateNotificationConfig`,
 * `testNotifications`) over a scripted transport, and the reading of a slot that needs reauth.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { accountNeedsReauth, upstreamAccountSchema } from '../../upload-post/index.ts';
import { clientOver, failure, scripted } from '../helpers/upload-post-fakes.ts';

const DOCUMENTED = {
  success: true,
  notifications: {
    channels: { webhook: true, telegram: false },
    webhook_url: 'https://hooks.example.com/up',
    webhook_events: { upload_completed: true, social_account_connected: true, social_account_disconnected: false },
  },
};

describe('the notification settings', () => {
  describe('getNotificationConfig', () => {
    test('reads the documented answer: channels, URL and events under `notifications`', async () => {
      const transport = scripted({ status: 200, body: DOCUMENTED });
      const config = await clientOver(transport).getNotificationConfig();
      assert.deepEqual(config, DOCUMENTED.notifications);
      assert.equal(transport.sent[0]!.method, 'GET');
      assert.equal(transport.sent[0]!.url, 'https://upstream.test/api/uploadposts/users/notifications');
    });

    test('accepts webhook_events as an array of names (the SDK’s typings), and the settings at the top level', async () => {
      const config = await clientOver(
        scripted({
          status: 200,
          body: { success: true, channels: { webhook: true }, webhook_url: 'https://h.example', webhook_events: ['social_account_connected'] },
        }),
      ).getNotificationConfig();
      assert.deepEqual(config.webhook_events, { social_account_connected: true });
      assert.equal(config.webhook_url, 'https://h.example');
    });

    test('is lenient with odd values: null URL and channels, non-boolean flags, a numeric chat id, unknown fields kept', async () => {
      const config = await clientOver(
        scripted({
          status: 200,
          body: {
            notifications: { channels: null, webhook_url: null, telegram_chat_id: 123, webhook_events: { upload_completed: 'yes', x: false }, plan: 'pro' },
          },
        }),
      ).getNotificationConfig();
      assert.deepEqual(config, { channels: {}, telegram_chat_id: '123', webhook_events: { x: false }, plan: 'pro' });
    });

    test('an answer without settings is a shape error, not empty settings', async () => {
      const error = await failure(clientOver(scripted({ status: 200, body: { success: true } })).getNotificationConfig());
      assert.equal(error.kind, 'shape');
      assert.match(error.message, /notifications: missing/);
    });
  });

  describe('updateNotificationConfig', () => {
    test('sends the documented body; an event list becomes the object, every event named', async () => {
      const transport = scripted({ status: 200, body: DOCUMENTED });
      await clientOver(transport).updateNotificationConfig({
        channels: { webhook: true },
        webhook_url: 'https://hooks.example.com/up',
        webhook_events: ['social_account_connected', 'social_account_disconnected'],
      });
      const sent = transport.sent[0]!;
      assert.equal(sent.method, 'POST');
      assert.equal(sent.url, 'https://upstream.test/api/uploadposts/users/notifications');
      assert.deepEqual(JSON.parse(sent.body!), {
        channels: { webhook: true },
        webhook_url: 'https://hooks.example.com/up',
        webhook_events: {
          upload_completed: false,
          social_account_connected: true,
          social_account_disconnected: true,
          social_account_reauth_required: false,
        },
      });
    });

    test('is strict in what it sends: an unknown event, field or a non-http URL is a TypeError and nothing goes out', async () => {
      const transport = scripted({ status: 200, body: DOCUMENTED });
      const client = clientOver(transport);
      for (const update of [
        { webhook_events: ['social_account_linked'] },
        { webhook_events: { uploaded: true } },
        { webhook_url: 'javascript:alert(1)' },
        { channel: { webhook: true } },
      ]) {
        await assert.rejects(client.updateNotificationConfig(update as never), TypeError);
      }
      assert.equal(transport.sent.length, 0);
    });

    test('is retried after a 5xx: the same body sets the same settings', async () => {
      const transport = scripted({ status: 503, body: {} }, { status: 200, body: DOCUMENTED });
      await clientOver(transport).updateNotificationConfig({ webhook_url: 'https://hooks.example.com/up' });
      assert.equal(transport.sent.length, 2);
    });
  });

  describe('testNotifications', () => {
    test('posts to /notifications/test, is never retried, and answers the message', async () => {
      const ok = scripted({ status: 200, body: { success: true, message: 'Test notification sent' } });
      assert.deepEqual(await clientOver(ok).testNotifications(), { message: 'Test notification sent' });
      assert.equal(ok.sent[0]!.url, 'https://upstream.test/api/uploadposts/users/notifications/test');
      const failing = scripted({ status: 503, body: {} });
      assert.equal((await failure(clientOver(failing).testNotifications())).status, 503);
      assert.equal(failing.sent.length, 1, 'each call sends a notification: never repeated');
    });
  });
});

describe('accountNeedsReauth', () => {
  const slot = (value: unknown) => upstreamAccountSchema.parse(value);

  test('reads the flags and status words a social API uses for "reconnect me"', () => {
    for (const details of [
      { reauth_required: true },
      { needs_reauth: 'true' },
      { requires_reauth: true },
      { token_expired: true },
      { status: 'reauth_required' },
      { status: 'Token Expired' },
      { connection_status: 'needs-reauth' },
      { state: 'revoked' },
    ]) {
      assert.equal(accountNeedsReauth(slot({ username: 'a', display_name: 'A', ...details })), true, JSON.stringify(details));
    }
  });

  test('a healthy, unlinked or differently flagged account does not need reauth', () => {
    for (const value of [{ username: 'a' }, { reauth_required: false }, { status: 'active' }, { status: 42 }, '', null, 'handle']) {
      assert.equal(accountNeedsReauth(slot(value)), false, JSON.stringify(value));
    }
    assert.equal(accountNeedsReauth(undefined), false);
  });
});
