/**
 * The token server on Cloudflare's runtime, for real: the Worker entry is bundled by
 * `scripts/build-worker.mjs`, run by `workerd serve` (the open-source Workers runtime, from npm)
 * with a generated config, and pointed at the emulator of Upload-Post on loopback. Everything is
 * checked over HTTP, as a browser and the customer's backend would see it.
 *
 * The secrets reach the Worker as `fromEnvironment` bindings (never written to the config file),
 * the rest as text bindings — the same shapes `wrangler secret put` and `[vars]` produce. The
 * Worker's only way out is a network service that allows loopback, so its `fetch` can reach the
 * emulator and nothing else.
 *
 * workerd's output is captured and shown only when something fails. If workerd cannot start, the
 * test fails with its output: nothing here is skipped.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildWorker } from '../../../scripts/build-worker.mjs';
import { createWorker, stringBindings } from '../../../token-server/edge/create-worker.ts';
import { createEmulator } from '../../../emulator/app.ts';
import { createSessionToken } from '../../../token-server/identity/session-token.ts';
import { widgetScriptIntegrity } from '../../../token-server/widget-bundle.ts';
import { serveOnLoopback, type LoopbackServer } from '../../helpers/loopback.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.ts';
import { verifyForwardSignature } from '../../../token-server/live/forward-signature.ts';

const API_KEY = 'edge-test-api-key-5d1f9b3a7c';
const SESSION_SECRET = 'edge-session-secret-0123456789abcdef-xyz';
const APP_ORIGIN = 'https://app.example.com';
const EVIL_ORIGIN = 'https://evil.example';
const PROFILE_PREFIX = 'edge-';
const CONNECT_TITLE = 'Link your accounts to Acme';
/** Non-ASCII on purpose: the text module and the integrity must agree on UTF-8. */
const WIDGET_SOURCE = '/* upload-post-connect — test bundle ✓ */\ncustomElements.get("upload-post-connect") || console.log("münchen");\n';
const CONNECT_MODULE = 'export class ConnectController {}\n';
const SPANISH_MODULE = 'export default { title: "Cuentas conectadas" };\n';
const WEBHOOK_SECRET = 'edge-webhook-secret-0123456789';
const FORWARD_SECRET = 'edge-forward-secret-0123456789';
const STARTUP_TIMEOUT_MS = 10_000;
/** The npm package installs the platform's binary there. */
const workerdBinary = createRequire(import.meta.url).resolve('workerd/bin/workerd');

const emulator = createEmulator({ apiKey: API_KEY });
let emulatorServer: LoopbackServer | undefined;
let emulatorUrl: string;
/** The customer's backend, receiving the Worker's signed forwards. */
let backend: WebhookReceiver | undefined;
let workdir: string;
let workerd: ChildProcess | undefined;
let workerdExit: Promise<void> | undefined;
let output = '';
/** The configured Worker, and a second one missing its session secret. */
let base: string;
let misconfiguredBase: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A capnp text literal: JSON's escapes are valid capnp escapes. */
const text = (value: string) => JSON.stringify(value);

function workerdConfig(ports: { main: number; misconfigured: number }): string {
  const vars = {
    UPLOAD_POST_API_URL: `${emulatorUrl}/api`,
    UPLOAD_POST_ALLOWED_ORIGINS: `${APP_ORIGIN}, https://admin.example.com`,
    UPLOAD_POST_PROFILE_PREFIX: PROFILE_PREFIX,
    UPLOAD_POST_CONNECT_TITLE: CONNECT_TITLE,
    UPLOAD_POST_TIMEOUT_MS: '3000',
    UPLOAD_POST_WEBHOOK_SECRET: WEBHOOK_SECRET,
    UPLOAD_POST_FORWARD_URL: `${backend!.url}/hooks/upload-post`,
    UPLOAD_POST_FORWARD_SECRET: FORWARD_SECRET,
  };
  const textBindings = [
    ...Object.entries(vars).map(([name, value]) => `(name = ${text(name)}, text = ${text(value)})`),
    // What `UPLOAD_POST_SHOW_CALENDAR = false` in wrangler.toml's [vars] becomes: a boolean, not text.
    '(name = "UPLOAD_POST_SHOW_CALENDAR", json = "false")',
  ];
  const worker = (secrets: string[]) => `(
    modules = [(name = "worker.js", esModule = embed "worker.js")],
    compatibilityDate = "2025-09-01",
    bindings = [
      ${[...secrets.map((name) => `(name = ${text(name)}, fromEnvironment = ${text(name)})`), ...textBindings].join(',\n      ')}
    ],
    globalOutbound = "loopback",
  )`;
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "token-server", worker = ${worker(['UPLOAD_POST_API_KEY', 'UPLOAD_POST_SESSION_SECRET'])}),
    (name = "token-server-misconfigured", worker = ${worker(['UPLOAD_POST_API_KEY'])}),
    # The Worker's fetch goes here: loopback only, so it reaches the emulator and nothing else.
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [
    (name = "http", address = "127.0.0.1:${ports.main}", http = (), service = "token-server"),
    (name = "http-misconfigured", address = "127.0.0.1:${ports.misconfigured}", http = (), service = "token-server-misconfigured"),
  ],
);
`;
}

async function startWorkerd(): Promise<void> {
  const ports = { main: await freePort(), misconfigured: await freePort() };
  await writeFile(join(workdir, 'config.capnp'), workerdConfig(ports));
  const child = spawn(workerdBinary, ['serve', 'config.capnp'], {
    cwd: workdir,
    env: { PATH: process.env.PATH ?? '', UPLOAD_POST_API_KEY: API_KEY, UPLOAD_POST_SESSION_SECRET: SESSION_SECRET },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  workerd = child;
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  let exited: string | undefined;
  workerdExit = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      exited = `workerd exited (code ${code}, signal ${signal})`;
      resolve();
    }),
  );
  child.once('error', (error) => {
    exited = `workerd could not be spawned: ${error.message}`;
  });

  base = `http://127.0.0.1:${ports.main}/upload-post`;
  misconfiguredBase = `http://127.0.0.1:${ports.misconfigured}/upload-post`;
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (exited) throw new Error(`${exited} before answering.\n--- workerd output ---\n${output}`);
    try {
      const health = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1000) });
      if (health.status === 200) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`workerd did not answer within ${STARTUP_TIMEOUT_MS} ms.\n--- workerd output ---\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Fails the test with workerd's output attached: the Worker's own logs explain most failures. */
function withOutput<T>(check: () => Promise<T>): () => Promise<T> {
  return async () => {
    try {
      return await check();
    } catch (error) {
      if (error instanceof Error) error.message += `\n--- workerd output ---\n${output || '(none)'}`;
      throw error;
    }
  };
}

const bearer = async (userId: string, secret = SESSION_SECRET) => ({ Authorization: `Bearer ${await createSessionToken({ userId, secret })}` });

async function mint(userId: string, origin = APP_ORIGIN): Promise<Response> {
  return fetch(`${base}/connect-url`, {
    method: 'POST',
    headers: { ...(await bearer(userId)), Origin: origin, 'Content-Type': 'application/json' },
    body: '{}',
  });
}

function jwtClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

before(async () => {
  emulatorServer = await serveOnLoopback(emulator.app.fetch);
  emulatorUrl = emulatorServer.url;
  backend = await startWebhookReceiver();
  workdir = await mkdtemp(join(tmpdir(), 'upload-post-workerd-'));
  const widgetFile = join(workdir, 'widget.min.js');
  await writeFile(widgetFile, WIDGET_SOURCE);
  // The modules the bundle loads from beside itself, as the build writes them.
  await writeFile(join(workdir, 'widget.min.connect.js'), CONNECT_MODULE);
  await writeFile(join(workdir, 'widget.min.es.js'), SPANISH_MODULE);
  const built = await buildWorker({ outfile: join(workdir, 'worker.js'), widgetFile });
  // The bundler resolves as a browser-like runtime; a Node module in the graph would be an input.
  const nodeInputs = built.inputs.filter((input) => input.startsWith('node:') || /node_modules\/(undici|@hono\/node-server)\//.test(input));
  assert.deepEqual(nodeInputs, [], 'the Worker bundle pulls in Node-only code');
  await startWorkerd();
});

after(async () => {
  if (workerd && workerd.exitCode === null && workerd.signalCode === null) {
    workerd.kill('SIGTERM');
    await Promise.race([workerdExit, new Promise((resolve) => setTimeout(resolve, 2000))]);
    if (workerd.exitCode === null && workerd.signalCode === null) workerd.kill('SIGKILL');
  }
  await emulatorServer?.close();
  await backend?.close();
  if (workdir) await rm(workdir, { recursive: true, force: true });
});

describe('the token server on workerd', () => {
  it(
    "answers the accounts of a session token's user, read from the upstream",
    withOutput(async () => {
      const empty = await fetch(`${base}/accounts`, { headers: { ...(await bearer('alice')), Origin: APP_ORIGIN } });
      assert.equal(empty.status, 200);
      assert.equal(empty.headers.get('Access-Control-Allow-Origin'), APP_ORIGIN);
      const emptyBody = (await empty.json()) as { accounts: { platform: string; connected: boolean }[] };
      assert.equal(emptyBody.accounts.length, 9, 'the nine documented platforms');
      assert.ok(
        emptyBody.accounts.every((account) => !account.connected),
        'no profile yet: nothing connected',
      );

      // A profile with one linked account, made upstream: the Worker must read it from there.
      assert.equal(emulator.store.createProfile(`${PROFILE_PREFIX}alice`).ok, true);
      emulator.store.connectAccount(`${PROFILE_PREFIX}alice`, 'tiktok', { username: '@alice.tt', display_name: 'Alice on TikTok', social_images: '' });
      const linked = await fetch(`${base}/accounts`, {
        headers: { ...(await bearer('alice')), Origin: APP_ORIGIN, 'Cache-Control': 'no-cache' },
      });
      assert.equal(linked.status, 200);
      const tiktok = ((await linked.json()) as { accounts: { platform: string; connected: boolean; displayName?: string; handle?: string }[] }).accounts.find(
        (account) => account.platform === 'tiktok',
      );
      assert.deepEqual(tiktok, { platform: 'tiktok', connected: true, displayName: 'Alice on TikTok', handle: 'alice.tt' });
    }),
  );

  it(
    "mints a connect link whose token the upstream validates to the user's profile, with the vars applied",
    withOutput(async () => {
      const answer = await mint('bob');
      assert.equal(answer.status, 200, await answer.clone().text());
      assert.equal(answer.headers.get('Access-Control-Allow-Origin'), APP_ORIGIN);
      const { url, expiresAt } = (await answer.json()) as { url: string; expiresAt: string };
      const link = new URL(url);
      assert.equal(link.origin, emulatorUrl);
      assert.ok(Date.parse(expiresAt) > Date.now() + 47 * 3600_000, `expiresAt ${expiresAt} is about 48 h ahead`);
      const token = link.searchParams.get('token');
      assert.ok(token, `no token in ${url}`);

      const validated = await fetch(`${emulatorUrl}/api/uploadposts/users/validate-jwt`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}` },
      });
      const validation = (await validated.json()) as { success?: boolean; profile?: { username: string } };
      assert.equal(validation.success, true, JSON.stringify(validation));
      assert.equal(validation.profile?.username, `${PROFILE_PREFIX}bob`);

      // What the Worker asked the upstream for: branding from a var, and its own /done under the mount.
      const options = emulator.store.getLink(String(jwtClaims(token).jti))?.options;
      assert.equal(options?.connect_title, CONNECT_TITLE);
      assert.equal(options?.show_calendar, false);
      assert.match(options?.redirect_url ?? '', new RegExp(`^${base}/done\\?origin=${encodeURIComponent(APP_ORIGIN)}&session=[\\w-]{22}$`));
    }),
  );

  it(
    'refuses requests without a valid session token (401)',
    withOutput(async () => {
      const missing = await fetch(`${base}/accounts`, { headers: { Origin: APP_ORIGIN } });
      assert.equal(missing.status, 401);
      assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'UNAUTHENTICATED');
      const forged = await fetch(`${base}/accounts`, {
        headers: { ...(await bearer('alice', 'another-secret-that-is-long-enough-0123456789')), Origin: APP_ORIGIN },
      });
      assert.equal(forged.status, 401);
      assert.equal(((await forged.json()) as { error: { code: string } }).error.code, 'UNAUTHENTICATED');
    }),
  );

  it(
    'refuses origins that are not allowed: no CORS grant, 403 and no upstream call',
    withOutput(async () => {
      const preflight = (origin: string) =>
        fetch(`${base}/connect-url`, {
          method: 'OPTIONS',
          headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type' },
        });
      const allowed = await preflight('https://admin.example.com');
      assert.equal(allowed.headers.get('Access-Control-Allow-Origin'), 'https://admin.example.com');
      const refused = await preflight(EVIL_ORIGIN);
      assert.equal(refused.headers.get('Access-Control-Allow-Origin'), null);

      assert.equal(emulator.store.getProfile(`${PROFILE_PREFIX}carol`), undefined);
      const forbidden = await mint('carol', EVIL_ORIGIN);
      assert.equal(forbidden.status, 403);
      assert.equal(((await forbidden.json()) as { error: { code: string } }).error.code, 'ORIGIN_NOT_ALLOWED');
      assert.equal(forbidden.headers.get('Access-Control-Allow-Origin'), null);
      assert.equal(emulator.store.getProfile(`${PROFILE_PREFIX}carol`), undefined, 'the refused mint reached the upstream');
    }),
  );

  it(
    'serves the bundled script at /upload-post/widget.js, byte for byte, with its integrity',
    withOutput(async () => {
      const script = await fetch(`${base}/widget.js`);
      assert.equal(script.status, 200);
      assert.match(script.headers.get('Content-Type') ?? '', /^text\/javascript/);
      assert.equal(await script.text(), WIDGET_SOURCE);
      const integrity = await widgetScriptIntegrity(WIDGET_SOURCE);
      assert.equal(script.headers.get('X-Upload-Post-Integrity'), integrity);
      assert.equal(script.headers.get('Cross-Origin-Resource-Policy'), 'cross-origin');
      const etag = script.headers.get('ETag');
      assert.ok(etag);
      const revalidated = await fetch(`${base}/widget.js`, { headers: { 'If-None-Match': etag } });
      assert.equal(revalidated.status, 304);
    }),
  );

  it(
    'serves the modules the bundle loads from beside itself: the connect flow and the other languages',
    withOutput(async () => {
      for (const [file, text] of [
        ['widget.connect.js', CONNECT_MODULE],
        ['widget.es.js', SPANISH_MODULE],
      ] as const) {
        const answer = await fetch(`${base}/${file}`);
        assert.equal(answer.status, 200, file);
        assert.equal(await answer.text(), text, file);
        assert.equal(answer.headers.get('Access-Control-Allow-Origin'), '*', file);
      }
      assert.equal((await fetch(`${base}/widget.de.js`)).status, 404, 'a module the build did not write');
    }),
  );

  it(
    'takes a webhook, answers at once, and forwards the change signed after the answer (waitUntil); offers no event streams',
    withOutput(async () => {
      assert.equal(emulator.store.createProfile(`${PROFILE_PREFIX}dora`).ok, true);
      emulator.store.connectAccount(`${PROFILE_PREFIX}dora`, 'instagram', { username: 'dora.ig', display_name: 'Dora', social_images: '' });
      const refused = await fetch(`${base}/webhooks/upload-post?secret=wrong-secret-0123456789`, { method: 'POST', body: '{}' });
      assert.equal(refused.status, 401);
      const answer = await fetch(`${base}/webhooks/upload-post?secret=${WEBHOOK_SECRET}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ event: 'social_account_connected', profile_username: `${PROFILE_PREFIX}dora`, platform: 'instagram' }),
      });
      assert.equal(answer.status, 202);
      const [forward] = await backend!.waitFor(1, (request) => request.json?.profile === `${PROFILE_PREFIX}dora`);
      assert.equal((await verifyForwardSignature(forward!.body, forward!.headers['upload-post-connect-signature'], FORWARD_SECRET)).ok, true);
      assert.equal(forward!.json.userId, 'dora', 'the prefix inverted');
      assert.deepEqual(
        forward!.json.connected.map((account: { platform: string }) => account.platform),
        ['instagram'],
      );
      const events = await fetch(`${base}/events`, { headers: await bearer('dora') });
      assert.equal(events.status, 404);
      await events.body?.cancel();
    }),
  );

  it(
    'answers a misconfigured Worker with a bare 500 and tells the operator why in its log',
    withOutput(async () => {
      const answer = await fetch(`${misconfiguredBase}/healthz`);
      assert.equal(answer.status, 500);
      const body = await answer.text();
      assert.equal((JSON.parse(body) as { error: { code: string } }).error.code, 'SERVER_MISCONFIGURED');
      assert.doesNotMatch(body, /UPLOAD_POST_SESSION_SECRET/, 'the reason is for the log, not for the caller');
      // The log line may reach workerd's output a moment after the answer.
      const deadline = Date.now() + 2000;
      while (!/UPLOAD_POST_SESSION_SECRET is required/.test(output) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.match(output, /UPLOAD_POST_SESSION_SECRET is required/);
      assert.doesNotMatch(output, new RegExp(API_KEY), "workerd's output carries the API key");
    }),
  );
});

/** The Worker's handler in-process, for what the workerd run above does not cover. */
describe('createWorker (in-process)', () => {
  const secrets = { UPLOAD_POST_API_KEY: API_KEY, UPLOAD_POST_SESSION_SECRET: SESSION_SECRET };

  it('serves the UPLOAD_POST_WIDGET_SCRIPT binding in preference to the bundled script, and logs the request as JSON', async (t) => {
    // On Workers, console.log lines are what `wrangler tail` and Workers Logs show.
    const logged = t.mock.method(console, 'log', () => undefined);
    const worker = createWorker({ widgetFiles: { '': 'bundled();' } });
    const answer = await worker.fetch(new Request('http://worker.test/upload-post/widget.js'), { ...secrets, UPLOAD_POST_WIDGET_SCRIPT: 'from.binding();' });
    assert.equal(answer.status, 200);
    assert.equal(await answer.text(), 'from.binding();');
    assert.equal(logged.mock.callCount(), 1);
    assert.deepEqual((({ msg, path, status }) => ({ msg, path, status }))(JSON.parse(String(logged.mock.calls[0]!.arguments[0])) as Record<string, unknown>), {
      msg: 'request',
      path: '/upload-post/widget.js',
      status: 200,
    });
  });

  it('answers 404 at /widget.js when the Worker has no bundle at all', async (t) => {
    t.mock.method(console, 'log', () => undefined);
    const worker = createWorker({ widgetFiles: null });
    const answer = await worker.fetch(new Request('http://worker.test/upload-post/widget.js'), secrets);
    assert.equal(answer.status, 404);
  });

  it('reads TOML booleans and numbers of [vars] as text, and ignores other bindings', () => {
    assert.deepEqual(stringBindings({ A: 'text', B: false, C: 3000, KV: { get() {} }, D: null }), { A: 'text', B: 'false', C: '3000' });
  });

  it('logs a configuration error once per isolate, and answers every request with a bare 500', async (t) => {
    const logged = t.mock.method(console, 'error', () => undefined);
    const worker = createWorker();
    const env = { UPLOAD_POST_SESSION_SECRET: SESSION_SECRET, UPLOAD_POST_ALLOWED_ORIGINS: 'not an origin' };
    for (let i = 0; i < 2; i++) {
      const answer = await worker.fetch(new Request('http://worker.test/upload-post/healthz'), env);
      assert.equal(answer.status, 500);
      assert.doesNotMatch(await answer.text(), /UPLOAD_POST_ALLOWED_ORIGINS/);
    }
    assert.equal(logged.mock.callCount(), 1);
    assert.match(String(logged.mock.calls[0]!.arguments[0]), /UPLOAD_POST_ALLOWED_ORIGINS/);
  });
});
