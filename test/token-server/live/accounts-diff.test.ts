/** What counts as linked, unlinked and needing reauth between two readings, and what a hint alone is worth. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Account } from '../../../protocol/token-server-api.ts';
import { confirmedHints, diffAccounts, isEmptyDiff, sameAccounts } from '../../../token-server/live/accounts-diff.ts';

const off = (platform: string): Account => ({ platform, connected: false });
const on = (platform: string, handle = 'h', extra: Partial<Account> = {}): Account => ({ platform, connected: true, handle, ...extra });
const platforms = (accounts: Account[]) => accounts.map((account) => account.platform);

describe('diffAccounts', () => {
  test('linked, unlinked (as it was, connected: false), needing reauth, and relinked after a reauth', () => {
    const diff = diffAccounts(
      [off('tiktok'), on('instagram', 'ig', { displayName: 'IG' }), on('x'), on('youtube', 'yt', { reauthRequired: true })],
      [on('tiktok'), off('instagram'), on('x', 'h', { reauthRequired: true }), on('youtube', 'yt')],
    );
    assert.deepEqual(platforms(diff.connected), ['tiktok', 'youtube']);
    assert.deepEqual(diff.disconnected, [{ platform: 'instagram', connected: false, handle: 'ig', displayName: 'IG' }]);
    assert.deepEqual(platforms(diff.reauthRequired), ['x']);
  });

  test('another account on the same platform is linked; a new name or avatar alone is nothing; a slot that vanished is unlinked', () => {
    assert.deepEqual(platforms(diffAccounts([on('tiktok', 'a')], [on('tiktok', 'b')]).connected), ['tiktok']);
    assert.ok(isEmptyDiff(diffAccounts([on('tiktok', 'a', { displayName: 'A' })], [on('tiktok', 'a', { displayName: 'B', avatarUrl: 'https://x/a.png' })])));
    assert.deepEqual(platforms(diffAccounts([on('mastodon')], []).disconnected), ['mastodon']);
    assert.ok(isEmptyDiff(diffAccounts([on('x', 'h', { reauthRequired: true })], [on('x', 'h', { reauthRequired: true })])));
  });
});

describe('sameAccounts', () => {
  test('the same accounts in the same order are the same, whatever the order of their fields', () => {
    const before = [off('tiktok'), on('instagram', 'ig', { displayName: 'IG', avatarUrl: 'https://x/a.png' })];
    assert.ok(sameAccounts(before, [off('tiktok'), on('instagram', 'ig', { displayName: 'IG', avatarUrl: 'https://x/a.png' })]));
    assert.ok(sameAccounts(before, [off('tiktok'), { avatarUrl: 'https://x/a.png', displayName: 'IG', handle: 'ig', connected: true, platform: 'instagram' }]));
    assert.ok(sameAccounts([], []));
  });

  test('a field set to undefined is a field left out, as in the JSON the store keeps', () => {
    assert.ok(sameAccounts([on('x', 'h', { displayName: undefined })], [on('x', 'h')]));
    assert.ok(sameAccounts([on('x', 'h')], [on('x', 'h', { reauthRequired: undefined })]));
  });

  test('anything an element would show differently is a change', () => {
    const before = [off('tiktok'), on('instagram', 'ig', { displayName: 'IG' })];
    assert.equal(sameAccounts(before, [on('instagram', 'ig', { displayName: 'IG' }), off('tiktok')]), false, 'another order');
    assert.equal(sameAccounts(before, [off('tiktok')]), false, 'one fewer');
    assert.equal(sameAccounts(before, [...before, off('x')]), false, 'one more');
    assert.equal(sameAccounts(before, [off('tiktok'), on('instagram', 'ig2', { displayName: 'IG' })]), false, 'another handle');
    assert.equal(sameAccounts(before, [off('tiktok'), on('instagram', 'ig')]), false, 'a field gone');
    assert.equal(sameAccounts(before, [off('tiktok'), on('instagram', 'ig', { displayName: 'IG', reauthRequired: true })]), false, 'a field added');
    assert.equal(sameAccounts([on('x', 'h', { reauthRequired: true })], [on('x', 'h', { reauthRequired: false })]), false, 'a flag turned');
  });
});

describe('confirmedHints', () => {
  test('believes a hint only when the reading agrees with it, once per event and platform', () => {
    const diff = confirmedHints(
      [on('tiktok'), off('instagram'), on('x', 'h', { reauthRequired: true })],
      [
        { event: 'social_account_connected', platform: 'tiktok' },
        { event: 'social_account_connected', platform: 'tiktok' },
        { event: 'social_account_connected', platform: 'instagram' },
        { event: 'social_account_disconnected', platform: 'instagram' },
        { event: 'social_account_disconnected', platform: 'tiktok' },
        { event: 'social_account_reauth_required', platform: 'x' },
        { event: 'social_account_reauth_required', platform: 'tiktok' },
      ],
    );
    assert.deepEqual(platforms(diff.connected), ['tiktok']);
    assert.deepEqual(diff.disconnected, [{ platform: 'instagram', connected: false }]);
    assert.deepEqual(platforms(diff.reauthRequired), ['x']);
  });
});
