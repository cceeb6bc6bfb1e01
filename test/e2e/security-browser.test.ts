/**
 * The security review's browser half, in Chromium:
 *
 *  - HTML/JS payloads in display names, handles, avatars, unknown platform ids and error answers are
 *    inert in the element (built bundle, real token server, emulator data): `window.__pwned` stays
 *    undefined, no dialog opens, the text shows literally;
 *  - the same payloads in the connect page's link options and accounts are inert there too;
 *  - `/done` posts its message only to an allowed opener: an opener on another origin gets nothing,
 *    whatever `origin=` says.
 *
 * The element's own filtering of `message` events (wrong origin, wrong source) is covered by
 * test/browser/popup.test.ts ("ignores a /done message from another origin…", "accepts /done from
 * the endpoint on another origin (CORS), and only from its own window").
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/e2e-browser.ts';
import { createTokenServer } from '../../token-server/app.ts';
import { widgetFileLoader } from '../../token-server/node/widget-file.ts';
import { createEmulator } from '../../emulator/app.ts';
import { createSessionToken } from '../../token-server/identity/session-token.ts';
import { createUndiciTransport } from '../../upload-post/undici-transport.ts';
import { serveOnLoopback, type LoopbackServer } from '../helpers/loopback.ts';

const BUNDLE = new URL('../../dist/browser/upload-post-connect.min.js', import.meta.url);
const API_KEY = 'security-browser-api-key-8b6d4f2a0c';
const SESSION_SECRET = 'security-browser-session-secret-0123456789';
const PWN = 'window.__pwned=1';
const PAYLOADS = {
  displayName: `<img src=x onerror="${PWN}"><script>${PWN}</script>`,
  handle: `"><svg onload=${PWN}>`,
  avatar: `javascript:${PWN}`,
  platform: `<b onmouseover=${PWN}>x</b>`,
};

const emulator = createEmulator({ apiKey: API_KEY });
const transport = createUndiciTransport({ connections: 4 });
const servers: LoopbackServer[] = [];
let emulatorOrigin: string;
let site: string;
let evil: string;
let browser: Browser;

/** Serves on loopback and remembers the server, to close it after the file. */
async function listen(fetch: (request: Request) => Response | Promise<Response>): Promise<string> {
  const server = await serveOnLoopback(fetch);
  servers.push(server);
  return server.url;
}

before(async () => {
  emulatorOrigin = await listen(emulator.app.fetch);
  // Another origin, for the attacker's page (localhost ≠ 127.0.0.1 for the browser).
  const evilApp = new Hono();
  evilApp.get('/', (c) => c.html('<!doctype html><title>evil</title>'));
  evil = (await listen(evilApp.fetch)).replace('127.0.0.1', 'localhost');

  const root = new Hono();
  site = await listen(root.fetch);
  root.route(
    '/upload-post',
    createTokenServer({
      apiKey: API_KEY,
      client: { baseUrl: `${emulatorOrigin}/api`, transport, retries: 0 },
      identity: { sessionSecret: SESSION_SECRET },
      allowedOrigins: [site],
      cacheTtlMs: 0,
      widgetScript: widgetFileLoader(fileURLToPath(BUNDLE)),
      log: () => undefined,
    }),
  );
  root.get('/', async (c) => {
    const token = await createSessionToken({ userId: c.req.query('user') ?? 'mallory', secret: SESSION_SECRET });
    return c.html(`<!doctype html><html lang="en"><meta charset="utf-8"><title>Settings</title>
<script src="/upload-post/widget.js"></script>
<upload-post-connect endpoint="/upload-post" session-token="${token}"></upload-post-connect>`);
  });
  root.get('/blank', (c) => c.html('<!doctype html><title>app</title>'));

  emulator.store.createProfile('mallory');
  emulator.store.connectAccount('mallory', 'tiktok', { username: PAYLOADS.handle, display_name: PAYLOADS.displayName, social_images: PAYLOADS.avatar });
  emulator.store.connectAccount('mallory', 'instagram', {
    username: 'ok',
    display_name: PAYLOADS.handle,
    social_images: `data:image/svg+xml,<svg onload="${PWN}"/>`,
  });
  emulator.store.connectAccount('mallory', PAYLOADS.platform, { username: PAYLOADS.handle, display_name: PAYLOADS.displayName, social_images: '' });
  emulator.store.connectAccount('mallory', 'mastodon', { username: PAYLOADS.handle, display_name: PAYLOADS.displayName, social_images: '' });

  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await transport.close();
  for (const server of servers) await server.close();
});

/** A page with a tripwire: any dialog or a set `window.__pwned` is a script that ran. */
async function guardedPage(): Promise<{ page: Page; dialogs: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return { page, dialogs };
}
const pwned = (page: Page) => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);

describe('payloads are inert (Chromium)', () => {
  it('in the element: names, handles, avatars and unknown platform ids from the upstream', async () => {
    const { page, dialogs } = await guardedPage();
    await page.goto(`${site}/`);
    await page.locator('upload-post-connect [part~="row-connected"]').first().waitFor({ timeout: 15_000 });
    // Hover and click everything a payload might hide behind.
    for (const row of await page.locator('upload-post-connect [part~="row"]').all()) await row.hover();
    await page.waitForTimeout(300);
    assert.equal(await pwned(page), undefined);
    assert.deepEqual(dialogs, []);
    const names = await page.locator('upload-post-connect [part~="display-name"]').allTextContents();
    assert.ok(names.includes(PAYLOADS.displayName), `payload not shown literally: ${JSON.stringify(names)}`);
    // An unknown platform reaches the page only under a short lowercase id: the markup one is dropped
    // by the token server, a plain one is shown under its id.
    const platformNames = await page.locator('upload-post-connect [part~="platform-name"]').allTextContents();
    assert.ok(!platformNames.includes(PAYLOADS.platform), `a markup platform id reached the page: ${JSON.stringify(platformNames)}`);
    assert.ok(platformNames.includes('mastodon'), `the plain unknown platform is missing: ${JSON.stringify(platformNames)}`);
    const injected = await page
      .locator('upload-post-connect')
      .evaluate((host) => host.shadowRoot!.querySelectorAll('script, svg[onload], img[onerror], b[onmouseover], [src^="javascript:"], [src^="data:"]').length);
    assert.equal(injected, 0);
    await page.context().close();
  });

  it('in the element: an error answer whose code and message carry markup', async () => {
    const { page, dialogs } = await guardedPage();
    const code = `<img src=x onerror="${PWN}">`;
    await page.route('**/upload-post/accounts', (route) =>
      route.fulfill({
        status: 502,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code, message: `<script>${PWN}</script>` } }),
      }),
    );
    await page.goto(`${site}/`);
    await page.locator('upload-post-connect [part~="error-code"]').waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('upload-post-connect [part~="error-code"]').textContent(), code);
    await page.waitForTimeout(200);
    assert.equal(await pwned(page), undefined);
    assert.deepEqual(dialogs, []);
    await page.context().close();
  });

  it('in the connect page: link options, labels and accounts', async () => {
    const username = 'mallory';
    // Minted through the emulator's API, as the token server would (its JWT secret is random).
    const minted = await emulator.app.request(`${emulatorOrigin}/api/uploadposts/users/generate-jwt`, {
      method: 'POST',
      headers: { Authorization: `Apikey ${API_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        username,
        connect_title: PAYLOADS.displayName,
        connect_description: PAYLOADS.handle,
        redirect_button_text: PAYLOADS.displayName,
        redirect_url: 'https://example.com/"><script>window.__pwned=1</script>',
        ui_labels: { 'button.connect': PAYLOADS.displayName },
      }),
    });
    assert.equal(minted.status, 200);
    const { access_url: accessUrl } = (await minted.json()) as { access_url: string };
    const { page, dialogs } = await guardedPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(accessUrl);
    await page.waitForURL(/\/connect\/s\//);
    for (const view of ['', '/calendar', '/authorize/tiktok']) {
      await page.goto(page.url().replace(/\/connect\/s\/([^/]+).*$/, `/connect/s/$1${view}`));
      await page.waitForTimeout(150);
      assert.equal(await pwned(page), undefined, `script ran on ${view || 'accounts'}`);
      assert.equal(await page.evaluate(() => document.querySelectorAll('script, [onerror], [onload], [onmouseover]').length), 0, view);
    }
    assert.ok((await page.content()).length > 0);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(violations, [], 'the page relied on its CSP to stop something');
    await page.context().close();
  });
});

describe('/done posts only to an allowed opener (Chromium)', () => {
  async function messagesFromDone(opener: string, originParameter: string): Promise<{ data: unknown; origin: string }[]> {
    const { page } = await guardedPage();
    await page.goto(opener === 'site' ? `${site}/blank` : `${evil}/`);
    await page.evaluate(() => {
      (window as unknown as { __messages: unknown[] }).__messages = [];
      window.addEventListener('message', (event) =>
        (window as unknown as { __messages: unknown[] }).__messages.push({ data: event.data, origin: event.origin }),
      );
    });
    const popup = page.waitForEvent('popup');
    await page.evaluate(
      (url) => {
        window.open(url, 'done', 'popup,width=300,height=300');
      },
      `${site}/upload-post/done?origin=${encodeURIComponent(originParameter)}`,
    );
    const done = await popup;
    await done.waitForEvent('close', { timeout: 5000 }).catch(() => undefined);
    await page.waitForTimeout(300);
    const messages = await page.evaluate(() => (window as unknown as { __messages: { data: unknown; origin: string }[] }).__messages);
    await page.context().close();
    return messages;
  }

  it('the allowed opener gets exactly one done message from the token server’s origin', async () => {
    assert.deepEqual(await messagesFromDone('site', site), [{ data: { type: 'upload-post:done' }, origin: site }]);
  });

  it('an opener on another origin gets nothing, whether it names itself or the allowed origin', async () => {
    assert.deepEqual(await messagesFromDone('evil', evil), []);
    assert.deepEqual(await messagesFromDone('evil', site), []);
    assert.deepEqual(await messagesFromDone('evil', '*'), []);
  });
});
