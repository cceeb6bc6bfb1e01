/**
 * Links minted on intent, end to end in Chromium: the built script-tag bundle on a page, the real
 * token server with a tight mint limit, the emulator behind it (single-use links, as upstream). The
 * pointer on a button mints its link ahead of the click; the click opens that link without a
 * request; prefetches spend a budget of their own, so a spent prefetch budget never makes a click
 * meet a 429, and a refused prefetch shows nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { startElementStack, type ElementStack } from '../helpers/element-stack.ts';

let stack: ElementStack;

before(async () => {
  stack = await startElementStack({
    name: 'connect-prefetch',
    // One link per minute for clicks, one for prefetches: the smallest budgets that show they are apart.
    tokenServer: { rateLimit: { maxMints: 1, maxPrefetches: 1, windowSeconds: 60 } },
    attributes: (query) => `platforms="tiktok,instagram"${query('mode') ? ` mode="${query('mode')}"` : ''}`,
  });
});

after(async () => {
  await stack?.close();
});

const element = 'upload-post-connect';

/**
 * The page, its `POST /connect-url` requests with their bodies and answers, and its element's error
 * events; `prepare` runs on the context before the page loads.
 */
async function openSite(user: string, { query = '', prepare }: { query?: string; prepare?: (context: BrowserContext) => Promise<void> } = {}) {
  const context = await stack.browser.newContext();
  await prepare?.(context);
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
  await page.goto(`${stack.site}/?user=${user}${query}`);
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
    assert.ok(popup.url().startsWith(stack.emulatorUrl));
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

  it('a double click before the connect flow has loaded opens one window, says upload-post-open once, and mints once (popup and redirect)', async () => {
    for (const mode of ['popup', 'redirect'] as const) {
      // The connect module is held back until both clicks are in: what a slow network does to a quick person.
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const { page, mints, errors } = await openSite(`double-click-${mode}`, {
        query: `&mode=${mode}`,
        prepare: async (context) => {
          await context.route('**/widget.connect.js*', async (route) => {
            await released;
            await route.continue();
          });
          await context.addInitScript(() => {
            const seen = { opens: 0, windows: 0 };
            (window as unknown as { __seen: typeof seen }).__seen = seen;
            document.addEventListener('upload-post-open', () => seen.opens++);
            const open = window.open.bind(window);
            window.open = (...args: Parameters<typeof window.open>) => {
              seen.windows++;
              return open(...args);
            };
          });
        },
      });
      const seen = () => page.evaluate(() => (window as unknown as { __seen: { opens: number; windows: number } }).__seen);
      await page.locator(`${element} [part~="manage-button"]`).dblclick();
      assert.deepEqual(await seen(), { opens: 1, windows: mode === 'popup' ? 1 : 0 }, `${mode}: before the flow loads`);
      if (mode === 'popup') {
        const popup = page
          .context()
          .pages()
          .find((candidate) => candidate !== page);
        assert.ok(popup, 'the window opened inside the click');
        release();
        await popup.waitForURL(/\/connect\/s\//);
        assert.deepEqual(await seen(), { opens: 1, windows: 1 });
      } else {
        release();
        await page.waitForURL(/\/connect\/s\//);
      }
      assert.equal(mints.length, 1, `${mode}: one link minted, got ${JSON.stringify(mints)}`);
      if (mode === 'popup') assert.deepEqual(await errors(), []);
      await page.context().close();
    }
  });
});
