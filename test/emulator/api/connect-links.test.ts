/** The emulated connect-link routes: generate-jwt mints links, validate-jwt reads them in all three clients' styles. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sign } from 'hono/jwt';
import { mintConnectToken } from '../../../emulator/connect-token.ts';
import { LANGUAGES, PLATFORM_IDS } from '../../../protocol/platforms.ts';
import {
  assertError,
  BAD_USERNAME_BODIES,
  decodePayload,
  json,
  MALFORMED_BODIES,
  ORIGIN,
  SECRET,
  setupEmulator,
  type CallInit,
} from '../../helpers/emulator.ts';

describe('emulated API: POST /users/generate-jwt', () => {
  describe('mints a connect link', () => {
    it('answers access_url on the request origin, duration 48h and success', async () => {
      const { createProfile, generate, now } = setupEmulator();
      await createProfile('u1');
      const { answer, token } = await generate({ username: 'u1' });
      assert.deepEqual(Object.keys(answer).sort(), ['access_url', 'duration', 'success']);
      assert.equal(answer.duration, '48h');
      assert.equal(answer.success, true);
      assert.ok(answer.access_url.startsWith(`${ORIGIN}/connect?token=`), answer.access_url);
      const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'));
      assert.equal(header.alg, 'HS256');
      const claims = decodePayload(token);
      assert.equal(claims.sub, 'u1');
      assert.equal(claims.iat, Math.floor(now() / 1000));
      assert.equal(Number(claims.exp) - claims.iat, 48 * 60 * 60);
    });

    it('on the configured connect page URL, with or without a trailing slash', async () => {
      for (const connectPageUrl of ['https://connect.example/prefix', 'https://connect.example/prefix/']) {
        const { createProfile, generate } = setupEmulator({ connectPageUrl });
        await createProfile('u1');
        const { answer } = await generate({ username: 'u1' });
        assert.ok(answer.access_url.startsWith('https://connect.example/prefix/connect?token='), answer.access_url);
      }
    });

    it('storing every documented and SDK option on the link, and dropping unknown fields', async () => {
      const { createProfile, generate, emulator } = setupEmulator();
      await createProfile('u1');
      const options = {
        redirect_url: 'https://app.example/back',
        logo_image: 'https://app.example/logo.png',
        redirect_button_text: 'Back to the app',
        connect_title: 'Link your accounts',
        connect_description: 'So that we can post for you.',
        platforms: ['tiktok', 'x'],
        show_calendar: false,
        readonly_calendar: true,
        language: 'de',
        ui_labels: { 'connect.title': 'Verbinden' },
      };
      const { token } = await generate({ username: 'u1', ...options, future_option: 1 });
      const link = emulator.store.getLink(String(decodePayload(token).jti));
      assert.ok(link);
      assert.equal(link.username, 'u1');
      assert.deepEqual(link.options, options);
    });

    it('with its own token each time', async () => {
      const { createProfile, generate } = setupEmulator();
      await createProfile('u1');
      const first = await generate({ username: 'u1' });
      const second = await generate({ username: 'u1' });
      assert.notEqual(first.token, second.token);
    });

    it('for every known platform and every language', async () => {
      const { createProfile, generate } = setupEmulator();
      await createProfile('u1');
      await generate({ username: 'u1', platforms: [...PLATFORM_IDS] });
      for (const language of LANGUAGES) await generate({ username: 'u1', language });
    });

    it('with ui_labels at the limits: 100 keys, 300-character values', async () => {
      const { createProfile, generate } = setupEmulator();
      await createProfile('u1');
      const labels = Object.fromEntries(Array.from({ length: 100 }, (_, index) => [`key.${index}_x`, 'v'.repeat(300)]));
      await generate({ username: 'u1', ui_labels: labels });
    });

    it('dropping a __proto__ key from ui_labels instead of applying it', async () => {
      const { createProfile, generate, emulator } = setupEmulator();
      await createProfile('u1');
      const { token } = await generate({ username: 'u1', ui_labels: JSON.parse('{"__proto__": {"polluted": "yes"}, "a": "b"}') });
      const labels = emulator.store.getLink(String(decodePayload(token).jti))?.options.ui_labels;
      assert.deepEqual(labels, { a: 'b' });
      assert.equal(Object.getPrototypeOf(labels), Object.prototype);
    });
  });

  describe('answers 400 naming the field, minting nothing, for', () => {
    const badOptions: Array<[string, Record<string, unknown>]> = [
      ['show_calendar "yes"', { show_calendar: 'yes' }],
      ['readonly_calendar 1', { readonly_calendar: 1 }],
      ['an unknown platform', { platforms: ['tiktok', 'myspace'] }],
      ['platforms as a string', { platforms: 'tiktok' }],
      ['an empty platforms list', { platforms: [] }],
      ['a language not spoken', { language: 'it' }],
      ['a language in the wrong case', { language: 'EN' }],
      ['ui_labels with a bad key', { ui_labels: { 'connect title': 'x' } }],
      ['ui_labels with 101 keys', { ui_labels: Object.fromEntries(Array.from({ length: 101 }, (_, index) => [`k${index}`, 'v'])) }],
      ['ui_labels with a 301-character value', { ui_labels: { title: 'v'.repeat(301) } }],
      ['ui_labels with a number value', { ui_labels: { title: 3 } }],
      ['ui_labels nested', { ui_labels: { connect: { title: 'x' } } }],
      ['ui_labels as an array', { ui_labels: ['x'] }],
      ['a javascript: redirect_url', { redirect_url: 'javascript:alert(1)' }],
      ['a relative logo_image', { logo_image: '/logo.png' }],
      ['connect_title as a number', { connect_title: 5 }],
      ['redirect_button_text as null', { redirect_button_text: null }],
    ];
    for (const [label, extra] of badOptions) {
      it(label, async () => {
        const { api, createProfile, emulator } = setupEmulator();
        await createProfile('u1');
        const body = await assertError(await api('/users/generate-jwt', { method: 'POST', json: { username: 'u1', ...extra } }), 400);
        // The message names the offending field.
        assert.ok(body.message.includes(Object.keys(extra)[0]!), body.message);
        assert.equal(emulator.store.getLink('anything'), undefined);
      });
    }
  });

  describe('answers 400 "Missing or invalid username" for', () => {
    for (const [label, body] of BAD_USERNAME_BODIES) {
      it(label, async () => {
        const { api } = setupEmulator();
        await assertError(await api('/users/generate-jwt', { method: 'POST', json: body }), 400, 'Missing or invalid username');
      });
    }
  });

  describe('answers 400 for', () => {
    for (const [label, init] of MALFORMED_BODIES) {
      it(label, async () => {
        const { api } = setupEmulator();
        await assertError(await api('/users/generate-jwt', { method: 'POST', ...init }), 400);
      });
    }
  });

  it('answers 404 PROFILE_NOT_FOUND for a missing profile', async () => {
    const { api } = setupEmulator();
    await assertError(await api('/users/generate-jwt', { method: 'POST', json: { username: 'nobody' } }), 404, 'Profile not found', 'PROFILE_NOT_FOUND');
  });

  it('answers 403 PROFILE_BLOCKED for a profile beyond a lowered limit; the ones within still work', async () => {
    const { api, admin, createProfile, generate } = setupEmulator();
    for (const name of ['a', 'b', 'c']) await createProfile(name);
    assert.equal((await admin('/limit', { method: 'PUT', json: { limit: 2 } })).status, 200);
    await assertError(
      await api('/users/generate-jwt', { method: 'POST', json: { username: 'c' } }),
      403,
      'Profile exists but is blocked by plan limits',
      'PROFILE_BLOCKED',
    );
    await generate({ username: 'a' });
    await generate({ username: 'b' });
    // Still listed and readable, and no new profile fits.
    const list = await json(await api('/users'));
    assert.equal(list.limit, 2);
    assert.equal(list.profiles.length, 3);
    assert.equal((await api('/users/c')).status, 200);
    await assertError(await api('/users', { method: 'POST', json: { username: 'd' } }), 403, undefined, 'PROFILE_LIMIT_REACHED');
  });
});

describe('emulated API: validate-jwt', () => {
  /** A profile with a linked TikTok account and a link carrying language and labels. */
  async function linked() {
    const context = setupEmulator();
    await context.createProfile('u1');
    context.emulator.store.connectAccount('u1', 'tiktok', { username: 'tt', display_name: 'TT', social_images: 'https://img/tt' });
    const { token } = await context.generate({ username: 'u1', language: 'es', ui_labels: { 'connect.title': 'Conecta' } });
    const expected = {
      profile: {
        social_accounts: { tiktok: { username: 'tt', display_name: 'TT', social_images: 'https://img/tt' } },
        username: 'u1',
        language: 'es',
        ui_labels: { 'connect.title': 'Conecta' },
      },
      success: true,
    };
    return { ...context, token, expected };
  }

  /** Each kind of bad token gets a 200 `{ isValid: false, reason }`, never the profile. */
  async function assertInvalid(response: Response) {
    assert.equal(response.status, 200);
    const body = await json(response);
    assert.deepEqual(Object.keys(body).sort(), ['isValid', 'reason']);
    assert.equal(body.isValid, false);
    assert.equal(typeof body.reason, 'string');
    assert.ok(body.reason.length > 0);
  }

  describe('answers a valid token with its profile, language and ui_labels, sent as', () => {
    const validStyles: Array<[string, (token: string) => CallInit]> = [
      ['the documented POST with a Bearer header', (token) => ({ method: 'POST', auth: `Bearer ${token}` })],
      ["the official SDK's GET with a Bearer header", (token) => ({ method: 'GET', auth: `Bearer ${token}` })],
      ["n8n's POST with {jwt} and its Apikey credential", (token) => ({ method: 'POST', json: { jwt: token } })],
      ['a POST with {jwt} and no Authorization', (token) => ({ method: 'POST', auth: null, json: { jwt: token } })],
    ];
    for (const [label, init] of validStyles) {
      it(label, async () => {
        const { api, token, expected } = await linked();
        const response = await api('/users/validate-jwt', init(token));
        assert.equal(response.status, 200);
        assert.deepEqual(await json(response), expected);
      });
    }
  });

  it('leaves out language and ui_labels when the link had none', async () => {
    const { api, createProfile, generate } = setupEmulator();
    await createProfile('u1');
    const { token } = await generate({ username: 'u1' });
    const body = await json(await api('/users/validate-jwt', { method: 'POST', auth: `Bearer ${token}` }));
    assert.deepEqual(body, { profile: { social_accounts: { tiktok: '' }, username: 'u1' }, success: true });
  });

  it('does not use the link up: validating twice succeeds twice', async () => {
    const { api, token, emulator } = await linked();
    for (let round = 0; round < 2; round += 1) {
      assert.equal((await json(await api('/users/validate-jwt', { method: 'POST', auth: `Bearer ${token}` }))).success, true);
    }
    assert.equal(emulator.store.getLink(String(decodePayload(token).jti))?.usedAt, undefined);
  });

  it('reflects accounts linked after the token was minted', async () => {
    const { api, token, emulator } = await linked();
    emulator.store.connectAccount('u1', 'x', { username: 'xx', display_name: 'X', social_images: '' });
    const body = await json(await api('/users/validate-jwt', { auth: `Bearer ${token}` }));
    assert.equal(body.profile.social_accounts.x.username, 'xx');
  });

  describe('answers 200 { isValid: false, reason } for', () => {
    it('a token signed with another secret (forged)', async () => {
      const { api, token } = await linked();
      const forged = await sign(decodePayload(token), 'not-the-secret', 'HS256');
      await assertInvalid(await api('/users/validate-jwt', { method: 'POST', auth: `Bearer ${forged}` }));
    });

    it('a token with alg "none"', async () => {
      const { api, token } = await linked();
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const unsigned = `${header}.${token.split('.')[1]}.`;
      await assertInvalid(await api('/users/validate-jwt', { method: 'POST', auth: `Bearer ${unsigned}` }));
    });

    it('a token whose payload was changed', async () => {
      const { api, token, createProfile } = await linked();
      await createProfile('victim');
      const [header, , signature] = token.split('.');
      const payload = Buffer.from(JSON.stringify({ ...decodePayload(token), sub: 'victim' })).toString('base64url');
      await assertInvalid(await api('/users/validate-jwt', { method: 'POST', auth: `Bearer ${header}.${payload}.${signature}` }));
    });

    it('a token once 48 hours have passed (valid until then)', async () => {
      const { api, token, advance } = await linked();
      advance(48 * 60 * 60 * 1000 - 1000);
      assert.equal((await json(await api('/users/validate-jwt', { method: 'POST', auth: `Bearer ${token}` }))).success, true);
      advance(1000);
      await assertInvalid(await api('/users/validate-jwt', { method: 'POST', auth: `Bearer ${token}` }));
    });

    it('a well-signed token for a link that was never minted (unknown jti)', async () => {
      const { api, now } = await linked();
      const stray = await mintConnectToken({ username: 'u1', jti: 'never-minted', issuedAt: now(), expiresAt: now() + 60_000 }, SECRET);
      await assertInvalid(await api('/users/validate-jwt', { method: 'POST', auth: `Bearer ${stray}` }));
    });

    it("a deleted profile's token", async () => {
      const { api, token } = await linked();
      assert.equal((await api('/users', { method: 'DELETE', json: { username: 'u1' } })).status, 200);
      await assertInvalid(await api('/users/validate-jwt', { method: 'POST', auth: `Bearer ${token}` }));
    });

    it('a string that is no JWT at all', async () => {
      const { api } = await linked();
      await assertInvalid(await api('/users/validate-jwt', { method: 'POST', auth: 'Bearer not-a-jwt' }));
      await assertInvalid(await api('/users/validate-jwt', { method: 'POST', auth: null, json: { jwt: 'not-a-jwt' } }));
    });
  });

  describe('answers 401 when no token is given:', () => {
    const noToken: Array<[string, CallInit]> = [
      ['POST without anything', { method: 'POST', auth: null }],
      ['GET without anything', { method: 'GET', auth: null }],
      ['an empty Bearer', { method: 'POST', auth: 'Bearer ' }],
      ['a Basic header', { method: 'POST', auth: 'Basic dXNlcjpwYXNz' }],
      ['only the right Apikey', { method: 'POST' }],
      ['a body without jwt', { method: 'POST', json: {} }],
      ['an empty jwt', { method: 'POST', json: { jwt: '' } }],
    ];
    for (const [label, init] of noToken) {
      it(label, async () => {
        const { api } = await linked();
        await assertError(await api('/users/validate-jwt', init), 401);
      });
    }
  });

  it("answers 401 for n8n's form with a wrong Apikey, even with a valid token in the body", async () => {
    const { api, token } = await linked();
    await assertError(await api('/users/validate-jwt', { method: 'POST', auth: 'Apikey wrong', json: { jwt: token } }), 401);
  });

  it('answers 400 for a malformed body when there is no Bearer header', async () => {
    const { api, token } = await linked();
    await assertError(await api('/users/validate-jwt', { method: 'POST', json: { jwt: 5 } }), 400);
    await assertError(await api('/users/validate-jwt', { method: 'POST', json: [token] }), 400);
    await assertError(
      await api('/users/validate-jwt', {
        method: 'POST',
        body: token,
        headers: { 'Content-Type': 'application/json' },
      }),
      400,
    );
  });
});
