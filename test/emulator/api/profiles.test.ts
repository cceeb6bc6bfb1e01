/** The emulated profile routes: `POST`, `GET` and `DELETE /users` and `GET /users/{username}`, against the documentation. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertError, BAD_USERNAME_BODIES, json, KEY, MALFORMED_BODIES, setupEmulator } from '../../helpers/emulator.ts';
import { serveOnLoopback } from '../../helpers/loopback.ts';

describe('emulated API: profiles', () => {
  describe('POST /users creates a profile', () => {
    it('answers 201 with the documented shape', async () => {
      const { api, now } = setupEmulator();
      const response = await api('/users', { method: 'POST', json: { username: 'user_123' } });
      assert.equal(response.status, 201);
      assert.deepEqual(await json(response), {
        profile: { created_at: new Date(now()).toUTCString(), social_accounts: { tiktok: '' }, username: 'user_123' },
        success: true,
      });
    });

    it('ignores unknown body fields', async () => {
      const { api, emulator } = setupEmulator();
      const response = await api('/users', { method: 'POST', json: { username: 'u', plan: 'gold', nested: { a: 1 } } });
      assert.equal(response.status, 201);
      assert.equal((await json(response)).profile.username, 'u');
      assert.equal(emulator.store.listProfiles().length, 1);
    });

    it('accepts a JSON content type with parameters', async () => {
      const { api } = setupEmulator();
      const response = await api('/users', {
        method: 'POST',
        body: '{"username":"u"}',
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
      });
      assert.equal(response.status, 201);
    });

    describe('answers 400 "Missing or invalid username", creating nothing, for', () => {
      for (const [label, body] of BAD_USERNAME_BODIES) {
        it(label, async () => {
          const { api, emulator } = setupEmulator();
          await assertError(await api('/users', { method: 'POST', json: body }), 400, 'Missing or invalid username');
          assert.equal(emulator.store.listProfiles().length, 0);
        });
      }
    });

    describe('answers 400, creating nothing, for', () => {
      for (const [label, init] of MALFORMED_BODIES) {
        it(label, async () => {
          const { api, emulator } = setupEmulator();
          await assertError(await api('/users', { method: 'POST', ...init }), 400);
          assert.equal(emulator.store.listProfiles().length, 0);
        });
      }
    });

    it('answers 409 for a username that exists', async () => {
      const { api, createProfile } = setupEmulator();
      await createProfile('dup');
      await assertError(await api('/users', { method: 'POST', json: { username: 'dup' } }), 409, 'A profile with the provided username already exists');
    });

    it('answers 403 PROFILE_LIMIT_REACHED past the plan limit, and 409 still wins for an existing name', async () => {
      const { api, createProfile, emulator } = setupEmulator({ profileLimit: 2 });
      await createProfile('a');
      await createProfile('b');
      await assertError(
        await api('/users', { method: 'POST', json: { username: 'c' } }),
        403,
        'Profile limit reached for the current plan',
        'PROFILE_LIMIT_REACHED',
      );
      await assertError(await api('/users', { method: 'POST', json: { username: 'a' } }), 409);
      assert.deepEqual(
        emulator.store.listProfiles().map((profile) => profile.username),
        ['a', 'b'],
      );
    });

    describe('under concurrent requests over a real socket', () => {
      it('N creates of one username: exactly one 201, the rest 409', async () => {
        const { emulator } = setupEmulator();
        const server = await serveOnLoopback(emulator.app.fetch);
        try {
          const statuses = await Promise.all(
            Array.from({ length: 25 }, () =>
              fetch(`${server.url}/api/uploadposts/users`, {
                method: 'POST',
                headers: { Authorization: `Apikey ${KEY}`, 'Content-Type': 'application/json' },
                body: JSON.stringify({ username: 'race' }),
              }).then(async (response) => {
                await response.arrayBuffer();
                return response.status;
              }),
            ),
          );
          assert.equal(statuses.filter((status) => status === 201).length, 1);
          assert.equal(statuses.filter((status) => status === 409).length, 24);
          assert.equal(emulator.store.listProfiles().length, 1);
        } finally {
          await server.close();
        }
      });

      it('N creates of different usernames never exceed the limit', async () => {
        const { emulator } = setupEmulator({ profileLimit: 5 });
        const server = await serveOnLoopback(emulator.app.fetch);
        try {
          const statuses = await Promise.all(
            Array.from({ length: 12 }, (_, index) =>
              fetch(`${server.url}/api/uploadposts/users`, {
                method: 'POST',
                headers: { Authorization: `Apikey ${KEY}`, 'Content-Type': 'application/json' },
                body: JSON.stringify({ username: `user-${index}` }),
              }).then(async (response) => {
                await response.arrayBuffer();
                return response.status;
              }),
            ),
          );
          assert.equal(statuses.filter((status) => status === 201).length, 5);
          assert.equal(statuses.filter((status) => status === 403).length, 7);
          assert.equal(emulator.store.listProfiles().length, 5);
        } finally {
          await server.close();
        }
      });
    });
  });

  describe('GET /users lists the profiles', () => {
    it('with the plan and its limit', async () => {
      const { api, createProfile, emulator, now } = setupEmulator({ profileLimit: 7, plan: 'default' });
      await createProfile('first');
      await createProfile('second');
      emulator.store.connectAccount('first', 'instagram', { username: 'ig', display_name: 'IG User', social_images: 'https://img/ig' });
      const response = await api('/users');
      assert.equal(response.status, 200);
      const createdAt = new Date(now()).toUTCString();
      assert.deepEqual(await json(response), {
        limit: 7,
        plan: 'default',
        profiles: [
          {
            created_at: createdAt,
            social_accounts: { tiktok: '', instagram: { username: 'ig', display_name: 'IG User', social_images: 'https://img/ig' } },
            username: 'first',
          },
          { created_at: createdAt, social_accounts: { tiktok: '' }, username: 'second' },
        ],
        success: true,
      });
    });

    it('as an empty list when there is no profile', async () => {
      const { api } = setupEmulator();
      const body = await json(await api('/users'));
      assert.deepEqual(body.profiles, []);
      assert.equal(body.limit, 10);
      assert.equal(body.success, true);
    });
  });

  describe('GET /users/{username} reads one profile', () => {
    it('with the documented shape', async () => {
      const { api, createProfile, now } = setupEmulator();
      await createProfile('someone');
      const response = await api('/users/someone');
      assert.equal(response.status, 200);
      assert.deepEqual(await json(response), {
        success: true,
        profile: { created_at: new Date(now()).toUTCString(), social_accounts: { tiktok: '' }, username: 'someone' },
      });
    });

    it('whose username needs percent-encoding', async () => {
      const { api, createProfile } = setupEmulator();
      await createProfile('team a/1');
      const response = await api(`/users/${encodeURIComponent('team a/1')}`);
      assert.equal(response.status, 200);
      assert.equal((await json(response)).profile.username, 'team a/1');
    });

    it('or answers 404 with exactly the documented body', async () => {
      const { api } = setupEmulator();
      const response = await api('/users/nobody');
      assert.equal(response.status, 404);
      assert.deepEqual(await json(response), { success: false, message: 'Profile not found' });
    });
  });

  describe('DELETE /users deletes a profile', () => {
    it('with the documented answer, freeing its name', async () => {
      const { api, createProfile } = setupEmulator();
      await createProfile('gone');
      const response = await api('/users', { method: 'DELETE', json: { username: 'gone' } });
      assert.equal(response.status, 200);
      assert.deepEqual(await json(response), { message: 'Perfil eliminado correctamente', success: true });
      assert.equal((await api('/users/gone')).status, 404);
      // The name can be taken again.
      assert.equal((await api('/users', { method: 'POST', json: { username: 'gone' } })).status, 201);
    });

    it('or answers 404 for an unknown profile', async () => {
      const { api } = setupEmulator();
      await assertError(await api('/users', { method: 'DELETE', json: { username: 'nobody' } }), 404, 'Profile not found');
    });

    describe('answers 400 "Missing or invalid username" for', () => {
      for (const [label, body] of BAD_USERNAME_BODIES) {
        it(label, async () => {
          const { api } = setupEmulator();
          await assertError(await api('/users', { method: 'DELETE', json: body }), 400, 'Missing or invalid username');
        });
      }
    });

    describe('answers 400, deleting nothing, for', () => {
      for (const [label, init] of MALFORMED_BODIES) {
        it(label, async () => {
          const { api, createProfile, emulator } = setupEmulator();
          await createProfile('a');
          await assertError(await api('/users', { method: 'DELETE', ...init }), 400);
          assert.ok(emulator.store.getProfile('a'));
        });
      }
    });
  });
});
