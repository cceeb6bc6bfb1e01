/**
 * The token server over the real client (undici) in front of the emulator, which serves the slot
 * variations through its admin routes: every slot is read on its own, unknown platforms are kept
 * generically, `created_at` in any format changes nothing, and generate-jwt receives `platforms`
 * only when something restricts the link.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Hono } from 'hono';
import { accountsResponseSchema } from '../../protocol/schemas.ts';
import { createEmulator } from '../../emulator/app.ts';
import { createTokenServer } from '../../token-server/app.ts';
import { createSessionToken } from '../../token-server/identity/session-token.ts';
import type { TokenServerOptions } from '../../token-server/options.ts';
import { createUndiciTransport } from '../../upload-post/undici-transport.ts';
import { serveOnLoopback, type LoopbackServer } from '../helpers/loopback.ts';
import { SLOT_VARIATIONS, UNKNOWN_PLATFORM_ACCOUNTS, UNKNOWN_PLATFORM_SLOTS } from '../helpers/slot-variations.ts';
import { API_KEY, APP_ORIGIN, Capture, SESSION_SECRET } from '../helpers/token-server-fixtures.ts';

const DOCUMENTED = ['tiktok', 'instagram', 'linkedin', 'youtube', 'facebook', 'x', 'threads', 'google_business', 'bluesky'];

const capture = new Capture();
const emulator = createEmulator({ apiKey: API_KEY });
const transport = createUndiciTransport();
const servers: LoopbackServer[] = [];
/** generate-jwt bodies as they reached the emulator's socket. */
const generateJwtBodies: Record<string, unknown>[] = [];
let emulatorUrl: string;

async function startTokenServer(overrides: Partial<TokenServerOptions> = {}): Promise<string> {
  const root = new Hono().route(
    '/upload-post',
    createTokenServer({
      apiKey: API_KEY,
      client: { baseUrl: `${emulatorUrl}/api`, transport, timeoutMs: 2000, retries: 0 },
      identity: { sessionSecret: SESSION_SECRET },
      allowedOrigins: [APP_ORIGIN],
      rateLimit: false,
      cacheTtlMs: 0,
      log: capture.sink,
      ...overrides,
    }),
  );
  const server = await serveOnLoopback(root.fetch);
  servers.push(server);
  return `${server.url}/upload-post`;
}

const bearer = async (user: string) => ({ Authorization: `Bearer ${await createSessionToken({ userId: user, secret: SESSION_SECRET })}` });

async function accounts(tokenServer: string, user: string) {
  const answer = await capture.answer(await fetch(`${tokenServer}/accounts`, { headers: await bearer(user) }));
  assert.equal(answer.status, 200, answer.text);
  assert.ok(accountsResponseSchema.safeParse(answer.json).success, answer.text);
  return answer.json.accounts as { platform: string }[];
}

async function mint(tokenServer: string, user: string, body: object) {
  const answer = await capture.answer(
    await fetch(`${tokenServer}/connect-url`, {
      method: 'POST',
      headers: { ...(await bearer(user)), 'Content-Type': 'application/json', Origin: APP_ORIGIN },
      body: JSON.stringify(body),
    }),
  );
  assert.equal(answer.status, 200, answer.text);
}

async function admin(method: string, path: string, body?: unknown) {
  const response = await fetch(`${emulatorUrl}/__emulator${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  assert.equal(response.status, 200, await response.clone().text());
}

/** A profile with a documented Instagram account beside whatever the test serves. */
function profileWithInstagram(user: string) {
  emulator.store.createProfile(user);
  emulator.store.connectAccount(user, 'instagram', { username: 'ig_ok', display_name: 'IG OK', social_images: 'https://cdn.example/ig.png' });
}
const INSTAGRAM = { platform: 'instagram', connected: true, displayName: 'IG OK', handle: 'ig_ok', avatarUrl: 'https://cdn.example/ig.png' };

let tokenServer: string;

before(async () => {
  const server = await serveOnLoopback(async (request) => {
    if (request.method === 'POST' && new URL(request.url).pathname.endsWith('/generate-jwt')) {
      generateJwtBodies.push((await request.clone().json()) as Record<string, unknown>);
    }
    return emulator.app.fetch(request);
  });
  servers.push(server);
  emulatorUrl = server.url;
  tokenServer = await startTokenServer();
});

beforeEach(() => {
  emulator.reset();
  generateJwtBodies.length = 0;
});

after(async () => {
  await transport.close();
  await Promise.all(servers.map((server) => server.close()));
  capture.assertNoSecret(API_KEY, SESSION_SECRET);
});

describe('slot variations, emulator → real client → token server', () => {
  for (const variation of SLOT_VARIATIONS) {
    it(`tiktok as ${variation.name}: read on its own, Instagram unaffected`, async () => {
      profileWithInstagram('alice');
      await admin('PUT', '/profiles/alice/raw-slots', { tiktok: variation.raw });
      const list = await accounts(tokenServer, 'alice');
      assert.deepEqual(list[0], { platform: 'tiktok', ...variation.account });
      assert.deepEqual(list[1], INSTAGRAM);
      assert.deepEqual(
        list.map((account) => account.platform),
        DOCUMENTED,
      );
    });
  }

  it('every variation at once, with unknown platforms: each reads as alone, unknown ones after the documented', async () => {
    profileWithInstagram('bob');
    const raw = Object.fromEntries(SLOT_VARIATIONS.map((variation, index) => [`odd_${index}`, variation.raw]));
    await admin('PUT', '/profiles/bob/raw-slots', { ...raw, tiktok: true, youtube: 0, ...UNKNOWN_PLATFORM_SLOTS });
    const list = await accounts(tokenServer, 'bob');
    assert.deepEqual(list.slice(0, DOCUMENTED.length), [
      { platform: 'tiktok', connected: true },
      INSTAGRAM,
      { platform: 'linkedin', connected: false },
      { platform: 'youtube', connected: false },
      ...DOCUMENTED.slice(4).map((platform) => ({ platform, connected: false })),
    ]);
    assert.deepEqual(list.slice(DOCUMENTED.length), [
      ...SLOT_VARIATIONS.map((variation, index) => ({ platform: `odd_${index}`, ...variation.account })),
      ...UNKNOWN_PLATFORM_ACCOUNTS,
    ]);
  });

  for (const createdAt of ['Fri, 02 May 2025 21:43:14 GMT', '2023-10-27T10:00:00Z', '2025-04-02T17:44:33.229755', 'not a date', null]) {
    it(`created_at ${JSON.stringify(createdAt)} changes nothing in the accounts`, async () => {
      profileWithInstagram('carol');
      await admin('PUT', '/profiles/carol/created-at', { created_at: createdAt });
      assert.deepEqual((await accounts(tokenServer, 'carol'))[1], INSTAGRAM);
    });
  }
});

describe('platforms reaching generate-jwt, through the real client', () => {
  it('nothing restricts: no platforms field at all (Upload-Post offers its own default)', async () => {
    await mint(tokenServer, 'dave', {});
    assert.equal(generateJwtBodies.length, 2, 'first mint, profile created, mint again');
    for (const body of generateJwtBodies) assert.equal('platforms' in body, false, JSON.stringify(body));
  });

  it('the element restricts: exactly its list', async () => {
    emulator.store.createProfile('erin');
    await mint(tokenServer, 'erin', { platforms: ['x', 'bluesky'] });
    assert.deepEqual(
      generateJwtBodies.map((body) => body.platforms),
      [['x', 'bluesky']],
    );
  });

  it('the customer restricts: exactly the configured list; GET /accounts shows it, then what the upstream reports', async () => {
    const restricted = await startTokenServer({ platforms: ['threads', 'tiktok'] });
    emulator.store.createProfile('frank');
    await mint(restricted, 'frank', {});
    await mint(restricted, 'frank', { platforms: ['tiktok'] });
    assert.deepEqual(
      generateJwtBodies.map((body) => body.platforms),
      [['threads', 'tiktok'], ['tiktok']],
    );
    await admin('PUT', '/profiles/frank/raw-slots', { instagram: 'connected_account_details' });
    assert.deepEqual(await accounts(restricted, 'frank'), [
      { platform: 'threads', connected: false },
      { platform: 'tiktok', connected: false },
      { platform: 'instagram', connected: true },
    ]);
  });
});
