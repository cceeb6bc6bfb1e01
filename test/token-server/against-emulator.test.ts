/**
 * The token server over real sockets, with the real client (undici transport) in front of the
 * emulator of Upload-Post: the whole flow, then the emulator's faults. Every answer and log record
 * is captured and checked for the API key at the end.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Hono } from 'hono';
import { request } from 'undici';
import { accountsResponseSchema, connectUrlResponseSchema } from '../../protocol/schemas.ts';
import { createTokenServer } from '../../token-server/app.ts';
import { createEmulator } from '../../emulator/app.ts';
import type { TokenServerOptions } from '../../token-server/options.ts';
import { createSessionToken } from '../../token-server/identity/session-token.ts';
import { createUndiciTransport } from '../../upload-post/undici-transport.ts';
import { serveOnLoopback, type LoopbackServer } from '../helpers/loopback.ts';
import { API_KEY, APP_ORIGIN, assertError, Capture, SESSION_SECRET, type Answer } from '../helpers/token-server-fixtures.ts';

const capture = new Capture();
const emulator = createEmulator({ apiKey: API_KEY });
/** Upstream requests per "METHOD path", counted at the emulator's socket. */
const upstreamHits = new Map<string, number>();
const servers: LoopbackServer[] = [];
const transports: { close(): Promise<void> }[] = [];
let emulatorUrl: string;

/** Serves on loopback and remembers the server, to close it after the file. */
async function listen(fetch: (request: Request) => Response | Promise<Response>): Promise<LoopbackServer> {
  const server = await serveOnLoopback(fetch);
  servers.push(server);
  return server;
}

async function startTokenServer(overrides: Partial<TokenServerOptions> = {}): Promise<string> {
  const transport = createUndiciTransport();
  transports.push(transport);
  const root = new Hono();
  root.route(
    '/upload-post',
    createTokenServer({
      apiKey: API_KEY,
      client: { baseUrl: `${emulatorUrl}/api`, transport, timeoutMs: 500, retries: 0 },
      identity: { sessionSecret: SESSION_SECRET },
      allowedOrigins: [APP_ORIGIN],
      log: capture.sink,
      ...overrides,
    }),
  );
  const { url } = await listen(root.fetch);
  return `${url}/upload-post`;
}

/** `reset: true` closes each connection after its answer: no stale keep-alive socket after a 413. */
async function http(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const response = await request(url, {
    method: (init.method ?? 'GET') as 'GET',
    headers: init.headers ?? {},
    ...(init.body !== undefined ? { body: init.body } : {}),
    reset: true,
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return capture.answer(new Response(response.statusCode === 304 ? null : await response.body.text(), { status: response.statusCode, headers }));
}

const bearer = async (userId: string) => ({ Authorization: `Bearer ${await createSessionToken({ userId, secret: SESSION_SECRET })}` });
const mintInit = async (userId: string, body: object = {}) => ({
  method: 'POST',
  headers: { ...(await bearer(userId)), 'Content-Type': 'application/json', Origin: APP_ORIGIN },
  body: JSON.stringify(body),
});

const setFaults = (faults: object) =>
  http(`${emulatorUrl}/__emulator/faults`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(faults),
  });

let tokenServer: string;

before(async () => {
  ({ url: emulatorUrl } = await listen((req) => {
    const key = `${req.method} ${new URL(req.url).pathname}`;
    upstreamHits.set(key, (upstreamHits.get(key) ?? 0) + 1);
    return emulator.app.fetch(req);
  }));
  tokenServer = await startTokenServer();
});

beforeEach(() => {
  emulator.reset();
  upstreamHits.clear();
});

after(async () => {
  for (const transport of transports) await transport.close();
  await Promise.all(servers.map((server) => server.close()));
  capture.assertNoSecret(API_KEY, SESSION_SECRET);
});

describe('token server ↔ real client ↔ emulator, over sockets', () => {
  it('reads, mints (creating the profile), connects and reads again', async () => {
    const first = await http(`${tokenServer}/accounts`, { headers: await bearer('alice') });
    assert.equal(first.status, 200, first.text);
    assert.ok(first.json.accounts.every((account: { connected: boolean }) => !account.connected));
    assert.equal(emulator.store.getProfile('alice'), undefined, 'reading created a profile');

    const minted = await http(`${tokenServer}/connect-url`, await mintInit('alice', { view: 'calendar', platforms: ['tiktok', 'facebook'] }));
    assert.equal(minted.status, 200, minted.text);
    assert.ok(connectUrlResponseSchema.safeParse(minted.json).success);
    const link = new URL(minted.json.url);
    assert.equal(link.origin, emulatorUrl);
    assert.equal(link.pathname, '/connect/calendar');
    assert.ok(link.searchParams.get('token'));
    assert.ok(emulator.store.getProfile('alice'), 'the mint created the profile');
    assert.ok(Math.abs(Date.parse(minted.json.expiresAt) - (Date.now() + 48 * 3600_000)) < 60_000);

    const connected = await http(`${emulatorUrl}/__emulator/profiles/alice/accounts/facebook`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'alice.fb', display_name: 'Alice FB', social_images: 'https://cdn.example/fb.png' }),
    });
    assert.equal(connected.status, 200, connected.text);
    const again = await http(`${tokenServer}/accounts`, { headers: { ...(await bearer('alice')), 'Cache-Control': 'no-cache' } });
    assert.ok(accountsResponseSchema.safeParse(again.json).success);
    const facebook = again.json.accounts.find((account: { platform: string }) => account.platform === 'facebook');
    assert.deepEqual(facebook, { platform: 'facebook', connected: true, displayName: 'Alice FB', handle: 'alice.fb', avatarUrl: 'https://cdn.example/fb.png' });

    const pages = await http(`${tokenServer}/facebook/pages`, { headers: await bearer('alice') });
    assert.equal(pages.status, 200, pages.text);
    assert.ok(Array.isArray(pages.json.pages));
    assert.ok(pages.json.pages.every((page: { id: unknown }) => typeof page.id === 'string'));
  });

  it('an existing profile costs exactly one upstream call per mint', async () => {
    emulator.store.createProfile('bob');
    upstreamHits.clear();
    const minted = await http(`${tokenServer}/connect-url`, await mintInit('bob'));
    assert.equal(minted.status, 200, minted.text);
    assert.deepEqual([...upstreamHits], [['POST /api/uploadposts/users/generate-jwt', 1]]);
  });

  it('N concurrent GET /accounts for one user cause one upstream call', async () => {
    emulator.store.createProfile('carol');
    await setFaults({ latencyMs: 150 });
    upstreamHits.clear();
    const headers = await bearer('carol');
    const answers = await Promise.all(Array.from({ length: 12 }, () => http(`${tokenServer}/accounts`, { headers })));
    await setFaults({ latencyMs: 0 });
    assert.ok(answers.every((answer) => answer.status === 200));
    assert.equal(upstreamHits.get('GET /api/uploadposts/users/carol'), 1);
  });

  it('the plan’s profile limit comes through as PROFILE_LIMIT_REACHED', async () => {
    await http(`${emulatorUrl}/__emulator/limit`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{"limit":0}' });
    assertError(await http(`${tokenServer}/connect-url`, await mintInit('dave')), 403, 'PROFILE_LIMIT_REACHED');
  });

  it('a refused key is SERVER_MISCONFIGURED, and nothing says the key', async () => {
    const wrongKey = await startTokenServer({ apiKey: `${API_KEY}-wrong`, secrets: [API_KEY] });
    const answer = await http(`${wrongKey}/accounts`, { headers: await bearer('alice') });
    assertError(answer, 500, 'SERVER_MISCONFIGURED');
    assert.doesNotMatch(answer.text, /key/i);
  });

  it('upstream down → UPSTREAM_UNAVAILABLE', async () => {
    const { close, url } = await listen(() => new Response('never'));
    await close();
    const down = await startTokenServer({ client: { baseUrl: `${url}/api`, timeoutMs: 500, retries: 0 } });
    assertError(await http(`${down}/accounts`, { headers: await bearer('alice') }), 502, 'UPSTREAM_UNAVAILABLE');
  });

  it('emulated 503 → UPSTREAM_UNAVAILABLE', async () => {
    await setFaults({ forcedStatus: 503 });
    assertError(await http(`${tokenServer}/connect-url`, await mintInit('erin')), 502, 'UPSTREAM_UNAVAILABLE');
  });

  it('slower than the timeout → UPSTREAM_TIMEOUT', async () => {
    await setFaults({ latencyMs: 1500 });
    const started = Date.now();
    assertError(await http(`${tokenServer}/accounts`, { headers: await bearer('frank') }), 504, 'UPSTREAM_TIMEOUT');
    assert.ok(Date.now() - started < 1400, 'the token server waited past its timeout');
  });

  for (const garbage of ['html', 'truncated', 'wrong-shape']) {
    it(`garbage answers (${garbage}) → UPSTREAM_BAD_RESPONSE`, async () => {
      emulator.store.createProfile('gina');
      await setFaults({ garbage });
      assertError(await http(`${tokenServer}/accounts`, { headers: await bearer('gina') }), 502, 'UPSTREAM_BAD_RESPONSE');
    });
  }

  it('an oversized body is 413 with Connection: close, and the server keeps serving', async () => {
    const init = await mintInit('hank');
    const answer = await http(`${tokenServer}/connect-url`, { ...init, body: JSON.stringify({ returnUrl: `${APP_ORIGIN}/${'x'.repeat(64 * 1024)}` }) });
    assertError(answer, 413, 'PAYLOAD_TOO_LARGE');
    assert.equal(answer.headers.get('connection'), 'close');
    assert.equal((await http(`${tokenServer}/healthz`)).status, 200);
  });

  it('a cross-site form post and a disallowed origin are refused over the wire too', async () => {
    const form = await http(`${tokenServer}/connect-url`, {
      method: 'POST',
      headers: { ...(await bearer('ivy')), 'Content-Type': 'text/plain', 'Sec-Fetch-Site': 'cross-site' },
      body: '{}',
    });
    assertError(form, 403, 'ORIGIN_NOT_ALLOWED');
    const evil = await http(`${tokenServer}/connect-url`, {
      ...(await mintInit('ivy')),
      headers: { ...(await mintInit('ivy')).headers, Origin: 'https://evil.example' },
    });
    assertError(evil, 403, 'ORIGIN_NOT_ALLOWED');
    assert.equal(emulator.store.getProfile('ivy'), undefined);
  });

  it('one log record per request, with the id the caller got', async () => {
    const before = capture.requests().length;
    const answer = await http(`${tokenServer}/accounts`);
    assertError(answer, 401, 'UNAUTHENTICATED');
    const records = capture.requests().slice(before);
    assert.equal(records.length, 1);
    assert.equal(records[0]!.requestId, answer.headers.get('x-request-id'));
    assert.equal(records[0]!.path, '/upload-post/accounts');
  });
});
