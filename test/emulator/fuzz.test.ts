/**
 * Property-based fuzzing of every route of the emulator through `app.request()`: the User Profiles
 * API (`/api/uploadposts/*`), the admin routes (`/__emulator/*`) and the hosted connect page
 * (`/connect/*`), with arbitrary methods, paths, headers, bodies and tokens (real connect JWTs,
 * tampered ones, `alg: none`, random strings). Invariants, per area:
 *
 *  - every answer arrives within a bound, and none is a 5xx (no fault is injected here; a fault
 *    set by a fuzzed admin request is cleared before the next one);
 *  - the API and the admin routes answer every non-2xx with the documented `{ success: false, message }`;
 *  - the connect page answers every 4xx as a page (text/html, or text/plain for its two bare
 *    answers) under a CSP with `default-src 'none'`, and never serves a `<script>` — so reflected
 *    input cannot run even if it escaped its escaping;
 *  - a refused request (4xx) leaves the store, the plan limit and the faults unchanged;
 *  - no answer contains the API key or the JWT secret; `Object.prototype` is untouched; the
 *    emulator writes nothing to the console (its `onError` logs only unexpected errors).
 *
 * Fixed seed and bounded runs in `npm test`; FUZZ_SEED / FUZZ_RUNS from `npm run fuzz`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { sign } from 'hono/jwt';
import { mintConnectToken } from '../../emulator/connect-token.ts';
import { createEmulator } from '../../emulator/app.ts';
import { assertPrototypesClean, emulatorSnapshot } from '../helpers/fuzz-invariants.ts';
import { withTimeout } from '../helpers/with-timeout.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 424242);
const RUNS = Number(process.env.FUZZ_RUNS ?? 250);
const REQUEST_TIMEOUT_MS = 3000;

const KEY = 'emu-fuzz-key-9c1e3a5b7d9f2e4c';
const JWT_SECRET = 'emu-fuzz-jwt-secret-1f3e5d7c9b';
const ORIGIN = 'http://emulator.test';

const emulator = createEmulator({ apiKey: KEY, jwtSecret: JWT_SECRET, profileLimit: 50 });

// ── a world to fuzz: profiles, links, sessions, tokens ──────────────────────────────────────

const tokens: string[] = [];
const sessionIds: string[] = [];

before(async () => {
  const now = Date.now();
  for (const user of ['alice', 'bob']) {
    emulator.store.createProfile(user);
    emulator.store.connectAccount(user, 'tiktok', {
      username: `${user}_tt`,
      display_name: '<script>window.__pwned=1</script>',
      social_images: 'javascript:alert(1)',
    });
    for (let index = 0; index < 3; index++) {
      const link = emulator.store.addLink(user, { platforms: ['tiktok', 'x'], redirect_url: 'https://app.example.com/back' }, 3600_000);
      tokens.push(await mintConnectToken({ username: user, jti: link.jti, expiresAt: link.expiresAt, issuedAt: now }, JWT_SECRET));
    }
    const link = emulator.store.addLink(user, {}, 3600_000);
    const opened = emulator.store.openSession(link.jti);
    assert.ok(opened.ok);
    sessionIds.push(opened.session.id);
  }
  const iat = Math.floor(now / 1000);
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const [, payload, signature] = tokens[0]!.split('.');
  tokens.push(
    `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`,
    `${b64({ alg: 'HS512', typ: 'JWT' })}.${payload}.${signature}`,
    await sign({ sub: 'alice', jti: 'nope', iat, exp: iat + 60 }, JWT_SECRET, 'HS256'),
    await sign({ sub: 'bob', jti: JSON.parse(Buffer.from(payload!, 'base64url').toString()).jti, iat, exp: iat + 60 }, JWT_SECRET, 'HS256'),
    await sign({ sub: 'alice', iat, exp: iat + 60 }, 'another-secret-entirely-000000', 'HS256'),
    await sign({ sub: 'alice', jti: 'x', iat: 'now', exp: 'later' } as never, JWT_SECRET, 'HS256'),
    'a.b.c',
  );
});

// ── requests ────────────────────────────────────────────────────────────────────────────────

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 60 });
const segment = fc.oneof(
  fc.constantFrom(
    'alice',
    'bob',
    'nobody',
    '__proto__',
    'constructor',
    'prototype',
    'validate-jwt',
    'generate-jwt',
    '%00',
    '%ZZ',
    '..',
    '%2e%2e',
    '%3Cscript%3E',
    'tiktok',
    'x',
    'facebook',
    'page.css',
    'icon.svg',
    'a.svg',
    '%3Cb%3E.svg',
  ),
  fc.stringMatching(/^[A-Za-z0-9._~%!$&'()*+,;=:@-]{0,16}$/),
);

type PathPick = { path: string; area: 'api' | 'admin' | 'page' | 'other' };

const pathArb: fc.Arbitrary<PathPick> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom('/users', '/users/generate-jwt', '/users/validate-jwt', '/users/{x}', '/facebook/pages', '/users/{x}/{x}', '/{x}'), segment)
      .map(([template, value]) => ({ path: `/api/uploadposts${template.replaceAll('{x}', value)}`, area: 'api' as const })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom('/faults', '/reset', '/limit', '/profiles/{u}/accounts/{p}', '/profiles/{u}', '/{u}'), segment, segment)
      .map(([template, user, platform]) => ({ path: `/__emulator${template.replace('{u}', user).replace('{p}', platform)}`, area: 'admin' as const })),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          '',
          '/',
          '/calendar',
          '/s/{s}',
          '/s/{s}/calendar',
          '/s/{s}/authorize/{p}',
          '/s/{s}/disconnect/{p}',
          '/assets/page.css',
          '/assets/icon.svg',
          '/avatars/{p}',
          '/avatars/{p}.svg',
          '/{p}',
          '/s/{s}/{p}/{p}',
        ),
        fc.nat(),
        segment,
      )
      .map(([template, index, value]) => ({
        path: `/connect${template.replace('{s}', index % 3 === 2 ? value : (sessionIds[index % 2] ?? value)).replaceAll('{p}', value)}`,
        area: 'page' as const,
      })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('/', '/api', '/api/', '/__emulator', '/connectx', '/API/uploadposts/users', '//api/uploadposts/users')
      .map((path) => ({ path, area: 'other' as const })),
  },
);

const queryArb = fc.oneof(
  fc.constant(''),
  fc.nat().map((index) => `?token=${encodeURIComponent(tokens[index % tokens.length]!)}`),
  fc
    .tuple(
      fc.constantFrom('token', 'profile', 'username', '__proto__', 'lang'),
      fc.oneof(printable, fc.constantFrom('alice', '', '<script>alert(1)</script>', '%ZZ')),
    )
    .map(([key, value]) => `?${key}=${encodeURIComponent(value)}`),
);

const authArb = fc.oneof(
  fc.constant(undefined),
  fc.constant(`Apikey ${KEY}`),
  fc.constant(`Apikey ${KEY}`),
  fc.constantFrom(`apikey ${KEY}`, `Apikey ${KEY}x`, `Apikey ${KEY.slice(0, -1)}`, 'Apikey', `Bearer ${KEY}`, `Apikey  ${KEY}`),
  fc.nat().map((index) => `Bearer ${tokens[index % tokens.length]}`),
  printable,
);

const pollution = [
  '{"username":"zed","__proto__":{"polluted":true}}',
  '{"username":"__proto__"}',
  '{"username":"constructor"}',
  '{"username":"alice","ui_labels":{"__proto__":"x","constructor":"y"}}',
  '{"username":"alice","platforms":["__proto__"]}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"latencyMs":"1","__proto__":{"errorRate":1}}',
  '{"limit":-1}',
  '{"limit":1e309}',
  '{"username":"a","display_name":"b","__proto__":{"polluted":true}}',
  '{"username":"<script>alert(1)</script>","display_name":"<img src=x onerror=alert(1)>","social_images":"javascript:alert(1)"}',
  '{"jwt":{"toString":"x"}}',
  '{"jwt":"a.b.c"}',
];

const bodyArb = fc.oneof(
  { weight: 2, arbitrary: fc.constant<string | Uint8Array | undefined>(undefined) },
  {
    weight: 3,
    arbitrary: fc
      .record(
        {
          username: fc.oneof(fc.constantFrom('alice', 'bob', 'carol', ' ', '', 'a'.repeat(2000)), printable),
          platforms: fc.option(fc.array(fc.constantFrom('tiktok', 'x', 'nope', '__proto__'), { maxLength: 3 }), { nil: undefined }),
          redirect_url: fc.option(fc.constantFrom('https://ok.example', 'javascript:alert(1)', 'data:text/html,x', ''), { nil: undefined }),
          language: fc.option(fc.constantFrom('en', 'xx', '__proto__'), { nil: undefined }),
          ui_labels: fc.option(fc.dictionary(fc.constantFrom('a', 'b.c', '__proto__', 'bad key'), fc.oneof(printable, fc.constant('x'.repeat(400)))), {
            nil: undefined,
          }),
        },
        { requiredKeys: [] },
      )
      .map((body) => JSON.stringify(body)),
  },
  { weight: 2, arbitrary: fc.constantFrom(...pollution) },
  {
    weight: 2,
    arbitrary: fc
      .record(
        {
          latencyMs: fc.option(fc.constantFrom(0, 5, -1, 1.5, 200_000, '5'), { nil: undefined }),
          errorRate: fc.option(fc.constantFrom(0, 0.5, 1, 2, -0.1, null), { nil: undefined }),
          forcedStatus: fc.option(fc.constantFrom(null, 503, 200, 600, 418), { nil: undefined }),
          garbage: fc.option(fc.constantFrom(null, 'truncated', 'html', 'wrong-shape', 'nope'), { nil: undefined }),
          limit: fc.option(fc.constantFrom(0, 5, -1, 1.5), { nil: undefined }),
        },
        { requiredKeys: [] },
      )
      .map((body) => JSON.stringify(body)),
  },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? 'null') },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 8000 }).map((depth) => `{"username":${'['.repeat(depth)}${']'.repeat(depth)}}`) },
  { weight: 1, arbitrary: fc.integer({ min: 60_000, max: 90_000 }).map((size) => JSON.stringify({ username: 'alice', connect_title: 'x'.repeat(size) })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'handle=%3Cscript%3E&display_name=x',
      'handle=ok_handle&display_name=Ok',
      'a=%ZZ',
      '--x\r\nContent-Disposition: form-data; name="handle"\r\n\r\nh\r\n--x--',
    ),
  },
);

const contentTypeArb = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(
    'application/json',
    'application/vnd.api+json',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'multipart/form-data',
  ),
  printable,
);

const methodArb = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE') },
  { weight: 1, arbitrary: fc.constantFrom('PATCH', 'OPTIONS', 'HEAD', 'PROPFIND') },
);

const requestArb = fc.record({
  method: methodArb,
  target: pathArb,
  query: queryArb,
  auth: authArb,
  contentType: contentTypeArb,
  origin: fc.constantFrom(undefined, undefined, ORIGIN, 'https://evil.example', 'null'),
  secFetchSite: fc.constantFrom(undefined, undefined, 'same-origin', 'cross-site'),
  body: bodyArb,
});
type FuzzRequest = typeof requestArb extends fc.Arbitrary<infer T> ? T : never;

function buildRequest(request: FuzzRequest): Request {
  const headers = new Headers();
  if (request.auth !== undefined) headers.set('Authorization', request.auth);
  if (request.contentType !== undefined) headers.set('Content-Type', request.contentType);
  if (request.origin !== undefined) headers.set('Origin', request.origin);
  if (request.secFetchSite !== undefined) headers.set('Sec-Fetch-Site', request.secFetchSite);
  const canHaveBody = !['GET', 'HEAD'].includes(request.method);
  return new Request(`${ORIGIN}${request.target.path}${request.query}`, {
    method: request.method,
    headers,
    ...(canHaveBody && request.body !== undefined ? { body: request.body as BodyInit } : {}),
  });
}

const consoleCalls: string[] = [];
const originals = { log: console.log, error: console.error, warn: console.warn };
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

describe(`emulator fuzz (seed ${SEED}, ${RUNS} runs)`, () => {
  it('answers every request of every area in time, in its documented shape, never 5xx, and leaks nothing', async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(requestArb, async (request) => {
        const before = emulatorSnapshot(emulator);
        const faultsBefore = JSON.stringify(emulator.faults.settings);
        const what = () =>
          `${request.method} ${request.target.path}${request.query.slice(0, 60)} auth=${request.auth?.slice(0, 40)} ct=${request.contentType} body=${request.body instanceof Uint8Array ? `<${request.body.length} bytes>` : request.body?.slice(0, 100)}`;
        let response: Response;
        let text: string;
        try {
          response = await withTimeout(emulator.app.request(buildRequest(request)), REQUEST_TIMEOUT_MS, what());
          text = await response.text();
        } finally {
          // A fuzzed `PUT /__emulator/faults` must not turn the next request into a 5xx or a hang.
          if (JSON.stringify(emulator.faults.settings) !== faultsBefore) emulator.faults.clear();
        }
        const status = response.status;
        // Classified by the URL the app saw: `/api/uploadposts/%2e%2e` is `/api/` once normalised.
        const pathname = new URL(buildRequest(request).url).pathname;
        const area = /^\/api\/uploadposts(\/|$)/.test(pathname)
          ? 'api'
          : /^\/__emulator(\/|$)/.test(pathname)
            ? 'admin'
            : /^\/connect(\/|$)/.test(pathname)
              ? 'page'
              : 'other';
        const key = `${area} ${status}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
        const detail = `${what()} → ${status} ${text.slice(0, 200)}`;

        assert.ok(status < 500, `5xx: ${detail}`);
        for (const secret of [KEY, JWT_SECRET]) {
          assert.ok(!text.includes(secret) && !JSON.stringify([...response.headers]).includes(secret), `secret in answer: ${detail}`);
        }
        const isHead = request.method === 'HEAD';
        if (status >= 400 && !isHead) {
          if (area === 'api' || area === 'admin') {
            const json = JSON.parse(text) as Record<string, unknown>;
            assert.equal(json.success, false, detail);
            assert.equal(typeof json.message, 'string', detail);
            assert.ok((json.message as string).length > 0, detail);
            assert.match(response.headers.get('Content-Type') ?? '', /^application\/json/, detail);
          } else if (area === 'page') {
            assert.match(response.headers.get('Content-Type') ?? '', /^text\/(html|plain)/, detail);
            assert.match(response.headers.get('Content-Security-Policy') ?? '', /default-src 'none'/, detail);
          } else {
            assert.equal(status, 404, detail);
          }
        }
        if (area === 'page') {
          assert.doesNotMatch(text, /<script/i, `the connect page served a script: ${detail}`);
          if (status === 303) {
            // Back into the page, or across to this emulator's own consent screen (or, on phones, its bounce page): nowhere else.
            const location = response.headers.get('Location') ?? '';
            const target = new URL(location, buildRequest(request).url);
            const ownHop =
              target.origin === new URL(buildRequest(request).url).origin &&
              /^\/(network\/oauth\/authorize|api\/uploadposts\/oauth\/bounce)$/.test(target.pathname);
            assert.ok(location.startsWith('/connect/') || ownHop, `redirected off the page: ${detail} → ${location}`);
          }
        }
        if (status >= 400) assert.equal(emulatorSnapshot(emulator), before, `a refused request changed the state: ${detail}`);
        // A page on another origin never drives the admin routes (admin-guard.ts).
        if (area === 'admin' && ((request.origin !== undefined && request.origin !== ORIGIN) || request.secFetchSite === 'cross-site')) {
          assert.equal(status, 403, `a foreign page reached an admin route: ${detail}`);
        }
        assertPrototypesClean();
      }),
      { seed: SEED, numRuns: RUNS * 2, endOnFailure: true },
    );

    assert.deepEqual(consoleCalls, [], 'the emulator wrote to the console');
    for (const expected of [
      'api 200',
      'api 401',
      'api 400',
      'api 404',
      'admin 403',
      'admin 404',
      'admin 415',
      'page 200',
      'page 401',
      'page 404',
      'other 404',
    ]) {
      assert.ok(seen.has(expected), `never saw ${expected}: ${JSON.stringify([...seen])}`);
    }
  });
});
