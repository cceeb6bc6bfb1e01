/** The emulator's variation routes: raw slots and `created_at` served exactly as set, by every API answer that shows a profile. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertError, json, setupEmulator } from '../helpers/emulator.ts';
import { SLOT_VARIATIONS, UNKNOWN_PLATFORM_SLOTS } from '../helpers/slot-variations.ts';

const put = (body: unknown) => ({ method: 'PUT', json: body });

describe('emulator variation routes', () => {
  describe('PUT /profiles/{username}/raw-slots', () => {
    it('serves every slot variation and unknown platform verbatim, by get, list and validate-jwt', async () => {
      const { api, admin, createProfile, generate } = setupEmulator();
      await createProfile('a');
      const slots = { ...Object.fromEntries(SLOT_VARIATIONS.map((variation, index) => [`p${index}`, variation.raw])), ...UNKNOWN_PLATFORM_SLOTS };
      const answer = await admin('/profiles/a/raw-slots', put(slots));
      assert.equal(answer.status, 200);
      // The documented placeholder stays, the raw slots follow it in the order given.
      const expected = { tiktok: '', ...slots };
      assert.deepEqual((await json(answer)).profile.social_accounts, expected);
      assert.deepEqual((await json(await api('/users/a'))).profile.social_accounts, expected);
      assert.deepEqual((await json(await api('/users'))).profiles[0].social_accounts, expected);
      const { token } = await generate({ username: 'a' });
      assert.deepEqual((await json(await api('/users/validate-jwt', { method: 'POST', auth: `Bearer ${token}` }))).profile.social_accounts, expected);
    });

    it('a raw slot replaces the account in place; later PUTs merge; DELETE restores the accounts as linked', async () => {
      const { api, admin, createProfile } = setupEmulator();
      await createProfile('a');
      await admin('/profiles/a/accounts/x', put({ username: 'xx', display_name: 'X' }));
      await admin('/profiles/a/raw-slots', put({ tiktok: 0 }));
      await admin('/profiles/a/raw-slots', put({ x: true, mastodon: null }));
      assert.deepEqual((await json(await api('/users/a'))).profile.social_accounts, { tiktok: 0, x: true, mastodon: null });
      const cleared = await admin('/profiles/a/raw-slots', { method: 'DELETE' });
      assert.equal(cleared.status, 200);
      assert.deepEqual((await json(cleared)).profile.social_accounts, {
        tiktok: '',
        x: { username: 'xx', display_name: 'X', social_images: '' },
      });
    });

    it('linking or unlinking a platform clears its raw slot only', async () => {
      const { api, admin, createProfile } = setupEmulator();
      await createProfile('a');
      await admin('/profiles/a/raw-slots', put({ tiktok: true, x: 7, mastodon: [] }));
      await admin('/profiles/a/accounts/tiktok', put({ username: 'tt', display_name: 'TT' }));
      assert.equal((await admin('/profiles/a/accounts/mastodon', { method: 'DELETE' })).status, 200, 'a platform with only a raw slot can be unlinked');
      assert.deepEqual((await json(await api('/users/a'))).profile.social_accounts, {
        tiktok: { username: 'tt', display_name: 'TT', social_images: '' },
        mastodon: '',
        x: 7,
      });
    });

    it('a fresh profile has no raw slot: the default stays documentation-shaped', async () => {
      const { api, createProfile } = setupEmulator();
      await createProfile('a');
      assert.deepEqual((await json(await api('/users/a'))).profile.social_accounts, { tiktok: '' });
    });

    it('answers 404 for an unknown profile, 400 for a body that names no slot or cannot be stored', async () => {
      const { admin, createProfile } = setupEmulator();
      await createProfile('a');
      await assertError(await admin('/profiles/nobody/raw-slots', put({ tiktok: 0 })), 404);
      await assertError(await admin('/profiles/nobody/raw-slots', { method: 'DELETE' }), 404);
      await assertError(await admin('/profiles/a/raw-slots', put({})), 400);
      await assertError(await admin('/profiles/a/raw-slots', put([1])), 400);
      await assertError(await admin('/profiles/a/raw-slots', put({ '': 1 })), 400);
      await assertError(
        await admin('/profiles/a/raw-slots', { method: 'PUT', body: '{"__proto__": {"x": 1}}', headers: { 'Content-Type': 'application/json' } }),
        400,
        'Invalid request body: a "__proto__" key cannot be stored',
      );
    });
  });

  describe('PUT /profiles/{username}/created-at', () => {
    it('serves RFC 1123, ISO with and without zone, any text, or null as given', async () => {
      const { api, admin, createProfile } = setupEmulator();
      await createProfile('a');
      for (const createdAt of ['Fri, 02 May 2025 21:43:14 GMT', '2023-10-27T10:00:00Z', '2025-04-02T17:44:33.229755', 'yesterday', null]) {
        const answer = await admin('/profiles/a/created-at', put({ created_at: createdAt }));
        assert.equal(answer.status, 200);
        assert.equal((await json(answer)).profile.created_at, createdAt);
        assert.equal((await json(await api('/users/a'))).profile.created_at, createdAt);
        assert.equal((await json(await api('/users'))).profiles[0].created_at, createdAt);
      }
    });

    it('answers 404 for an unknown profile, 400 for anything but a string or null', async () => {
      const { admin, createProfile } = setupEmulator();
      await createProfile('a');
      await assertError(await admin('/profiles/nobody/created-at', put({ created_at: 'now' })), 404);
      for (const body of [{}, { created_at: 1714686194 }, { created_at: 'now', extra: 1 }]) {
        await assertError(await admin('/profiles/a/created-at', put(body)), 400);
      }
    });
  });
});
