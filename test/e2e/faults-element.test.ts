/**
 * Fault injection end to end, in Chromium: the built script-tag bundle (served by the token server
 * at `/upload-post/widget.js`) on a page, the real token server, the emulator behind it with its
 * fault injector. For each fault the element must end in a truthful state — an error with the
 * token server's code and a retry, never a list it did not read, never a "connected" it did not
 * see — and the retry must work once the fault clears. Also: the connect page closed half-way
 * leaves the element truthful (nothing connected) and a new attempt works end to end.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startElementStack, type ElementStack } from '../helpers/element-stack.ts';

let stack: ElementStack;

before(async () => {
  stack = await startElementStack({
    name: 'faults-element',
    client: { timeoutMs: 1200, retries: 0 },
    tokenServer: { rateLimit: false, cacheTtlMs: 0 },
    attributes: () => 'platforms="tiktok,instagram,x"',
  });
});

after(async () => {
  await stack?.close();
});

interface Recorded {
  errors: { code: string; phase: string }[];
  closes: unknown[];
}

async function openSite(user: string): Promise<{ page: Page; pageErrors: string[] }> {
  const context = await stack.browser.newContext();
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.addInitScript(() => {
    const recorded = { errors: [] as unknown[], closes: [] as unknown[] };
    (window as unknown as { __recorded: typeof recorded }).__recorded = recorded;
    document.addEventListener('upload-post-error', (event) =>
      recorded.errors.push({ code: (event as CustomEvent).detail.code, phase: (event as CustomEvent).detail.phase }),
    );
    document.addEventListener('upload-post-close', (event) => recorded.closes.push((event as CustomEvent).detail));
  });
  await page.goto(`${stack.site}/?user=${user}`);
  return { page, pageErrors };
}

const recorded = (page: Page) => page.evaluate(() => (window as unknown as { __recorded: Recorded }).__recorded);
const element = 'upload-post-connect';

describe('the element under upstream faults (Chromium, built bundle)', () => {
  for (const [name, settings, code] of [
    ['Upload-Post down (503)', { forcedStatus: 503 }, 'UPSTREAM_UNAVAILABLE'],
    ['a truncated answer', { garbage: 'truncated' as const }, 'UPSTREAM_BAD_RESPONSE'],
    ['slow past the deadline', { latencyMs: 4000 }, 'UPSTREAM_TIMEOUT'],
  ] as const) {
    it(`first load with ${name}: shows ${code} and a retry, no list; the retry loads once it clears`, async () => {
      stack.emulator.faults.set(settings);
      const { page, pageErrors } = await openSite(`load-${code.toLowerCase()}`);
      await page.locator(`${element} [part~="error-code"]`).waitFor({ timeout: 10_000 });
      assert.equal(await page.locator(`${element} [part~="error-code"]`).textContent(), code);
      assert.equal(await page.locator(`${element} [part~="row"]`).count(), 0, 'a list it never read is shown');
      assert.deepEqual((await recorded(page)).errors, [{ code, phase: 'load' }]);
      stack.emulator.faults.clear();
      await page.locator(`${element} [part~="retry-button"]`).click();
      await page.locator(`${element} [part~="row"]`).first().waitFor({ timeout: 10_000 });
      assert.equal(await page.locator(`${element} [part~="row"]`).count(), 3);
      assert.equal(await page.locator(`${element} [part~="error"]`).count(), 0, 'the error stayed after a successful retry');
      assert.deepEqual(pageErrors, []);
      await page.context().close();
    });
  }

  it('a failed mint closes the popup, keeps the list truthful, shows the code; the retry opens the connect page', async () => {
    const { page, pageErrors } = await openSite('mint-fails');
    await page.locator(`${element} [part~="row"]`).first().waitFor();
    stack.emulator.faults.set({ forcedStatus: 502 });
    const popupPromise = page.waitForEvent('popup');
    await page.locator(`${element} [part~="connect-button"][data-platform="tiktok"]`).click();
    const popup = await popupPromise;
    await page.locator(`${element} [part~="notice"] [part~="error-code"]`).waitFor({ timeout: 10_000 });
    assert.equal(await page.locator(`${element} [part~="notice"] [part~="error-code"]`).textContent(), 'UPSTREAM_UNAVAILABLE');
    await popup.waitForEvent('close', { timeout: 5000 }).catch(() => undefined);
    assert.ok(popup.isClosed(), 'the empty popup was left open');
    assert.equal(await page.locator(`${element} [part~="row-connected"]`).count(), 0, 'shows a connection that never happened');
    assert.deepEqual((await recorded(page)).errors, [{ code: 'UPSTREAM_UNAVAILABLE', phase: 'open' }]);

    stack.emulator.faults.clear();
    const retried = page.waitForEvent('popup');
    await page.locator(`${element} [part~="retry-button"]`).click();
    const connectPage = await retried;
    await connectPage.waitForURL(/\/connect\/s\//, { timeout: 10_000 });
    assert.ok(connectPage.url().startsWith(stack.emulatorUrl));
    await connectPage.close();
    assert.deepEqual(pageErrors, []);
    await page.context().close();
  });

  it('the connect page closed half-way: nothing shown as connected, a close event with no change; a new attempt connects', async () => {
    const { page, pageErrors } = await openSite('half-way');
    await page.locator(`${element} [part~="row"]`).first().waitFor();
    const first = page.waitForEvent('popup');
    await page.locator(`${element} [part~="connect-button"][data-platform="tiktok"]`).click();
    const popup = await first;
    await popup.waitForURL(/\/connect\/s\//);
    // Half-way: the consent screen is open, the person closes the window.
    await popup.goto(popup.url().replace(/\/?$/, '/authorize/tiktok'));
    await popup.close();
    // The person is back on the page (headless pages never lose focus: dispatch what a browser fires).
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await page.waitForFunction(() => (window as unknown as { __recorded: Recorded }).__recorded.closes.length === 1, undefined, { timeout: 10_000 });
    assert.deepEqual((await recorded(page)).closes, [{ connected: [], disconnected: [] }]);
    assert.equal(await page.locator(`${element} [part~="row-connected"]`).count(), 0);
    assert.equal(await page.locator(`${element} [part~="error"], ${element} [part~="notice"]`).count(), 0, 'a half-way close is not an error');

    // A new link (the first one was spent) goes all the way.
    const second = page.waitForEvent('popup');
    await page.locator(`${element} [part~="connect-button"][data-platform="tiktok"]`).click();
    const again = await second;
    await again.waitForURL(/\/connect\/s\//);
    await again.goto(again.url().replace(/\/?$/, '/authorize/tiktok'));
    await Promise.all([again.waitForURL(/\/connect\/s\/[^/]+$/), again.locator('form[method="post"] button[type="submit"]').first().click()]);
    // Back on the accounts view; the person closes the window, is back, and the element re-reads.
    await again.close();
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await page.locator(`${element} [part~="row-connected"]`).first().waitFor({ timeout: 10_000 });
    assert.equal(await page.locator(`${element} [part~="row-connected"]`).count(), 1);
    assert.match((await page.locator(`${element} [part~="row-connected"]`).textContent()) ?? '', /TikTok/);
    assert.deepEqual(pageErrors, []);
    await page.context().close();
  });
});
