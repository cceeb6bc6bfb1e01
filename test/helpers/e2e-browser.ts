/**
 * What the end-to-end tests share: Debian's Chromium through playwright-core, the demo server
 * started in-process on free ports (emulator as upstream, never a real key), and a watch on each
 * page for the console errors, page errors and failed requests a real user would never see.
 */
import { after, before, beforeEach } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startDemoServer, type StartedDemo } from '../../demo/serve.ts';
import { launchChromium } from './chromium.ts';

/** The e2e tests' browser: `launchChromium` (test/helpers/chromium.ts). */
export const launchBrowser = launchChromium;

/**
 * The demo as `npm start` runs it, on free ports. The environment is built from scratch: a
 * developer's `UPLOAD_POST_API_KEY` in the shell must never turn a test run into real API calls.
 */
export function startDemo(): Promise<StartedDemo> {
  return startDemoServer({ PORT: '0', HOST: '127.0.0.1', UPLOAD_POST_EMULATOR_PORT: '0' }, { log: () => {} });
}

/**
 * The demo and one Chromium for a whole test file: both start before its first test and close after
 * its last. `started` receives them (and may seed data) before any test runs; with
 * `resetEmulatorBeforeEach` every test starts from an empty emulator.
 */
export function demoForFile(started: (shared: { demo: StartedDemo; browser: Browser }) => unknown, options: { resetEmulatorBeforeEach?: boolean } = {}): void {
  let demo: StartedDemo | undefined;
  let browser: Browser | undefined;
  before(async () => {
    [demo, browser] = await Promise.all([startDemo(), launchBrowser()]);
    await started({ demo, browser });
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
  });
  if (options.resetEmulatorBeforeEach) beforeEach(() => emulatorAdmin(demo!, 'POST', '/reset'));
}

/** The script-tag example's element: the first thing a visitor of the demo sees. */
export const scriptExample = (page: Page) => page.locator('[data-example="script"] upload-post-connect');

/** The emulator's admin routes (`/__emulator/*`): faults, reset, seeded accounts. */
export async function emulatorAdmin(demo: StartedDemo, method: 'PUT' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${demo.emulatorUrl}/__emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} /__emulator${path}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

/**
 * Links an account for a demo user without the connect page. The profile must exist first: the
 * token server creates it when it mints the user's first connect link, so ask for one.
 */
export async function seedAccount(demo: StartedDemo, user: string, platform: string, handle: string, displayName: string): Promise<void> {
  const response = await fetch(`${demo.tokenServerUrl}/connect-url`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${await demo.sessionToken(user)}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ platforms: [platform] }),
  });
  if (!response.ok) throw new Error(`connect-url for ${user}: HTTP ${response.status}`);
  await emulatorAdmin(demo, 'PUT', `/profiles/${user}/accounts/${platform}`, {
    username: handle,
    display_name: displayName,
    social_images: `${demo.emulatorUrl}/connect/avatars/${handle}.svg`,
  });
}

/** Records everything on a page that would be noise or a fault for a real user. */
export function watchForProblems(page: Page, expected: RegExp[] = []): string[] {
  const problems: string[] = [];
  const note = (text: string) => {
    if (!expected.some((pattern) => pattern.test(text))) problems.push(text);
  };
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') note(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => note(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) note(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? '';
    // A navigation cancelling the previous page's pending requests is not a fault.
    if (reason !== 'net::ERR_ABORTED') note(`request failed: ${request.url()} ${reason}`);
  });
  return problems;
}

/** A fresh browser context signed in to the demo as `user` (the demo backend's session cookie). */
export async function signedInContext(
  browser: Browser,
  demo: StartedDemo,
  user: string,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const response = await context.request.post(`${demo.url}demo/sign-in`, { data: { user } });
  if (!response.ok()) throw new Error(`sign-in as ${user}: HTTP ${response.status()}`);
  return context;
}

/** The log entries the demo page shows, oldest first, as `source:event detail`. */
export async function eventLog(page: Page): Promise<string[]> {
  const entries = await page
    .locator('#event-log li')
    .evaluateAll((items) =>
      items.map(
        (item) => `${(item as HTMLElement).dataset.source}:${(item as HTMLElement).dataset.event} ${item.querySelector('.event-meta')?.textContent ?? ''}`,
      ),
    );
  return entries.reverse();
}
