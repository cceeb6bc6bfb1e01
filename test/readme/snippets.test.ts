/**
 * Every code block in README.md is code that runs.
 *
 * How a block is tied to its source: an HTML comment on the line just before the block,
 *
 *     <!-- snippet: demo/module-example.ts -->        (or `…/file.ts#name` for a named region)
 *
 * - `demo/<file>`: the block equals what the demo page shows for `<file>` — `snippet()` of
 *   `demo/snippets.ts`, i.e. the file's `#region snippet` with the repository's import paths turned
 *   into the package's public ones. The demo page runs those files.
 * - any other path (`test/readme/<file>.ts`): the block equals the file's `#region snippet` …
 *   `#endregion` regions, each de-indented, joined by one blank line (so imports can sit at the top
 *   and the rest inside a function taking the customer's inputs). Those files import the package by
 *   its own name (`upload-post-connect/server`), exactly as the README does, and this file runs them.
 *
 * A `ts`, `tsx`, `js` or `html` block without a marker fails. Shell blocks (`sh`) are not run, but
 * every environment variable they set must be one `token-server/config.ts` reads; plain blocks
 * (no language) are diagrams.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test, type TestContext } from 'node:test';
import { Hono } from 'hono';
import { decode } from 'hono/jwt';
import { snippet as demoSnippet } from '../../demo/snippets.ts';
import { createEmulator, type Emulator } from '../../emulator/index.ts';
import { createTokenServer } from '../../token-server/index.ts';
import { DEFAULT_UPLOAD_POST_BASE_URL } from '../../upload-post/index.ts';
import express from 'express';
import Fastify from 'fastify';
import { sessionApp } from './session-endpoint.ts';
import { mountInExpress } from './mount-in-express.ts';
import { mountInFastify } from './mount-in-fastify.ts';
import { mountForDevelopment } from './mount-with-emulator.ts';
import { listProfilesInProcess } from './emulator-in-process.ts';
import { mountInHono } from './mount-in-hono.ts';
import { serveWithNode } from './mount-in-node.ts';
import { mountLiveAccounts, registerOnce } from './live-accounts.ts';
import { addForwardReceiver } from './verify-forward.ts';
import { FakeUpstream } from '../helpers/token-server-fixtures.ts';
import type { AccountsChange } from '../../token-server/index.ts';

const root = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');

interface CodeBlock {
  language: string;
  code: string;
  /** The `<!-- snippet: … -->` reference on the line before the block, if any. */
  source: string | undefined;
  /** 1-based line of the opening fence, for messages. */
  line: number;
}

function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const open = /^```(\S*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.indexOf('```', i + 1);
    assert.ok(end > i, `README.md:${i + 1}: a code block that never closes`);
    const marker = /^<!-- snippet: (\S+) -->$/.exec(lines[i - 1] ?? '');
    blocks.push({ language: open[1]!, code: lines.slice(i + 1, end).join('\n'), source: marker?.[1], line: i + 1 });
    i = end;
  }
  return blocks;
}

/** All `#region <name>` … `#endregion` regions of a file, each de-indented, joined by a blank line. */
function regions(path: string, name: string): string {
  const source = readFileSync(new URL(path, root), 'utf8');
  const pattern = new RegExp(`^[ \\t]*(?://|<!--) #region ${name}\\b.*\\n([\\s\\S]*?)^[ \\t]*(?://|<!--) #endregion`, 'gm');
  const found = [...source.matchAll(pattern)].map((match) => {
    const lines = match[1]!.replace(/\s+$/, '').split('\n');
    const indent = Math.min(...lines.filter((line) => line.trim()).map((line) => /^ */.exec(line)![0].length));
    return lines.map((line) => line.slice(indent)).join('\n');
  });
  assert.ok(found.length > 0, `${path} has no #region ${name} … #endregion`);
  return found.join('\n\n');
}

function sourceOf(reference: string): string {
  const [path, name = 'snippet'] = reference.split('#') as [string, string?];
  if (path.startsWith('demo/')) return demoSnippet(reference.slice('demo/'.length));
  return regions(path, name);
}

const blocks = codeBlocks(readme);

describe('README code blocks are the code that runs', () => {
  test('every block of code names its source; the rest are shell commands or diagrams', () => {
    const unsourced = blocks.filter((block) => !block.source && block.language !== 'sh' && block.language !== '');
    assert.deepEqual(
      unsourced.map((block) => `README.md:${block.line} (${block.language})`),
      [],
    );
    // Five from the demo, three framework examples (Vue, Svelte, React's JSX: test/package/examples,
    // type-checked against the packed package by test/package/frameworks.test.ts), eleven server-side
    // (Hono, Express, Fastify, Node, Next.js, the emulator for local development, the session route,
    // the emulator in process, live accounts mounted, the forward received, the Redis store, which
    // test/token-server/stores/redis-fleet.test.ts runs against a real Redis): a block that lost its
    // marker would otherwise go unnoticed.
    assert.equal(blocks.filter((block) => block.source).length, 19);
  });

  for (const block of blocks.filter((candidate) => candidate.source)) {
    test(`README's block from ${block.source} equals its source`, () => {
      assert.equal(
        block.code,
        sourceOf(block.source!),
        `README.md:${block.line} drifted from ${block.source}; copy the region into the README (or fix the region)`,
      );
    });
  }
});

/** The variables `readConfig` validates: the keys of `envSchema` in `token-server/config.ts`. */
function configVariables(): Set<string> {
  const source = readFileSync(new URL('token-server/env-options.ts', root), 'utf8');
  const schema = /const envSchema = z\.object\(\{\n([\s\S]*?)\n\}\);/.exec(source);
  assert.ok(schema, 'token-server/env-options.ts no longer declares `const envSchema = z.object({ … });`');
  return new Set([...schema[1]!.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1]!));
}

/** The lines of the README's Markdown table whose header row starts with `| header |`. */
function tableRows(markdown: string, header: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`| ${header} |`));
  assert.ok(start >= 0, `README.md has no table headed "${header}"`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}

describe('README shell blocks and the environment variables', () => {
  const known = configVariables();

  test('every variable a shell block sets is one the standalone server reads', () => {
    const shell = blocks
      .filter((block) => block.language === 'sh')
      .map((block) => block.code)
      .join('\n');
    const used = [...shell.matchAll(/\b([A-Z][A-Z0-9_]*)=/g)].map((match) => match[1]!);
    assert.ok(used.length >= 3, 'the standalone example sets the key, the secret and the origins');
    assert.deepEqual(
      used.filter((name) => !known.has(name)),
      [],
    );
  });

  test('the env var table lists exactly the variables the server reads', () => {
    const listed = tableRows(readme, 'env var').flatMap((row) => [...row[0]!.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((match) => match[1]!));
    assert.deepEqual([...new Set(listed)].sort(), [...known].sort());
  });
});

// ── running the server-side snippets ──────────────────────────────────────────────────────────

const API_KEY = 'readme-test-api-key-5d1c7e9a';
const SESSION_SECRET = 'readme-session-secret-0123456789abcdef';
const UPSTREAM = `${DEFAULT_UPLOAD_POST_BASE_URL}/`;

const WEBHOOK_SECRET = 'readme-webhook-secret-0123456789';
const FORWARD_SECRET = 'readme-forward-secret-0123456789';
/** Where the customer's own sites answer (`https://app.example.com`, …), in process. */
const CUSTOMER_SITES = new Map<string, (request: Request) => Response | Promise<Response>>();

let emulator: Emulator;
/** Where the local-development snippet expects the emulator (`npx upload-post-emulator --port 8788`); set by its test. */
const DEV_EMULATOR_API = 'http://127.0.0.1:8788/api/';
const DEV_EMULATOR: { current: Emulator | undefined } = { current: undefined };

type SnippetTest = { after: (fn: () => Promise<void>) => void };

/** The Express snippet in an Express app whose session middleware reads the user from a header; its base URL. */
async function startExpressSnippet(t: SnippetTest): Promise<string> {
  const app = express();
  app.use((req, _res, next) => {
    const id = req.get('x-test-user');
    if (id) Object.assign(req, { user: { id } });
    next();
  });
  app.use(express.json());
  mountInExpress(app);
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  t.after(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The Fastify snippet in a Fastify app whose hook reads the user from a header; its base URL. */
async function startFastifySnippet(t: SnippetTest): Promise<string> {
  const app = Fastify();
  app.addHook('onRequest', async (request) => {
    const id = request.headers['x-test-user'];
    if (typeof id === 'string') Object.assign(request, { user: { id } });
  });
  await mountInFastify(app);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  t.after(() => app.close());
  return url;
}
const realFetch = globalThis.fetch;
const savedEnv = {
  key: process.env.UPLOAD_POST_API_KEY,
  secret: process.env.UPLOAD_POST_SESSION_SECRET,
  webhook: process.env.UPLOAD_POST_WEBHOOK_SECRET,
  forward: process.env.UPLOAD_POST_FORWARD_SECRET,
};

/** The snippets read the key from the environment and call the real API URL with the global `fetch`:
 * the environment gets a key and `fetch` sends the API's URLs to the emulator, and the customer's
 * sites (where the emulator's webhooks and the forwards go) to their apps, in process. */
before(() => {
  emulator = createEmulator({ apiKey: API_KEY });
  process.env.UPLOAD_POST_API_KEY = API_KEY;
  process.env.UPLOAD_POST_SESSION_SECRET = SESSION_SECRET;
  process.env.UPLOAD_POST_WEBHOOK_SECRET = WEBHOOK_SECRET;
  process.env.UPLOAD_POST_FORWARD_SECRET = FORWARD_SECRET;
  globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    if (request.url.startsWith(UPSTREAM)) return emulator.app.fetch(request);
    if (request.url.startsWith(DEV_EMULATOR_API) && DEV_EMULATOR.current) return DEV_EMULATOR.current.app.fetch(request);
    const site = CUSTOMER_SITES.get(new URL(request.url).origin);
    return site ? site(request) : realFetch(request);
  };
});

after(() => {
  globalThis.fetch = realFetch;
  for (const [name, value] of [
    ['UPLOAD_POST_API_KEY', savedEnv.key],
    ['UPLOAD_POST_SESSION_SECRET', savedEnv.secret],
    ['UPLOAD_POST_WEBHOOK_SECRET', savedEnv.webhook],
    ['UPLOAD_POST_FORWARD_SECRET', savedEnv.forward],
  ] as const) {
    if (value === undefined) Reflect.deleteProperty(process.env, name);
    else process.env[name] = value;
  }
});

/** The token server's request log (a JSON line each, on stdout by default), kept off the test output. */
function captureLog(t: TestContext): string[] {
  const lines: string[] = [];
  t.mock.method(console, 'log', (line: unknown) => lines.push(String(line)));
  return lines;
}

/** A user with a connected TikTok account, in the emulator, under the profile name `username`. */
function seedProfile(username: string): void {
  emulator.reset();
  emulator.store.createProfile(username);
  emulator.store.connectAccount(username, 'tiktok', {
    username: 'acme_tiktok',
    display_name: 'Acme on TikTok',
    social_images: 'https://cdn.example.com/acme.png',
  });
}

const connected = (body: { accounts: { platform: string; connected: boolean }[] }) =>
  body.accounts.filter((account) => account.connected).map((account) => account.platform);

describe('README server snippets run', () => {
  test('§ 2 Hono: the mounted app reads the user from your session and answers their accounts', async (t) => {
    const log = captureLog(t);
    seedProfile('acme_u42');
    // Your app: its own session middleware in front, then the README's app.
    const yourApp = new Hono<{ Variables: { session?: { userId: string } } }>();
    yourApp.use(async (c, next) => {
      const userId = c.req.header('x-test-user');
      if (userId) c.set('session', { userId });
      await next();
    });
    yourApp.route('/', mountInHono());

    const answer = await yourApp.request('/upload-post/accounts', { headers: { 'x-test-user': 'u42' } });
    assert.equal(answer.status, 200);
    const body = (await answer.json()) as { accounts: { platform: string; connected: boolean }[] };
    assert.deepEqual(connected(body), ['tiktok'], 'profileName maps u42 to the seeded acme_u42');
    assert.equal(body.accounts.length, 9);

    const anonymous = await yourApp.request('/upload-post/accounts');
    assert.equal(anonymous.status, 401);
    assert.equal(((await anonymous.json()) as { error: { code: string } }).error.code, 'UNAUTHENTICATED');

    assert.equal(log.length, 2, 'one log line per request');
    assert.ok(
      log.every((line) => !line.includes(API_KEY)),
      'the API key never reaches a log line',
    );
  });

  test('§ 2 Node: a plain node:http server, over a socket, reads the user a preceding handler put on the request', async (t) => {
    const log = captureLog(t);
    seedProfile('u7');
    const server = serveWithNode(
      // Passport's part: a user on the Node request.
      (req) => {
        const userId = req.headers['x-test-user'];
        if (typeof userId === 'string') Object.assign(req, { user: { id: userId } });
      },
      (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('your app'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.after(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const answer = await fetch(`${base}/upload-post/accounts`, { headers: { 'x-test-user': 'u7' } });
    assert.equal(answer.status, 200);
    assert.deepEqual(connected((await answer.json()) as { accounts: { platform: string; connected: boolean }[] }), ['tiktok']);

    const anonymous = await fetch(`${base}/upload-post/accounts`);
    assert.equal(anonymous.status, 401);
    await anonymous.body?.cancel();

    const rest = await fetch(`${base}/settings`);
    assert.equal(await rest.text(), 'your app', 'other paths stay your app’s');

    const health = await fetch(`${base}/upload-post/healthz`);
    assert.deepEqual(await health.json(), { status: 'ok' }, 'the prefix is the mount point');
    assert.ok(log.length >= 3 && log.every((line) => !line.includes(API_KEY)));
  });

  for (const [framework, start] of [
    ['Express', startExpressSnippet],
    ['Fastify', startFastifySnippet],
  ] as const) {
    test(`§ 2 ${framework}: mounted at /upload-post, over a socket, it answers the user the app's session found and mints a link returning under the mount`, async (t) => {
      const log = captureLog(t);
      seedProfile('u5');
      const base = await start(t);
      const answer = await fetch(`${base}/upload-post/accounts`, { headers: { 'x-test-user': 'u5', Connection: 'close' } });
      assert.equal(answer.status, 200);
      assert.deepEqual(connected((await answer.json()) as { accounts: { platform: string; connected: boolean }[] }), ['tiktok']);
      const minted = await fetch(`${base}/upload-post/connect-url`, {
        method: 'POST',
        headers: { 'x-test-user': 'u5', Origin: 'https://app.example.com', 'Content-Type': 'application/json', Connection: 'close' },
        body: JSON.stringify({ platforms: ['tiktok'] }),
      });
      assert.equal(minted.status, 200);
      const { url: connectUrl } = (await minted.json()) as { url: string };
      const { jti } = decode(new URL(connectUrl).searchParams.get('token') ?? '').payload as { jti: string };
      const link = emulator.store.getLink(jti);
      assert.equal(link?.username, 'u5', 'the link was minted upstream for the session’s user');
      assert.match(link.options.redirect_url ?? '', new RegExp(`^${base}/upload-post/done\\?`), 'the connect page returns under the mount');
      assert.ok(log.every((line) => !line.includes(API_KEY)));
    });
  }

  test('§ 2 local development: a mounted token server pointed at the emulator on port 8788 with dev-key', async (t) => {
    const log = captureLog(t);
    const devEmulator = createEmulator({ apiKey: 'dev-key' });
    DEV_EMULATOR.current = devEmulator;
    t.after(() => (DEV_EMULATOR.current = undefined));
    const yourApp = new Hono<{ Variables: { session?: { userId: string } } }>();
    yourApp.use(async (c, next) => {
      c.set('session', { userId: 'dev-user' });
      await next();
    });
    mountForDevelopment(yourApp as unknown as Hono);
    const minted = await yourApp.request('/upload-post/connect-url', {
      method: 'POST',
      headers: { Origin: 'http://localhost:5173', 'Content-Type': 'application/json' },
      body: '{}',
    });
    assert.equal(minted.status, 200, await minted.clone().text());
    assert.ok(devEmulator.store.getProfile('dev-user'), 'the profile was created in the emulator, not upstream');
    assert.equal(emulator.store.getProfile('dev-user'), undefined);
    assert.equal(log.length, 1);
  });

  test('§ 2 Next.js: the route file’s GET, POST and OPTIONS serve the token server for the session’s user', async (t) => {
    const log = captureLog(t);
    seedProfile('u8');
    // Next loads the route module when the first request comes, with the environment set.
    const route = await import('./mount-in-nextjs.ts');
    const origin = 'https://app.example.com';
    const url = (path: string) => `${origin}/upload-post${path}`;

    const answer = await route.GET(new Request(url('/accounts'), { headers: { cookie: 'session=u8' } }));
    assert.equal(answer.status, 200);
    assert.deepEqual(connected((await answer.json()) as { accounts: { platform: string; connected: boolean }[] }), ['tiktok']);

    const anonymous = await route.GET(new Request(url('/accounts')));
    assert.equal(anonymous.status, 401);

    const preflight = await route.OPTIONS(
      new Request(url('/connect-url'), {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
      }),
    );
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('Access-Control-Allow-Origin'), origin);

    const minted = await route.POST(
      new Request(url('/connect-url'), {
        method: 'POST',
        headers: { cookie: 'session=u8', Origin: origin, 'Content-Type': 'application/json' },
        body: JSON.stringify({ platforms: ['tiktok'] }),
      }),
    );
    assert.equal(minted.status, 200);
    const { url: connectUrl } = (await minted.json()) as { url: string };
    const validated = await emulator.app.request('/api/uploadposts/users/validate-jwt', {
      method: 'POST',
      headers: { Authorization: `Bearer ${new URL(connectUrl).searchParams.get('token')}` },
    });
    assert.equal(((await validated.json()) as { profile?: { username: string } }).profile?.username, 'u8', 'the link is for the session’s user');
    assert.ok(log.every((line) => !line.includes(API_KEY)));
  });

  test('§ 3 session route: its token is accepted by a token server sharing the secret', async (t) => {
    const log = captureLog(t);
    const yourApp = sessionApp(async (c, next) => {
      c.set('user', { id: 'u9' });
      await next();
    });

    const minted = await yourApp.request('/demo/session', { method: 'POST' });
    assert.equal(minted.status, 200);
    const { token } = (await minted.json()) as { token: string };
    assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);

    const upstream = new FakeUpstream();
    upstream.addProfile('u9', { instagram: { connected: true, details: { display_name: 'U9' }, raw: {} } });
    const tokenServer = createTokenServer({ upstream, identity: { sessionSecret: SESSION_SECRET } });
    const answer = await tokenServer.request('/accounts', { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(answer.status, 200);
    assert.deepEqual(connected((await answer.json()) as { accounts: { platform: string; connected: boolean }[] }), ['instagram']);
    assert.deepEqual(
      upstream.calls.map((call) => call.args),
      [['u9']],
      'the token names the user',
    );

    const otherSecret = createTokenServer({ upstream, identity: { sessionSecret: 'another-secret-0123456789abcdef0123' } });
    assert.equal((await otherSecret.request('/accounts', { headers: { Authorization: `Bearer ${token}` } })).status, 401);
    assert.equal(log.length, 2);
  });

  test('§ 5 live accounts, mounted: registered once, then an account linked upstream reaches onAccountsChange with your user id', async (t) => {
    const log = captureLog(t);
    emulator.reset();
    emulator.store.createProfile('acme_u42');
    const yourApp = new Hono<{ Variables: { session?: { userId: string } } }>();
    let told!: (change: Pick<AccountsChange, 'userId' | 'connected' | 'disconnected' | 'reauthRequired'>) => void;
    const change = new Promise<Parameters<typeof told>[0]>((resolve) => (told = resolve));
    mountLiveAccounts(yourApp, async (saved) => told(saved));
    CUSTOMER_SITES.set('https://app.example.com', (request) => yourApp.fetch(request));
    t.after(() => CUSTOMER_SITES.delete('https://app.example.com'));

    assert.equal(await registerOnce(), 'registered');
    assert.equal(await registerOnce(), 'unchanged', 'idempotent');
    emulator.store.connectAccount('acme_u42', 'tiktok', { username: 'acme_tt', display_name: 'Acme', social_images: '' });
    const saved = await change;
    assert.equal(saved.userId, 'u42', 'userIdOf inverts profileName');
    assert.deepEqual(
      saved.connected.map((account) => account.platform),
      ['tiktok'],
    );
    assert.deepEqual([saved.disconnected, saved.reauthRequired], [[], []]);
    await emulator.webhooks.sender.whenIdle();
    assert.equal(emulator.webhooks.sender.deliveries[0]!.status, 'delivered');
    assert.ok(log.every((line) => !line.includes(WEBHOOK_SECRET) && !line.includes(API_KEY)));
  });

  test('§ 5 the forward received: a token server’s signed change passes, a forged or altered one is refused', async (t) => {
    const log = captureLog(t);
    emulator.reset();
    emulator.store.createProfile('u7');
    const backend = new Hono();
    const received: AccountsChange[] = [];
    let arrived!: () => void;
    const first = new Promise<void>((resolve) => (arrived = resolve));
    addForwardReceiver(backend, async (change) => {
      received.push(change);
      arrived();
    });
    CUSTOMER_SITES.set('https://api.example.com', (request) => backend.fetch(request));
    t.after(() => CUSTOMER_SITES.delete('https://api.example.com'));

    const tokenServer = createTokenServer({
      apiKey: API_KEY,
      identity: { sessionSecret: SESSION_SECRET },
      webhookSecret: WEBHOOK_SECRET,
      forward: { url: 'https://api.example.com/hooks/upload-post', secret: FORWARD_SECRET },
    });
    emulator.store.connectAccount('u7', 'instagram', { username: 'u7.ig', display_name: 'U7', social_images: '' });
    const answer = await tokenServer.request(`/webhooks/upload-post?secret=${WEBHOOK_SECRET}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ event: 'social_account_connected', profile_username: 'u7', platform: 'instagram' }),
    });
    assert.equal(answer.status, 202);
    await first;
    assert.equal(received.length, 1);
    assert.deepEqual([received[0]!.userId, received[0]!.connected.map((account) => account.platform)], ['u7', ['instagram']]);

    const body = JSON.stringify(received[0]);
    const forged = await backend.request('/hooks/upload-post', {
      method: 'POST',
      body,
      headers: { 'Upload-Post-Connect-Signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` },
    });
    assert.equal(forged.status, 401);
    assert.equal((await backend.request('/hooks/upload-post', { method: 'POST', body })).status, 401, 'unsigned');
    assert.equal(received.length, 1);
    assert.ok(log.every((line) => !line.includes(FORWARD_SECRET)));
  });

  test('the emulator, in process: the request answers 200 with the profiles', async () => {
    const res = await listProfilesInProcess();
    assert.equal(res.status, 200);
    const body = (await res.json()) as { profiles: unknown[]; limit: number };
    assert.deepEqual(body.profiles, [], 'a fresh emulator has no profiles yet');
    assert.equal(body.limit, 10, 'the snippet’s profileLimit');
  });
});
