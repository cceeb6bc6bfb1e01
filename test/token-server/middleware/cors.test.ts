/**
 * `apiCors` (token-server/cors.ts) sets the actual request's CORS headers itself, for speed; these
 * tests hold it to what Hono's own `cors()` answers with the same options, request by request.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { apiCors, type ApiCorsOptions } from '../../../token-server/middleware/cors.ts';

const ALLOWED = 'https://app.example';
const CORS_HEADERS = [
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-expose-headers',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-max-age',
  'vary',
];

function options(credentials: boolean): ApiCorsOptions {
  return {
    isAllowedOrigin: (origin: string) => origin === ALLOWED,
    allowHeaders: ['Authorization', 'Content-Type', 'Cache-Control'],
    exposeHeaders: ['X-Request-Id', 'Retry-After'],
    credentials,
    maxAgeSeconds: 600,
  };
}

/** The same routes behind either middleware: an answer, and a failure answered by onError. */
function appWith(middleware: Parameters<Hono['use']>[1]) {
  const app = new Hono();
  app.onError((error, c) => c.json({ error: { code: 'UNAUTHENTICATED', message: error.message } }, 401));
  app.use('*', middleware);
  app.get('/accounts', (c) => c.json({ accounts: [] }));
  app.post('/connect-url', () => {
    throw new HTTPException(401, { message: 'no session' });
  });
  return app;
}

function honoCors(credentials: boolean) {
  const { isAllowedOrigin, allowHeaders, exposeHeaders, maxAgeSeconds } = options(credentials);
  return cors({
    origin: (origin: string, c: Context) => (origin && isAllowedOrigin(origin, c) ? origin : null),
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders,
    exposeHeaders,
    credentials,
    maxAge: maxAgeSeconds,
  });
}

const corsHeaders = (response: Response) =>
  Object.fromEntries(CORS_HEADERS.map((name) => [name, response.headers.get(name)]).filter(([, value]) => value !== null));

describe('apiCors answers what Hono’s cors() answers', () => {
  const requests: [string, RequestInit & { path: string }][] = [
    ['a read from the allowed origin', { path: '/accounts', headers: { Origin: ALLOWED } }],
    ['a read from another origin', { path: '/accounts', headers: { Origin: 'https://evil.example' } }],
    ['a read with no Origin', { path: '/accounts' }],
    ['a read from the opaque origin "null"', { path: '/accounts', headers: { Origin: 'null' } }],
    ['a failing post from the allowed origin', { path: '/connect-url', method: 'POST', headers: { Origin: ALLOWED } }],
    ['a failing post from another origin', { path: '/connect-url', method: 'POST', headers: { Origin: 'https://evil.example' } }],
    [
      'a preflight from the allowed origin',
      {
        path: '/connect-url',
        method: 'OPTIONS',
        headers: { Origin: ALLOWED, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
      },
    ],
    [
      'a preflight from another origin',
      {
        path: '/connect-url',
        method: 'OPTIONS',
        headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
      },
    ],
  ];
  for (const credentials of [false, true]) {
    for (const [name, { path, ...init }] of requests) {
      it(`${name}, credentials ${credentials ? 'on' : 'off'}`, async () => {
        const ours = await appWith(apiCors(options(credentials))).request(path, init);
        const reference = await appWith(honoCors(credentials)).request(path, init);
        assert.equal(ours.status, reference.status);
        assert.deepEqual(corsHeaders(ours), corsHeaders(reference));
        assert.equal(await ours.text(), await reference.text());
      });
    }
  }

  it('grants the allowed origin and nothing to another (the comparison above is not vacuous)', async () => {
    const app = appWith(apiCors(options(true)));
    const granted = await app.request('/accounts', { headers: { Origin: ALLOWED } });
    assert.equal(granted.headers.get('Access-Control-Allow-Origin'), ALLOWED);
    assert.equal(granted.headers.get('Access-Control-Allow-Credentials'), 'true');
    assert.equal(granted.headers.get('Access-Control-Expose-Headers'), 'X-Request-Id,Retry-After');
    assert.equal(granted.headers.get('Vary'), 'Origin');
    const refused = await app.request('/accounts', { headers: { Origin: 'https://evil.example' } });
    assert.equal(refused.headers.get('Access-Control-Allow-Origin'), null);
  });
});
