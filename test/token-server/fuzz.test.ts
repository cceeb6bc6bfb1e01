/**
 * Property-based fuzzing of every token-server route through `app.request()`, with the emulator as
 * the upstream (over an in-process transport, so the emulator's store is the state we snapshot).
 *
 * Arbitrary methods, paths, query strings, headers, bodies (wrong types, huge, deeply nested,
 * invalid UTF-8, `__proto__`/`constructor`/`prototype` keys) and session tokens (random strings,
 * tampered real ones, `alg: none`, HS512, missing, huge or string `exp`, odd `sub`). Invariants:
 *
 *  - every answer arrives within a bound, and none is a 5xx;
 *  - every non-2xx is one well-formed `ErrorBody` whose code maps to exactly that status;
 *  - a forged, tampered or expired token never gets a 2xx from a user route;
 *  - a refused request leaves the emulator's store and the rate limiter's budget unchanged;
 *  - no answer, header or log line contains the API key, the session secret or the emulator's
 *    JWT secret; `Object.prototype` is untouched; nothing is written to the console.
 *
 * `npm test` runs a fixed seed and a bounded number of runs; `npm run fuzz` (scripts/fuzz.mjs)
 * sets FUZZ_SEED and FUZZ_RUNS for a longer, random run that prints its seed for replay.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { sign } from 'hono/jwt';
import { errorBodySchema } from '../../protocol/schemas.ts';
import { ERROR_CODES } from '../../protocol/token-server-api.ts';
import { createTokenServer } from '../../token-server/app.ts';
import { createEmulator } from '../../emulator/app.ts';
import { createSessionToken } from '../../token-server/identity/session-token.ts';
import type { Transport } from '../../upload-post/types.ts';
import { APP_ORIGIN, Capture, SESSION_SECRET } from '../helpers/token-server-fixtures.ts';
import { assertPrototypesClean, emulatorSnapshot } from '../helpers/fuzz-invariants.ts';
import { withTimeout } from '../helpers/with-timeout.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 424242);
const RUNS = Number(process.env.FUZZ_RUNS ?? 250);
const REQUEST_TIMEOUT_MS = 3000;

const EMULATOR_KEY = 'emu-fuzz-key-3b9d7e1f0a2c4d6e8f';
const EMULATOR_JWT_SECRET = 'emu-fuzz-jwt-secret-5a7c9e1b3d5f';
const SECRETS = [EMULATOR_KEY, SESSION_SECRET, EMULATOR_JWT_SECRET];
const MAX_MINTS = 3;
const USERS = ['alice', 'bob', 'carol'] as const;

const capture = new Capture();
const emulator = createEmulator({ apiKey: EMULATOR_KEY, jwtSecret: EMULATOR_JWT_SECRET, connectPageUrl: 'http://emulator.test', profileLimit: 100_000 });
const transport: Transport = async (url, init) => emulator.app.request(url, init);
const app = createTokenServer({
  apiKey: EMULATOR_KEY,
  client: { baseUrl: 'http://emulator.test/api', transport, retries: 0, timeoutMs: 2000 },
  identity: { sessionSecret: SESSION_SECRET },
  allowedOrigins: [APP_ORIGIN],
  rateLimit: { maxMints: MAX_MINTS, windowSeconds: 3600 },
  widgetScript: () => 'console.log("widget")',
  log: capture.sink,
});

// ── the state a refused request must not touch ──────────────────────────────────────────────

// ── tokens ──────────────────────────────────────────────────────────────────────────────────

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const nowSeconds = () => Math.floor(Date.now() / 1000);

interface TokenPool {
  authentic: { token: string; user: string }[];
  forged: string[];
}
const pool: TokenPool = { authentic: [], forged: [] };

before(async () => {
  for (const user of USERS) pool.authentic.push({ token: await createSessionToken({ userId: user, secret: SESSION_SECRET }), user });
  const iat = nowSeconds();
  const valid = pool.authentic[0]!.token;
  const [header, payload] = valid.split('.');
  pool.forged.push(
    // alg: none, with and without a signature
    `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'alice', iat, exp: iat + 60 })}.`,
    `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'alice', iat, exp: iat + 60 })}`,
    `${b64({ alg: 'NONE' })}.${payload}.${valid.split('.')[2]}`,
    // another algorithm with the same secret (key confusion), and a foreign secret
    await sign({ sub: 'alice', iat, exp: iat + 60 }, SESSION_SECRET, 'HS512'),
    await sign({ sub: 'alice', iat, exp: iat + 60 }, SESSION_SECRET, 'HS384'),
    await sign({ sub: 'alice', iat, exp: iat + 60 }, 'x'.repeat(40), 'HS256'),
    // claims this server refuses even when signed with its secret
    await sign({ sub: 'alice', iat }, SESSION_SECRET, 'HS256'),
    await sign({ sub: 'alice', iat, exp: 1e20 }, SESSION_SECRET, 'HS256'),
    await sign({ sub: 'alice', iat, exp: Number.MAX_SAFE_INTEGER }, SESSION_SECRET, 'HS256'),
    await sign({ sub: 'alice', iat, exp: String(iat + 60) } as never, SESSION_SECRET, 'HS256'),
    await sign({ sub: 'alice', iat: iat - 7200, exp: iat - 3600 }, SESSION_SECRET, 'HS256'),
    await sign({ sub: 'alice', iat: iat + 600, exp: iat + 700, nbf: iat + 600 }, SESSION_SECRET, 'HS256'),
    await sign({ sub: 42, iat, exp: iat + 60 }, SESSION_SECRET, 'HS256'),
    await sign({ sub: '', iat, exp: iat + 60 }, SESSION_SECRET, 'HS256'),
    await sign({ sub: 'a\u0000b', iat, exp: iat + 60 }, SESSION_SECRET, 'HS256'),
    await sign({ sub: 'a'.repeat(300), iat, exp: iat + 60 }, SESSION_SECRET, 'HS256'),
    await sign({ sub: { __proto__: { polluted: 1 } }, iat, exp: iat + 60 }, SESSION_SECRET, 'HS256'),
    // structure
    `${header}.${payload}`,
    `${header}..${valid.split('.')[2]}`,
    `${header}.${b64('{"sub":"alice","exp":')}.${valid.split('.')[2]}`,
    `${b64('not json')}.${payload}.${valid.split('.')[2]}`,
    'a.b.c',
    '...',
    valid.split('').reverse().join(''),
  );
});

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** One character of a real token replaced (never its last one, whose low bits base64 ignores). */
function tamper(token: string, position: number, replacement: number): string {
  const index = position % (token.length - 1);
  const current = token[index]!;
  let next = BASE64URL[replacement % BASE64URL.length]!;
  if (next === current || current === '.') next = current === 'A' ? 'B' : 'A';
  if (current === '.') return token.slice(0, index) + token.slice(index + 1);
  return token.slice(0, index) + next + token.slice(index + 1);
}

type Auth = { kind: 'none' } | { kind: 'authentic'; user: string; header: string } | { kind: 'forged'; header: string };

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 80 });

const authArb: fc.Arbitrary<Auth> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<Auth>({ kind: 'none' }) },
  {
    weight: 4,
    arbitrary: fc
      .nat({ max: USERS.length - 1 })
      .map<Auth>((index) => ({ kind: 'authentic', user: pool.authentic[index]!.user, header: `Bearer ${pool.authentic[index]!.token}` })),
  },
  { weight: 3, arbitrary: fc.nat().map<Auth>((index) => ({ kind: 'forged', header: `Bearer ${pool.forged[index % pool.forged.length]}` })) },
  {
    weight: 3,
    arbitrary: fc.tuple(fc.nat({ max: USERS.length - 1 }), fc.nat(), fc.nat()).map<Auth>(([user, position, replacement]) => ({
      kind: 'forged',
      header: `Bearer ${tamper(pool.authentic[user]!.token, position, replacement)}`,
    })),
  },
  { weight: 1, arbitrary: printable.map<Auth>((text) => ({ kind: 'forged', header: text.trim() === '' ? 'Bearer' : text })) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_\-.=]{0,300}$/).map<Auth>((text) => ({ kind: 'forged', header: `Bearer ${text}` })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Auth>(
      { kind: 'forged', header: 'Basic YWxpY2U6cGFzcw==' },
      { kind: 'forged', header: 'Bearer alice' },
      { kind: 'forged', header: `Apikey ${'k'.repeat(30)}` },
      { kind: 'forged', header: `Bearer ${'a'.repeat(20_000)}` },
    ),
  },
);

// ── requests ────────────────────────────────────────────────────────────────────────────────

const ROUTES = ['/accounts', '/connect-url', '/facebook/pages', '/done', '/widget.js', '/healthz'];
const USER_ROUTES = new Set(['/accounts', '/connect-url', '/facebook/pages']);

const pathArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...ROUTES) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...ROUTES), fc.constantFrom('/', '//', '/..', '/%2e%2e', '%00', '/x', ';a', '%', '%ZZ', '/%F0%9F%92%A9', '.json'))
      .map(([route, suffix]) => route + suffix),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '/',
      '//accounts',
      '/ACCOUNTS',
      '/./accounts',
      '/x/../accounts',
      '/%61ccounts',
      '/__proto__',
      '/constructor',
      '/accounts%2F..%2Fhealthz',
      '/done/x',
    ),
  },
  { weight: 1, arbitrary: fc.stringMatching(/^(\/[A-Za-z0-9._~%!$&'()*+,;=:@-]{0,20}){1,4}$/) },
);

const queryArb = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  {
    weight: 3,
    arbitrary: fc
      .array(
        fc.tuple(
          fc.oneof(
            fc.constantFrom('platforms', 'username', 'origin', 'v', 'demo_user', '__proto__', 'constructor[prototype][polluted]', 'profile'),
            fc.stringMatching(/^[a-z_[\]]{1,12}$/),
          ),
          fc.oneof(
            fc.constantFrom(
              'tiktok',
              'tiktok,x',
              ',',
              '',
              'https://app.example.com',
              'https://evil.example',
              'null',
              '<script>alert(1)</script>',
              'bob',
              '%00',
              '%ZZ',
            ),
            printable,
          ),
        ),
        { maxLength: 4 },
      )
      .map((pairs) => `?${pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&')}`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('?', '?&&', '?=x', '?platforms', '?platforms=%', '?origin=https%3A%2F%2Fapp.example.com', '?platforms=tiktok&platforms=x'),
  },
);

const methodArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('GET', 'POST') },
  { weight: 2, arbitrary: fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD') },
  { weight: 1, arbitrary: fc.constantFrom('PROPFIND', 'FOO', 'get', 'post') },
);

const originArb = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  { weight: 4, arbitrary: fc.constant(APP_ORIGIN) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'https://evil.example',
      'null',
      'http://app.example.com',
      'https://app.example.com.evil.example',
      'https://app.example.com:443',
      '',
      'http://token.test',
    ),
  },
  { weight: 1, arbitrary: printable },
);

const contentTypeArb = fc.option(
  fc.oneof(
    fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/merge-patch+json',
      'APPLICATION/JSON',
    ),
    printable,
  ),
  { nil: undefined, freq: 4 },
);

const pollution = [
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"prototype":{"polluted":true}}',
  '{"platforms":["tiktok"],"__proto__":{"isAdmin":true}}',
  '{"__proto__":{"username":"bob"}}',
  '{"language":"en","constructor":{"prototype":{"username":"bob"}}}',
  '{"username":"bob"}',
  '{"platforms":{"__proto__":["tiktok"]}}',
];

const nested = (depth: number, open: string, close: string, leaf = '1') => open.repeat(depth) + leaf + close.repeat(depth);

const validBodyArb = fc
  .record(
    {
      platforms: fc.option(fc.subarray(['tiktok', 'instagram', 'x', 'youtube'], { minLength: 1 }), { nil: undefined }),
      view: fc.option(fc.constantFrom('connect', 'calendar'), { nil: undefined }),
      language: fc.option(fc.constantFrom('en', 'es', 'de'), { nil: undefined }),
      returnUrl: fc.option(fc.constantFrom(`${APP_ORIGIN}/back`, 'https://evil.example/back', 'javascript:alert(1)', `${APP_ORIGIN}@evil.example/`), {
        nil: undefined,
      }),
    },
    { requiredKeys: [] },
  )
  .map((body) => JSON.stringify(body));

type Body = string | Uint8Array | undefined;
const bodyArb: fc.Arbitrary<Body> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 4, arbitrary: validBodyArb },
  { weight: 2, arbitrary: fc.constantFrom(...pollution) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? 'null') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'null',
      'true',
      '123',
      '"str"',
      '[]',
      '{}',
      '',
      ' ',
      '{',
      '{"platforms":"tiktok"}',
      '{"platforms":[]}',
      '{"view":1}',
      '{"returnUrl":null}',
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 6000 }).map((depth) => nested(depth, '[', ']')) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3000 }).map((depth) => nested(depth, '{"a":', '}')) },
  { weight: 1, arbitrary: fc.integer({ min: 15_000, max: 40_000 }).map((size) => JSON.stringify({ platforms: ['tiktok'], pad: 'x'.repeat(size) })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
      new Uint8Array([0xc3, 0x28]),
      new Uint8Array([0xed, 0xa0, 0x80]),
      new TextEncoder().encode('{"language":"\uD800"}'),
    ),
  },
);

const extraHeadersArb = fc.array(
  fc.tuple(
    fc.oneof(
      fc.constantFrom(
        'X-Request-Id',
        'Cache-Control',
        'Pragma',
        'Cookie',
        'X-Demo-User',
        'Access-Control-Request-Method',
        'Access-Control-Request-Headers',
        'Sec-Fetch-Site',
        'X-Forwarded-Host',
        'Host',
        'Referer',
      ),
      fc.stringMatching(/^x-[a-z0-9-]{1,16}$/),
    ),
    fc.oneof(printable, fc.constantFrom('no-cache', 'bob', 'cross-site', 'POST', 'x'.repeat(9000))),
  ),
  { maxLength: 4 },
);

interface FuzzRequest {
  method: string;
  path: string;
  query: string;
  auth: Auth;
  origin: string | undefined;
  contentType: string | undefined;
  body: Body;
  extra: [string, string][];
}

/** Mostly a route with its own method (so requests get deep enough to matter), sometimes anything. */
const routeArb = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      { method: 'GET', path: '/accounts' },
      { method: 'GET', path: '/accounts' },
      { method: 'POST', path: '/connect-url' },
      { method: 'POST', path: '/connect-url' },
      { method: 'GET', path: '/facebook/pages' },
      { method: 'GET', path: '/done' },
      { method: 'GET', path: '/widget.js' },
      { method: 'GET', path: '/healthz' },
    ),
  },
  { weight: 1, arbitrary: fc.record({ method: methodArb, path: pathArb }) },
);

const anyRequestArb: fc.Arbitrary<FuzzRequest> = fc
  .record({
    route: routeArb,
    query: queryArb,
    auth: authArb,
    origin: originArb,
    contentType: contentTypeArb,
    body: bodyArb,
    extra: fc.oneof(fc.constant<[string, string][]>([]), extraHeadersArb),
  })
  .map(({ route, ...rest }) => ({ ...route, ...rest }));

/** A request the element could send: reaches the upstream, mints, trips the rate limit. */
const wellFormedArb: fc.Arbitrary<FuzzRequest> = fc
  .record({
    route: fc.constantFrom({ method: 'GET', path: '/accounts' }, { method: 'POST', path: '/connect-url' }, { method: 'GET', path: '/facebook/pages' }),
    query: fc.constantFrom('', '', '?platforms=tiktok,x'),
    auth: authArb.filter((auth) => auth.kind === 'authentic'),
    origin: fc.constantFrom(undefined, APP_ORIGIN),
    contentType: fc.constant('application/json'),
    body: validBodyArb,
    extra: fc.constant<[string, string][]>([]),
  })
  .map(({ route, ...rest }) => ({ ...route, ...rest, query: route.path === '/accounts' ? rest.query : '' }));

/** A signed-in user's mint from an allowed page, declared JSON, with any body: it reaches the body's parser and schema. */
const deepMalformedArb: fc.Arbitrary<FuzzRequest> = fc.record({
  method: fc.constant('POST'),
  path: fc.constant('/connect-url'),
  query: fc.constant(''),
  auth: authArb.filter((auth) => auth.kind === 'authentic'),
  origin: fc.constant(APP_ORIGIN),
  contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8'),
  body: bodyArb,
  extra: fc.constant<[string, string][]>([]),
});

const requestArb = fc.oneof({ weight: 4, arbitrary: anyRequestArb }, { weight: 1, arbitrary: wellFormedArb }, { weight: 1, arbitrary: deepMalformedArb });

function buildRequest(request: FuzzRequest): Request {
  const headers = new Headers();
  for (const [name, value] of request.extra) headers.set(name, value);
  if (request.auth.kind !== 'none') headers.set('Authorization', request.auth.header);
  if (request.origin !== undefined) headers.set('Origin', request.origin);
  if (request.contentType !== undefined) headers.set('Content-Type', request.contentType);
  const canHaveBody = !['GET', 'HEAD'].includes(request.method.toUpperCase());
  return new Request(`http://token.test${request.path}${request.query}`, {
    method: request.method,
    headers,
    ...(canHaveBody && request.body !== undefined ? { body: request.body as BodyInit } : {}),
  });
}

function describeRequest(request: FuzzRequest): string {
  const body = request.body instanceof Uint8Array ? `<${request.body.length} bytes>` : request.body?.slice(0, 120);
  return `${request.method} ${request.path}${request.query.slice(0, 80)} auth=${request.auth.kind} origin=${request.origin} ct=${request.contentType} body=${body}`;
}

function assertNoSecret(text: string, where: string): void {
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `a secret leaked into ${where}: ${text.slice(0, 200)}`);
}

// ── console: the server must not write anything while being fuzzed ─────────────────────────

const consoleCalls: string[] = [];
const originals = { log: console.log, error: console.error, warn: console.warn, info: console.info };
before(() => {
  for (const name of Object.keys(originals) as (keyof typeof originals)[]) {
    console[name] = (...args: unknown[]) => {
      consoleCalls.push(`${name}: ${args.map(String).join(' ').slice(0, 300)}`);
    };
  }
});
after(() => {
  Object.assign(console, originals);
});

// Seed hostile upstream data: accounts whose fields carry markup and prototype keys.
before(() => {
  for (const user of ['carol']) {
    emulator.store.createProfile(user);
    emulator.store.connectAccount(user, 'tiktok', {
      username: '<img src=x onerror=alert(1)>',
      display_name: '"><script>alert(1)</script>',
      social_images: 'javascript:alert(1)',
      ...JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'),
    });
    emulator.store.connectAccount(user, JSON.parse('"__proto__"'), { username: 'p', display_name: 'p', social_images: '' });
  }
});

describe(`token server fuzz (seed ${SEED}, ${RUNS} runs)`, () => {
  it('answers every request in time, never 5xx, always in the documented error shape, and leaks nothing', async () => {
    const statuses = new Map<number, number>();
    let authenticatedSuccesses = 0;
    let mints = 0;
    await fc.assert(
      fc.asyncProperty(requestArb, async (request) => {
        const before = emulatorSnapshot(emulator);
        const logsBefore = capture.logs.length;
        const response = await withTimeout(app.request(buildRequest(request)), REQUEST_TIMEOUT_MS, describeRequest(request));
        const text = await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const what = `${describeRequest(request)} → ${response.status} ${text.slice(0, 300)}`;

        assert.ok(response.status < 500, `5xx: ${what}`);
        assert.ok(response.headers.get('X-Request-Id'), `no request id: ${what}`);
        assertNoSecret(text, `the answer to ${describeRequest(request)}`);
        assertNoSecret(JSON.stringify([...response.headers]), 'answer headers');
        if (response.status >= 400) {
          if (request.method.toUpperCase() !== 'HEAD') {
            const parsed = errorBodySchema.safeParse(JSON.parse(text));
            assert.ok(parsed.success, `not an ErrorBody: ${what}`);
            assert.equal(ERROR_CODES[parsed.data.error.code], response.status, `code/status mismatch: ${what}`);
            assert.equal(parsed.data.error.requestId, response.headers.get('X-Request-Id'));
          }
          assert.equal(emulatorSnapshot(emulator), before, `a refused request changed the upstream's state: ${what}`);
          assert.match(response.headers.get('Cache-Control') ?? '', /no-store/, `an error answer may be cached: ${what}`);
        }
        const route = request.path;
        if (USER_ROUTES.has(route) && request.auth.kind !== 'authentic' && response.status < 300 && request.method.toUpperCase() !== 'OPTIONS') {
          assert.fail(`an unauthenticated request got through: ${what}`);
        }
        if (USER_ROUTES.has(route) && request.auth.kind === 'authentic' && response.status === 200 && request.method === 'GET') {
          authenticatedSuccesses += 1;
        }
        if (route === '/connect-url' && response.status === 200) mints += 1;
        // Exactly one log line per request, scrubbed.
        const records = capture.logs.slice(logsBefore);
        assert.equal(records.length, 1, `expected one log record: ${what}`);
        assertNoSecret(JSON.stringify(records), 'a log line');
        assertPrototypesClean();
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );

    assert.deepEqual(consoleCalls, [], 'the server wrote to the console');
    // Sanity: the generators reached success, refusals of each kind and the rate limit.
    assert.ok(authenticatedSuccesses > 0, `no authenticated read succeeded: ${JSON.stringify([...statuses])}`);
    assert.ok(mints > 0, 'no link was minted');
    for (const status of [200, 400, 401, 403, 404, 413, 429]) assert.ok(statuses.has(status), `no ${status} seen: ${JSON.stringify([...statuses])}`);
  });

  it('refuses each token of the forged pool (alg none, key confusion, no, huge or string exp, expired, not yet valid, odd sub, broken) on each user route', async () => {
    // Deterministic: the property below samples the pool, and may miss any one variant.
    for (const token of pool.forged) {
      for (const route of ['/accounts', '/facebook/pages', '/connect-url']) {
        const before = emulatorSnapshot(emulator);
        const post = route === '/connect-url';
        const response = await app.request(route, {
          method: post ? 'POST' : 'GET',
          headers: { Authorization: `Bearer ${token}`, Origin: APP_ORIGIN, ...(post ? { 'Content-Type': 'application/json' } : {}) },
          ...(post ? { body: '{}' } : {}),
        });
        const text = await response.text();
        assert.ok(response.status === 401 || response.status === 400, `${route} with ${token.slice(0, 120)} → ${response.status} ${text}`);
        assert.equal(emulatorSnapshot(emulator), before);
      }
    }
  });

  it('lets no forged or tampered session token act for anyone (user routes, every token variant)', async () => {
    await fc.assert(
      fc.asyncProperty(
        authArb.filter((auth) => auth.kind === 'forged'),
        fc.constantFrom('/accounts', '/facebook/pages', '/connect-url'),
        async (auth, route) => {
          const before = emulatorSnapshot(emulator);
          const post = route === '/connect-url';
          const response = await withTimeout(
            app.request(route, {
              method: post ? 'POST' : 'GET',
              headers: { Authorization: (auth as { header: string }).header, Origin: APP_ORIGIN, ...(post ? { 'Content-Type': 'application/json' } : {}) },
              ...(post ? { body: '{}' } : {}),
            }),
            REQUEST_TIMEOUT_MS,
            route,
          );
          const text = await response.text();
          assert.ok(
            response.status === 401 || response.status === 400,
            `${route} with ${(auth as { header: string }).header.slice(0, 120)} → ${response.status} ${text}`,
          );
          assert.equal(emulatorSnapshot(emulator), before);
        },
      ),
      { seed: SEED, numRuns: Math.max(50, Math.round(RUNS / 2)) },
    );
  });

  it('spends the mint budget only on links actually minted: exactly maxMints successes per user, refusals free', async () => {
    const token = await createSessionToken({ userId: 'dave', secret: SESSION_SECRET });
    const headers = { Authorization: `Bearer ${token}`, Origin: APP_ORIGIN, 'Content-Type': 'application/json' };
    // Refused before minting: bad bodies, foreign return URLs, unknown query, foreign origin.
    await fc.assert(
      fc.asyncProperty(
        bodyArb.filter(
          (body) =>
            typeof body === 'string' &&
            body.trim() !== '' &&
            !/^\{("platforms":\["[a-z]+"(,"[a-z]+")*\],?)?("view":"[a-z]+",?)?("language":"[a-z]+",?)?("returnUrl":"https:\/\/app\.example\.com\/back")?\}$/.test(
              body,
            ),
        ),
        async (body) => {
          const response = await app.request('/connect-url?username=x', { method: 'POST', headers, body: body as string });
          assert.ok(response.status >= 400 && response.status < 500, `refused request answered ${response.status}`);
          await response.arrayBuffer();
        },
      ),
      { seed: SEED, numRuns: 40 },
    );
    const statuses: number[] = [];
    for (let index = 0; index < MAX_MINTS + 2; index++) {
      const response = await app.request('/connect-url', { method: 'POST', headers, body: '{}' });
      statuses.push(response.status);
      if (response.status === 429) assert.match(response.headers.get('Retry-After') ?? '', /^[1-9]\d*$/);
      await response.arrayBuffer();
    }
    assert.deepEqual(statuses, [...Array(MAX_MINTS).fill(200), 429, 429]);
  });
});

after(() => {
  capture.assertNoSecret(...SECRETS);
  assertPrototypesClean();
});
