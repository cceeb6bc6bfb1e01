/** Reading a webhook delivery leniently: where the profile, event, platform and delivery id may be, and what is ignored. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readWebhookDelivery } from '../../../token-server/live/webhook-delivery.ts';

describe('readWebhookDelivery', () => {
  test('the emulator’s (and the documented upload_completed’s) field names', () => {
    assert.deepEqual(
      readWebhookDelivery({ event: 'social_account_connected', profile_username: 'alice', platform: 'TikTok', delivery_id: 'd-1', created_at: 'x' }),
      [{ action: 'refresh', profile: 'alice', hint: { event: 'social_account_connected', platform: 'tiktok', deliveryId: 'd-1' } }],
    );
  });

  test('an envelope (`type`, `id`, `data`), a profile object, a batch; a social handle is never taken for the profile', () => {
    assert.deepEqual(readWebhookDelivery({ id: 7, type: 'social_account_disconnected', data: { profile_username: 'bob', platform: 'x' } }), [
      { action: 'refresh', profile: 'bob', hint: { event: 'social_account_disconnected', platform: 'x', deliveryId: '7' } },
    ]);
    assert.deepEqual(
      readWebhookDelivery({ event: 'social_account_connected', profile: { username: 'carol' }, account: { username: 'carol_tt', platform: 'tiktok' } }),
      [{ action: 'refresh', profile: 'carol', hint: { event: 'social_account_connected', platform: 'tiktok' } }],
    );
    assert.equal(readWebhookDelivery([{ profile_username: 'a' }, { profile_username: 'b' }]).length, 2);
  });

  test('an unknown event still re-reads (without a hint); events about other things, and odd shapes, are ignored', () => {
    assert.deepEqual(readWebhookDelivery({ event: 'social_account_renamed', profile_username: 'alice', platform: 'x' }), [
      { action: 'refresh', profile: 'alice', hint: {} },
    ]);
    const ignored = (value: unknown) => readWebhookDelivery(value).map((action) => action.action === 'ignore' && [action.reason, action.expected]);
    assert.deepEqual(ignored({ event: 'upload_completed', profile_username: 'alice' }), [['event upload_completed is not about accounts', true]]);
    assert.deepEqual(ignored({ event: 'test' }), [['event test is not about accounts', true]]);
    assert.deepEqual(ignored({ hello: 'world' }), [['no profile username in the delivery', false]]);
    assert.deepEqual(ignored({ profile_username: 'validate-jwt' }), [['the profile username cannot name a profile', false]]);
    assert.deepEqual(ignored('a string'), [['the delivery is not a JSON object', false]]);
    assert.equal(readWebhookDelivery(Array.from({ length: 500 }, () => ({ profile_username: 'a' }))).length, 50);
  });
});
