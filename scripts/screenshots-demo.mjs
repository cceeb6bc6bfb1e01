#!/usr/bin/env node
/**
 * The demo page as a visitor sees it — light and dark, desktop and phone, signed in as a user with
 * some accounts linked — into screenshots/demo/*.png (git-ignored), for people to look at.
 * Starts the demo in-process on free ports with the emulator as upstream (builds what is missing).
 *
 *   node scripts/screenshots-demo.mjs
 */
import { mkdirSync } from 'node:fs';
import { register } from 'tsx/esm/api';

register();
const { startDemoServer } = await import('../demo/serve.ts');
const { launchBrowser, seedAccount, signedInContext, watchForProblems } = await import('../test/helpers/e2e-browser.ts');

const out = new URL('../screenshots/demo/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });

const demo = await startDemoServer({ PORT: '0', HOST: '127.0.0.1', UPLOAD_POST_EMULATOR_PORT: '0' }, { log: () => {}, progress: console.error });
const browser = await launchBrowser();
let failures = 0;
try {
  await seedAccount(demo, 'bob', 'tiktok', 'bob.builds', 'Bob Okafor');
  await seedAccount(demo, 'bob', 'instagram', 'bob.okafor', 'Bob Okafor');
  await seedAccount(demo, 'bob', 'youtube', 'BobBuildsTV', 'Bob Builds');

  const sizes = { desktop: { width: 1440, height: 1000 }, narrow: { width: 390, height: 844 } };
  for (const colorScheme of ['light', 'dark']) {
    for (const [size, viewport] of Object.entries(sizes)) {
      const context = await signedInContext(browser, demo, 'bob', { viewport, colorScheme, deviceScaleFactor: size === 'narrow' ? 2 : 1 });
      const page = await context.newPage();
      const problems = watchForProblems(page);
      await page.goto(demo.url);
      await page.waitForFunction(
        () => new Set([...document.querySelectorAll('#event-log li[data-event="ready"]')].map((item) => item.dataset.source)).size >= 5,
      );
      // Avatars are lazy images from the emulator: scroll them all into view once, then wait for
      // every visible one (those in hidden tabs never load, and are not in the picture).
      await page.evaluate(async () => {
        for (let y = 0; y < document.body.scrollHeight; y += 400) {
          window.scrollTo(0, y);
          await new Promise((resolve) => setTimeout(resolve, 30));
        }
        window.scrollTo(0, 0);
      });
      await page.waitForFunction(() =>
        [...document.querySelectorAll('upload-post-connect')].every((element) =>
          [...element.shadowRoot.querySelectorAll('img')].every((image) => image.complete || !image.checkVisibility()),
        ),
      );
      await page.screenshot({ path: `${out}demo-${colorScheme}-${size}.png`, fullPage: true });
      if (size === 'narrow') await page.screenshot({ path: `${out}demo-${colorScheme}-narrow-first-screen.png` });
      if (size === 'desktop') {
        await page.screenshot({ path: `${out}demo-${colorScheme}-desktop-first-screen.png` });
        await page.getByRole('tab', { name: 'React' }).click();
        await page.screenshot({ path: `${out}demo-${colorScheme}-react-tab.png` });
      }
      if (problems.length) {
        failures++;
        console.error(`${colorScheme} ${size}:\n  ${problems.join('\n  ')}`);
      }
      await context.close();
    }
  }
  console.log(`Screenshots in ${out}`);
} finally {
  await browser.close();
  await demo.close();
}
process.exit(failures ? 1 : 0);
