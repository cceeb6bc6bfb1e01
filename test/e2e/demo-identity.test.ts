/**
 * Identity on the demo, in Chromium: each user sees only their own accounts, whether two of them
 * are signed in at once in two browser contexts or one person switches "Signed in as" (which
 * re-points every element on the page, the React one included).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { StartedDemo } from '../../demo/serve.ts';
import { demoForFile, emulatorAdmin, seedAccount, signedInContext, watchForProblems } from '../helpers/e2e-browser.ts';

let demo: StartedDemo;
let browser: Browser;

demoForFile(async (shared) => {
  ({ demo, browser } = shared);
  await emulatorAdmin(demo, 'POST', '/reset');
  await seedAccount(demo, 'alice', 'tiktok', 'alice.makes', 'Alice Makes');
  await seedAccount(demo, 'bob', 'youtube', 'BobBuildsTV', 'Bob Builds TV');
  await seedAccount(demo, 'bob', 'x', 'bobbuilds', 'Bob');
});

const EXAMPLES = ['script', 'module', 'react', 'platforms', 'calendar'] as const;

/** Every handle each example's element shows, e.g. `{ script: ['@alice.makes'], … }`. */
async function handlesByExample(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(
    (examples) =>
      Object.fromEntries(
        examples.map((name) => {
          const element = document.querySelector(`[data-example="${name}"] upload-post-connect`);
          const handles = [...(element?.shadowRoot?.querySelectorAll('[part~="handle"]') ?? [])].map((node) => node.textContent.trim());
          return [name, handles.sort()];
        }),
      ),
    [...EXAMPLES],
  );
}

/** Waits until every element on the page has read its accounts (the ready event of each). */
const allReady = (page: Page) =>
  page.waitForFunction(
    (count) => new Set([...document.querySelectorAll<HTMLElement>('#event-log li[data-event="ready"]')].map((item) => item.dataset.source)).size >= count,
    EXAMPLES.length,
  );

describe('who sees what', () => {
  test("two users in two browser contexts never see each other's accounts", async () => {
    const [aliceContext, bobContext] = await Promise.all([signedInContext(browser, demo, 'alice'), signedInContext(browser, demo, 'bob')]);
    try {
      const [alice, bob] = await Promise.all([aliceContext.newPage(), bobContext.newPage()]);
      const problems = [...watchForProblems(alice), ...watchForProblems(bob)];
      await Promise.all([alice.goto(demo.url), bob.goto(demo.url)]);
      await Promise.all([allReady(alice), allReady(bob)]);

      assert.deepEqual(await handlesByExample(alice), {
        script: ['@alice.makes'],
        module: ['@alice.makes'],
        react: ['@alice.makes'],
        // The platforms variant shows TikTok, Instagram and YouTube only.
        platforms: ['@alice.makes'],
        calendar: ['@alice.makes'],
      });
      assert.deepEqual(await handlesByExample(bob), {
        script: ['@BobBuildsTV', '@bobbuilds'],
        module: ['@BobBuildsTV', '@bobbuilds'],
        react: ['@BobBuildsTV', '@bobbuilds'],
        platforms: ['@BobBuildsTV'],
        calendar: ['@BobBuildsTV', '@bobbuilds'],
      });
      assert.equal(await alice.locator('#user-select').inputValue(), 'alice', 'the page shows who is signed in');
      assert.equal(await bob.locator('#user-select').inputValue(), 'bob');
      assert.deepEqual(problems, []);
    } finally {
      await Promise.all([aliceContext.close(), bobContext.close()]);
    }
  });

  test('switching "Signed in as" re-points every element, and a reload keeps the new user', async () => {
    const context = await signedInContext(browser, demo, 'alice');
    try {
      const page = await context.newPage();
      const problems = watchForProblems(page);
      await page.goto(demo.url);
      await allReady(page);
      assert.deepEqual((await handlesByExample(page)).react, ['@alice.makes']);

      await page.locator('#user-select').selectOption('carol');
      // Carol has nothing linked: every element must drop Alice's accounts.
      await page.waitForFunction(
        (examples) =>
          examples.every((name) => {
            const root = document.querySelector(`[data-example="${name}"] upload-post-connect`)?.shadowRoot;
            return root?.querySelector('[part~="list"]') && !root.querySelector('[part~="handle"]');
          }),
        [...EXAMPLES],
      );
      assert.deepEqual(Object.values(await handlesByExample(page)).flat(), []);

      await page.reload();
      await allReady(page);
      assert.equal(await page.locator('#user-select').inputValue(), 'carol');
      assert.deepEqual(Object.values(await handlesByExample(page)).flat(), []);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});
