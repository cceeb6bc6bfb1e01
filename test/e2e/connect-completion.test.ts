/**
 * How the element learns that the person is done, end to end in Chromium, through the emulated
 * network's consent screen on an origin of its own served with `Cross-Origin-Opener-Policy:
 * same-origin` (as Meta's and Google's are): from then on the page reads the popup as closed and the
 * return page has no opener to tell. The host page is never clicked or focused while the person is
 * away: the account must show up within 2 s of the return page loading all the same, in popup and
 * tab mode, on return in redirect mode, and in every other element and tab of the same user.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createEmulator } from '../../emulator/app.ts';
import { createTokenServer } from '../../token-server/app.ts';
import { createSessionToken } from '../../token-server/identity/session-token.ts';
import { widgetFileLoader } from '../../token-server/node/widget-file.ts';
import { createUndiciTransport } from '../../upload-post/undici-transport.ts';
import { launchBrowser, watchForProblems } from '../helpers/e2e-browser.ts';
import { serveOnLoopback, type LoopbackServer } from '../helpers/loopback.ts';

const BUNDLE = fileURLToPath(new URL('../../dist/browser/upload-post-connect.min.js', import.meta.url));
const API_KEY = 'completion-api-key-5b7d9f1a3c';
const SESSION_SECRET = 'completion-session-secret-0123456789abcdef';
/** "Within 2 s of the return page loading", as the issue asks. */
const FOLLOW_MS = 2000;
const PHONE = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
};

const emulator = createEmulator({ apiKey: API_KEY });
const transport = createUndiciTransport({ connections: 8 });
const servers: LoopbackServer[] = [];
let site: string;
let browser: Browser;
/** Requests the site answered, by path: how often the page read its accounts. */
const requests: string[] = [];

/**
 * The customer's page: two elements for the signed-in user (the second unfiltered), each logging its
 * events to `window.uploadPostEvents`. `?hidden` starts it with a visibility the test controls.
 */
function settingsPage(token: string, mode: string): string {
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>Settings</title>
<script>
  window.uploadPostEvents = [];
  for (const type of ['ready', 'connect', 'disconnect', 'change', 'close']) {
    document.addEventListener('upload-post-' + type, (event) => {
      const detail = event.detail;
      const platforms = (list) => (list ?? []).map((account) => account.platform).join(',');
      const what = type === 'connect' || type === 'disconnect' ? detail.account.platform : type === 'close' ? '+' + platforms(detail.connected) + ' -' + platforms(detail.disconnected) : '';
      window.uploadPostEvents.push(event.target.id + ':' + type + (what ? ' ' + what : ''));
    });
  }
</script>
<script src="/upload-post/widget.js"></script>
<upload-post-connect id="first" endpoint="/upload-post" session-token="${token}" mode="${mode}" platforms="tiktok,instagram,youtube"></upload-post-connect>
<upload-post-connect id="second" endpoint="/upload-post" session-token="${token}"></upload-post-connect>`;
}

before(async () => {
  const [emulatorServer, networkServer] = await Promise.all([serveOnLoopback(emulator.app.fetch), serveOnLoopback(emulator.network.fetch)]);
  servers.push(emulatorServer, networkServer);
  // The consent screens on an origin of their own, as a real network's are.
  emulator.setNetworkUrl(networkServer.url);
  const tokenServer = createTokenServer({
    apiKey: API_KEY,
    client: { baseUrl: `${emulatorServer.url}/api`, transport, retries: 0 },
    identity: { sessionSecret: SESSION_SECRET },
    rateLimit: false,
    widgetScript: widgetFileLoader(BUNDLE),
    log: () => undefined,
  });
  const root = new Hono();
  root.use('*', async (c, next) => {
    requests.push(new URL(c.req.url).pathname);
    await next();
  });
  root.route('/upload-post', tokenServer);
  root.get('/', async (c) => {
    const token = await createSessionToken({ userId: c.req.query('user') ?? 'alice', secret: SESSION_SECRET, ttl: 900 });
    return c.html(settingsPage(token, c.req.query('mode') ?? 'popup'));
  });
  const siteServer = await serveOnLoopback(root.fetch);
  servers.push(siteServer);
  site = siteServer.url;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await Promise.all(servers.map((server) => server.close()));
  await transport.close();
});

beforeEach(() => {
  emulator.reset();
  requests.length = 0;
});

const element = (page: Page, id: 'first' | 'second') => page.locator(`upload-post-connect#${id}`);
const events = (page: Page) => page.evaluate(() => (window as unknown as { uploadPostEvents: string[] }).uploadPostEvents);
const accountReads = () => requests.filter((path) => path === '/upload-post/accounts').length;

/** Opens the settings page and waits for both elements' first accounts. */
async function openSettings(context: BrowserContext, user: string, mode = 'popup'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${site}/?user=${user}&mode=${mode}`);
  await page.waitForFunction(
    () => (window as unknown as { uploadPostEvents: string[] }).uploadPostEvents.filter((entry) => entry.endsWith(':ready')).length === 2,
  );
  return page;
}

/**
 * The person's way to the consent screen, in the connect window: Connect TikTok on the connect
 * page, across to the network's origin, whose policy severs the window from the page.
 */
async function reachConsent(connectWindow: Page): Promise<void> {
  await connectWindow.waitForURL(/\/connect\/s\//);
  await connectWindow.getByRole('link', { name: 'Connect TikTok' }).click();
  await connectWindow.getByRole('button', { name: 'Allow' }).waitFor();
  assert.notEqual(new URL(connectWindow.url()).origin, new URL(site).origin);
}

/**
 * Then Allow, back on the connect page, and its return button. Resolves with the time the return
 * page was committed (it closes itself once loaded).
 */
async function allowAndReturn(connectWindow: Page, handle: string): Promise<number> {
  await connectWindow.getByLabel('TikTok username').fill(handle);
  await connectWindow.getByLabel('Display name').fill('Completion Person');
  await connectWindow.getByRole('button', { name: 'Allow' }).click();
  await connectWindow.waitForURL(/\/connect\/s\/[\w-]+$/);
  // The return button ("Back to <site>") leads to the token server's /done, which has no opener left to tell.
  const returned = connectWindow.waitForEvent('framenavigated', (frame) => frame === connectWindow.mainFrame() && frame.url().includes('/upload-post/done'));
  await connectWindow.getByRole('link', { name: /^Back to 127\.0\.0\.1:\d+$/ }).click();
  await returned;
  return Date.now();
}

async function linkTikTok(connectWindow: Page, handle: string): Promise<number> {
  await reachConsent(connectWindow);
  return allowAndReturn(connectWindow, handle);
}

/** Waits for `text` in the element, and answers how long after `since` it showed. */
async function shownWithin(page: Page, id: 'first' | 'second', text: string, since: number): Promise<number> {
  await element(page, id).getByText(text).waitFor({ timeout: 10_000 });
  return Date.now() - since;
}

describe('the element learns the person is done, though a consent screen severed its window', () => {
  it('popup: the window reads closed at the consent screen, yet the account shows within 2 s of the return page, as does the second element', async () => {
    const context = await browser.newContext();
    try {
      const page = await openSettings(context, 'alice');
      const problems = watchForProblems(page);
      const [popup] = await Promise.all([page.waitForEvent('popup'), element(page, 'first').getByRole('button', { name: 'Connect TikTok' }).click()]);
      await element(page, 'first').getByText('Finish in the window that opened.').waitFor();
      await reachConsent(popup);
      // Severed: the page sees a closed window while the person is still in it, and says so.
      await element(page, 'first').getByText('this list updates when you are done').waitFor();
      const loaded = await allowAndReturn(popup, 'alice.popup');
      const first = await shownWithin(page, 'first', '@alice.popup', loaded);
      const second = await shownWithin(page, 'second', '@alice.popup', loaded);
      assert.ok(first < FOLLOW_MS, `the opening element showed the account ${first} ms after the return page`);
      assert.ok(second < FOLLOW_MS, `the second element showed the account ${second} ms after the return page`);
      await page.waitForFunction(() => (window as unknown as { uploadPostEvents: string[] }).uploadPostEvents.includes('first:close +tiktok -'));
      const log = await events(page);
      assert.ok(log.includes('first:connect tiktok'), log.join('\n'));
      assert.ok(log.includes('second:connect tiktok'), log.join('\n'));
      assert.equal(await element(page, 'first').getByText('this list updates when you are done').count(), 0, 'the notice is gone');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  it('tab: the same in a tab, and another tab of the same user follows within 2 s', async () => {
    const context = await browser.newContext();
    try {
      const page = await openSettings(context, 'bruno', 'tab');
      const otherTab = await openSettings(context, 'bruno', 'tab');
      await page.bringToFront();
      const [tab] = await Promise.all([context.waitForEvent('page'), element(page, 'first').getByRole('button', { name: 'Connect TikTok' }).click()]);
      const loaded = await linkTikTok(tab, 'bruno.tab');
      const here = await shownWithin(page, 'first', '@bruno.tab', loaded);
      const there = await shownWithin(otherTab, 'first', '@bruno.tab', loaded);
      assert.ok(here < FOLLOW_MS, `the opening tab showed the account ${here} ms after the return page`);
      assert.ok(there < FOLLOW_MS, `the other tab showed the account ${there} ms after the return page`);
      await otherTab.waitForFunction(() => (window as unknown as { uploadPostEvents: string[] }).uploadPostEvents.includes('second:connect tiktok'));
    } finally {
      await context.close();
    }
  });

  it('redirect: the page leaves for the connect page and, back on it, shows the account and fires connect and close', async () => {
    const context = await browser.newContext();
    try {
      const page = await openSettings(context, 'chen', 'redirect');
      await element(page, 'first').getByRole('button', { name: 'Connect TikTok' }).click();
      await page.waitForURL(/\/connect\/s\//);
      await page.getByRole('link', { name: 'Connect TikTok' }).click();
      await page.getByLabel('TikTok username').fill('chen.redirect');
      await page.getByLabel('Display name').fill('Chen');
      await page.getByRole('button', { name: 'Allow' }).click();
      await page.waitForURL(/\/connect\/s\/[\w-]+$/);
      await page.getByRole('link', { name: /^Back to 127\.0\.0\.1:\d+$/ }).click();
      await page.waitForURL(new RegExp(`^${site}/\\?user=chen`));
      await element(page, 'first').getByText('@chen.redirect').waitFor();
      await page.waitForFunction(() => (window as unknown as { uploadPostEvents: string[] }).uploadPostEvents.includes('first:close +tiktok -'));
      assert.ok((await events(page)).includes('first:connect tiktok'));
    } finally {
      await context.close();
    }
  });

  it('closed without linking, after the consent screen severed it: a close event with no change once the person is back', async () => {
    const context = await browser.newContext();
    try {
      const page = await openSettings(context, 'dana');
      const [popup] = await Promise.all([page.waitForEvent('popup'), element(page, 'first').getByRole('button', { name: 'Connect TikTok' }).click()]);
      await reachConsent(popup);
      await element(page, 'first').getByText('this list updates when you are done').waitFor();
      await popup.close();
      // Headless pages never lose focus: fire what a real browser does when the person is back.
      await page.evaluate(() => window.dispatchEvent(new Event('focus')));
      await page.waitForFunction(() => (window as unknown as { uploadPostEvents: string[] }).uploadPostEvents.includes('first:close + -'));
      const log = await events(page);
      assert.ok(!log.some((entry) => / (connect|disconnect|change)( |$)/.test(entry.split(':')[1] ?? '')), log.join('\n'));
      assert.equal(await element(page, 'first').getByText('this list updates when you are done').count(), 0);
    } finally {
      await context.close();
    }
  });

  it('the person\'s own "I\'m done" ends the wait at once', async () => {
    const context = await browser.newContext();
    try {
      const page = await openSettings(context, 'emil');
      const [popup] = await Promise.all([page.waitForEvent('popup'), element(page, 'first').getByRole('button', { name: 'Connect TikTok' }).click()]);
      await reachConsent(popup);
      await element(page, 'first').getByText('this list updates when you are done').waitFor();
      await element(page, 'first').getByRole('button', { name: "I'm done" }).click();
      await page.waitForFunction(() => (window as unknown as { uploadPostEvents: string[] }).uploadPostEvents.includes('first:close + -'));
    } finally {
      await context.close();
    }
  });
});

describe('the page away and back', () => {
  /** Makes `document.visibilityState` the test's to set, as a backgrounded tab would report it. */
  // A string, not a function: tsx would compile a function with helpers the page does not have.
  const controlVisibility = (context: BrowserContext) =>
    context.addInitScript({
      content: `{
        let state = 'visible';
        Object.defineProperty(document, 'visibilityState', { get: () => state, configurable: true });
        Object.defineProperty(document, 'hidden', { get: () => state === 'hidden', configurable: true });
        window.setVisibility = (next) => {
          state = next;
          document.dispatchEvent(new Event('visibilitychange'));
        };
      }`,
    });
  const setVisibility = (page: Page, state: 'visible' | 'hidden') =>
    page.evaluate((next) => (window as unknown as { setVisibility: (next: string) => void }).setVisibility(next), state);

  it('hidden during the flow: no polling while hidden; on return the account is there', async () => {
    const context = await browser.newContext();
    await controlVisibility(context);
    try {
      const page = await openSettings(context, 'farah');
      const [popup] = await Promise.all([page.waitForEvent('popup'), element(page, 'first').getByRole('button', { name: 'Connect TikTok' }).click()]);
      await reachConsent(popup);
      await element(page, 'first').getByText('this list updates when you are done').waitFor();
      await setVisibility(page, 'hidden');
      const readsBefore = accountReads();
      // Proving an absence takes time: a page still polling would have re-read within these 3 s (its backoff starts at 2 s).
      await new Promise((resolve) => setTimeout(resolve, 3000));
      assert.equal(accountReads(), readsBefore, 'a hidden page polled its accounts');
      await allowAndReturn(popup, 'farah.hidden');
      const back = Date.now();
      await setVisibility(page, 'visible');
      const shown = await shownWithin(page, 'first', '@farah.hidden', back);
      assert.ok(shown < FOLLOW_MS, `the account showed ${shown} ms after the page was visible again`);
      await page.waitForFunction(() => (window as unknown as { uploadPostEvents: string[] }).uploadPostEvents.includes('first:close +tiktok -'));
    } finally {
      await context.close();
    }
  });

  it('a phone: tab mode through the bounce page, the settings page backgrounded meanwhile, the account shown on return', async () => {
    const context = await browser.newContext(PHONE);
    await controlVisibility(context);
    try {
      const page = await openSettings(context, 'gabi', 'tab');
      const [tab] = await Promise.all([context.waitForEvent('page'), element(page, 'first').getByRole('button', { name: 'Connect TikTok' }).tap()]);
      await setVisibility(page, 'hidden');
      const hops: string[] = [];
      tab.on('framenavigated', (frame) => {
        if (frame === tab.mainFrame()) hops.push(new URL(frame.url()).pathname);
      });
      await linkTikTok(tab, 'gabi.phone');
      assert.ok(hops.includes('/api/uploadposts/oauth/bounce'), `the hop went through the bounce page: ${hops.join(' → ')}`);
      await tab.close();
      const back = Date.now();
      await setVisibility(page, 'visible');
      const shown = await shownWithin(page, 'first', '@gabi.phone', back);
      assert.ok(shown < FOLLOW_MS, `the account showed ${shown} ms after the page came back`);
      await page.waitForFunction(() => (window as unknown as { uploadPostEvents: string[] }).uploadPostEvents.includes('first:close +tiktok -'));
    } finally {
      await context.close();
    }
  });
});

describe('a change of identity is a new baseline', () => {
  it('switching the signed-in user gives ready and change for the new accounts, never connect or disconnect, and announces nothing', async () => {
    emulator.store.createProfile('hana');
    emulator.store.connectAccount('hana', 'youtube', { username: 'HanaTV', display_name: 'Hana', social_images: '' });
    const context = await browser.newContext();
    try {
      const page = await openSettings(context, 'ivan');
      const hanaToken = await createSessionToken({ userId: 'hana', secret: SESSION_SECRET, ttl: 900 });
      await page.evaluate((token) => {
        (window as unknown as { uploadPostEvents: string[] }).uploadPostEvents.length = 0;
        for (const el of document.querySelectorAll('upload-post-connect')) (el as HTMLElement & { sessionToken: string }).sessionToken = token;
      }, hanaToken);
      await element(page, 'first').getByText('@HanaTV').waitFor();
      await element(page, 'second').getByText('@HanaTV').waitFor();
      await page.waitForFunction(
        () => (window as unknown as { uploadPostEvents: string[] }).uploadPostEvents.filter((entry) => entry.endsWith(':change')).length === 2,
      );
      const log = await events(page);
      assert.ok(!log.some((entry) => / (connect|disconnect) /.test(` ${entry.split(':')[1] ?? ''} `)), log.join('\n'));
      const announced = await element(page, 'first').evaluate((el) => el.shadowRoot?.querySelector('[role="status"], [aria-live]')?.textContent ?? '');
      // The new user's list is summed up, as on a first read; nothing is announced as newly linked.
      assert.equal(announced, '1 of 3 connected');
    } finally {
      await context.close();
    }
  });
});
