/**
 * `npm start` with `UPLOAD_POST_API_KEY` set: the demo talks to "the real API" — here an emulator
 * on its own port standing in for api.upload-post.com through `UPLOAD_POST_API_URL`, the only part
 * of that mode a machine without network cannot reach. Checked: no embedded emulator, the page says
 * it is live, the demo's backend signs tokens with the configured secret, and the accounts and the
 * links are the stand-in's, under the demo's profile prefix.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startDemoServer, type StartedDemo } from '../../demo/serve.ts';
import { createEmulator, type Emulator } from '../../emulator/index.ts';
import { DEMO_USER_HEADER, DEMO_USER_QUERY } from '../../token-server/identity/identify.ts';
import { freePort, serveOnLoopback, type LoopbackServer } from '../helpers/loopback.ts';

const API_KEY = 'real-mode-test-key-7f3a9c';
const SESSION_SECRET = 'real-mode-session-secret-0123456789abcdef';
const PREFIX = 'upload-post-connect-demo-';

let upstream: Emulator;
let upstreamServer: LoopbackServer;
let upstreamUrl: string;
let demo: StartedDemo;

before(async () => {
  upstream = createEmulator({ apiKey: API_KEY });
  upstreamServer = await serveOnLoopback(upstream.app.fetch);
  upstreamUrl = upstreamServer.url;
  // A real key needs the public URL, which the demo derives from a port it is told.
  demo = await startDemoServer(
    {
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      UPLOAD_POST_API_KEY: API_KEY,
      UPLOAD_POST_API_URL: `${upstreamUrl}/api`,
      UPLOAD_POST_SESSION_SECRET: SESSION_SECRET,
    },
    { log: () => {} },
  );
});

after(async () => {
  await demo?.close();
  await upstreamServer?.close();
});

/** A session token from the demo's own backend route, for whoever the cookie says is signed in. */
async function sessionToken(user: string): Promise<string> {
  const signIn = await fetch(`${demo.url}demo/sign-in`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user }) });
  assert.equal(signIn.status, 200);
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
  const answer = await fetch(`${demo.url}demo/session`, { method: 'POST', headers: { Cookie: cookie } });
  assert.equal(answer.status, 200);
  return ((await answer.json()) as { token: string }).token;
}

describe('the demo with an API key', () => {
  it('starts no emulator and says on the page that it is live', async () => {
    assert.equal(demo.mode, 'upload-post');
    assert.equal(demo.emulatorUrl, undefined);
    const page = await (await fetch(demo.url)).text();
    assert.match(page, /data-mode="upload-post"/);
    assert.match(page, /Live · Upload-Post API/);
    assert.doesNotMatch(page, new RegExp(API_KEY), 'the key is not on the page');
  });

  it('reads the signed-in user’s accounts from the configured API, under the demo prefix', async () => {
    upstream.store.createProfile(`${PREFIX}bob`);
    upstream.store.connectAccount(`${PREFIX}bob`, 'youtube', { username: 'BobBuildsTV', display_name: 'Bob Builds TV', social_images: '' });
    const answer = await fetch(`${demo.tokenServerUrl}/accounts`, { headers: { Authorization: `Bearer ${await sessionToken('bob')}` } });
    assert.equal(answer.status, 200);
    const { accounts } = (await answer.json()) as { accounts: { platform: string; connected: boolean; handle?: string }[] };
    assert.deepEqual(
      accounts.filter((account) => account.connected).map((account) => [account.platform, account.handle]),
      [['youtube', 'BobBuildsTV']],
    );
  });

  it('mints a link on the configured API for the signed-in user only, creating the profile', async () => {
    const answer = await fetch(`${demo.tokenServerUrl}/connect-url`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await sessionToken('carol')}`, 'Content-Type': 'application/json', Origin: new URL(demo.url).origin },
      body: JSON.stringify({ platforms: ['tiktok'] }),
    });
    assert.equal(answer.status, 200);
    const { url } = (await answer.json()) as { url: string };
    assert.equal(new URL(url).origin, upstreamUrl, 'the connect page is the API’s, not a local one');
    const validated = await upstream.app.request('/api/uploadposts/users/validate-jwt', {
      method: 'POST',
      headers: { Authorization: `Bearer ${new URL(url).searchParams.get('token')}` },
    });
    assert.equal(((await validated.json()) as { profile?: { username: string } }).profile?.username, `${PREFIX}carol`);
    assert.ok(upstream.store.getProfile(`${PREFIX}carol`), 'the profile was created on first mint');
  });

  it('refuses the demo’s page-named identity: the user comes from the session token only', async () => {
    // What the emulator-backed demo accepts without a session secret; never with a key.
    const byQuery = await fetch(`${demo.tokenServerUrl}/accounts?${DEMO_USER_QUERY}=alice`);
    assert.equal(byQuery.status, 400);
    const byHeader = await fetch(`${demo.tokenServerUrl}/accounts`, { headers: { [DEMO_USER_HEADER]: 'alice' } });
    assert.equal(byHeader.status, 401);
  });
});
