/**
 * What a framework mount of the token server must do, over a real socket, whichever framework
 * (test/token-server/node/express.test.ts, fastify.test.ts): the routes answer under the mount
 * path for the user the app's own middleware found, bodies arrive (even after the app's JSON
 * parser), `/done` links point at the mount without `publicUrl` (and at the proxy's public URL when
 * the framework trusts it), CORS preflights pass, unknown paths answer the error shape, and the
 * rest of the app is untouched.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { describe, it } from 'node:test';
import type { GenerateJwtOptions } from '../../upload-post/index.ts';
import type { TokenServerOptions } from '../../token-server/options.ts';
import { APP_ORIGIN, Capture, FakeUpstream } from './token-server-fixtures.ts';

/** The header the test's stand-in for the app's session middleware reads the user from. */
export const TEST_USER_HEADER = 'x-test-user';
/** What the app serves beside the mount. */
export const APP_ROUTE = { path: '/settings', body: 'your app' };

export interface StartedApp {
  /** `http://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the framework's app: a middleware putting `{ id }` from TEST_USER_HEADER on the request as
 * the framework's session would, the token server mounted at `/upload-post` with `options` plus a
 * `getUser` reading that, APP_ROUTE, and (`trustProxy`) the framework told to trust the proxy.
 */
export type StartApp = (options: Omit<TokenServerOptions, 'identity'>, settings: { trustProxy: boolean }) => Promise<StartedApp>;

export function describeFrameworkMount(framework: string, startApp: StartApp): void {
  const setUp = async (t: { after: (fn: () => Promise<void>) => void }, trustProxy = false) => {
    const upstream = new FakeUpstream();
    upstream.addProfile('u1', { tiktok: { connected: true, details: { display_name: 'U1' }, raw: {} } });
    const capture = new Capture();
    const app = await startApp({ upstream, allowedOrigins: [APP_ORIGIN], log: capture.sink }, { trustProxy });
    t.after(() => app.close());
    const request = (path: string, init: Omit<RequestInit, 'headers'> & { headers?: Record<string, string> } = {}) =>
      fetch(`${app.url}${path}`, { ...init, headers: { Connection: 'close', ...init.headers } });
    return { upstream, app, request };
  };
  const mintedFor = (upstream: FakeUpstream) =>
    upstream.calls.filter((call) => call.method === 'generateJwt').map((call) => call.args[0] as GenerateJwtOptions);
  const connectUrl = (user: string, extra: Record<string, string> = {}) => ({
    method: 'POST',
    headers: { [TEST_USER_HEADER]: user, 'Content-Type': 'application/json', Origin: APP_ORIGIN, ...extra },
    body: JSON.stringify({ platforms: ['tiktok'] }),
  });

  describe(`${framework}: the token server mounted at /upload-post`, () => {
    it('answers the user the app’s middleware found, and 401 in the error shape without one', async (t) => {
      const { request } = await setUp(t);
      const answer = await request('/upload-post/accounts', { headers: { [TEST_USER_HEADER]: 'u1' } });
      assert.equal(answer.status, 200);
      const { accounts } = (await answer.json()) as { accounts: { platform: string; connected: boolean }[] };
      assert.deepEqual(
        accounts.filter((account) => account.connected).map((account) => account.platform),
        ['tiktok'],
      );
      const anonymous = await request('/upload-post/accounts');
      assert.equal(anonymous.status, 401);
      assert.equal(((await anonymous.json()) as { error: { code: string } }).error.code, 'UNAUTHENTICATED');
    });

    it('reads a JSON body, and mints a link whose /done page is under the mount, without publicUrl', async (t) => {
      const { request, upstream, app } = await setUp(t);
      const answer = await request('/upload-post/connect-url', connectUrl('u1'));
      assert.equal(answer.status, 200, await answer.clone().text());
      const [minted] = mintedFor(upstream);
      assert.deepEqual(minted?.platforms, ['tiktok'], 'the body arrived');
      const done = new URL(minted?.redirect_url ?? '');
      assert.equal(`${done.origin}${done.pathname}`, `${app.url}/upload-post/done`);
      assert.equal(done.searchParams.get('origin'), APP_ORIGIN);

      const page = await request(`${done.pathname}${done.search}`);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
      await page.body?.cancel();
    });

    it('behind a proxy the framework trusts, the /done link is on the public URL', async (t) => {
      const { request, upstream } = await setUp(t, true);
      const answer = await request('/upload-post/connect-url', connectUrl('u1', { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'api.example.com' }));
      assert.equal(answer.status, 200, await answer.clone().text());
      assert.match(mintedFor(upstream)[0]!.redirect_url!, /^https:\/\/api\.example\.com\/upload-post\/done\?/);
    });

    it('refuses a Host header that would change the URL it builds, before the token server runs', async (t) => {
      const { upstream, app } = await setUp(t);
      const { port } = new URL(app.url);
      const status = await new Promise<number>((resolve, reject) => {
        const sent = httpRequest(
          {
            host: '127.0.0.1',
            port,
            path: '/upload-post/connect-url',
            method: 'POST',
            headers: { Host: 'evil.example/x?', [TEST_USER_HEADER]: 'u1', 'Content-Type': 'application/json', Connection: 'close' },
          },
          (answer) => {
            answer.resume();
            resolve(answer.statusCode ?? 0);
          },
        );
        sent.on('error', reject);
        sent.end('{}');
      });
      assert.equal(status, 400);
      assert.equal(mintedFor(upstream).length, 0);
    });

    it('answers an allowed origin’s CORS preflight', async (t) => {
      const { request } = await setUp(t);
      const preflight = await request('/upload-post/connect-url', {
        method: 'OPTIONS',
        headers: { Origin: APP_ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-origin'), APP_ORIGIN);
    });

    it('answers an unknown path under the mount in the error shape, and leaves the rest of the app alone', async (t) => {
      const { request } = await setUp(t);
      const unknown = await request('/upload-post/nope');
      assert.equal(unknown.status, 404);
      assert.equal(((await unknown.json()) as { error: { code: string } }).error.code, 'NOT_FOUND');
      const health = await request('/upload-post/healthz');
      assert.deepEqual(await health.json(), { status: 'ok' });
      const rest = await request(APP_ROUTE.path);
      assert.equal(await rest.text(), APP_ROUTE.body);
    });
  });
}
