/**
 * The API key in no log line, whatever test or deployment produces it — by construction rather
 * than by sampling: the token server writes to a console or a stream only in a few reviewed
 * places, every request and life-cycle record goes through `safeSink` (redaction of the key and
 * the session secret), and that redaction is proven here on records shaped like the real ones.
 * A new `console.*` or stream write in the server side fails this test until it is reviewed and
 * listed below (the emulator is exempt: its CLI prints its own development key on purpose).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { createTokenServer } from '../../token-server/app.ts';
import { createSessionToken } from '../../token-server/identity/session-token.ts';
import { jsonLineSink, redact, safeSink, type LogRecord } from '../../token-server/log.ts';
import { createEmulator } from '../../emulator/app.ts';

const root = new URL('../..', import.meta.url).pathname;

/** Every place the server side may write output itself, and why it cannot carry a secret. */
const REVIEWED_WRITES: Record<string, string> = {
  // The default sink: createTokenServer always wraps it in safeSink.
  'token-server/log.ts': 'jsonLineSink',
  // The standalone server's sink (the same JSON lines, written per event-loop turn): startTokenServer wraps it in safeSink, and createTokenServer wraps it again.
  'token-server/node/stdout-sink.ts': 'stdoutJsonLineSink',
  // A ConfigError sentence (config.ts scrubs input values from it) and the emulator-mode banner (no values).
  'token-server/node/cli.ts': 'start-up errors and banner',
  // The Worker's configuration error: a readConfig sentence, scrubbed the same way.
  'token-server/edge/create-worker.ts': 'configuration error',
  // `--register-webhook`: its result and errors, with the API key and the webhook secret redacted (tested in live/register-webhook.test.ts).
  'token-server/node/register-webhook.ts': 'webhook registration result',
};

function serverFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return path === 'token-server/emulator' ? [] : serverFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('log output of the server side', () => {
  it('redact scrubs every string, keys and nested ones included, and hands a clean record on untouched', () => {
    const secrets = ['', 'sk_live_123', 'hush'];
    const clean = { msg: 'request', nested: { list: ['a', { b: 1 }] }, n: 2, none: null };
    assert.equal(redact(clean, secrets), clean, 'a record with no secret is not copied');
    const dirty = { msg: 'key sk_live_123 and hush', nested: { list: ['x', { deep: 'hush!' }] }, sk_live_123: 'as a key', n: 2 };
    const scrubbed = redact(dirty, secrets);
    assert.deepEqual(scrubbed, {
      msg: 'key [redacted] and [redacted]',
      nested: { list: ['x', { deep: '[redacted]!' }] },
      '[redacted]': 'as a key',
      n: 2,
    });
    assert.equal(dirty.msg, 'key sk_live_123 and hush', 'the original is left alone');
    assert.equal(redact('no secret here', ['']), 'no secret here', 'an empty secret matches nothing');
  });

  it('writes to a console or a stream only in the reviewed places', () => {
    const writers = serverFiles('token-server').filter((file) => {
      const code = readFileSync(join(root, file), 'utf8').replace(/^\s*(\/\/|\*).*$/gm, '');
      // Any use of stdout or stderr, not only a `.write(` on them: a stream handed on writes too.
      return /\bconsole\.\w+\(|process\.(stdout|stderr)\b/.test(code);
    });
    assert.deepEqual(
      writers.sort(),
      Object.keys(REVIEWED_WRITES).sort(),
      'a file writes output outside the reviewed places: route it through the log sink (safeSink) or review it here',
    );
  });

  it('jsonLineSink is reached only through safeSink, in the app and in the CLI', () => {
    for (const file of ['token-server/app.ts', 'token-server/node/cli.ts']) {
      const code = readFileSync(join(root, file), 'utf8');
      const unwrapped = code.split('\n').filter((line) => /jsonLineSink/.test(line) && !/import|safeSink|rawLog|\?\? jsonLineSink|shutting down/.test(line));
      assert.deepEqual(unwrapped, [], `${relative(root, join(root, file))} uses jsonLineSink without safeSink`);
    }
  });

  it('redacts the key and the secret from every field of real request records, nested ones included', async () => {
    const apiKey = 'up-key-that-must-never-be-logged-5b1d';
    const sessionSecret = 'session-secret-that-must-never-be-logged-77aa';
    const emulator = createEmulator({ apiKey });
    const lines: string[] = [];
    // The default sink, capturing what it would print: exactly what reaches stdout in production.
    const printed = (record: LogRecord) => {
      const original = console.log;
      console.log = (line: string) => lines.push(line);
      try {
        jsonLineSink(record);
      } finally {
        console.log = original;
      }
    };
    const app = createTokenServer({
      apiKey,
      client: {
        baseUrl: 'http://upstream.invalid/api',
        transport: async (url, init) => emulator.app.request(url.replace('http://upstream.invalid', ''), init),
        retries: 0,
      },
      identity: { sessionSecret },
      log: printed,
    });
    const token = await createSessionToken({ userId: 'logged-user', secret: sessionSecret });
    // A request that succeeds, one whose header carries the key, one whose path does (a 404, its
    // path logged), one that Upload-Post refuses.
    await app.request('/accounts', { headers: { Authorization: `Bearer ${token}` } });
    await app.request('/accounts', { headers: { Authorization: `Apikey ${apiKey}` } });
    await app.request(`/${apiKey}`, { headers: { Authorization: `Bearer ${token}` } });
    emulator.faults.set({ forcedStatus: 401 });
    await app.request('/accounts', { headers: { Authorization: `Bearer ${token}` } });
    assert.ok(lines.length >= 4, `${lines.length} log lines`);
    // The key did reach a record (the 404's path) and was scrubbed there.
    assert.ok(
      lines.some((line) => line.includes('[redacted]')),
      lines.join('\n'),
    );
    for (const line of lines) {
      assert.ok(!line.includes(apiKey), `the key is in a log line: ${line}`);
      assert.ok(!line.includes(sessionSecret), `the secret is in a log line: ${line}`);
    }
    // And safeSink itself, on a nested record (an error's cause, an array of details).
    const seen: LogRecord[] = [];
    safeSink(
      (record) => seen.push(record),
      [apiKey],
    )({
      time: 't',
      level: 'error',
      msg: `failed with ${apiKey}`,
      error: { cause: { detail: [`Apikey ${apiKey}`] } },
    });
    assert.ok(!JSON.stringify(seen).includes(apiKey));
    assert.match(JSON.stringify(seen), /\[redacted\]/);
  });
});
