/** Upstream failures and unexpected errors → one error shape with a stable code, one log line, no upstream words. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ERROR_CODES, type ErrorCode } from '../../protocol/token-server-api.ts';
import { UploadPostError } from '../../upload-post/errors.ts';
import { API_KEY, assertError, Capture, httpError, SESSION_SECRET, type Answer } from '../helpers/token-server-fixtures.ts';
import { brokenStore } from '../helpers/stores.ts';
import { bearer, postJson, tokenServerUnderTest } from '../helpers/token-server-app.ts';
import type { TokenServerOptions } from '../../token-server/options.ts';

const capture = new Capture();
after(() => capture.assertNoSecret(API_KEY, SESSION_SECRET));
const server = (overrides: Partial<TokenServerOptions> = {}) => tokenServerUnderTest(capture, overrides);

describe('upstream failures', () => {
  const cases: [string, unknown, number, string][] = [
    ['key refused (401)', httpError(401, undefined, `Invalid API key ${API_KEY}`), 500, 'SERVER_MISCONFIGURED'],
    ['key refused (403 without a profile code)', httpError(403), 500, 'SERVER_MISCONFIGURED'],
    ['5xx', httpError(503), 502, 'UPSTREAM_UNAVAILABLE'],
    ['network', new UploadPostError({ kind: 'network', operation: 'GET', message: 'ECONNREFUSED' }), 502, 'UPSTREAM_UNAVAILABLE'],
    ['timeout', new UploadPostError({ kind: 'timeout', operation: 'GET', message: 'slow' }), 504, 'UPSTREAM_TIMEOUT'],
    ['garbage', new UploadPostError({ kind: 'shape', operation: 'GET', message: 'profile.username: expected string' }), 502, 'UPSTREAM_BAD_RESPONSE'],
    ['unexpected 400', httpError(400), 502, 'UPSTREAM_BAD_RESPONSE'],
  ];
  for (const [name, error, status, code] of cases) {
    it(`${name} → ${status} ${code} on every route, logged once with the request id`, async () => {
      const { upstream, call } = server();
      upstream.addProfile('alice');
      for (const method of ['getProfile', 'generateJwt', 'facebookPages'] as const) upstream.fail(method, error);
      for (const [path, init] of [
        ['/accounts', { headers: await bearer('alice') }],
        ['/connect-url', await postJson('alice', {})],
        ['/facebook/pages', { headers: await bearer('alice') }],
      ] as const) {
        const before = capture.logs.length;
        const answer = await call(path, init);
        assertError(answer, status, code);
        const records = capture.logs.slice(before);
        assert.equal(records.length, 1, 'one log record per request');
        assert.equal(records[0]!.requestId, answer.json.error.requestId);
        assert.equal((records[0]!.error as { code: string }).code, code);
        assert.doesNotMatch(answer.text, /Invalid API key|ECONNREFUSED|expected string/, 'the upstream’s words reached the caller');
      }
    });
  }

  it('an upstream 429 → 503 UPSTREAM_RATE_LIMITED with Upload-Post’s Retry-After, bounded, on every route; the mint is given back', async () => {
    const limited = (retryAfterSeconds?: number) =>
      new UploadPostError({
        kind: 'http',
        status: 429,
        operation: 'TEST',
        message: 'Too many requests',
        ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      });
    for (const [said, passedOn] of [
      [42, '42'],
      [0, '1'],
      [86_400, '600'],
      [undefined, '30'],
    ] as const) {
      const { upstream, call } = server({ rateLimit: { maxMints: 1, windowSeconds: 60 } });
      upstream.addProfile('alice');
      for (const method of ['getProfile', 'generateJwt', 'facebookPages'] as const) upstream.fail(method, limited(said), 1);
      for (const [path, init] of [
        ['/accounts', { headers: await bearer('alice') }],
        ['/connect-url', await postJson('alice', {})],
        ['/facebook/pages', { headers: await bearer('alice') }],
      ] as const) {
        const answer = await call(path, init);
        assertError(answer, 503, 'UPSTREAM_RATE_LIMITED');
        assert.equal(answer.headers.get('Retry-After'), passedOn, `${path}: Upload-Post said ${said}`);
      }
      // The refused mint did not spend the user's one link.
      assert.equal((await call('/connect-url', await postJson('alice', {}))).status, 200);
    }
  });

  it('an upstream 503 that says when passes its Retry-After on with UPSTREAM_UNAVAILABLE', async () => {
    const { upstream, call } = server();
    upstream.fail('getProfile', new UploadPostError({ kind: 'http', status: 503, operation: 'TEST', message: 'busy', retryAfterSeconds: 12 }));
    const answer = await call('/accounts', { headers: await bearer('alice') });
    assertError(answer, 502, 'UPSTREAM_UNAVAILABLE');
    assert.equal(answer.headers.get('Retry-After'), '12');
  });

  it('a 404 that is not Upload-Post’s "Profile not found" (a wrong API URL) → 500 SERVER_MISCONFIGURED everywhere, with a log hint; no profile is created', async () => {
    const { upstream, call } = server();
    const bare404 = httpError(404, undefined, 'Upload-Post refused GET /uploadposts/users/{username} (404 Not Found)');
    for (const method of ['getProfile', 'generateJwt', 'facebookPages'] as const) upstream.fail(method, bare404);
    for (const [path, init] of [
      ['/accounts', { headers: await bearer('alice') }],
      ['/connect-url', await postJson('alice', {})],
      ['/facebook/pages', { headers: await bearer('alice') }],
    ] as const) {
      const before = capture.logs.length;
      const answer = await call(path, init);
      assertError(answer, 500, 'SERVER_MISCONFIGURED');
      assert.doesNotMatch(answer.text, /UPLOAD_POST_API_URL/, 'the hint is for the operator, not the page');
      const logged = capture.logs.slice(before)[0]!.error as { hint?: string };
      assert.match(logged.hint ?? '', /check UPLOAD_POST_API_URL/, `${path}: ${JSON.stringify(logged)}`);
    }
    assert.equal(upstream.count('createProfile'), 0, 'a 404 from a wrong URL must not create profiles');
  });

  it('Upload-Post’s own "no such profile" answers still mean "no profile yet"', async () => {
    for (const said of [
      httpError(404, undefined, 'Profile not found'),
      httpError(404, 'PROFILE_NOT_FOUND'),
      httpError(404, undefined, 'No profile found with the provided identifier'),
    ]) {
      const { upstream, call } = server();
      upstream.fail('getProfile', said);
      upstream.fail('facebookPages', said);
      const accounts = await call('/accounts', { headers: await bearer('alice') });
      assert.equal(accounts.status, 200, accounts.text);
      assert.ok(accounts.json.accounts.every((account: { connected: boolean }) => !account.connected));
      assert.deepEqual((await call('/facebook/pages', { headers: await bearer('alice') })).json, { pages: [] });
    }
  });

  it('a connect link that is not http(s) is refused as a bad response', async () => {
    const { upstream, call } = server();
    upstream.addProfile('alice');
    upstream.accessUrl = 'javascript:alert(document.cookie)';
    assertError(await call('/connect-url', await postJson('alice', {})), 502, 'UPSTREAM_BAD_RESPONSE');
  });

  it('an unexpected exception is a 500 INTERNAL_ERROR without details, logged once with its stack', async () => {
    const { upstream, call } = server();
    upstream.addProfile('alice');
    upstream.fail('getProfile', new TypeError(`boom: cannot read ${API_KEY}`));
    const before = capture.logs.length;
    const answer = await call('/accounts', { headers: await bearer('alice') });
    assertError(answer, 500, 'INTERNAL_ERROR');
    assert.doesNotMatch(answer.text, /boom/);
    const records = capture.logs.slice(before);
    assert.equal(records.length, 1);
    const logged = records[0]!.error as { name: string; message: string; stack: string };
    assert.equal(logged.name, 'TypeError');
    assert.match(logged.message, /boom: cannot read \[redacted\]/);
    assert.match(logged.stack, /TypeError/);
  });
});

describe('the error codes', () => {
  it('every documented code is answered by some request, with its documented status', async () => {
    const producers: Record<ErrorCode, () => Promise<Answer>> = {
      INVALID_REQUEST: async () => server().call('/accounts?username=bob', { headers: await bearer('alice') }),
      UNAUTHENTICATED: async () => server().call('/accounts'),
      ORIGIN_NOT_ALLOWED: async () => server().call('/accounts', { headers: { ...(await bearer('alice')), Origin: 'https://evil.example' } }),
      PROFILE_LIMIT_REACHED: async () => {
        const { upstream, call } = server();
        upstream.fail('createProfile', httpError(403, 'PROFILE_LIMIT_REACHED'));
        return call('/connect-url', await postJson('newcomer', {}));
      },
      PROFILE_BLOCKED: async () => {
        const { upstream, call } = server();
        upstream.addProfile('alice');
        upstream.fail('generateJwt', httpError(403, 'PROFILE_BLOCKED'));
        return call('/connect-url', await postJson('alice', {}));
      },
      NOT_FOUND: async () => server().call('/no-such-route'),
      PAYLOAD_TOO_LARGE: async () => server().call('/connect-url', await postJson('alice', { pad: 'x'.repeat(20_000) })),
      RATE_LIMITED: async () => {
        const { upstream, call } = server({ rateLimit: { maxMints: 1, windowSeconds: 60 } });
        upstream.addProfile('alice');
        await call('/connect-url', await postJson('alice', {}));
        return call('/connect-url', await postJson('alice', {}));
      },
      SERVER_MISCONFIGURED: async () => failingRead(httpError(401)),
      INTERNAL_ERROR: async () => failingRead(new TypeError('a bug')),
      UPSTREAM_UNAVAILABLE: async () => failingRead(httpError(503)),
      UPSTREAM_RATE_LIMITED: async () => failingRead(httpError(429)),
      UPSTREAM_BAD_RESPONSE: async () => failingRead(new UploadPostError({ kind: 'shape', operation: 'GET', message: 'odd' })),
      UPSTREAM_TIMEOUT: async () => failingRead(new UploadPostError({ kind: 'timeout', operation: 'GET', message: 'slow' })),
      TOO_MANY_STREAMS: async () => {
        const { upstream, call, app } = server({ webhookSecret: 'errors-test-webhook-secret', events: { maxStreamsPerUser: 1 } });
        upstream.addProfile('alice');
        const open = await app.request('/events', { headers: await bearer('alice') });
        try {
          return await call('/events', { headers: await bearer('alice') });
        } finally {
          await open.body?.cancel();
        }
      },
      STORE_UNAVAILABLE: async () => {
        const { upstream, call } = server({ sharedStore: brokenStore });
        upstream.addProfile('alice');
        return call('/connect-url', await postJson('alice', {}));
      },
    };
    const failingRead = async (error: unknown) => {
      const { upstream, call } = server();
      upstream.fail('getProfile', error);
      return call('/accounts', { headers: await bearer('alice') });
    };
    assert.deepEqual(Object.keys(producers).sort(), Object.keys(ERROR_CODES).sort(), 'a code is missing from this table');
    for (const [code, produce] of Object.entries(producers) as [ErrorCode, () => Promise<Answer>][]) {
      assertError(await produce(), ERROR_CODES[code], code);
    }
  });
});
