/**
 * The Upload-Post client, twice over:
 *
 * 1. against a fake `transport` for what an honest server cannot be made to do on cue: retries,
 *    jitter bounds, the deadline, aborts, network failures, odd bodies, and an upstream that
 *    echoes the API key back;
 * 2. against the emulator over a real socket, with both transports (the global `fetch` and the
 *    undici pool), for every endpoint and every documented error, plus timeouts and 5xx retries
 *    through the emulator's fault injection.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { inspect } from 'node:util';
import { createEmulator, type Emulator } from '../../emulator/app.ts';
import { UploadPostClient, type UploadPostClientOptions } from '../../upload-post/client.ts';
import { UploadPostError } from '../../upload-post/errors.ts';
import type { Transport, TransportResponse } from '../../upload-post/types.ts';
import { createUndiciTransport, type UndiciTransport } from '../../upload-post/undici-transport.ts';
import { serveOnLoopback, type LoopbackServer } from '../helpers/loopback.ts';

const KEY = 'test-key-3f9a1c0d7e';

// ── helpers ─────────────────────────────────────────────────────────────────────────────────────

interface SentRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | Error;

function response(status: number, body: unknown, headers: Record<string, string> = {}): TransportResponse {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const contentType = typeof body === 'string' ? 'text/plain' : 'application/json';
  return { status, headers: new Headers({ 'content-type': contentType, ...headers }), text: async () => text };
}

/** A transport answering from a script (the last reply repeats), recording what was sent. */
function scripted(...replies: Reply[]): Transport & { sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  const transport = async (url: string, init: Parameters<Transport>[1]) => {
    sent.push({ url, method: init.method, headers: init.headers, body: init.body });
    const reply = replies[Math.min(sent.length - 1, replies.length - 1)]!;
    if (reply instanceof Error) throw reply;
    return response(reply.status, reply.body, reply.headers);
  };
  return Object.assign(transport, { sent });
}

/** A transport that answers only when the signal aborts (then it rejects, as fetch does). */
function hanging(): Transport & { calls: number } {
  const transport = (_url: string, init: Parameters<Transport>[1]) => {
    transport.calls++;
    return new Promise<TransportResponse>((_resolve, reject) => {
      init.signal.addEventListener('abort', () => reject(init.signal.reason), { once: true });
    });
  };
  transport.calls = 0;
  return transport;
}

function client(transport: Transport, options: Partial<UploadPostClientOptions> = {}): UploadPostClient {
  return new UploadPostClient({ apiKey: KEY, baseUrl: 'https://upstream.test/api', transport, sleep: async () => {}, ...options });
}

async function failure(promise: Promise<unknown>): Promise<UploadPostError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof UploadPostError, `expected an UploadPostError, got ${inspect(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

/** Every way an error can reach a log: none of them may contain `secret`. */
function assertNoLeak(error: unknown, secret: string): void {
  const views = [
    String(error),
    (error as Error).message,
    (error as Error).stack ?? '',
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
    inspect((error as Error).cause, { depth: 10, showHidden: true }),
    JSON.stringify((error as Error).cause ?? null),
    String((error as Error).cause),
  ];
  for (const view of views) assert.ok(!view.includes(secret), `leaked in: ${view}`);
}

const PROFILE = { username: 'u1', created_at: 'Fri, 02 May 2025 21:43:14 GMT', social_accounts: { tiktok: '' } };

// ── construction ────────────────────────────────────────────────────────────────────────────────

describe('construction', () => {
  test('a missing or empty API key throws a sentence saying what to set', () => {
    for (const apiKey of [undefined, '', '   ']) {
      assert.throws(
        () => new UploadPostClient({ apiKey } as unknown as UploadPostClientOptions),
        (error: Error) => error instanceof TypeError && /set the `apiKey` option/.test(error.message),
      );
    }
    assert.throws(() => new UploadPostClient(undefined as unknown as UploadPostClientOptions), /pass \{ apiKey \}/);
  });

  test('a key with whitespace is refused without echoing it', () => {
    assert.throws(
      () => new UploadPostClient({ apiKey: 'abc def-secret' }),
      (error: Error) => /contains whitespace/.test(error.message) && !error.message.includes('def-secret'),
    );
  });

  test('bad baseUrl, timeoutMs and retries are refused with what to set', () => {
    assert.throws(() => new UploadPostClient({ apiKey: KEY, baseUrl: 'api.upload-post.com' }), /set `baseUrl` to an absolute http\(s\) URL/);
    assert.throws(() => new UploadPostClient({ apiKey: KEY, baseUrl: 'ftp://x.example' }), /set `baseUrl` to an http\(s\) URL/);
    assert.throws(() => new UploadPostClient({ apiKey: KEY, baseUrl: 'https://me:pw@x.example/api' }), /without credentials/);
    assert.throws(() => new UploadPostClient({ apiKey: KEY, timeoutMs: 0 }), /set `timeoutMs`/);
    assert.throws(() => new UploadPostClient({ apiKey: KEY, timeoutMs: Infinity }), /set `timeoutMs`/);
    assert.throws(() => new UploadPostClient({ apiKey: KEY, retries: -1 }), /set `retries`/);
    assert.throws(() => new UploadPostClient({ apiKey: KEY, retries: 1.5 }), /set `retries`/);
  });

  test('defaults: the documented base URL, 10 s, 2 retries', () => {
    const upload = new UploadPostClient({ apiKey: KEY });
    assert.equal(upload.baseUrl, 'https://api.upload-post.com/api');
    assert.equal(upload.timeoutMs, 10_000);
    assert.equal(upload.retries, 2);
  });

  test('the key cannot be read off the instance', () => {
    const upload = new UploadPostClient({ apiKey: KEY });
    assert.ok(!JSON.stringify(upload).includes(KEY));
    assert.ok(!inspect(upload, { showHidden: true, depth: 5 }).includes(KEY));
    assert.ok(!Object.values(upload).some((value) => value === KEY));
  });
});

// ── what goes out ───────────────────────────────────────────────────────────────────────────────

describe('requests', () => {
  test('every endpoint: method, URL, headers and body', async () => {
    const transport = scripted(
      { status: 201, body: { profile: PROFILE, success: true } },
      { status: 200, body: { profiles: [PROFILE], success: true } },
      { status: 200, body: { profile: PROFILE, success: true } },
      { status: 200, body: { message: 'Perfil eliminado correctamente', success: true } },
      { status: 200, body: { access_url: 'https://app.upload-post.com/connect?token=T', duration: '48h', success: true } },
      { status: 200, body: { pages: [], success: true } },
      { status: 200, body: { pages: [], success: true } },
    );
    const upload = client(transport, { baseUrl: 'https://upstream.test/api///' });
    await upload.createProfile('u1');
    await upload.listProfiles();
    await upload.getProfile('team/ana?x#1 ü');
    await upload.deleteProfile('u1');
    await upload.generateJwt({ username: 'u1', platforms: ['tiktok', 'x'], show_calendar: false, language: 'pl' });
    await upload.facebookPages();
    await upload.facebookPages('a&b=c d');

    const json = { Accept: 'application/json', Authorization: `Apikey ${KEY}`, 'Content-Type': 'application/json' };
    const plain = { Accept: 'application/json', Authorization: `Apikey ${KEY}` };
    assert.deepEqual(transport.sent, [
      { url: 'https://upstream.test/api/uploadposts/users', method: 'POST', headers: json, body: '{"username":"u1"}' },
      { url: 'https://upstream.test/api/uploadposts/users', method: 'GET', headers: plain, body: undefined },
      { url: 'https://upstream.test/api/uploadposts/users/team%2Fana%3Fx%231%20%C3%BC', method: 'GET', headers: plain, body: undefined },
      { url: 'https://upstream.test/api/uploadposts/users', method: 'DELETE', headers: json, body: '{"username":"u1"}' },
      {
        url: 'https://upstream.test/api/uploadposts/users/generate-jwt',
        method: 'POST',
        headers: json,
        body: '{"username":"u1","platforms":["tiktok","x"],"show_calendar":false,"language":"pl"}',
      },
      { url: 'https://upstream.test/api/uploadposts/facebook/pages', method: 'GET', headers: plain, body: undefined },
      { url: 'https://upstream.test/api/uploadposts/facebook/pages?profile=a%26b%3Dc%20d', method: 'GET', headers: plain, body: undefined },
    ]);
  });

  test('validate-jwt in the three styles the public clients use', async () => {
    const transport = scripted({ status: 200, body: { profile: PROFILE, success: true } });
    const upload = client(transport);
    for (const style of [undefined, 'post', 'get', 'post-body'] as const) await upload.validateJwt('h.p.s', style);
    const url = 'https://upstream.test/api/uploadposts/users/validate-jwt';
    const bearer = { Accept: 'application/json', Authorization: 'Bearer h.p.s' };
    assert.deepEqual(transport.sent, [
      // The documentation: POST, Bearer, no body.
      { url, method: 'POST', headers: bearer, body: undefined },
      { url, method: 'POST', headers: bearer, body: undefined },
      // The official SDK: GET, Bearer.
      { url, method: 'GET', headers: bearer, body: undefined },
      // n8n: POST with the JWT in the body; its credential's Apikey header is what goes out.
      {
        url,
        method: 'POST',
        headers: { Accept: 'application/json', Authorization: `Apikey ${KEY}`, 'Content-Type': 'application/json' },
        body: '{"jwt":"h.p.s"}',
      },
    ]);
  });

  test('bad arguments throw a TypeError naming the field, and nothing is sent', async () => {
    const transport = scripted({ status: 200, body: {} });
    const upload = client(transport);
    await assert.rejects(upload.createProfile(''), { name: 'TypeError', message: 'UploadPostClient.createProfile: username: the username must not be empty.' });
    await assert.rejects(upload.getProfile('..'), /getProfile: the username must not be "\." or "\.\."/);
    await assert.rejects(upload.deleteProfile('  '), /deleteProfile: username: the username must not be blank/);
    await assert.rejects(
      upload.generateJwt({ username: 'u', platforms: ['myspace'] }),
      /generateJwt: platforms\[0\]: unknown platform "myspace"/,
    );
    await assert.rejects(
      upload.generateJwt({ username: 'u', colour: 'red' } as never),
      /generateJwt: Unrecognized key: "colour"/,
    );
    await assert.rejects(upload.validateJwt(''), /validateJwt: the JWT must not be empty/);
    await assert.rejects(upload.validateJwt('t', 'put' as never), /validateJwt: Invalid option/);
    await assert.rejects(upload.facebookPages(''), /facebookPages: profile: the username must not be empty/);
    assert.equal(transport.sent.length, 0);
  });
});

// ── what comes back ─────────────────────────────────────────────────────────────────────────────

describe('answers', () => {
  test('non-2xx: kind http, status, upstream error_code and message', async () => {
    const upload = client(scripted({
      status: 403,
      body: { success: false, message: 'Profile limit reached', error_code: 'PROFILE_LIMIT_REACHED' },
    }));
    const error = await failure(upload.createProfile('u1'));
    assert.equal(error.kind, 'http');
    assert.equal(error.status, 403);
    assert.equal(error.errorCode, 'PROFILE_LIMIT_REACHED');
    assert.equal(error.operation, 'POST /uploadposts/users');
    assert.equal(error.message, 'Upload-Post refused: Profile limit reached (403 PROFILE_LIMIT_REACHED)');
    assert.equal(error.name, 'UploadPostError');
  });

  test('404 keeps what the upstream gave: the documented body has no error_code', async () => {
    const error = await failure(client(scripted({ status: 404, body: { success: false, message: 'Profile not found' } })).getProfile('nobody'));
    assert.equal(error.status, 404);
    assert.equal(error.errorCode, undefined);
    assert.equal(error.message, 'Upload-Post refused: Profile not found (404)');
    assert.equal(error.operation, 'GET /uploadposts/users/{username}');
  });

  test('an error without a readable body still says what failed; 401 hints at the key', async () => {
    const bare = await failure(client(scripted({ status: 401, body: '<html>nope</html>' })).listProfiles());
    assert.equal(bare.message, 'Upload-Post refused GET /uploadposts/users (401 Unauthorized): check the API key');
    const failed = await failure(client(scripted({ status: 500, body: { error: 'database down' } }), { retries: 0 }).listProfiles());
    assert.equal(failed.message, 'Upload-Post failed: database down (500)');
  });

  test('upstream text is tidied and bounded before it reaches a message', async () => {
    const long = `line one\n\tline two ${'x'.repeat(500)}`;
    const error = await failure(client(scripted({ status: 400, body: { message: long } })).createProfile('u'));
    assert.ok(error.message.startsWith('Upload-Post refused: line one line two xxx'));
    assert.ok(error.message.length < 260, `${error.message.length} characters`);
    assert.ok(!/[\n\t]/.test(error.message));
  });

  test('a 2xx that is not JSON is a shape error naming the content type', async () => {
    const error = await failure(client(scripted({ status: 200, body: '<!DOCTYPE html><p>maintenance</p>', headers: { 'content-type': 'text/html' } })).listProfiles());
    assert.equal(error.kind, 'shape');
    assert.equal(error.status, 200);
    assert.equal(error.message, 'Upload-Post answered GET /uploadposts/users with a body that is not JSON (200, text/html)');
  });

  test('a 2xx of an undocumented shape is a shape error naming what was wrong', async () => {
    const error = await failure(client(scripted({ status: 200, body: { profiles: [{ username: 5 }] } })).listProfiles());
    assert.equal(error.kind, 'shape');
    assert.equal(
      error.message,
      "Upload-Post answered GET /uploadposts/users with an unexpected shape: profiles[0].username: expected the profile's username as a string, got a number",
    );
  });

  test('delete accepts an empty 2xx (e.g. 204); other calls do not', async () => {
    await client(scripted({ status: 204 })).deleteProfile('u1');
    const error = await failure(client(scripted({ status: 200 })).getProfile('u1'));
    assert.equal(error.kind, 'shape');
  });

  test('validate-jwt: isValid false and (for Bearer styles) 401 both mean "not valid"', async () => {
    const invalid = await client(scripted({ status: 200, body: { isValid: false, reason: 'Token expired' } })).validateJwt('t');
    assert.deepEqual(invalid, { valid: false, reason: 'Token expired' });
    for (const style of ['post', 'get'] as const) {
      const rejected = await client(scripted({ status: 401, body: { success: false, message: 'Invalid token' } })).validateJwt('t', style);
      assert.deepEqual(rejected, { valid: false, reason: 'Invalid token' });
    }
    const silent = await client(scripted({ status: 401 })).validateJwt('t');
    assert.deepEqual(silent, { valid: false, reason: 'Upload-Post rejected the token (401)' });
  });

  test("validate-jwt 'post-body': a 401 is about the API key, so it stays an error", async () => {
    const error = await failure(client(scripted({ status: 401, body: { message: 'Invalid or missing API Key' } })).validateJwt('t', 'post-body'));
    assert.equal(error.kind, 'http');
    assert.equal(error.status, 401);
    assert.equal(error.message, 'Upload-Post refused: Invalid or missing API Key (401): check the API key');
  });

  test('validate-jwt: other statuses stay errors', async () => {
    const error = await failure(client(scripted({ status: 403, body: { message: 'Forbidden' } })).validateJwt('t'));
    assert.equal(error.status, 403);
  });
});

// ── retries ─────────────────────────────────────────────────────────────────────────────────────

describe('retries', () => {
  test('reads are retried on 5xx and network errors, then succeed', async () => {
    const transport = scripted(
      { status: 503, body: { message: 'busy' } },
      new TypeError('fetch failed'),
      { status: 200, body: { profiles: [], success: true } },
    );
    assert.deepEqual(await client(transport).listProfiles(), { profiles: [] });
    assert.equal(transport.sent.length, 3);
  });

  test('every read is retried: get, facebook pages, validate-jwt', async () => {
    const answers: [string, Reply][] = [
      ['getProfile', { status: 200, body: { profile: PROFILE } }],
      ['facebookPages', { status: 200, body: { pages: [] } }],
      ['validateJwt', { status: 200, body: { profile: PROFILE } }],
    ];
    for (const [method, ok] of answers) {
      const transport = scripted({ status: 502 }, ok);
      const upload = client(transport) as unknown as Record<string, (arg: string) => Promise<unknown>>;
      await upload[method]!('u1');
      assert.equal(transport.sent.length, 2, method);
    }
  });

  test('bounded: retries + 1 attempts, then the last failure', async () => {
    const transport = scripted({ status: 503, body: { message: 'busy' } });
    const error = await failure(client(transport, { retries: 3 }).listProfiles());
    assert.equal(transport.sent.length, 4);
    assert.equal(error.kind, 'http');
    assert.equal(error.status, 503);
    assert.equal(error.message, 'Upload-Post failed: busy (503)');
  });

  test('4xx, 2xx shape errors and writes are never retried', async () => {
    for (const reply of [{ status: 404, body: { message: 'Profile not found' } }, { status: 200, body: '<html>' }]) {
      const transport = scripted(reply);
      await failure(client(transport).getProfile('u1'));
      assert.equal(transport.sent.length, 1);
    }
    for (const call of [
      (upload: UploadPostClient) => upload.createProfile('u1'),
      (upload: UploadPostClient) => upload.deleteProfile('u1'),
      (upload: UploadPostClient) => upload.generateJwt({ username: 'u1' }),
    ]) {
      for (const reply of [{ status: 503 }, new TypeError('fetch failed')]) {
        const transport = scripted(reply);
        await failure(call(client(transport)));
        assert.equal(transport.sent.length, 1);
      }
    }
  });

  test('retries: 0 means one attempt', async () => {
    const transport = scripted({ status: 500 });
    await failure(client(transport, { retries: 0 }).listProfiles());
    assert.equal(transport.sent.length, 1);
  });

  test('backoff doubles up to its cap, with jitter between half and all of each step', async () => {
    const steps = [100, 200, 400, 800, 1000];
    for (const jitter of [0, 0.5, 0.999999]) {
      const sleeps: number[] = [];
      const upload = client(scripted({ status: 503 }), {
        retries: 5, retryDelayMs: 100, maxRetryDelayMs: 1000, timeoutMs: 60_000,
        random: () => jitter,
        sleep: async (ms) => { sleeps.push(ms); },
      });
      await failure(upload.listProfiles());
      assert.equal(sleeps.length, 5);
      sleeps.forEach((ms, index) => {
        const step = steps[index]!;
        assert.ok(ms >= step / 2 && ms <= step, `retry ${index}: ${ms} ms outside [${step / 2}, ${step}]`);
        assert.ok(Math.abs(ms - (step / 2 + (jitter * step) / 2)) < 1e-6);
      });
    }
  });

  test('a random source outside [0, 1) cannot push a wait beyond its step', async () => {
    const sleeps: number[] = [];
    const upload = client(scripted({ status: 503 }), {
      retries: 2, retryDelayMs: 100, random: () => 7, sleep: async (ms) => { sleeps.push(ms); },
    });
    await failure(upload.listProfiles());
    assert.deepEqual(sleeps, [100, 200]);
  });

  test('backoff never sleeps past the deadline: the real failure is reported instead of a timeout', async () => {
    let clock = 0;
    const sleeps: number[] = [];
    const answers = scripted({ status: 503, body: { message: 'busy' } });
    const transport: Transport = async (url, init) => {
      clock += 10;
      return answers(url, init);
    };
    const upload = client(transport, {
      timeoutMs: 1000, retries: 10, retryDelayMs: 300, maxRetryDelayMs: 5000,
      random: () => 0.999999,
      now: () => clock,
      sleep: async (ms) => { sleeps.push(ms); clock += ms; },
    });
    const error = await failure(upload.listProfiles());
    // 10 → sleep ≈300 → 320 → sleep ≈600 → 930; the next step (≈1200) would end past 1000.
    assert.equal(answers.sent.length, 3);
    assert.equal(sleeps.length, 2);
    assert.ok(clock <= 1000, `clock ${clock}`);
    assert.equal(error.kind, 'http');
    assert.equal(error.status, 503);
  });
});

// ── deadline, aborts, network ───────────────────────────────────────────────────────────────────

describe('deadline and aborts', () => {
  test('a transport that never answers times out at the deadline', async () => {
    const transport = hanging();
    const started = performance.now();
    const error = await failure(client(transport, { timeoutMs: 60 }).listProfiles());
    const elapsed = performance.now() - started;
    assert.equal(error.kind, 'timeout');
    assert.equal(error.message, 'Upload-Post did not answer GET /uploadposts/users within 60 ms');
    assert.ok(elapsed >= 55 && elapsed < 1000, `${elapsed} ms`);
  });

  test('even a transport that ignores the signal cannot outlive the deadline', async () => {
    const transport: Transport = () => new Promise(() => {});
    const started = performance.now();
    const error = await failure(client(transport, { timeoutMs: 50 }).getProfile('u'));
    assert.equal(error.kind, 'timeout');
    assert.ok(performance.now() - started < 1000);
  });

  test('the deadline covers the body too', async () => {
    const transport: Transport = async () => ({ status: 200, headers: new Headers(), text: () => new Promise(() => {}) });
    const error = await failure(client(transport, { timeoutMs: 50 }).listProfiles());
    assert.equal(error.kind, 'timeout');
  });

  test('one deadline for the whole call: retries do not each get their own', async () => {
    const transport = hanging();
    // Every attempt would hang forever; the call still ends at ~80 ms, after one attempt.
    const error = await failure(client(transport, { timeoutMs: 80, retries: 5, sleep: undefined }).listProfiles());
    assert.equal(error.kind, 'timeout');
    assert.equal(transport.calls, 1);
  });

  test('an already aborted signal: nothing is sent', async () => {
    const transport = scripted({ status: 200, body: { profiles: [] } });
    const error = await failure(client(transport).listProfiles(AbortSignal.abort()));
    assert.equal(error.kind, 'aborted');
    assert.equal(transport.sent.length, 0);
  });

  test('aborting in flight gives kind aborted, on every method', async () => {
    const calls: ((upload: UploadPostClient, signal: AbortSignal) => Promise<unknown>)[] = [
      (upload, signal) => upload.createProfile('u', signal),
      (upload, signal) => upload.listProfiles(signal),
      (upload, signal) => upload.getProfile('u', signal),
      (upload, signal) => upload.deleteProfile('u', signal),
      (upload, signal) => upload.generateJwt({ username: 'u' }, signal),
      (upload, signal) => upload.validateJwt('t', 'post', signal),
      (upload, signal) => upload.facebookPages(undefined, signal),
    ];
    for (const call of calls) {
      const controller = new AbortController();
      const pending = failure(call(client(hanging(), { timeoutMs: 5_000 }), controller.signal));
      setTimeout(() => controller.abort(), 5);
      const error = await pending;
      assert.equal(error.kind, 'aborted');
      assert.match(error.message, /^The call to Upload-Post \(.+\) was aborted$/);
    }
  });

  test('aborting during the backoff wait stops at once', async () => {
    const controller = new AbortController();
    const transport = scripted({ status: 503 });
    const upload = client(transport, { retryDelayMs: 30_000, maxRetryDelayMs: 30_000, timeoutMs: 60_000, sleep: undefined });
    const started = performance.now();
    setTimeout(() => controller.abort(), 30);
    const error = await failure(upload.listProfiles(controller.signal));
    assert.equal(error.kind, 'aborted');
    assert.equal(transport.sent.length, 1);
    assert.ok(performance.now() - started < 1000);
  });

  test('a rejected transport is a network error carrying a code, not the raw error', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' });
    const error = await failure(client(scripted(new TypeError('fetch failed', { cause: refused })), { retries: 0 }).listProfiles());
    assert.equal(error.kind, 'network');
    assert.equal(error.message, 'Could not reach Upload-Post for GET /uploadposts/users (ECONNREFUSED)');
    const cause = error.cause as Error & { cause: Error & { code: string } };
    assert.equal(cause.message, 'fetch failed');
    assert.equal(cause.cause.code, 'ECONNREFUSED');
    assert.equal(error.status, undefined);
  });
});

// ── the key never leaks ────────────────────────────────────────────────────────────────────────

describe('API key redaction', () => {
  test('an upstream echoing the key in message and error_code does not leak it', async () => {
    const upload = client(scripted({
      status: 401,
      body: { success: false, message: `Invalid API key ${KEY} (sent as Apikey ${KEY})`, error_code: `BAD_${KEY}` },
    }));
    const error = await failure(upload.listProfiles());
    assert.equal(error.kind, 'http');
    assert.match(error.message, /Invalid API key \[redacted\]/);
    assertNoLeak(error, KEY);
  });

  test('an upstream echoing a fragment after "Apikey" / "Bearer" is redacted too', async () => {
    const error = await failure(client(scripted({ status: 400, body: { message: 'header was Apikey test-key-3f9a1c (truncated)' } })).createProfile('u'));
    assert.match(error.message, /header was Apikey \[redacted\]/);
    assertNoLeak(error, 'test-key-3f9a1c');
  });

  test('a transport error quoting the request headers does not leak the key through cause', async () => {
    const headersDump = new Error(`request failed: {"Authorization":"Apikey ${KEY}"}`, {
      cause: Object.assign(new Error(`socket hang up, key=${KEY}`), { code: 'ECONNRESET', headers: { Authorization: `Apikey ${KEY}` } }),
    });
    const error = await failure(client(scripted(headersDump), { retries: 0 }).listProfiles());
    assert.equal(error.kind, 'network');
    assert.equal(error.message, 'Could not reach Upload-Post for GET /uploadposts/users (ECONNRESET)');
    assertNoLeak(error, KEY);
  });

  test('a shape error never quotes what came back', async () => {
    const error = await failure(client(scripted({ status: 200, body: { profiles: [{ username: KEY.length, social_accounts: { tiktok: 7 } }], echo: KEY } })).listProfiles());
    assert.equal(error.kind, 'shape');
    assertNoLeak(error, KEY);
  });

  test('an abort reason or a timeout carrying the key does not leak it', async () => {
    const controller = new AbortController();
    const pending = failure(client(hanging()).listProfiles(controller.signal));
    controller.abort(new Error(`cancelled by ${KEY}`));
    assertNoLeak(await pending, KEY);
    const transport: Transport = (_url, init) =>
      new Promise((_resolve, reject) => init.signal.addEventListener('abort', () => reject(new Error(`timed out, Apikey ${KEY}`))));
    const timeout = await failure(client(transport, { timeoutMs: 20 }).listProfiles());
    assert.equal(timeout.kind, 'timeout');
    assertNoLeak(timeout, KEY);
  });

  test('a short key is redacted where it stands alone, without mangling the words around it', async () => {
    const upload = new UploadPostClient({
      apiKey: 'k1', baseUrl: 'https://upstream.test/api',
      transport: scripted({ status: 401, body: { message: 'key k1 is unknown (ask k1x)' } }),
    });
    const error = await failure(upload.listProfiles());
    assert.equal(error.message, 'Upload-Post refused: key [redacted] is unknown (ask k1x) (401): check the API key');
  });

  test('the JWT being validated is redacted like the key', async () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl';
    const error = await failure(client(scripted({ status: 500, body: { message: `cannot check ${jwt}` } }), { retries: 0 }).validateJwt(jwt));
    assertNoLeak(error, jwt);
    const rejected = await client(scripted({ status: 401, body: { message: `Bad token ${jwt}` } })).validateJwt(jwt);
    assert.deepEqual(rejected, { valid: false, reason: 'Bad token [redacted]' });
  });
});

// ── over a real socket, against the emulator ───────────────────────────────────────────────────

describe('against the emulator over a socket', () => {
  let emulator: Emulator;
  let server: LoopbackServer;
  let baseUrl: string;
  let clock = Date.UTC(2025, 4, 2, 21, 43, 14);
  const undici = createUndiciTransport();

  before(async () => {
    emulator = createEmulator({ apiKey: KEY, now: () => clock, profileLimit: 3 });
    server = await serveOnLoopback(emulator.app.fetch);
    baseUrl = `${server.url}/api`;
  });

  after(async () => {
    await undici.close();
    // Ends the fetch transport's keep-alive sockets too, which would hold close() open until they idle out.
    await server.close();
  });

  beforeEach(() => emulator.reset());

  // `undefined`: the client's default, the global fetch.
  const transports: [string, () => Transport | undefined][] = [
    ['global fetch', () => undefined],
    ['undici', () => undici],
  ];

  for (const [name, makeTransport] of transports) {
    describe(`with ${name}`, () => {
      const make = (options: Partial<UploadPostClientOptions> = {}) =>
        new UploadPostClient({ apiKey: KEY, baseUrl, transport: makeTransport(), ...options });
      /** The transport under test, counting its calls. */
      const counted = () => {
        const base = makeTransport() ?? ((url: string, init: Parameters<Transport>[1]) => fetch(url, init));
        const transport: Transport & { calls: number } = Object.assign(
          (url: string, init: Parameters<Transport>[1]) => { transport.calls++; return base(url, init); },
          { calls: 0 },
        );
        return transport;
      };

      test('create (201), list, get, delete', async () => {
        const upload = make();
        const created = await upload.createProfile('ana');
        assert.equal(created.username, 'ana');
        assert.deepEqual(created.social_accounts, { tiktok: { connected: false, raw: '' } });
        assert.equal(created.created_at_date?.getTime(), clock);

        const list = await upload.listProfiles();
        assert.equal(list.limit, 3);
        assert.equal(list.plan, 'default');
        assert.deepEqual(list.profiles.map((profile) => profile.username), ['ana']);

        assert.equal((await upload.getProfile('ana')).username, 'ana');
        await upload.deleteProfile('ana');
        assert.deepEqual((await upload.listProfiles()).profiles, []);
      });

      test('usernames with reserved characters survive the round trip', async () => {
        const upload = make();
        const name = 'team/ana?x#1 ü%20';
        await upload.createProfile(name);
        assert.equal((await upload.getProfile(name)).username, name);
        assert.deepEqual(await upload.facebookPages(name), []);
      });

      test('linked accounts come back connected with details', async () => {
        const upload = make();
        await upload.createProfile('ana');
        emulator.store.connectAccount('ana', 'tiktok', { username: 'ana.tt', display_name: 'Ana', social_images: 'https://img.example/a.png', capabilities: ['post'] });
        const tiktok = (await upload.getProfile('ana')).social_accounts.tiktok;
        assert.ok(tiktok?.connected);
        assert.equal(tiktok.details.display_name, 'Ana');
        assert.deepEqual(tiktok.details.capabilities, ['post']);
      });

      test('400: a request the upstream refuses', async () => {
        emulator.faults.set({ forcedStatus: 400 });
        const error = await failure(make().createProfile('ana'));
        assert.equal(error.kind, 'http');
        assert.equal(error.status, 400);
        assert.match(error.message, /^Upload-Post refused: .+ \(400\)$/);
      });

      test('401: a wrong API key, on every endpoint that takes one', async () => {
        const upload = new UploadPostClient({ apiKey: 'wrong-key', baseUrl, transport: makeTransport() });
        const calls = [
          () => upload.createProfile('ana'),
          () => upload.listProfiles(),
          () => upload.getProfile('ana'),
          () => upload.deleteProfile('ana'),
          () => upload.generateJwt({ username: 'ana' }),
          () => upload.facebookPages(),
          () => upload.validateJwt('a.b.c', 'post-body'),
        ];
        for (const call of calls) {
          const error = await failure(call());
          assert.equal(error.kind, 'http');
          assert.equal(error.status, 401);
          assert.equal(error.message, 'Upload-Post refused: Invalid or missing API Key (401): check the API key');
          assertNoLeak(error, 'wrong-key');
        }
      });

      test('403 PROFILE_LIMIT_REACHED and 409 conflict on create', async () => {
        const upload = make();
        for (const name of ['a', 'b', 'c']) await upload.createProfile(name);
        const limit = await failure(upload.createProfile('d'));
        assert.equal(limit.status, 403);
        assert.equal(limit.errorCode, 'PROFILE_LIMIT_REACHED');
        assert.match(limit.message, /^Upload-Post refused: .+ \(403 PROFILE_LIMIT_REACHED\)$/);
        const conflict = await failure(upload.createProfile('a'));
        assert.equal(conflict.status, 409);
        assert.equal(conflict.errorCode, undefined);
      });

      test('404 on get, delete and Facebook pages of an unknown profile', async () => {
        const upload = make();
        for (const call of [() => upload.getProfile('nobody'), () => upload.deleteProfile('nobody'), () => upload.facebookPages('nobody')]) {
          const error = await failure(call());
          assert.equal(error.status, 404);
          assert.equal(error.message, 'Upload-Post refused: Profile not found (404)');
        }
      });

      test('generate-jwt: 404 PROFILE_NOT_FOUND, 403 PROFILE_BLOCKED, then a working link', async () => {
        const upload = make();
        const missing = await failure(upload.generateJwt({ username: 'ana' }));
        assert.equal(missing.status, 404);
        assert.equal(missing.errorCode, 'PROFILE_NOT_FOUND');

        for (const name of ['a', 'b', 'ana']) await upload.createProfile(name);
        emulator.store.profileLimit = 2;
        const blocked = await failure(upload.generateJwt({ username: 'ana' }));
        assert.equal(blocked.status, 403);
        assert.equal(blocked.errorCode, 'PROFILE_BLOCKED');

        const link = await upload.generateJwt({ username: 'a', platforms: ['tiktok'], language: 'fr' });
        assert.equal(link.duration, '48h');
        assert.ok(link.access_url.startsWith(`${new URL(baseUrl).origin}/connect?token=`));
        assert.equal(link.jwt, new URL(link.access_url).searchParams.get('token'));
      });

      test('validate-jwt: valid in all three styles, with the echoed options', async () => {
        const upload = make();
        await upload.createProfile('ana');
        const { jwt } = await upload.generateJwt({ username: 'ana', language: 'de', ui_labels: { 'connect.title': 'Hallo' } });
        for (const style of ['post', 'get', 'post-body'] as const) {
          const result = await upload.validateJwt(jwt!, style);
          assert.ok(result.valid, style);
          assert.equal(result.profile.username, 'ana');
          assert.equal(result.profile.language, 'de');
          assert.deepEqual(result.profile.ui_labels, { 'connect.title': 'Hallo' });
        }
      });

      test('validate-jwt: a forged or expired token is not valid', async () => {
        const upload = make();
        await upload.createProfile('ana');
        const forged = await upload.validateJwt('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbmEifQ.Zm9yZ2Vk');
        assert.equal(forged.valid, false);
        const { jwt } = await upload.generateJwt({ username: 'ana' });
        const start = clock;
        clock += 49 * 3600_000;
        try {
          const expired = await upload.validateJwt(jwt!, 'get');
          assert.equal(expired.valid, false);
          assert.ok(!expired.valid && expired.reason.length > 0);
        } finally {
          clock = start;
        }
      });

      test('Facebook pages: all, per profile, documented names', async () => {
        const upload = make();
        await upload.createProfile('ana');
        await upload.createProfile('bo');
        emulator.store.connectAccount('ana', 'facebook', { username: 'ana.fb', display_name: 'Ana', social_images: '' });
        const all = await upload.facebookPages();
        assert.equal(all.length, 1);
        assert.equal(all[0]!.profile, 'ana');
        assert.match(all[0]!.page_id, /^\d+$/);
        assert.equal(all[0]!.page_name, 'Ana Page');
        assert.deepEqual(await upload.facebookPages('bo'), []);
        assert.deepEqual(await upload.facebookPages('ana'), all);
      });

      test('5xx over the socket: retried with backoff, then answered', async () => {
        const transport = counted();
        const upload = make({
          transport,
          // The outage ends while the client waits to retry.
          sleep: async () => { emulator.faults.clear(); },
        });
        emulator.faults.set({ errorRate: 1 });
        assert.deepEqual((await upload.listProfiles()).profiles, []);
        assert.equal(transport.calls, 2);
      });

      test('5xx over the socket that does not end: bounded retries, then the error', async () => {
        emulator.faults.set({ forcedStatus: 503 });
        const reads = counted();
        const error = await failure(make({ retries: 2, retryDelayMs: 5, maxRetryDelayMs: 10, transport: reads }).getProfile('ana'));
        assert.equal(reads.calls, 3);
        assert.equal(error.kind, 'http');
        assert.equal(error.status, 503);
        // Writes are not retried, even over the socket.
        const writes = counted();
        await failure(make({ retryDelayMs: 5, transport: writes }).createProfile('ana'));
        assert.equal(writes.calls, 1);
      });

      test('a slow upstream times out at the deadline', async () => {
        emulator.faults.set({ latencyMs: 5_000 });
        const started = performance.now();
        const error = await failure(make({ timeoutMs: 150 }).listProfiles());
        const elapsed = performance.now() - started;
        assert.equal(error.kind, 'timeout');
        assert.ok(elapsed >= 140 && elapsed < 2_000, `${elapsed} ms`);
      });

      test('aborting a slow call over the socket', async () => {
        emulator.faults.set({ latencyMs: 5_000 });
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 50);
        const error = await failure(make().listProfiles(controller.signal));
        assert.equal(error.kind, 'aborted');
      });

      test('garbage 200s become shape errors', async () => {
        const upload = make({ retries: 0 });
        for (const [garbage, pattern] of [
          ['html', /with a body that is not JSON \(200, text\/html; charset=utf-8\)$/],
          ['truncated', /with a body that is not JSON \(200, application\/json\)$/],
          ['wrong-shape', /with an unexpected shape: .*profiles: expected array, received number/],
        ] as const) {
          emulator.faults.set({ garbage });
          const error = await failure(upload.listProfiles());
          assert.equal(error.kind, 'shape', garbage);
          assert.match(error.message, pattern);
        }
      });

      test('a redirect is not followed: the key stays with the upstream', async () => {
        let leakedAuthorization: string | null | undefined;
        const elsewhere = await serveOnLoopback((request) => {
          leakedAuthorization = request.headers.get('authorization');
          return Response.json({ profiles: [] });
        });
        const redirecting = await serveOnLoopback(() => Response.redirect(`${elsewhere.url}/api/uploadposts/users`, 302));
        try {
          const upload = make({ baseUrl: `${redirecting.url}/api` });
          const error = await failure(upload.listProfiles());
          assert.equal(error.kind, 'http');
          assert.equal(error.status, 302);
          assert.equal(error.message, 'Upload-Post answered GET /uploadposts/users (302)');
          assert.equal(leakedAuthorization, undefined, 'the redirect target was never called');
        } finally {
          await elsewhere.close();
          await redirecting.close();
        }
      });

      test('a closed port is a network error', async () => {
        const closed = await serveOnLoopback(() => new Response(''));
        await closed.close();
        const error = await failure(make({ baseUrl: `${closed.url}/api`, retries: 1, retryDelayMs: 5 }).listProfiles());
        assert.equal(error.kind, 'network');
        assert.match(error.message, /^Could not reach Upload-Post for GET \/uploadposts\/users \(ECONNREFUSED\)$/);
      });
    });
  }

  test('undici: connections are reused, and released after errors, timeouts and aborts', async () => {
    const transport = createUndiciTransport();
    try {
      const upload = new UploadPostClient({ apiKey: KEY, baseUrl, transport, retries: 0 });
      await upload.createProfile('ana');
      for (let index = 0; index < 20; index++) {
        await failure(upload.getProfile(`nobody-${index}`));
        await upload.getProfile('ana');
      }
      // 41 sequential calls, 20 of them errors: a socket or two for all of them.
      const afterErrors = (transport.dispatcher as unknown as { stats: Record<string, { connected: number }> }).stats[new URL(baseUrl).origin];
      assert.ok(afterErrors && afterErrors.connected <= 2, `${afterErrors?.connected} sockets after error answers`);
      emulator.faults.set({ latencyMs: 5_000 });
      assert.equal((await failure(new UploadPostClient({ apiKey: KEY, baseUrl, transport, timeoutMs: 50, retries: 0 }).listProfiles())).kind, 'timeout');
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 20);
      assert.equal((await failure(upload.listProfiles(controller.signal))).kind, 'aborted');
      emulator.faults.clear();
      for (let index = 0; index < 5; index++) await upload.listProfiles();

      const origin = new URL(baseUrl).origin;
      const poolStats = () => (transport.dispatcher as unknown as { stats: Record<string, { connected: number; free: number; running: number; pending: number }> }).stats[origin];
      // A socket destroyed by the timeout or the abort leaves the pool a moment later, not at once:
      // give it up to a second (a half-read socket would stay for good).
      for (let waited = 0; (poolStats()?.connected ?? 0) > (poolStats()?.free ?? 0) && waited < 1000; waited += 20) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const stats = poolStats();
      assert.ok(stats, 'the agent has a pool for the emulator');
      assert.equal(stats.running, 0);
      assert.equal(stats.pending, 0);
      // The timed-out and aborted calls' sockets were destroyed rather than left half-read in the
      // pool: every socket still there is free for the next call, and there are few of them (the
      // replacements of the destroyed ones may outnumber them by one while being marked free).
      assert.equal(stats.free, stats.connected, 'a socket in the pool is neither busy nor free: half-read');
      assert.ok(stats.connected >= 1 && stats.connected <= 3, `${stats.connected} sockets`);
    } finally {
      await transport.close();
    }
  });
});

describe('undici transport on its own', () => {
  test('close() leaves a dispatcher it was given open', async () => {
    const owned = createUndiciTransport();
    const { Agent } = await import('undici');
    const given = new Agent();
    const borrowed: UndiciTransport = createUndiciTransport({ dispatcher: given });
    await borrowed.close();
    assert.equal(given.closed, false);
    await given.close();
    await owned.close();
    assert.equal((owned.dispatcher as unknown as { closed: boolean }).closed, true);
  });

  test('close() twice settles both times (an undici Agent closed twice never does)', async () => {
    const transport = createUndiciTransport();
    const timeout = (ms: number) => new Promise((_, reject) => setTimeout(() => reject(new Error('close() did not settle')), ms).unref());
    await Promise.race([transport.close(), timeout(2000)]);
    await Promise.race([transport.close(), timeout(2000)]);
  });
});
