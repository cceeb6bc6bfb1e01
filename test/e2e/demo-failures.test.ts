/**
 * The demo when things go wrong, in Chromium: a popup blocker (the element's link fallback still
 * gets the person to the connect page and the account still shows up), and Upload-Post down behind
 * the token server (the element shows its error with a code and recovers on "Try again").
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { StartedDemo } from '../../demo/serve.ts';
import { demoForFile, emulatorAdmin, eventLog, scriptExample, signedInContext, watchForProblems } from '../helpers/e2e-browser.ts';

let demo: StartedDemo;
let browser: Browser;

demoForFile((shared) => ({ demo, browser } = shared), { resetEmulatorBeforeEach: true });

describe('failures the element survives', () => {
  test('popup blocked: the fallback link opens the connect page and the account still arrives', async () => {
    const context = await signedInContext(browser, demo, 'alice');
    // What a blocker does: window.open returns null. Links with target=_blank still open.
    await context.addInitScript(() => {
      window.open = () => null;
    });
    const page = await context.newPage();
    const problems = watchForProblems(page);
    try {
      await page.goto(demo.url);
      const element = scriptExample(page);
      await element.getByText('No accounts connected yet').waitFor();
      await element.getByRole('button', { name: 'Connect Instagram' }).click();
      const notice = element.locator('[part~="notice"]');
      await notice.getByText('Your browser blocked the pop-up window.').waitFor();
      const link = element.getByRole('link', { name: 'Open the connect page' });
      await link.waitFor();
      assert.match((await link.getAttribute('href')) ?? '', /\/connect\?token=/, 'the link is the minted connect URL');
      assert.ok((await eventLog(page)).includes('script:error POPUP_BLOCKED (open)'));

      const [tab] = await Promise.all([context.waitForEvent('page'), link.click()]);
      await tab.waitForURL(/\/connect\/s\//);
      await tab.getByRole('link', { name: 'Connect Instagram' }).click();
      await tab.getByLabel('Instagram username').fill('alice.snaps');
      await tab.getByLabel('Display name').fill('Alice Snaps');
      await tab.getByRole('button', { name: 'Allow' }).click();
      await tab.waitForURL(/\/connect\/s\/[\w-]+$/);

      // Back on the demo's tab: with no window handle the element re-reads when the page is shown again.
      await tab.close();
      await page.bringToFront();
      // Headless pages never lose focus, so coming back fires nothing by itself: dispatch what a
      // real browser fires when the person returns to the tab.
      await page.evaluate(() => window.dispatchEvent(new Event('focus')));
      await element.getByText('@alice.snaps').waitFor();
      // Back on the page for a moment, the flow is over and its notice goes.
      await notice.waitFor({ state: 'detached' });
      assert.ok((await eventLog(page)).includes('script:connect instagram @alice.snaps'));
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('Upload-Post down: the element shows its error and recovers on "Try again"', async () => {
    await emulatorAdmin(demo, 'PUT', '/faults', { forcedStatus: 503 });
    const context = await signedInContext(browser, demo, 'bob');
    const page = await context.newPage();
    // The failed reads are the point of this test; anything else is still a fault.
    const problems = watchForProblems(page, [/status of 50\d/, /^HTTP 50\d: .*\/upload-post\/accounts$/]);
    try {
      await page.goto(demo.url);
      const element = scriptExample(page);
      const panel = element.locator('[part="error"]');
      await panel.waitFor();
      assert.match(await panel.innerText(), /The account service is busy\. Try again in a moment\./);
      const code = await element.locator('[part="error-code"]').innerText();
      assert.match(code, /^UPSTREAM_/, 'a stable code the developer can look up');
      assert.ok((await eventLog(page)).some((entry) => entry.startsWith(`script:error ${code} (load)`)));

      // Still down: a retry fails again, and says so again.
      await element.getByRole('button', { name: 'Try again' }).click();
      await page.waitForFunction(() => document.querySelectorAll('#event-log li[data-source="script"][data-event="error"]').length >= 2);
      await panel.waitFor();

      await emulatorAdmin(demo, 'PUT', '/faults', { forcedStatus: null });
      await element.getByRole('button', { name: 'Try again' }).click();
      await element.getByText('No accounts connected yet').waitFor();
      assert.equal(await panel.count(), 0);
      assert.ok((await eventLog(page)).includes('script:ready nothing linked'));
      assert.deepEqual(problems, []);
    } finally {
      await emulatorAdmin(demo, 'PUT', '/faults', { forcedStatus: null });
      await context.close();
    }
  });

  test('the token server unreachable: NETWORK_ERROR, then recovery once it answers again', async () => {
    const context = await signedInContext(browser, demo, 'carol');
    const page = await context.newPage();
    const problems = watchForProblems(page, [/ERR_CONNECTION_REFUSED|ERR_FAILED|Failed to fetch/]);
    let down = true;
    // A dead token server, as the browser sees it: the connection itself fails.
    await page.route('**/upload-post/accounts', (route) => (down ? route.abort('connectionrefused') : route.fallback()));
    try {
      await page.goto(demo.url);
      const element = scriptExample(page);
      await element.locator('[part="error-code"]').getByText('NETWORK_ERROR').waitFor();
      down = false;
      await element.getByRole('button', { name: 'Try again' }).click();
      await element.getByText('No accounts connected yet').waitFor();
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
