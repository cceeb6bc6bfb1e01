/**
 * The emulator's hosted connect page in a real Chromium: a person opens a connect link, links TikTok
 * through the simulated consent screen, sees it connected, unlinks it; the store follows each step and
 * the page's strict CSP never fires. Screenshots of every state land in `screenshots/connect-page/`
 * (git-ignored) for a human to look at.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/e2e-browser.ts';
import { createEmulator } from '../../emulator/app.ts';
import { mintConnectToken } from '../../emulator/connect-token.ts';
import type { ConnectLinkOptions } from '../../emulator/store.ts';
import { serveOnLoopback, type LoopbackServer } from '../helpers/loopback.ts';

const SCREENSHOTS = new URL('../../screenshots/connect-page/', import.meta.url).pathname;
const DESKTOP = { width: 1280, height: 900 };
const POPUP = { width: 400, height: 720 };

const emulator = createEmulator({ jwtSecret: 'e2e-connect-page-secret' });
let emulatorServer: LoopbackServer | undefined;
let emulatorOrigin: string;
/** Stands in for the customer's site: serves the logo and the page `redirect_url` points at. */
let customerServer: Server;
let customerOrigin: string;
let browser: Browser;

const customerLogo = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 40" width="200" height="40">
<rect x="0" y="4" width="32" height="32" rx="9" fill="#0ea5e9"/><path d="M9 28l7-16 7 16M11.5 23h9" stroke="#fff" stroke-width="3" fill="none" stroke-linecap="round" stroke-linejoin="round"/>
<text x="42" y="28" font-family="system-ui, sans-serif" font-size="21" font-weight="700" fill="#0ea5e9">Acme Studio</text></svg>`;

async function connectLink(username: string, options: ConnectLinkOptions = {}, path = '/connect'): Promise<string> {
  if (!emulator.store.getProfile(username)) emulator.store.createProfile(username);
  const link = emulator.store.addLink(username, options, 60 * 60 * 1000);
  const token = await mintConnectToken({ username, jti: link.jti, expiresAt: link.expiresAt, issuedAt: Date.now() }, 'e2e-connect-page-secret');
  return `${emulatorOrigin}${path}?token=${encodeURIComponent(token)}`;
}

/** Console errors and failed requests: a CSP violation shows up as one of these. */
function watchForProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    // ERR_ABORTED is the previous page's icon request cancelled by the next navigation, not a fault.
    const reason = request.failure()?.errorText ?? '';
    if (reason !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.url()} ${reason}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return problems;
}

async function newPage(options: {
  colorScheme: 'light' | 'dark';
  viewport: { width: number; height: number };
}): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ colorScheme: options.colorScheme, viewport: options.viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  return { context, page, problems: watchForProblems(page) };
}

/** Gives a profile a few linked accounts so the screenshots show both card states. */
function seedAccounts(username: string): void {
  if (!emulator.store.getProfile(username)) emulator.store.createProfile(username);
  const avatar = (handle: string) => `${emulatorOrigin}/connect/avatars/${handle}.svg`;
  emulator.store.connectAccount(username, 'instagram', { username: 'acme.studio', display_name: 'Acme Studio', social_images: avatar('acme.studio') });
  emulator.store.connectAccount(username, 'youtube', { username: 'AcmeStudioTV', display_name: 'Acme Studio TV', social_images: avatar('AcmeStudioTV') });
  emulator.store.connectAccount(username, 'bluesky', {
    username: 'acme.bsky.social',
    display_name: 'Acme on Bluesky',
    social_images: avatar('acme.bsky.social'),
  });
}

before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  customerServer = createServer((request, response) => {
    if (request.url === '/logo.svg') {
      response.writeHead(200, { 'Content-Type': 'image/svg+xml' }).end(customerLogo);
    } else {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Back at Acme</title><h1>Back at Acme</h1>');
    }
  });
  await new Promise<void>((resolve) => customerServer.listen(0, '127.0.0.1', resolve));
  customerOrigin = `http://127.0.0.1:${(customerServer.address() as AddressInfo).port}`;

  emulatorServer = await serveOnLoopback(emulator.app.fetch);
  emulatorOrigin = emulatorServer.url;

  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await emulatorServer?.close();
  await new Promise<void>((resolve) => (customerServer ? customerServer.close(() => resolve()) : resolve()));
});

describe('hosted connect page in Chromium', () => {
  test('connects TikTok through the consent step, then disconnects it, with the store following', async () => {
    const { context, page, problems } = await newPage({ colorScheme: 'light', viewport: DESKTOP });
    try {
      await page.goto(await connectLink('e2e-flow', { redirect_url: `${customerOrigin}/done` }));
      assert.match(new URL(page.url()).pathname, /^\/connect\/s\/[\w-]+$/, 'the token is exchanged for a session URL');
      assert.equal(new URL(page.url()).search, '', 'the token left the address bar');

      const tiktok = page.locator('li.card[data-platform="tiktok"]');
      assert.equal(await tiktok.getAttribute('data-state'), 'not-connected');
      await tiktok.getByRole('link', { name: 'Connect TikTok' }).click();

      await page.getByRole('heading', { name: 'Upload-Post wants to access your TikTok account' }).waitFor();
      assert.match(await page.getByLabel('TikTok username').inputValue(), /^[a-z.]+\d+$/, 'the handle is prefilled');
      await page.getByLabel('TikTok username').fill('maya.chen');
      await page.getByLabel('Display name').fill('Maya Chen');
      await page.screenshot({ path: `${SCREENSHOTS}consent-light-desktop.png` });
      await page.getByRole('button', { name: 'Allow' }).click();

      await page.waitForURL(/\/connect\/s\/[\w-]+$/);
      assert.equal(await tiktok.getAttribute('data-state'), 'connected');
      assert.match(await tiktok.innerText(), /Maya Chen\s+@maya\.chen/);
      assert.deepEqual(emulator.store.getProfile('e2e-flow')?.social_accounts.tiktok, {
        username: 'maya.chen',
        display_name: 'Maya Chen',
        social_images: `${emulatorOrigin}/connect/avatars/maya.chen.svg`,
      });
      const avatarWidth = await tiktok.locator('img.card__avatar').evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth);
      assert.ok(avatarWidth && avatarWidth > 0, 'the avatar URL serves an image the page can show');

      await page.reload();
      assert.equal(await tiktok.getAttribute('data-state'), 'connected', 'the session URL survives a reload');

      await tiktok.getByRole('button', { name: 'Disconnect TikTok' }).click();
      await page.waitForURL(/\/connect\/s\/[\w-]+$/);
      assert.equal(await tiktok.getAttribute('data-state'), 'not-connected');
      assert.equal(emulator.store.getProfile('e2e-flow')?.social_accounts.tiktok, '');

      await page.getByRole('link', { name: 'Logout connection' }).click();
      await page.waitForURL(`${customerOrigin}/done`);
      assert.deepEqual(problems, [], 'no CSP violation, script error or failed request');
    } finally {
      await context.close();
    }
  });

  test('Cancel on the consent step leaves the account unlinked', async () => {
    const { context, page, problems } = await newPage({ colorScheme: 'light', viewport: POPUP });
    try {
      await page.goto(await connectLink('e2e-cancel', { platforms: ['x', 'threads'] }));
      await page.getByRole('link', { name: 'Connect X' }).click();
      await page.getByRole('link', { name: 'Cancel' }).click();
      await page.waitForURL(/\/connect\/s\/[\w-]+$/);
      assert.equal(await page.locator('li.card[data-platform="x"]').getAttribute('data-state'), 'not-connected');
      assert.equal(emulator.store.getProfile('e2e-cancel')?.social_accounts.x, undefined);
      assert.equal(await page.locator('li.card').count(), 2, 'only the platforms the link allows');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('fits a 360 px phone popup without sideways scrolling', async () => {
    emulator.store.createProfile('e2e-narrow');
    emulator.store.connectAccount('e2e-narrow', 'google_business', {
      username: 'a-rather-long-business-handle-for-testing',
      display_name: 'A Business Name Long Enough To Need Truncating',
      social_images: `${emulatorOrigin}/connect/avatars/a-rather-long-business-handle-for-testing.svg`,
    });
    const { context, page, problems } = await newPage({ colorScheme: 'light', viewport: { width: 360, height: 640 } });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    try {
      await page.goto(await connectLink('e2e-narrow', { language: 'pl', redirect_url: `${customerOrigin}/done` }));
      assert.equal(await overflow(), 0, 'accounts view');
      await page.getByRole('link', { name: 'Kalendarz' }).click();
      await page.getByRole('heading', { name: 'Połączone konta' }).waitFor();
      assert.equal(await overflow(), 0, 'calendar view');
      await page.goBack();
      await page.getByRole('link', { name: 'Połącz Instagram' }).click();
      await page.getByRole('button', { name: 'Zezwól' }).waitFor();
      assert.equal(await overflow(), 0, 'consent step');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('screenshots: accounts and calendar, light and dark, desktop and popup', async () => {
    seedAccounts('e2e-screens');
    const branding: ConnectLinkOptions = {
      logo_image: `${customerOrigin}/logo.svg`,
      connect_title: 'Connect your channels to Acme Studio',
      connect_description: 'Link the accounts Acme should publish to. You can disconnect them at any time.',
      redirect_url: `${customerOrigin}/done`,
      redirect_button_text: 'Back to Acme Studio',
    };
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const [size, viewport] of [
        ['desktop', DESKTOP],
        ['popup', POPUP],
      ] as const) {
        const { context, page, problems } = await newPage({ colorScheme, viewport });
        try {
          await page.goto(await connectLink('e2e-screens', branding));
          await page.locator('img.masthead__logo').evaluate((image: HTMLImageElement) => image.decode());
          await page.screenshot({ path: `${SCREENSHOTS}accounts-${colorScheme}-${size}.png`, fullPage: true });
          await page.getByRole('link', { name: 'Calendar' }).click();
          await page.getByRole('heading', { name: 'Linked accounts' }).waitFor();
          await page.screenshot({ path: `${SCREENSHOTS}calendar-${colorScheme}-${size}.png`, fullPage: true });
          if (size === 'popup') {
            await page.goto(await connectLink('e2e-screens', { language: 'es' }));
            await page.getByRole('link', { name: 'Conectar TikTok' }).click();
            await page.screenshot({ path: `${SCREENSHOTS}consent-${colorScheme}-popup-es.png`, fullPage: true });
          }
          assert.deepEqual(problems, [], `${colorScheme} ${size}: no CSP violation or failed request`);
        } finally {
          await context.close();
        }
      }
    }
  });

  test('screenshots: a read-only calendar and the error pages', async () => {
    const { context, page, problems } = await newPage({ colorScheme: 'light', viewport: POPUP });
    try {
      await page.goto(
        await connectLink('e2e-screens', { readonly_calendar: true, connect_title: 'Your content calendar', logo_image: `${customerOrigin}/logo.svg` }),
      );
      assert.match(new URL(page.url()).pathname, /\/calendar$/, 'read-only links land on the calendar');
      assert.equal(await page.getByRole('button', { name: /Disconnect/ }).count(), 0);
      await page.screenshot({ path: `${SCREENSHOTS}calendar-readonly-light-popup.png`, fullPage: true });

      const used = await connectLink('e2e-screens', { language: 'de' });
      await page.goto(used);
      const second = await page.goto(used);
      assert.equal(second?.status(), 410);
      await page.getByRole('heading', { name: 'Dieser Link wurde bereits verwendet' }).waitFor();
      await page.screenshot({ path: `${SCREENSHOTS}error-used-light-popup-de.png`, fullPage: true });

      const forged = await page.goto(`${emulatorOrigin}/connect?token=not-a-token`);
      assert.equal(forged?.status(), 401);
      await page.screenshot({ path: `${SCREENSHOTS}error-invalid-light-popup.png`, fullPage: true });
      const expected = /status of 41[0]|status of 401|^HTTP 41[0]: .*\/connect\?token=|^HTTP 401: .*\/connect\?token=/;
      assert.deepEqual(
        problems.filter((problem) => !expected.test(problem)),
        [],
        'nothing but the expected 401 and 410 answers',
      );
    } finally {
      await context.close();
    }
    const dark = await newPage({ colorScheme: 'dark', viewport: DESKTOP });
    try {
      await dark.page.goto(`${emulatorOrigin}/connect?token=not-a-token`);
      await dark.page.screenshot({ path: `${SCREENSHOTS}error-invalid-dark-desktop.png` });
    } finally {
      await dark.context.close();
    }
  });
});
