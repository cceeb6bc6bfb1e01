/**
 * The standalone token server, spawned as `npm run token-server` would: emulator mode without a
 * key, a real upstream with one, refusal of a bad environment, graceful shutdown. Its whole output
 * is captured and checked for the key at the end.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createEmulator } from '../../../emulator/app.ts';
import { createSessionToken } from '../../../token-server/identity/session-token.ts';
import type { LogRecord } from '../../../token-server/log.ts';
import { startTokenServer } from '../../../token-server/node/cli.ts';
import { serveOnLoopback } from '../../helpers/loopback.ts';
import { API_KEY, Capture, SESSION_SECRET } from '../../helpers/token-server-fixtures.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const capture = new Capture();
const children: ChildProcess[] = [];

after(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  capture.assertNoSecret(API_KEY, SESSION_SECRET);
});

interface Spawned {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function spawnCli(env: Record<string, string>): Spawned {
  // A clean environment: nothing of the developer's UPLOAD_POST_* leaks in.
  const child = spawn(process.execPath, ['--import', 'tsx', 'token-server/node/cli.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
  });
  child.stderr.on('data', (chunk) => {
    err += chunk;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      capture.note(out);
      capture.note(err);
      resolve(code);
    }),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** The `listening` record's fields, once the server prints it. */
async function listening(spawned: Spawned): Promise<{ url: string; mode: string; identity: string }> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    for (const line of spawned.stdout().split('\n')) {
      if (line.includes('"msg":"listening"')) return JSON.parse(line);
    }
    if (spawned.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the CLI did not start:\n${spawned.stdout()}\n${spawned.stderr()}`);
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function get(url: string, init?: RequestInit) {
  const response = await fetch(url, init);
  return capture.answer(response);
}

describe('token-server CLI', () => {
  it('without a key: starts the emulator on another port, says so loudly, demo identity, stops on SIGTERM', async () => {
    const cli = spawnCli({});
    const info = await listening(cli);
    assert.equal(info.mode, 'emulator');
    assert.equal(info.identity, 'demo');
    await waitFor(() => /EMULATOR MODE/.test(cli.stderr()), 'the emulator banner on stderr');
    assert.match(cli.stdout(), /"level":"warn".*EMULATOR/);

    assert.equal((await get(`${info.url}/healthz`)).status, 200);
    const accounts = await get(`${info.url}/accounts`, { headers: { 'X-Demo-User': 'visitor' } });
    assert.equal(accounts.status, 200, accounts.text);
    const minted = await get(`${info.url}/connect-url`, {
      method: 'POST',
      headers: { 'X-Demo-User': 'visitor', 'Content-Type': 'application/json' },
      body: '{}',
    });
    assert.equal(minted.status, 200, minted.text);
    // The connect page is on the emulator's origin: cross-origin to the token server, as in production.
    assert.notEqual(new URL(minted.json.url).origin, new URL(info.url).origin);
    assert.equal(new URL(minted.json.url).hostname, '127.0.0.1');

    // One structured line per request (written at the end of the event-loop turn that answered it).
    const requestLines = () =>
      cli
        .stdout()
        .split('\n')
        .filter((line) => line.includes('"msg":"request"'));
    await waitFor(() => requestLines().length >= 3, 'three request lines');
    assert.equal(requestLines().length, 3);
    assert.ok(requestLines().every((line) => typeof JSON.parse(line).requestId === 'string'));

    cli.child.kill('SIGTERM');
    assert.equal(await cli.exited, 0);
  });

  it('lets an in-flight request finish on SIGTERM', async () => {
    const cli = spawnCli({});
    const info = await listening(cli);
    const emulatorUrl = JSON.parse(
      cli
        .stdout()
        .split('\n')
        .find((line) => line.includes('emulatorUrl'))!,
    ).emulatorUrl;
    await fetch(`${emulatorUrl}/__emulator/faults`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{"latencyMs":800}' });
    const inFlight = get(`${info.url}/accounts`, { headers: { 'X-Demo-User': 'patient' } });
    await new Promise((resolve) => setTimeout(resolve, 250));
    cli.child.kill('SIGTERM');
    const answer = await inFlight.catch((error: unknown) => {
      throw new Error(`in-flight request failed: ${String(error)}\n${cli.stdout()}\n${cli.stderr()}`);
    });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(await cli.exited, 0);
    await assert.rejects(fetch(`${info.url}/healthz`), 'still accepting after shutdown');
  });

  it('with a key: talks to the configured upstream, needs session tokens, refuses demo users, never prints the key', async () => {
    const emulator = createEmulator({ apiKey: API_KEY });
    const upstream = await serveOnLoopback(emulator.app.fetch);
    try {
      const cli = spawnCli({
        UPLOAD_POST_API_KEY: API_KEY,
        UPLOAD_POST_API_URL: `${upstream.url}/api`,
        UPLOAD_POST_SESSION_SECRET: SESSION_SECRET,
        UPLOAD_POST_ALLOWED_ORIGINS: 'https://app.example.com',
        UPLOAD_POST_PUBLIC_URL: 'https://tokens.example.com/upload-post',
        UPLOAD_POST_PROFILE_PREFIX: 'acme_',
      });
      const info = await listening(cli);
      assert.equal(info.mode, 'upload-post');
      assert.equal(info.identity, 'session-token');
      assert.doesNotMatch(cli.stderr(), /EMULATOR MODE/);
      const demo = await get(`${info.url}/accounts`, { headers: { 'X-Demo-User': 'visitor' } });
      assert.equal(demo.status, 401);
      const token = await createSessionToken({ userId: 'u1', secret: SESSION_SECRET });
      const minted = await get(`${info.url}/connect-url`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Origin: 'https://app.example.com' },
        body: '{}',
      });
      assert.equal(minted.status, 200, minted.text);
      assert.ok(emulator.store.getProfile('acme_u1'), 'the profile name is the prefixed user id');
      cli.child.kill('SIGINT');
      assert.equal(await cli.exited, 0);
    } finally {
      await upstream.close();
    }
  });

  it('a bad environment exits non-zero with a sentence saying what to set', async () => {
    const noSecret = spawnCli({ UPLOAD_POST_API_KEY: API_KEY });
    assert.equal(await noSecret.exited, 2);
    assert.match(noSecret.stderr(), /UPLOAD_POST_SESSION_SECRET is required when UPLOAD_POST_API_KEY is set/);
    const noPublicUrl = spawnCli({ UPLOAD_POST_API_KEY: API_KEY, UPLOAD_POST_SESSION_SECRET: SESSION_SECRET });
    assert.equal(await noPublicUrl.exited, 2);
    assert.match(noPublicUrl.stderr(), /UPLOAD_POST_PUBLIC_URL is required when UPLOAD_POST_API_KEY is set: set it to the URL browsers reach this server at/);
    const badPort = spawnCli({ PORT: 'eighty' });
    assert.equal(await badPort.exited, 2);
    assert.match(badPort.stderr(), /PORT must be a port number/);
  });

  it('logs the exact script tag to paste, with the integrity /widget.js answers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'widget-tag-'));
    const widgetFile = join(dir, 'widget.js');
    writeFileSync(widgetFile, 'console.log("widget");\n');
    const records: LogRecord[] = [];
    const started = await startTokenServer({ PORT: '0', UPLOAD_POST_WIDGET_FILE: widgetFile }, { log: (record) => records.push(record) });
    try {
      const logged = records.find((record) => record.msg === 'widget');
      const integrity = createHash('sha384').update('console.log("widget");\n').digest('base64');
      const src = `${started.url}/widget.js?v=${integrity.slice(0, 16).replace(/\+/g, '-').replace(/\//g, '_')}`;
      assert.equal(logged?.tag, `<script src="${src}" integrity="sha384-${integrity}" crossorigin="anonymous" defer></script>`);
      const served = await get(src);
      assert.equal(served.headers.get('X-Upload-Post-Integrity'), `sha384-${integrity}`);
    } finally {
      await started.close();
      rmSync(dir, { recursive: true, force: true });
    }
    for (const record of records) capture.note(JSON.stringify(record));
  });

  it('startTokenServer runs in-process and closes cleanly', async () => {
    const records: unknown[] = [];
    const started = await startTokenServer({ PORT: '0' }, { log: (record) => records.push(record) });
    try {
      assert.equal(started.mode, 'emulator');
      assert.ok(started.emulatorUrl);
      const health = await get(`${started.url}/healthz`);
      assert.equal(health.status, 200);
      assert.ok(records.some((record) => (record as { msg: string }).msg === 'listening'));
    } finally {
      await started.close();
    }
    await assert.rejects(fetch(`${started.url}/healthz`));
    for (const record of records) capture.note(JSON.stringify(record));
  });
});
