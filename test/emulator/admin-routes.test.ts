/** The emulator's `/__emulator` controls: faults, plan limit, seeded accounts and reset, strict about their bodies. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertError, json, setupEmulator, type CallInit } from '../helpers/emulator.ts';

const NO_FAULTS = { latencyMs: 0, errorRate: 0, forcedStatus: null, garbage: null };

describe('emulator admin routes', () => {
  describe('/faults', () => {
    it('GET reports the settings; PUT changes only what it names', async () => {
      const { admin } = setupEmulator();
      assert.deepEqual(await json(await admin('/faults')), NO_FAULTS);
      const changed = await admin('/faults', { method: 'PUT', json: { latencyMs: 5, garbage: 'html' } });
      assert.equal(changed.status, 200);
      assert.deepEqual(await json(changed), { latencyMs: 5, errorRate: 0, forcedStatus: null, garbage: 'html' });
      await admin('/faults', { method: 'PUT', json: { errorRate: 0.5 } });
      assert.deepEqual(await json(await admin('/faults')), { latencyMs: 5, errorRate: 0.5, forcedStatus: null, garbage: 'html' });
    });

    describe('PUT answers 400, changing nothing, for', () => {
      const badFaults: Array<[string, CallInit]> = [
        ['a negative latency', { json: { latencyMs: -1 } }],
        ['a fractional latency', { json: { latencyMs: 1.5 } }],
        ['a huge latency', { json: { latencyMs: 10 * 60 * 1000 } }],
        ['an error rate above 1', { json: { errorRate: 1.5 } }],
        ['a forced 2xx', { json: { forcedStatus: 200 } }],
        ['a forced status as a string', { json: { forcedStatus: '503' } }],
        ['an unknown garbage mode', { json: { garbage: 'xml' } }],
        ['an unknown field', { json: { latency: 100 } }],
        ['not JSON', { body: 'latencyMs=1', headers: { 'Content-Type': 'application/json' } }],
        ['an array', { json: [] }],
      ];
      for (const [label, init] of badFaults) {
        it(label, async () => {
          const { admin } = setupEmulator();
          await assertError(await admin('/faults', { method: 'PUT', ...init }), 400);
          assert.deepEqual(await json(await admin('/faults')), NO_FAULTS);
        });
      }
    });
  });

  it('PUT /limit changes the plan limit; 400 for anything but a whole number ≥ 0', async () => {
    const { api, admin, createProfile } = setupEmulator();
    const response = await admin('/limit', { method: 'PUT', json: { limit: 1 } });
    assert.equal(response.status, 200);
    assert.equal((await json(await api('/users'))).limit, 1);
    await createProfile('only');
    await assertError(await api('/users', { method: 'POST', json: { username: 'second' } }), 403, undefined, 'PROFILE_LIMIT_REACHED');
    for (const body of [{ limit: -1 }, { limit: 1.5 }, { limit: '3' }, {}, { limit: 3, extra: true }]) {
      await assertError(await admin('/limit', { method: 'PUT', json: body }), 400);
    }
    assert.equal((await json(await api('/users'))).limit, 1);
  });

  describe('/profiles/{username}/accounts/{platform}', () => {
    it('PUT links an account as the documentation shows one, extra fields and unknown platforms included', async () => {
      const { api, admin, createProfile } = setupEmulator();
      await createProfile('a');
      const linked = await admin('/profiles/a/accounts/tiktok', {
        method: 'PUT',
        json: { username: 'tt', display_name: 'TikTok Person', capabilities: ['video'] },
      });
      assert.equal(linked.status, 200);
      assert.equal(
        (
          await admin('/profiles/a/accounts/mastodon', {
            method: 'PUT',
            json: { username: 'm', display_name: 'M', social_images: 'https://img/m' },
          })
        ).status,
        200,
      );
      const profile = (await json(await api('/users/a'))).profile;
      assert.deepEqual(profile.social_accounts, {
        tiktok: { username: 'tt', display_name: 'TikTok Person', social_images: '', capabilities: ['video'] },
        mastodon: { username: 'm', display_name: 'M', social_images: 'https://img/m' },
      });
    });

    it('PUT answers 404 for an unknown profile, 400 for a bad platform id or body', async () => {
      const { admin, createProfile } = setupEmulator();
      await createProfile('a');
      await assertError(await admin('/profiles/nobody/accounts/tiktok', { method: 'PUT', json: { username: 'u', display_name: 'U' } }), 404);
      await assertError(await admin('/profiles/a/accounts/Tik-Tok', { method: 'PUT', json: { username: 'u', display_name: 'U' } }), 400);
      await assertError(await admin('/profiles/a/accounts/tiktok', { method: 'PUT', json: { username: 'u' } }), 400);
      await assertError(await admin('/profiles/a/accounts/tiktok', { method: 'PUT', json: { username: 3, display_name: 'U' } }), 400);
      await assertError(await admin('/profiles/a/accounts/tiktok', { method: 'PUT', body: 'nope', headers: { 'Content-Type': 'application/json' } }), 400);
    });

    it('DELETE leaves the empty slot the documentation shows; 404 for what is not there', async () => {
      const { api, admin, createProfile } = setupEmulator();
      await createProfile('a');
      await admin('/profiles/a/accounts/x', { method: 'PUT', json: { username: 'xx', display_name: 'X' } });
      assert.equal((await admin('/profiles/a/accounts/x', { method: 'DELETE' })).status, 200);
      assert.equal((await json(await api('/users/a'))).profile.social_accounts.x, '');
      await assertError(await admin('/profiles/a/accounts/youtube', { method: 'DELETE' }), 404);
      await assertError(await admin('/profiles/nobody/accounts/x', { method: 'DELETE' }), 404);
      // Names every object inherits are not slots: nothing to delete, and nothing written through them.
      for (const inherited of ['constructor', 'toString', '__proto__']) {
        await assertError(await admin(`/profiles/a/accounts/${inherited}`, { method: 'DELETE' }), 404);
      }
      assert.equal(Object.hasOwn((await json(await api('/users/a'))).profile.social_accounts, 'constructor'), false);
    });
  });

  it('POST /reset forgets profiles and links, restores the initial limit and clears faults', async () => {
    const { api, admin, createProfile, generate, emulator } = setupEmulator({ profileLimit: 4 });
    await createProfile('a');
    const { token } = await generate({ username: 'a' });
    await admin('/limit', { method: 'PUT', json: { limit: 1 } });
    await admin('/faults', { method: 'PUT', json: { latencyMs: 3, garbage: 'html' } });
    const response = await admin('/reset', { method: 'POST' });
    assert.equal(response.status, 200);
    assert.deepEqual(await json(response), { success: true });
    assert.deepEqual(emulator.faults.settings, NO_FAULTS);
    const list = await json(await api('/users'));
    assert.deepEqual(list.profiles, []);
    assert.equal(list.limit, 4);
    assert.equal((await json(await api('/users/validate-jwt', { auth: `Bearer ${token}` }))).isValid, false);
  });

  it('answers 404 JSON for an unknown admin route', async () => {
    const { admin } = setupEmulator();
    await assertError(await admin('/nothing'), 404);
  });
});
