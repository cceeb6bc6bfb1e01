/**
 * Live accounts into the open element, end to end in Chromium: a change on Upload-Post's side (the
 * emulator's admin routes stand for the person linking or losing an account elsewhere) → its
 * webhook → the token server (re-read, diff) → `GET /events` → the element shows it, with its
 * events, without reading `/accounts` again.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { Browser, Page } from 'playwright-core';
import { createEmulator } from '../../emulator/app.ts';
import { createTokenServer } from '../../token-server/app.ts';
import { createSessionToken } from '../../token-server/identity/session-token.ts';
import { registerWebhook, webhookUrl } from '../../token-server/live/register-webhook.ts';
import { widgetFileLoader } from '../../token-server/node/widget-file.ts';
import { UploadPostClient } from '../../upload-post/index.ts';
import { launchBrowser, watchForProblems } from '../helpers/e2e-browser.ts';
import { serveOnLoopback, type LoopbackServer } from '../helpers/loopback.ts';

const BUNDLE = fileURLToPath(new URL('../../dist/browser/upload-post-connect.min.js', import.meta.url));
const API_KEY = 'live-element-api-key-2c4e6a8b0d';
const SESSION_SECRET = 'live-element-session-secret-0123456789abcd';
const WEBHOOK_SECRET = 'live-element-webhook-secret-9f8e7d6c';
/** "An element with a stream open shows the change within a second, no polling." */
const PUSHED_WITHIN_MS = 1000;

const emulator = createEmulator({ apiKey: API_KEY, webhooks: { retryDelaysMs: [50, 100] } });
const servers: LoopbackServer[] = [];
const shutdown = new AbortController();
let site: string;
let browser: Browser;
/** Paths the site answered, in order. */
const requests: string[] = [];

before(async () => {
  const emulatorServer = await serveOnLoopback(emulator.app.fetch);
  servers.push(emulatorServer);
  const client = new UploadPostClient({ apiKey: API_KEY, baseUrl: `${emulatorServer.url}/api`, timeoutMs: 2000 });
  const root = new Hono();
  root.use('*', async (c, next) => {
    requests.push(new URL(c.req.url).pathname);
    await next();
  });
  root.route(
    '/upload-post',
    createTokenServer({
      upstream: client,
      identity: { sessionSecret: SESSION_SECRET },
      webhookSecret: WEBHOOK_SECRET,
      rateLimit: false,
      widgetScript: widgetFileLoader(BUNDLE),
      shutdownSignal: shutdown.signal,
      log: () => undefined,
    }),
  );
  root.get('/', async (c) => {
    const token = await createSessionToken({ userId: c.req.query('user') ?? 'lena', secret: SESSION_SECRET, ttl: 900 });
    return c.html(`<!doctype html><html lang="en"><meta charset="utf-8"><title>Settings</title>
<script>
  window.uploadPostEvents = [];
  for (const type of ['connect', 'disconnect', 'reauth-required']) {
    document.addEventListener('upload-post-' + type, (event) => window.uploadPostEvents.push(type + ' ' + event.detail.account.platform));
  }
</script>
<script src="/upload-post/widget.js"></script>
<upload-post-connect endpoint="/upload-post" session-token="${token}" platforms="tiktok,instagram,youtube"></upload-post-connect>`);
  });
  const siteServer = await serveOnLoopback(root.fetch);
  servers.push(siteServer);
  site = siteServer.url;
  // As a customer does once: point Upload-Post's account webhooks at the token server.
  const registered = await registerWebhook(client, webhookUrl(`${site}/upload-post`, WEBHOOK_SECRET));
  assert.equal(registered.status, 'registered');
  browser = await launchBrowser();
});

after(async () => {
  shutdown.abort();
  await browser?.close();
  await emulator.webhooks.sender.whenIdle();
  await Promise.all(servers.map((server) => server.close()));
});

const element = (page: Page) => page.locator('upload-post-connect');
const events = (page: Page) => page.evaluate(() => (window as unknown as { uploadPostEvents: string[] }).uploadPostEvents);
const accountReads = () => requests.filter((path) => path === '/upload-post/accounts').length;

async function openSettings(user: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${site}/?user=${user}`);
  await element(page).getByRole('button', { name: 'Connect TikTok' }).waitFor();
  // The stream is open once the token server has answered its first event.
  await waitFor(() => requests.includes('/upload-post/events'), 'the event stream');
  return page;
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('live accounts in the element', () => {
  it('an account linked elsewhere shows up within a second, with its connect event, and no read of /accounts', async () => {
    emulator.store.createProfile('lena');
    const page = await openSettings('lena');
    const problems = watchForProblems(page);
    try {
      const reads = accountReads();
      const changed = Date.now();
      emulator.store.connectAccount('lena', 'instagram', { username: 'lena.live', display_name: 'Lena', social_images: '' });
      await element(page).getByText('@lena.live').waitFor({ timeout: 10_000 });
      const shownAfter = Date.now() - changed;
      assert.ok(shownAfter < PUSHED_WITHIN_MS, `shown ${shownAfter} ms after the change`);
      assert.deepEqual(await events(page), ['connect instagram']);
      assert.equal(accountReads(), reads, 'the element read /accounts instead of listening');
      assert.deepEqual(problems, []);
    } finally {
      await page.context().close();
    }
  });

  it('an account that needs reconnecting is shown as such, with a Reconnect button and its event', async () => {
    emulator.store.createProfile('mara');
    emulator.store.connectAccount('mara', 'youtube', { username: 'MaraTV', display_name: 'Mara', social_images: '' });
    const page = await openSettings('mara');
    try {
      await element(page).getByText('@MaraTV').waitFor();
      assert.equal(emulator.store.markReauthRequired('mara', 'youtube'), true);
      await element(page).getByText('Needs reconnecting', { exact: true }).waitFor({ timeout: 10_000 });
      await element(page).getByRole('button', { name: 'Reconnect YouTube' }).waitFor();
      assert.deepEqual(await events(page), ['reauth-required youtube']);
      emulator.store.disconnectAccount('mara', 'youtube');
      await element(page).getByRole('button', { name: 'Connect YouTube', exact: true }).waitFor({ timeout: 10_000 });
      assert.deepEqual(await events(page), ['reauth-required youtube', 'disconnect youtube']);
    } finally {
      await page.context().close();
    }
  });
});
