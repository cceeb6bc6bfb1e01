/**
 * The whole chain in Chromium, as a user lives it on the demo page: element → token server →
 * emulator → the cross-origin connect page in a popup → back. Connecting and disconnecting show up
 * in the element without a reload and as events; the connect page's return button (`/done`)
 * closes the popup; focus comes back to the page.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { StartedDemo } from '../../demo/serve.ts';
import { demoForFile, eventLog, scriptExample, seedAccount, signedInContext, watchForProblems } from '../helpers/e2e-browser.ts';

let demo: StartedDemo;
let browser: Browser;

demoForFile((shared) => ({ demo, browser } = shared), { resetEmulatorBeforeEach: true });

/** Waits for the log to show an event, since `close` follows the re-read that follows the window. */
const logged = (page: Page, source: string, event: string) => page.locator(`#event-log li[data-source="${source}"][data-event="${event}"]`).first().waitFor();

describe('connect and disconnect through the popup', () => {
  test('a user with nothing linked connects TikTok; the element shows it without a reload', async () => {
    const context = await signedInContext(browser, demo, 'alice');
    const page = await context.newPage();
    const problems = watchForProblems(page);
    try {
      await page.goto(demo.url);
      const element = scriptExample(page);
      await element.getByText('No accounts connected yet').waitFor();
      const navigations: string[] = [];
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) navigations.push(frame.url());
      });

      const [popup] = await Promise.all([page.waitForEvent('popup'), element.getByRole('button', { name: 'Connect TikTok' }).click()]);
      const popupProblems = watchForProblems(popup);
      await popup.waitForURL(/\/connect\/s\//);
      assert.notEqual(new URL(popup.url()).origin, new URL(demo.url).origin, 'the connect page is cross-origin');
      assert.equal(await popup.locator('li.card').count(), 1, 'the link is limited to the platform clicked');
      await element.getByText('Finish in the window that opened.').waitFor();

      await popup.getByRole('link', { name: 'Connect TikTok' }).click();
      await popup.getByLabel('TikTok username').fill('alice.makes');
      await popup.getByLabel('Display name').fill('Alice Makes');
      await popup.getByRole('button', { name: 'Allow' }).click();
      await popup.waitForURL(/\/connect\/s\/[\w-]+$/);

      // The connect page's return button leads to the token server's /done, which tells the
      // opener and closes the window.
      const closed = popup.waitForEvent('close');
      await popup.getByRole('link', { name: /^Back to 127\.0\.0\.1:\d+$/ }).click();
      await closed;

      await element.getByText('@alice.makes').waitFor();
      await element.locator('footer').getByText('1 of 9 connected').waitFor();
      await logged(page, 'script', 'close');
      assert.deepEqual(navigations, [], 'the demo page never reloaded');
      const log = await eventLog(page);
      assert.ok(log.includes('script:open platform: tiktok'), log.join('\n'));
      assert.ok(log.includes('script:connect tiktok @alice.makes'), log.join('\n'));
      assert.ok(
        log.some((entry) => entry.startsWith('script:close +1')),
        log.join('\n'),
      );
      // The other elements on the page read the same user: they share one read and follow at once.
      await page.locator('[data-example="platforms"] upload-post-connect').getByText('@alice.makes').waitFor({ timeout: 2000 });
      assert.deepEqual([...problems, ...popupProblems], []);
    } finally {
      await context.close();
    }
  });

  test('focus returns to the page after the popup closes', async () => {
    const context = await signedInContext(browser, demo, 'carol');
    const page = await context.newPage();
    try {
      await page.goto(demo.url);
      const element = scriptExample(page);
      await element.getByText('No accounts connected yet').waitFor();
      const [popup] = await Promise.all([page.waitForEvent('popup'), element.getByRole('button', { name: 'Manage accounts' }).click()]);
      await popup.waitForURL(/\/connect\/s\//);
      // The person closes the window without doing anything, and is back on the page. (Headless
      // pages never lose focus, so dispatch what a real browser fires when the person returns.)
      await popup.close();
      await page.evaluate(() => window.dispatchEvent(new Event('focus')));
      await logged(page, 'script', 'close');
      await page.waitForFunction(() => {
        const host = document.querySelector('[data-example="script"] upload-post-connect');
        return host?.shadowRoot?.activeElement?.getAttribute('part')?.includes('manage-button') ?? false;
      });
      const log = await eventLog(page);
      assert.ok(log.includes('script:close +0 / −0'), log.join('\n'));
      assert.ok(!log.some((entry) => / script:(connect|disconnect|change) /.test(` ${entry}`)), 'nothing changed, nothing claimed');
    } finally {
      await context.close();
    }
  });

  test('disconnecting on the connect page shows up in the element and fires its disconnect event', async () => {
    await seedAccount(demo, 'bob', 'tiktok', 'bob.builds', 'Bob Builds');
    await seedAccount(demo, 'bob', 'youtube', 'BobBuildsTV', 'Bob Builds TV');
    const context = await signedInContext(browser, demo, 'bob');
    const page = await context.newPage();
    const problems = watchForProblems(page);
    try {
      await page.goto(demo.url);
      const element = scriptExample(page);
      await element.getByText('@bob.builds').waitFor();
      await element.locator('footer').getByText('2 of 9 connected').waitFor();

      const [popup] = await Promise.all([page.waitForEvent('popup'), element.getByRole('button', { name: 'Manage accounts' }).click()]);
      await popup.waitForURL(/\/connect\/s\//);
      await popup.getByRole('button', { name: 'Disconnect TikTok' }).click();
      await popup.waitForURL(/\/connect\/s\/[\w-]+$/);
      assert.equal(await popup.locator('li.card[data-platform="tiktok"]').getAttribute('data-state'), 'not-connected');

      const closed = popup.waitForEvent('close');
      await popup.getByRole('link', { name: /^Back to 127\.0\.0\.1:\d+$/ }).click();
      await closed;

      await element.locator('footer').getByText('1 of 9 connected').waitFor();
      await logged(page, 'script', 'close');
      assert.equal(await element.getByText('@bob.builds').count(), 0);
      assert.equal(await element.getByText('@BobBuildsTV').count(), 1, 'the other account is untouched');
      const log = await eventLog(page);
      // The event names the account as it was, so the page knows which handle went away.
      assert.ok(log.includes('script:disconnect tiktok @bob.builds'), log.join('\n'));
      assert.ok(
        log.some((entry) => entry.startsWith('script:close +0 / −1')),
        log.join('\n'),
      );
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
