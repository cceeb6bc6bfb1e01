/**
 * Links minted on intent, end to end in Chromium: the built script-tag bundle on a page, the real
 * token server with a tight mint limit, the emulator behind it (single-use links, as upstream). The
 * pointer on a button mints its link ahead of the click; the click opens that link without a
 * request; prefetches spend a budget of their own, so a spent prefetch budget never makes a click
 * meet a 429, and a refused prefetch shows nothing.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { Browser, Page, Request } from 'playwright-core';
import { launchBrowser } from '../helpers/e2e-browser.ts';
import { createTokenServer } from '../../token-server/app.ts';
import { widgetFileLoader } from '../../token-server/node/widget-file.ts';
import { createEmulator } from '../../emulator/app.ts';
import { createSessionToken } from '../../token-server/identity/session-token.ts';
import { createUndiciTransport } from '../../upload-post/undici-transport.ts';
import { serveOnLoopback, type LoopbackServer } from '../helpers/loopback.ts';

const BUNDLE = new URL('../../dist/browser/upload-post-connect.min.js', import.meta.url);
const API_KEY = 'connect-prefetch-api-key-5b7d9f1a3c';
const SESSION_SECRET = 'connect-prefetch-session-secret-0123456789';

const emulator = createEmulator({ apiKey: API_KEY });
const transport = createUndiciTransport({ connections: 8 });
let emulatorServer: LoopbackServer;
let siteServer: LoopbackServer;
let browser: Browser;

before(async () => {
  assert.ok(existsSync(BUNDLE), 'dist/browser/upload-post-connect.min.js is not built: run npm run build');
  emulatorServer = await serveOnLoopback(emulator.app.fetch);
  const tokenServer = createTokenServer({
    apiKey: API_KEY,
    client: { baseUrl: `${emulatorServer.url}/api`, transport },
    identity: { sessionSecret: SESSION_SECRET },
    // One link per minute for clicks, one for prefetches: the smallest budgets that show they are apart.
    rateLimit: { maxMints: 1, maxPrefetches: 1, windowSeconds: 60 },
    widgetScript: widgetFileLoader(fileURLToPath(BUNDLE)),
    log: () => undefined,
  });
  const root = new Hono();
  root.route('/upload-post', tokenServer);
  root.get('/', async (c) => {
    const token = await createSessionToken({ userId: c.req.query('user') ?? 'alice', secret: SESSION_SECRET, ttl: 900 });
    return c.html(`<!doctype html><html lang="en"><meta charset="utf-8"><title>Settings</title>
<script src="/upload-post/widget.js"></script>
<upload-post-connect endpoint="/upload-post" session-token="${token}" platforms="tiktok,instagram"></upload-post-connect>`);
  });
  siteServer = await serveOnLoopback(root.fetch);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await transport.close();
  await siteServer?.close();
  await emulatorServer?.close();
});

const element = 'upload-post-connect';

/** The page, its `POST /connect-url` requests with their bodies and answers, and its element's error events. */
async function openSite(user: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const mints: { body: unknown; status: number }[] = [];
  page.on('requestfinished', (request: Request) => {
    if (!request.url().endsWith('/connect-url') || request.method() !== 'POST') return;
    void request.response().then((response) => mints.push({ body: request.postDataJSON(), status: response?.status() ?? 0 }));
  });
  await page.addInitScript(() => {
    const errors: string[] = [];
    (window as unknown as { __errors: string[] }).__errors = errors;
    document.addEventListener('upload-post-error', (event) => errors.push((event as CustomEvent<{ code: string }>).detail.code));
  });
  await page.goto(`${siteServer.url}/?user=${user}`);
  await page.locator(`${element} [part~="row"]`).first().waitFor();
  return { page, mints, errors: () => page.evaluate(() => (window as unknown as { __errors: string[] }).__errors) };
}

const waitFor = async (check: () => boolean, what: string, page: Page) => {
  for (let i = 0; !check(); i++) {
    if (i > 200) throw new Error(`Timed out waiting for ${what}.`);
    await page.waitForTimeout(25);
  }
};

describe('links minted on intent (Chromium, built bundle, real token server)', () => {
  it('the pointer on Manage mints its link; the click opens it on the connect page with no request of its own', async () => {
    const { page, mints, errors } = await openSite('hover-then-click');
    const manage = page.locator(`${element} [part~="manage-button"]`);
    await manage.hover();
    await waitFor(() => mints.length === 1, 'the link minted on intent', page);
    assert.deepEqual(mints, [{ body: { language: 'en', platforms: ['tiktok', 'instagram'], prefetch: true }, status: 200 }]);
    const popupOpened = page.waitForEvent('popup');
    await manage.click();
    const popup = await popupOpened;
    await popup.waitForURL(/\/connect\/s\//);
    assert.ok(popup.url().startsWith(emulatorServer.url));
    assert.equal(mints.length, 1, 'the click minted nothing');
    assert.deepEqual(await errors(), []);
    await page.context().close();
  });

  it('a spent prefetch budget never refuses a click: the refused prefetch is silent, the click mints from its own budget', async () => {
    const { page, mints, errors } = await openSite('budget');
    await page.locator(`${element} [part~="manage-button"]`).hover();
    await waitFor(() => mints.length === 1, 'the first prefetch', page);
    const tiktok = page.locator(`${element} [part~="connect-button"][data-platform="tiktok"]`);
    await tiktok.hover();
    await waitFor(() => mints.length === 2, 'the second prefetch, refused', page);
    assert.deepEqual(
      mints.map((mint) => mint.status),
      [200, 429],
    );
    assert.equal(await page.locator(`${element} [part~="notice"], ${element} [part~="error"]`).count(), 0, 'a refused prefetch shows nothing');
    const popupOpened = page.waitForEvent('popup');
    await tiktok.click();
    const popup = await popupOpened;
    await popup.waitForURL(/\/connect\/s\//);
    assert.deepEqual(mints, [
      { body: { language: 'en', platforms: ['tiktok', 'instagram'], prefetch: true }, status: 200 },
      { body: { language: 'en', platforms: ['tiktok'], prefetch: true }, status: 429 },
      { body: { language: 'en', platforms: ['tiktok'] }, status: 200 },
    ]);
    assert.deepEqual(await errors(), [], 'no error event: neither the refused prefetch nor the click');
    await page.context().close();
  });
});
