/**
 * The demo page itself, in Chromium: the three integrations are live (and the script tag alone on
 * its own page really is the script-tag bundle), the snippets are the running code in the form a
 * customer copies, the theme and language switches reach every element, the variations open what
 * they say — all under the page's strict CSP without a console error.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { StartedDemo } from '../../demo/serve.ts';
import { demoForFile, signedInContext, watchForProblems } from '../helpers/e2e-browser.ts';

let demo: StartedDemo;
let browser: Browser;

demoForFile((shared) => ({ demo, browser } = shared));

const EXAMPLES = ['script', 'module', 'react', 'platforms', 'calendar'] as const;

/** Opens the demo as `user` and waits until every element has read its accounts. */
async function openDemo(user: string): Promise<{ page: Page; problems: string[]; close: () => Promise<void> }> {
  const context = await signedInContext(browser, demo, user);
  const page = await context.newPage();
  const problems = watchForProblems(page);
  await page.goto(demo.url);
  await page.waitForFunction(
    (count) => new Set([...document.querySelectorAll<HTMLElement>('#event-log li[data-event="ready"]')].map((item) => item.dataset.source)).size >= count,
    EXAMPLES.length,
  );
  return { page, problems, close: () => context.close() };
}

describe('the demo page', () => {
  test('each integration is live under a CSP without unsafe-inline, with no console noise', async () => {
    const { page, problems, close } = await openDemo('alice');
    try {
      const csp = (await page.request.get(demo.url)).headers()['content-security-policy'] ?? '';
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      for (const [tab, example] of [
        ['Script tag', 'script'],
        ['ES module', 'module'],
        ['React', 'react'],
      ] as const) {
        await page.getByRole('tab', { name: tab }).click();
        const element = page.locator(`[data-example="${example}"] upload-post-connect`);
        await element.getByRole('button', { name: 'Manage accounts' }).waitFor();
        assert.ok(
          await element
            .getByRole('button', { name: /Connect TikTok|TikTok/ })
            .first()
            .isVisible(),
          `${tab}: the platforms are shown`,
        );
      }
      // The ES-module example's own code reports the linked count, as its snippet says.
      assert.equal(await page.locator('#module-summary').innerText(), '0 linked');
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test('the script tag alone: /demo/script-tag.html runs on the bundle the token server serves', async () => {
    const context = await signedInContext(browser, demo, 'bob');
    try {
      const page = await context.newPage();
      const problems = watchForProblems(page);
      await page.goto(`${demo.url}demo/script-tag.html`);
      const element = page.locator('upload-post-connect');
      await element.getByRole('button', { name: 'Connect TikTok' }).waitFor();
      const definedByBundle = await page.evaluate(
        () =>
          customElements.get('upload-post-connect') ===
          (window as unknown as { UploadPostConnect?: { UploadPostConnectElement?: unknown } }).UploadPostConnect?.UploadPostConnectElement,
      );
      assert.ok(definedByBundle, 'the element class is the one from /upload-post/widget.js');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('every snippet is cut from running code and written as a customer imports it', async () => {
    const html = await (await fetch(demo.url)).text();
    const snippets = [...html.matchAll(/<code data-snippet="([^"]+)">([\s\S]*?)<\/code>/g)].map(([, name, text]) => ({ name: name!, text: text! }));
    assert.deepEqual(snippets.map((snippet) => snippet.name).sort(), [
      'customer-backend.ts',
      'index.html#calendar',
      'index.html#platforms',
      'module-example.ts',
      'react-example.tsx',
      'script-example.js',
      'script-tag.html',
      'session-token.ts',
    ]);
    for (const { name, text } of snippets) {
      assert.ok(text.trim().length > 40, `${name} is filled`);
      assert.doesNotMatch(
        text,
        /\.\.\/(widget|token-server)\/|\.tsx?['"]|\/demo\/script-example\.js|#region|#endregion/,
        `${name} has no repository paths or markers`,
      );
    }
    const byName = Object.fromEntries(snippets.map((snippet) => [snippet.name, snippet.text]));
    assert.match(byName['module-example.ts']!, /^import 'upload-post-connect\/define';$/m);
    assert.match(byName['react-example.tsx']!, /^import \{ UploadPostConnect \} from 'upload-post-connect\/react';$/m);
    assert.match(byName['script-tag.html']!, /&lt;script src="\/upload-post\/widget\.js" defer&gt;/);
    // What the markup snippets show is what the page renders.
    assert.match(html, /<upload-post-connect endpoint="\/upload-post" platforms="tiktok,instagram,youtube" layout="compact">/);
    assert.ok(
      byName['index.html#platforms']!.includes('&lt;upload-post-connect endpoint="/upload-post" platforms="tiktok,instagram,youtube" layout="compact"&gt;'),
    );
  });

  test('the package entry points the snippets import exist in package.json', (t) => {
    const exports = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).exports as Record<string, unknown> | undefined;
    if (!exports) {
      t.todo('package.json has no "exports" yet: the snippets import upload-post-connect/define, /react and /server');
      return;
    }
    for (const subpath of ['./define', './react', './server']) assert.ok(subpath in exports, `package.json exports ${subpath}`);
  });

  test('the theme and language switches reach every element, the React one included', async () => {
    const { page, problems, close } = await openDemo('carol');
    try {
      await page.locator('#theme-select').selectOption('dark');
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
      await page.waitForFunction(() => [...document.querySelectorAll('upload-post-connect')].every((element) => element.getAttribute('theme') === 'dark'));

      await page.locator('#lang-select').selectOption('es');
      // Spanish comes as a separate chunk, loaded under the CSP when first needed.
      await page.waitForFunction(() =>
        [...document.querySelectorAll('upload-post-connect')].every(
          (element) => element.shadowRoot?.querySelector('[part~="title"]')?.textContent === 'Cuentas conectadas',
        ),
      );
      assert.equal(await page.locator('upload-post-connect').count(), EXAMPLES.length);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test('the variations open what they say: one platform, and the calendar view', async () => {
    const { page, problems, close } = await openDemo('alice');
    try {
      const platforms = page.locator('[data-example="platforms"] upload-post-connect');
      assert.deepEqual(await platforms.locator('[part~="chip"]').evaluateAll((chips) => chips.map((chip) => chip.textContent.trim())), [
        'TikTok',
        'Instagram',
        'YouTube',
      ]);
      const [onePlatform] = await Promise.all([page.waitForEvent('popup'), platforms.getByRole('button', { name: 'Connect YouTube' }).click()]);
      await onePlatform.waitForURL(/\/connect\/s\//);
      assert.deepEqual(await onePlatform.locator('li.card').evaluateAll((cards) => cards.map((card) => (card as HTMLElement).dataset.platform)), ['youtube']);
      await onePlatform.close();

      const calendar = page.locator('[data-example="calendar"] upload-post-connect');
      const [calendarPopup] = await Promise.all([page.waitForEvent('popup'), calendar.getByRole('button', { name: 'Open calendar' }).click()]);
      await calendarPopup.waitForURL(/\/connect\/s\/[\w-]+\/calendar$/);
      await calendarPopup.close();
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });
});
