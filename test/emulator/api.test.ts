/**
 * The emulator of Upload-Post against its contract (`reference/upload-post-user-profiles-api.txt`):
 * every endpoint's success shape and documented errors, the public clients' variants of
 * validate-jwt, the fault injector, the admin routes and the CLI.
 *
 * Most tests go through `app.request()`; races, the body limit's socket handling and the CLI use a
 * real socket.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { sign } from 'hono/jwt';
import { LANGUAGES, PLATFORM_IDS } from '../../protocol/platforms.ts';
import { mintConnectToken } from '../../emulator/connect-token.ts';
import { createEmulator, type EmulatorOptions } from '../../emulator/index.ts';
import { serveOnLoopback } from '../helpers/loopback.ts';

const KEY = 'test-api-key';
const SECRET = 'test-jwt-secret';
const ORIGIN = 'http://emulator.test';
const API = `${ORIGIN}/api/uploadposts`;
const ADMIN = `${ORIGIN}/__emulator`;
const START = Date.parse('2025-05-02T21:43:14Z');

interface CallInit {
  method?: string;
  /** Sent as JSON with `Content-Type: application/json`. */
  json?: unknown;
  /** Sent as is (no content type unless given in `headers`). */
  body?: string;
  headers?: Record<string, string>;
  /** The Authorization header; the right API key by default, `null` for none. */
  auth?: string | null;
}

/** A fresh emulator on a clock the test moves, with helpers to call it. */
function setup(options: EmulatorOptions = {}) {
  let clock = START;
  const emulator = createEmulator({ apiKey: KEY, jwtSecret: SECRET, now: () => clock, ...options });
  const request = (url: string, init: CallInit = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    const auth = init.auth === undefined ? `Apikey ${KEY}` : init.auth;
    if (auth !== null) headers.Authorization = auth;
    let body = init.body;
    if (init.json !== undefined) {
      headers['Content-Type'] ??= 'application/json';
      body = JSON.stringify(init.json);
    }
    return emulator.app.request(url, { method: init.method ?? 'GET', headers, body });
  };
  const api = (path: string, init?: CallInit) => request(API + path, init);
  const admin = (path: string, init?: CallInit) => request(ADMIN + path, { auth: null, ...init });
  const createProfile = async (username: string) => {
    const response = await api('/users', { method: 'POST', json: { username } });
    assert.equal(response.status, 201, `creating ${username}`);
  };
  const generate = async (body: Record<string, unknown>) => {
    const response = await api('/users/generate-jwt', { method: 'POST', json: body });
    assert.equal(response.status, 200, `generate-jwt: ${await response.clone().text()}`);
    const answer = (await response.json()) as { access_url: string; duration: string; success: boolean };
    const token = new URL(answer.access_url).searchParams.get('token');
    assert.ok(token, 'access_url carries the token');
    return { answer, token };
  };
  return {
    emulator,
    api,
    admin,
    createProfile,
    generate,
    advance(ms: number) {
      clock += ms;
    },
    now: () => clock,
  };
}

async function json(response: Response): Promise<any> {
  return response.json();
}

/** The error shape every failure shares. */
async function assertError(response: Response, status: number, message?: string, errorCode?: string) {
  assert.equal(response.status, status);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  const body = await json(response);
  assert.equal(body.success, false);
  assert.equal(typeof body.message, 'string');
  assert.ok(body.message.length > 0);
  if (message !== undefined) assert.equal(body.message, message);
  if (errorCode === undefined) assert.equal(body.error_code, undefined);
  else assert.equal(body.error_code, errorCode);
  return body;
}

function decodePayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

/** Deterministic [0, 1) numbers from a seed (mulberry32). */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ── authentication ──────────────────────────────────────────────────────────────────────────

describe('API key', () => {
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
    it(`${name}: 401 for every bad Authorization header`, async () => {
      const { api, createProfile, emulator } = setup();
      await createProfile('a');
      for (const [label, auth] of badHeaders) {
        await assertError(await api(path, { ...init, auth }), 401, 'Invalid or missing API Key');
      }
      // Nothing was done on the unauthenticated calls' behalf.
      assert.ok(emulator.store.getProfile('a'));
    });
  }

  it('accepts the scheme in any case (auth schemes are case-insensitive)', async () => {
    const { api } = setup();
    assert.equal((await api('/users', { auth: `apikey ${KEY}` })).status, 200);
    assert.equal((await api('/users', { auth: `APIKEY ${KEY}` })).status, 200);
  });

  it('refuses to start without a usable key or body limit', () => {
    assert.throws(() => createEmulator({ apiKey: '' }), /apiKey/);
    assert.throws(() => createEmulator({ apiKey: 'has space' }), /apiKey/);
    assert.throws(() => createEmulator({ bodyLimitBytes: 0 }), /bodyLimitBytes/);
  });

  it('checks the key before the body: an unauthenticated malformed body is a 401, not a 400', async () => {
    const { api } = setup();
    await assertError(await api('/users', { method: 'POST', auth: null, body: 'not json' }), 401);
  });
});

// ── profiles ────────────────────────────────────────────────────────────────────────────────

/** Bodies the documentation's "Missing or invalid username" covers, and malformed bodies in general. */
const BAD_USERNAME_BODIES: Array<[string, unknown]> = [
  ['no username', {}],
  ['empty username', { username: '' }],
  ['blank username', { username: '   ' }],
  ['numeric username', { username: 42 }],
  ['null username', { username: null }],
  ['array username', { username: ['a'] }],
  ['object username', { username: { id: 'a' } }],
];
const MALFORMED_BODIES: Array<[string, CallInit]> = [
  ['no body', {}],
  ['not JSON', { body: '{"username": "a"', headers: { 'Content-Type': 'application/json' } }],
  ['a JSON array', { body: '["a"]', headers: { 'Content-Type': 'application/json' } }],
  ['JSON null', { body: 'null', headers: { 'Content-Type': 'application/json' } }],
  ['a JSON string', { body: '"a"', headers: { 'Content-Type': 'application/json' } }],
  ['a JSON number', { body: '42', headers: { 'Content-Type': 'application/json' } }],
  ['JSON sent as text/plain', { body: '{"username":"a"}', headers: { 'Content-Type': 'text/plain' } }],
  ['JSON sent as a form', { body: 'username=a', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }],
];

describe('POST /users', () => {
  it('creates a profile: 201 with the documented shape', async () => {
    const { api, now } = setup();
    const response = await api('/users', { method: 'POST', json: { username: 'user_123' } });
    assert.equal(response.status, 201);
    assert.deepEqual(await json(response), {
      profile: { created_at: new Date(now()).toUTCString(), social_accounts: { tiktok: '' }, username: 'user_123' },
      success: true,
    });
  });

  it('ignores unknown body fields', async () => {
    const { api, emulator } = setup();
    const response = await api('/users', { method: 'POST', json: { username: 'u', plan: 'gold', nested: { a: 1 } } });
    assert.equal(response.status, 201);
    assert.equal((await json(response)).profile.username, 'u');
    assert.equal(emulator.store.listProfiles().length, 1);
  });

  it('accepts a JSON content type with parameters', async () => {
    const { api } = setup();
    const response = await api('/users', {
      method: 'POST',
      body: '{"username":"u"}',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
    });
    assert.equal(response.status, 201);
  });

  for (const [label, body] of BAD_USERNAME_BODIES) {
    it(`400 "Missing or invalid username" for ${label}`, async () => {
      const { api, emulator } = setup();
      await assertError(await api('/users', { method: 'POST', json: body }), 400, 'Missing or invalid username');
      assert.equal(emulator.store.listProfiles().length, 0);
    });
  }

  for (const [label, init] of MALFORMED_BODIES) {
    it(`400 for ${label}`, async () => {
      const { api, emulator } = setup();
      await assertError(await api('/users', { method: 'POST', ...init }), 400);
      assert.equal(emulator.store.listProfiles().length, 0);
    });
  }

  it('409 for a username that exists', async () => {
    const { api, createProfile } = setup();
    await createProfile('dup');
    await assertError(
      await api('/users', { method: 'POST', json: { username: 'dup' } }),
      409,
      'A profile with the provided username already exists',
    );
  });

  it('403 PROFILE_LIMIT_REACHED past the plan limit, and 409 still wins for an existing name', async () => {
    const { api, createProfile, emulator } = setup({ profileLimit: 2 });
    await createProfile('a');
    await createProfile('b');
    await assertError(
      await api('/users', { method: 'POST', json: { username: 'c' } }),
      403,
      'Profile limit reached for the current plan',
      'PROFILE_LIMIT_REACHED',
    );
    await assertError(await api('/users', { method: 'POST', json: { username: 'a' } }), 409);
    assert.deepEqual(emulator.store.listProfiles().map((profile) => profile.username), ['a', 'b']);
  });

  it('N concurrent creates of one username over a real socket: exactly one 201, the rest 409', async () => {
    const { emulator } = setup();
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
          })),
      );
      assert.equal(statuses.filter((status) => status === 201).length, 1);
      assert.equal(statuses.filter((status) => status === 409).length, 24);
      assert.equal(emulator.store.listProfiles().length, 1);
    } finally {
      await server.close();
    }
  });

  it('N concurrent creates of different usernames over a real socket never exceed the limit', async () => {
    const { emulator } = setup({ profileLimit: 5 });
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
          })),
      );
      assert.equal(statuses.filter((status) => status === 201).length, 5);
      assert.equal(statuses.filter((status) => status === 403).length, 7);
      assert.equal(emulator.store.listProfiles().length, 5);
    } finally {
      await server.close();
    }
  });
});

describe('GET /users', () => {
  it('lists profiles with the plan and its limit', async () => {
    const { api, createProfile, emulator, now } = setup({ profileLimit: 7, plan: 'default' });
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

  it('answers an empty list when there is no profile', async () => {
    const { api } = setup();
    const body = await json(await api('/users'));
    assert.deepEqual(body.profiles, []);
    assert.equal(body.limit, 10);
    assert.equal(body.success, true);
  });
});

describe('GET /users/{username}', () => {
  it('answers the profile with the documented shape', async () => {
    const { api, createProfile, now } = setup();
    await createProfile('someone');
    const response = await api('/users/someone');
    assert.equal(response.status, 200);
    assert.deepEqual(await json(response), {
      success: true,
      profile: { created_at: new Date(now()).toUTCString(), social_accounts: { tiktok: '' }, username: 'someone' },
    });
  });

  it('finds a username that needs percent-encoding', async () => {
    const { api, createProfile } = setup();
    await createProfile('team a/1');
    const response = await api(`/users/${encodeURIComponent('team a/1')}`);
    assert.equal(response.status, 200);
    assert.equal((await json(response)).profile.username, 'team a/1');
  });

  it('404 with exactly the documented body', async () => {
    const { api } = setup();
    const response = await api('/users/nobody');
    assert.equal(response.status, 404);
    assert.deepEqual(await json(response), { success: false, message: 'Profile not found' });
  });
});

describe('DELETE /users', () => {
  it('deletes the profile with the documented answer', async () => {
    const { api, createProfile } = setup();
    await createProfile('gone');
    const response = await api('/users', { method: 'DELETE', json: { username: 'gone' } });
    assert.equal(response.status, 200);
    assert.deepEqual(await json(response), { message: 'Perfil eliminado correctamente', success: true });
    assert.equal((await api('/users/gone')).status, 404);
    // The name can be taken again.
    assert.equal((await api('/users', { method: 'POST', json: { username: 'gone' } })).status, 201);
  });

  it('404 for an unknown profile', async () => {
    const { api } = setup();
    await assertError(await api('/users', { method: 'DELETE', json: { username: 'nobody' } }), 404, 'Profile not found');
  });

  for (const [label, body] of BAD_USERNAME_BODIES) {
    it(`400 "Missing or invalid username" for ${label}`, async () => {
      const { api } = setup();
      await assertError(await api('/users', { method: 'DELETE', json: body }), 400, 'Missing or invalid username');
    });
  }

  for (const [label, init] of MALFORMED_BODIES) {
    it(`400 for ${label}`, async () => {
      const { api, createProfile, emulator } = setup();
      await createProfile('a');
      await assertError(await api('/users', { method: 'DELETE', ...init }), 400);
      assert.ok(emulator.store.getProfile('a'));
    });
  }
});

// ── connect links ───────────────────────────────────────────────────────────────────────────

describe('POST /users/generate-jwt', () => {
  it('answers access_url on the request origin, duration 48h and success', async () => {
    const { createProfile, generate, now } = setup();
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
    assert.equal(Number(claims.exp) - Number(claims.iat), 48 * 60 * 60);
  });

  it('uses the configured connect page URL, with or without a trailing slash', async () => {
    for (const connectPageUrl of ['https://connect.example/prefix', 'https://connect.example/prefix/']) {
      const { createProfile, generate } = setup({ connectPageUrl });
      await createProfile('u1');
      const { answer } = await generate({ username: 'u1' });
      assert.ok(answer.access_url.startsWith('https://connect.example/prefix/connect?token='), answer.access_url);
    }
  });

  it('stores every documented and SDK option on the link, and drops unknown fields', async () => {
    const { createProfile, generate, emulator } = setup();
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

  it('each link gets its own token', async () => {
    const { createProfile, generate } = setup();
    await createProfile('u1');
    const first = await generate({ username: 'u1' });
    const second = await generate({ username: 'u1' });
    assert.notEqual(first.token, second.token);
  });

  it('accepts every known platform and every language', async () => {
    const { createProfile, generate } = setup();
    await createProfile('u1');
    await generate({ username: 'u1', platforms: [...PLATFORM_IDS] });
    for (const language of LANGUAGES) await generate({ username: 'u1', language });
  });

  it('accepts ui_labels at the limits: 100 keys, 300-character values', async () => {
    const { createProfile, generate } = setup();
    await createProfile('u1');
    const labels = Object.fromEntries(Array.from({ length: 100 }, (_, index) => [`key.${index}_x`, 'v'.repeat(300)]));
    await generate({ username: 'u1', ui_labels: labels });
  });

  it('drops a __proto__ key from ui_labels instead of applying it', async () => {
    const { createProfile, generate, emulator } = setup();
    await createProfile('u1');
    const { token } = await generate({ username: 'u1', ui_labels: JSON.parse('{"__proto__": {"polluted": "yes"}, "a": "b"}') });
    const labels = emulator.store.getLink(String(decodePayload(token).jti))?.options.ui_labels;
    assert.deepEqual(labels, { a: 'b' });
    assert.equal(Object.getPrototypeOf(labels), Object.prototype);
  });

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
    it(`400 for ${label}`, async () => {
      const { api, createProfile, emulator } = setup();
      await createProfile('u1');
      const body = await assertError(await api('/users/generate-jwt', { method: 'POST', json: { username: 'u1', ...extra } }), 400);
      // The message names the offending field.
      assert.ok(body.message.includes(Object.keys(extra)[0]!), body.message);
      assert.equal(emulator.store.getLink('anything'), undefined);
    });
  }

  for (const [label, body] of BAD_USERNAME_BODIES) {
    it(`400 "Missing or invalid username" for ${label}`, async () => {
      const { api } = setup();
      await assertError(await api('/users/generate-jwt', { method: 'POST', json: body }), 400, 'Missing or invalid username');
    });
  }

  for (const [label, init] of MALFORMED_BODIES) {
    it(`400 for ${label}`, async () => {
      const { api } = setup();
      await assertError(await api('/users/generate-jwt', { method: 'POST', ...init }), 400);
    });
  }

  it('404 PROFILE_NOT_FOUND for a missing profile', async () => {
    const { api } = setup();
    await assertError(
      await api('/users/generate-jwt', { method: 'POST', json: { username: 'nobody' } }),
      404,
      'Profile not found',
      'PROFILE_NOT_FOUND',
    );
  });

  it('403 PROFILE_BLOCKED for a profile beyond a lowered limit; the ones within still work', async () => {
    const { api, admin, createProfile, generate } = setup();
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

describe('validate-jwt', () => {
  /** A profile with a linked TikTok account and a link carrying language and labels. */
  async function linked() {
    const context = setup();
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

  const validStyles: Array<[string, (token: string) => CallInit]> = [
    ['documented POST with a Bearer header', (token) => ({ method: 'POST', auth: `Bearer ${token}` })],
    ["official SDK's GET with a Bearer header", (token) => ({ method: 'GET', auth: `Bearer ${token}` })],
    ["n8n's POST with {jwt} and its Apikey credential", (token) => ({ method: 'POST', json: { jwt: token } })],
    ['POST with {jwt} and no Authorization', (token) => ({ method: 'POST', auth: null, json: { jwt: token } })],
  ];
  for (const [label, init] of validStyles) {
    it(`valid token, ${label}: the profile with language and ui_labels echoed`, async () => {
      const { api, token, expected } = await linked();
      const response = await api('/users/validate-jwt', init(token));
      assert.equal(response.status, 200);
      assert.deepEqual(await json(response), expected);
    });
  }

  it('leaves out language and ui_labels when the link had none', async () => {
    const { api, createProfile, generate } = setup();
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

  /** Each kind of bad token gets a 200 `{ isValid: false, reason }`, never the profile. */
  async function assertInvalid(response: Response) {
    assert.equal(response.status, 200);
    const body = await json(response);
    assert.deepEqual(Object.keys(body).sort(), ['isValid', 'reason']);
    assert.equal(body.isValid, false);
    assert.equal(typeof body.reason, 'string');
    assert.ok(body.reason.length > 0);
  }

  it('a token signed with another secret (forged) is invalid', async () => {
    const { api, token } = await linked();
    const forged = await sign(decodePayload(token), 'not-the-secret', 'HS256');
    await assertInvalid(await api('/users/validate-jwt', { method: 'POST', auth: `Bearer ${forged}` }));
  });

  it('a token with alg "none" is invalid', async () => {
    const { api, token } = await linked();
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const unsigned = `${header}.${token.split('.')[1]}.`;
    await assertInvalid(await api('/users/validate-jwt', { method: 'POST', auth: `Bearer ${unsigned}` }));
  });

  it('a token whose payload was changed is invalid', async () => {
    const { api, token, createProfile } = await linked();
    await createProfile('victim');
    const [header, , signature] = token.split('.');
    const payload = Buffer.from(JSON.stringify({ ...decodePayload(token), sub: 'victim' })).toString('base64url');
    await assertInvalid(await api('/users/validate-jwt', { method: 'POST', auth: `Bearer ${header}.${payload}.${signature}` }));
  });

  it('a token is valid until 48 hours have passed, then expired', async () => {
    const { api, token, advance } = await linked();
    advance(48 * 60 * 60 * 1000 - 1000);
    assert.equal((await json(await api('/users/validate-jwt', { method: 'POST', auth: `Bearer ${token}` }))).success, true);
    advance(1000);
    await assertInvalid(await api('/users/validate-jwt', { method: 'POST', auth: `Bearer ${token}` }));
  });

  it('a well-signed token for a link that was never minted (unknown jti) is invalid', async () => {
    const { api, now } = await linked();
    const stray = await mintConnectToken({ username: 'u1', jti: 'never-minted', issuedAt: now(), expiresAt: now() + 60_000 }, SECRET);
    await assertInvalid(await api('/users/validate-jwt', { method: 'POST', auth: `Bearer ${stray}` }));
  });

  it("a deleted profile's token is invalid", async () => {
    const { api, token } = await linked();
    assert.equal((await api('/users', { method: 'DELETE', json: { username: 'u1' } })).status, 200);
    await assertInvalid(await api('/users/validate-jwt', { method: 'POST', auth: `Bearer ${token}` }));
  });

  it('a string that is no JWT at all is invalid', async () => {
    const { api } = await linked();
    await assertInvalid(await api('/users/validate-jwt', { method: 'POST', auth: 'Bearer not-a-jwt' }));
    await assertInvalid(await api('/users/validate-jwt', { method: 'POST', auth: null, json: { jwt: 'not-a-jwt' } }));
  });

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
    it(`401 when no token is given: ${label}`, async () => {
      const { api } = await linked();
      await assertError(await api('/users/validate-jwt', init), 401);
    });
  }

  it("401 for n8n's form with a wrong Apikey, even with a valid token in the body", async () => {
    const { api, token } = await linked();
    await assertError(await api('/users/validate-jwt', { method: 'POST', auth: 'Apikey wrong', json: { jwt: token } }), 401);
  });

  it('400 for a malformed body when there is no Bearer header', async () => {
    const { api, token } = await linked();
    await assertError(await api('/users/validate-jwt', { method: 'POST', json: { jwt: 5 } }), 400);
    await assertError(await api('/users/validate-jwt', { method: 'POST', json: [token] }), 400);
    await assertError(await api('/users/validate-jwt', {
      method: 'POST',
      body: token,
      headers: { 'Content-Type': 'application/json' },
    }), 400);
  });
});

// ── Facebook pages ──────────────────────────────────────────────────────────────────────────

describe('GET /facebook/pages', () => {
  it("lists a profile's pages, all pages without ?profile=, and none after unlinking", async () => {
    const { api, admin, createProfile } = setup();
    for (const name of ['a', 'b', 'c']) await createProfile(name);
    const link = (profile: string, display_name: string) =>
      admin(`/profiles/${profile}/accounts/facebook`, { method: 'PUT', json: { username: `fb-${profile}`, display_name } });
    assert.equal((await link('a', 'Alpha')).status, 200);
    assert.equal((await link('b', 'Beta')).status, 200);

    const forA = await json(await api('/facebook/pages?profile=a'));
    assert.equal(forA.success, true);
    assert.equal(forA.pages.length, 1);
    assert.deepEqual(Object.keys(forA.pages[0]).sort(), ['page_id', 'page_name', 'profile']);
    assert.equal(forA.pages[0].profile, 'a');
    assert.equal(typeof forA.pages[0].page_id, 'string');
    assert.ok(forA.pages[0].page_name.includes('Alpha'));

    assert.deepEqual(await json(await api('/facebook/pages?profile=c')), { pages: [], success: true });

    for (const query of ['', '?profile=']) {
      const all = await json(await api(`/facebook/pages${query}`));
      assert.deepEqual(all.pages.map((page: { profile: string }) => page.profile).sort(), ['a', 'b']);
    }

    assert.equal((await admin('/profiles/a/accounts/facebook', { method: 'DELETE' })).status, 200);
    assert.deepEqual((await json(await api('/facebook/pages?profile=a'))).pages, []);
    assert.equal((await json(await api('/facebook/pages'))).pages.length, 1);
  });

  it('404 for an unknown ?profile=', async () => {
    const { api } = setup();
    await assertError(await api('/facebook/pages?profile=nobody'), 404, 'Profile not found');
  });
});

// ── everything else the API answers ─────────────────────────────────────────────────────────

describe('unknown routes and methods', () => {
  it('404 JSON for an unknown path, 405 JSON with Allow for a wrong method', async () => {
    const { api } = setup();
    await assertError(await api('/nothing-here'), 404);
    const wrongMethod = await api('/users', { method: 'PUT', json: { username: 'a' } });
    assert.equal(wrongMethod.headers.get('allow'), 'GET, POST, DELETE');
    await assertError(wrongMethod, 405);
    const getGenerate = await api('/users/generate-jwt/extra');
    await assertError(getGenerate, 404);
  });
});

describe('body size limit', () => {
  it('413 JSON for a body over the limit, through app.request()', async () => {
    const { api, emulator } = setup({ bodyLimitBytes: 200 });
    const response = await api('/users', { method: 'POST', json: { username: 'x'.repeat(300) } });
    await assertError(response, 413);
    assert.equal(emulator.store.listProfiles().length, 0);
    // Just under the limit is fine.
    assert.equal((await api('/users', { method: 'POST', json: { username: 'x'.repeat(150) } })).status, 201);
  });

  it('413 over a real socket, for a declared length and for a chunked body, and the server stays usable', async () => {
    const { emulator } = setup({ bodyLimitBytes: 200 });
    const server = await serveOnLoopback(emulator.app.fetch);
    const headers = { Authorization: `Apikey ${KEY}`, 'Content-Type': 'application/json', Connection: 'close' };
    try {
      const declared = await fetch(`${server.url}/api/uploadposts/users`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ username: 'y'.repeat(5000) }),
      });
      await assertError(declared, 413);

      const chunks = [`{"username":"${'z'.repeat(150)}`, `${'z'.repeat(150)}"}`];
      const chunked = await fetch(`${server.url}/api/uploadposts/users`, {
        method: 'POST',
        headers,
        body: new ReadableStream({
          pull(controller) {
            const chunk = chunks.shift();
            if (chunk === undefined) controller.close();
            else controller.enqueue(new TextEncoder().encode(chunk));
          },
        }),
        duplex: 'half',
      } as RequestInit);
      await assertError(chunked, 413);

      const after = await fetch(`${server.url}/api/uploadposts/users`, { headers: { Authorization: `Apikey ${KEY}` } });
      assert.equal(after.status, 200);
      assert.deepEqual((await after.json()).profiles, []);
    } finally {
      await server.close();
    }
  });

  it('the 413 answer says Connection: close, so a keep-alive client does not reuse the dying socket', async () => {
    const { emulator } = setup({ bodyLimitBytes: 200 });
    const server = await serveOnLoopback(emulator.app.fetch);
    try {
      const big = await fetch(`${server.url}/api/uploadposts/users`, {
        method: 'POST',
        headers: { Authorization: `Apikey ${KEY}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'y'.repeat(5000) }),
      });
      assert.equal(big.status, 413);
      assert.equal(big.headers.get('connection'), 'close');
      await big.arrayBuffer();
      const next = await fetch(`${server.url}/api/uploadposts/users`, { headers: { Authorization: `Apikey ${KEY}` } });
      assert.equal(next.status, 200);
      await next.arrayBuffer();
    } finally {
      await server.close();
    }
  });
});

// ── fault injection ─────────────────────────────────────────────────────────────────────────

describe('fault injection', () => {
  it('adds the configured latency', async () => {
    const { api, admin } = setup();
    assert.equal((await admin('/faults', { method: 'PUT', json: { latencyMs: 150 } })).status, 200);
    const started = performance.now();
    const response = await api('/users');
    const elapsed = performance.now() - started;
    assert.equal(response.status, 200);
    assert.ok(elapsed >= 145, `took ${elapsed} ms`);
  });

  it('stops waiting when the client goes away, and the route still runs', async () => {
    const { emulator } = setup({ latencyMs: 20_000 });
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 30);
    const response = await emulator.app.request(new Request(`${API}/users`, {
      method: 'POST',
      headers: { Authorization: `Apikey ${KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'impatient' }),
      signal: controller.signal,
    }));
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 5000, `took ${elapsed} ms`);
    assert.equal(response.status, 201);
    assert.ok(emulator.store.getProfile('impatient'));
  });

  it('over a real socket, a client hanging up ends the wait at once (no timer outlives the request)', async () => {
    const { emulator } = setup({ latencyMs: 5000 });
    const controller = new AbortController();
    let started = Infinity;
    // Hang up only once the request has reached the server, so that there is a wait to end.
    const server = await serveOnLoopback(
      (request, env) => {
        started = performance.now();
        setTimeout(() => controller.abort(), 50);
        return emulator.app.fetch(request, env);
      },
    );
    try {
      await assert.rejects(fetch(`${server.url}/api/uploadposts/users`, {
        method: 'POST',
        headers: { Authorization: `Apikey ${KEY}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'hung-up' }),
        signal: controller.signal,
      }), { name: 'AbortError' });
      // The route runs as soon as the wait ends: well before the 5 s of latency.
      while (!emulator.store.getProfile('hung-up') && performance.now() - started < 2500) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.ok(emulator.store.getProfile('hung-up'), 'the wait ended when the client left');
    } finally {
      await server.close();
    }
  });

  it('over a real socket, a GET whose client hangs up stops waiting too (Node close event, not the signal)', async () => {
    const { emulator } = setup({ latencyMs: 5000 });
    const controller = new AbortController();
    let answered: Promise<number> | undefined;
    const server = await serveOnLoopback((request, env) => {
      const started = performance.now();
      setTimeout(() => controller.abort(), 50);
      const response = emulator.app.fetch(request, env) as Promise<Response>;
      answered = response.then(() => performance.now() - started);
      return response;
    });
    try {
      await assert.rejects(fetch(`${server.url}/api/uploadposts/users`, {
        headers: { Authorization: `Apikey ${KEY}` },
        signal: controller.signal,
      }), { name: 'AbortError' });
      const waited = await answered!;
      assert.ok(waited < 2500, `the route answered ${Math.round(waited)} ms after the request arrived, not at once after the hang-up`);
    } finally {
      await server.close();
    }
  });

  it('answers a forced status with a JSON error, before authentication', async () => {
    const { api, admin, emulator } = setup();
    await admin('/faults', { method: 'PUT', json: { forcedStatus: 503 } });
    await assertError(await api('/users', { method: 'POST', json: { username: 'a' } }), 503);
    await assertError(await api('/users', { auth: null }), 503);
    await assertError(await api('/users/validate-jwt', { method: 'POST', auth: 'Bearer x' }), 503);
    assert.equal(emulator.store.listProfiles().length, 0, 'the route did not run');
    // The admin routes are never faulted, so the fault can be lifted.
    await admin('/faults', { method: 'PUT', json: { forcedStatus: null } });
    assert.equal((await api('/users')).status, 200);
  });

  it('fails requests at the error rate, drawing from the given random source', async () => {
    // Scripted draws: below the rate fails (then one draw picks the status), above passes.
    const draws = [0.1, 0.99, 0.9, 0.25, 0.0, 0.5];
    const { api, emulator } = setup({ errorRate: 0.3, random: () => draws.shift() ?? 1 });
    const first = await api('/users');
    assert.ok(first.status >= 500 && first.status <= 599, String(first.status));
    await assertError(first, first.status);
    assert.equal((await api('/users')).status, 200);
    const third = await api('/users', { method: 'POST', json: { username: 'flaky' } });
    assert.ok(third.status >= 500 && third.status <= 599, String(third.status));
    assert.equal(emulator.store.getProfile('flaky'), undefined, 'a failed request did not reach the route');
    assert.equal((await api('/users')).status, 200);
    assert.equal(draws.length, 0);
  });

  it('with a seeded random source, the share of failures follows the rate', async () => {
    const { api } = setup({ errorRate: 0.25, random: seededRandom(42) });
    const statuses: number[] = [];
    for (let index = 0; index < 200; index += 1) statuses.push((await api('/users')).status);
    const failed = statuses.filter((status) => status >= 500).length;
    assert.ok(failed >= 30 && failed <= 70, `${failed} of 200 failed`);
    assert.ok(statuses.every((status) => status === 200 || (status >= 500 && status <= 599)));
    // Never at rate 0, always at rate 1.
    const never = setup({ errorRate: 0, random: () => 0 });
    assert.equal((await never.api('/users')).status, 200);
    const always = setup({ errorRate: 1, random: () => 0.999 });
    assert.ok((await always.api('/users')).status >= 500);
  });

  it('garbage "truncated": a 200 whose JSON does not parse; the route still ran', async () => {
    const { api, emulator } = setup({ garbage: 'truncated' });
    const response = await api('/users', { method: 'POST', json: { username: 'half' } });
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.throws(() => JSON.parse(text));
    assert.ok(emulator.store.getProfile('half'));
  });

  it('garbage "html": a 200 HTML page', async () => {
    const { api } = setup({ garbage: 'html' });
    const response = await api('/users');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await response.text(), /^<!DOCTYPE html>/);
  });

  it('garbage "wrong-shape": a 200 JSON object whose fields have the wrong types', async () => {
    const { api } = setup({ garbage: 'wrong-shape' });
    const response = await api('/users');
    assert.equal(response.status, 200);
    const body = await json(response);
    assert.ok(!Array.isArray(body.profiles));
    assert.notEqual(body.success, true);
  });

  it('an invalid initial setting throws at start-up with the field named', () => {
    assert.throws(() => createEmulator({ errorRate: 2 }), /errorRate/);
    assert.throws(() => createEmulator({ forcedStatus: 200 }), /forcedStatus/);
  });
});

// ── admin routes ────────────────────────────────────────────────────────────────────────────

describe('admin routes', () => {
  it('GET /faults reports the settings; PUT changes only what it names', async () => {
    const { admin } = setup();
    assert.deepEqual(await json(await admin('/faults')), { latencyMs: 0, errorRate: 0, forcedStatus: null, garbage: null });
    const changed = await admin('/faults', { method: 'PUT', json: { latencyMs: 5, garbage: 'html' } });
    assert.equal(changed.status, 200);
    assert.deepEqual(await json(changed), { latencyMs: 5, errorRate: 0, forcedStatus: null, garbage: 'html' });
    await admin('/faults', { method: 'PUT', json: { errorRate: 0.5 } });
    assert.deepEqual(await json(await admin('/faults')), { latencyMs: 5, errorRate: 0.5, forcedStatus: null, garbage: 'html' });
  });

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
    it(`PUT /faults: 400 for ${label}, nothing changed`, async () => {
      const { admin } = setup();
      await assertError(await admin('/faults', { method: 'PUT', ...init }), 400);
      assert.deepEqual(await json(await admin('/faults')), { latencyMs: 0, errorRate: 0, forcedStatus: null, garbage: null });
    });
  }

  it('PUT /limit changes the plan limit; 400 for anything but a whole number ≥ 0', async () => {
    const { api, admin, createProfile } = setup();
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

  it('PUT an account links it as the documentation shows one, extra fields and unknown platforms included', async () => {
    const { api, admin, createProfile } = setup();
    await createProfile('a');
    const linked = await admin('/profiles/a/accounts/tiktok', {
      method: 'PUT',
      json: { username: 'tt', display_name: 'TikTok Person', capabilities: ['video'] },
    });
    assert.equal(linked.status, 200);
    assert.equal((await admin('/profiles/a/accounts/mastodon', {
      method: 'PUT',
      json: { username: 'm', display_name: 'M', social_images: 'https://img/m' },
    })).status, 200);
    const profile = (await json(await api('/users/a'))).profile;
    assert.deepEqual(profile.social_accounts, {
      tiktok: { username: 'tt', display_name: 'TikTok Person', social_images: '', capabilities: ['video'] },
      mastodon: { username: 'm', display_name: 'M', social_images: 'https://img/m' },
    });
  });

  it('PUT an account: 404 for an unknown profile, 400 for a bad platform id or body', async () => {
    const { admin, createProfile } = setup();
    await createProfile('a');
    await assertError(await admin('/profiles/nobody/accounts/tiktok', { method: 'PUT', json: { username: 'u', display_name: 'U' } }), 404);
    await assertError(await admin('/profiles/a/accounts/Tik-Tok', { method: 'PUT', json: { username: 'u', display_name: 'U' } }), 400);
    await assertError(await admin('/profiles/a/accounts/tiktok', { method: 'PUT', json: { username: 'u' } }), 400);
    await assertError(await admin('/profiles/a/accounts/tiktok', { method: 'PUT', json: { username: 3, display_name: 'U' } }), 400);
    await assertError(await admin('/profiles/a/accounts/tiktok', { method: 'PUT', body: 'nope', headers: { 'Content-Type': 'application/json' } }), 400);
  });

  it('DELETE an account leaves the empty slot the documentation shows; 404 for what is not there', async () => {
    const { api, admin, createProfile } = setup();
    await createProfile('a');
    await admin('/profiles/a/accounts/x', { method: 'PUT', json: { username: 'xx', display_name: 'X' } });
    assert.equal((await admin('/profiles/a/accounts/x', { method: 'DELETE' })).status, 200);
    assert.equal((await json(await api('/users/a'))).profile.social_accounts.x, '');
    await assertError(await admin('/profiles/a/accounts/youtube', { method: 'DELETE' }), 404);
    await assertError(await admin('/profiles/nobody/accounts/x', { method: 'DELETE' }), 404);
  });

  it('POST /reset forgets profiles and links, restores the initial limit and clears faults', async () => {
    const { api, admin, createProfile, generate, emulator } = setup({ profileLimit: 4 });
    await createProfile('a');
    const { token } = await generate({ username: 'a' });
    await admin('/limit', { method: 'PUT', json: { limit: 1 } });
    await admin('/faults', { method: 'PUT', json: { latencyMs: 3, garbage: 'html' } });
    const response = await admin('/reset', { method: 'POST' });
    assert.equal(response.status, 200);
    assert.deepEqual(await json(response), { success: true });
    assert.deepEqual(emulator.faults.settings, { latencyMs: 0, errorRate: 0, forcedStatus: null, garbage: null });
    const list = await json(await api('/users'));
    assert.deepEqual(list.profiles, []);
    assert.equal(list.limit, 4);
    assert.equal((await json(await api('/users/validate-jwt', { auth: `Bearer ${token}` }))).isValid, false);
  });

  it('404 JSON for an unknown admin route', async () => {
    const { admin } = setup();
    await assertError(await admin('/nothing'), 404);
  });
});

// ── CLI ─────────────────────────────────────────────────────────────────────────────────────

describe('CLI', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const cli = 'emulator/cli.ts';
  const run = (args: string[]) =>
    spawn(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });

  async function finished(child: ReturnType<typeof run>) {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    const [code] = (await once(child, 'exit')) as [number | null];
    return { code, stdout, stderr };
  }

  it('serves on 127.0.0.1, prints the base URL and key, honours its flags, and stops cleanly on SIGTERM', async () => {
    const child = run(['--port', '0', '--api-key', 'cli-key', '--limit', '3', '--latency', '5', '--connect-page-url', 'https://connect.example']);
    const exit = finished(child);
    try {
      let printed = '';
      const baseUrl = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk) => {
          printed += chunk;
          const match = /(http:\/\/127\.0\.0\.1:\d+\/api)\b/.exec(printed);
          if (match && printed.includes('cli-key')) resolve(match[1]!);
        });
        child.once('exit', () => reject(new Error(`the CLI exited early: ${printed}`)));
      });
      const auth = { Authorization: 'Apikey cli-key' };
      const list = await fetch(`${baseUrl}/uploadposts/users`, { headers: auth });
      assert.equal(list.status, 200);
      assert.equal((await list.json()).limit, 3);
      assert.equal((await fetch(`${baseUrl}/uploadposts/users`, { headers: { Authorization: 'Apikey other' } })).status, 401);
      const faults = await fetch(new URL('/__emulator/faults', baseUrl));
      assert.equal((await faults.json()).latencyMs, 5);
      const created = await fetch(`${baseUrl}/uploadposts/users`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'cli-user' }),
      });
      assert.equal(created.status, 201);
      const link = await fetch(`${baseUrl}/uploadposts/users/generate-jwt`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'cli-user' }),
      });
      assert.ok((await link.json()).access_url.startsWith('https://connect.example/connect?token='));
    } finally {
      child.kill('SIGTERM');
    }
    const { code, stderr } = await exit;
    assert.equal(code, 0);
    assert.equal(stderr, '');
  });

  const badRuns: Array<[string, string[]]> = [
    ['an unknown flag', ['--port', '0', '--api-key', 'k', '--bogus']],
    ['a port that is not a number', ['--port', 'eighty', '--api-key', 'k']],
    ['a missing --api-key', ['--port', '0']],
    ['a negative limit', ['--port', '0', '--api-key', 'k', '--limit', '-1']],
  ];
  it('prints the usage and exits 2 for a bad flag', async () => {
    // Started together: each run pays tsx's start-up, and they do not depend on each other.
    const results = await Promise.all(badRuns.map(([, args]) => finished(run(args))));
    results.forEach(({ code, stdout, stderr }, index) => {
      const label = badRuns[index]![0];
      assert.equal(code, 2, label);
      assert.match(stderr, /Usage: npm run emulator/, label);
      assert.equal(stdout, '', label);
    });
  });
});
