/** The emulated API's key check: `Authorization: Apikey KEY` on every route that needs one, checked before the body. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertError, KEY, setupEmulator, type CallInit } from '../../helpers/emulator.ts';

describe('emulated API: the API key', () => {
  describe('answers 401 "Invalid or missing API Key" to every bad Authorization header, and does nothing', () => {
    const protectedCalls: Array<[string, string, CallInit]> = [
      ['POST /users', '/users', { method: 'POST', json: { username: 'a' } }],
      ['GET /users', '/users', {}],
      ['GET /users/{username}', '/users/a', {}],
      ['DELETE /users', '/users', { method: 'DELETE', json: { username: 'a' } }],
      ['POST /users/generate-jwt', '/users/generate-jwt', { method: 'POST', json: { username: 'a' } }],
      ['GET /facebook/pages', '/facebook/pages', {}],
    ];
    const badHeaders: Array<[string, string | null]> = [
      ['missing', null],
      ['wrong key', 'Apikey not-the-key'],
      ['key with a suffix', `Apikey ${KEY}x`],
      ['key prefix only', `Apikey ${KEY.slice(0, -1)}`],
      ['Bearer scheme', `Bearer ${KEY}`],
      ['Basic scheme', `Basic ${KEY}`],
      ['bare key', KEY],
      ['scheme without key', 'Apikey'],
    ];

    for (const [name, path, init] of protectedCalls) {
      it(name, async () => {
        const { api, createProfile, emulator } = setupEmulator();
        await createProfile('a');
        for (const [, auth] of badHeaders) {
          await assertError(await api(path, { ...init, auth }), 401, 'Invalid or missing API Key');
        }
        // Nothing was done on the unauthenticated calls' behalf.
        assert.ok(emulator.store.getProfile('a'));
      });
    }
  });

  it('accepts the scheme in any case (auth schemes are case-insensitive)', async () => {
    const { api } = setupEmulator();
    assert.equal((await api('/users', { auth: `apikey ${KEY}` })).status, 200);
    assert.equal((await api('/users', { auth: `APIKEY ${KEY}` })).status, 200);
  });

  it('is checked before the body: an unauthenticated malformed body is a 401, not a 400', async () => {
    const { api } = setupEmulator();
    await assertError(await api('/users', { method: 'POST', auth: null, body: 'not json' }), 401);
  });
});
