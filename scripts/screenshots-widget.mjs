#!/usr/bin/env node
/**
 * Renders <upload-post-connect> in each state, light and dark, from the built script bundle
 * (included twice, as a careless page would) into screenshots/widget/*.png, for people to look at.
 * The token server is faked with request interception; no server is started.
 *
 *   node scripts/build.mjs && node scripts/screenshots-widget.mjs
 */
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';

const root = new URL('..', import.meta.url);
const bundle = new URL('dist/browser/upload-post-connect.min.js', root);
if (!existsSync(bundle)) {
  console.error('dist/browser/upload-post-connect.min.js does not exist: run npm run build first.');
  process.exit(1);
}
const out = new URL('screenshots/widget/', root);
mkdirSync(out, { recursive: true });

// A tiny grey avatar as a data-free http URL: served by the interception below.
const avatarSvg = (hue) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><rect width="40" height="40" fill="hsl(${hue} 70% 60%)"/><circle cx="20" cy="16" r="7" fill="#fff" opacity=".9"/><rect x="8" y="26" width="24" height="14" rx="7" fill="#fff" opacity=".9"/></svg>`;

const ALL = ['tiktok', 'instagram', 'youtube', 'linkedin', 'facebook', 'x', 'threads', 'google_business', 'bluesky'];
const person = {
  tiktok: { displayName: 'Maya Lopez', handle: 'mayacooks' },
  instagram: { displayName: 'Maya Lopez', handle: 'maya.cooks' },
  youtube: { displayName: 'Maya Cooks', handle: 'MayaCooksTV' },
  x: { displayName: 'Maya', handle: 'mayacooks' },
  linkedin: { displayName: 'Maya Lopez' },
};
const accounts = (connected) =>
  ALL.map((platform, index) =>
    connected.includes(platform)
      ? { platform, connected: true, ...person[platform], avatarUrl: `http://widget.test/avatar/${index * 40}.svg` }
      : { platform, connected: false },
  );

const states = {
  loading: { answer: 'never' },
  empty: { answer: { accounts: accounts([]) } },
  partial: { answer: { accounts: accounts(['tiktok', 'instagram', 'youtube', 'linkedin']) } },
  error: { answer: { status: 502, body: { error: { code: 'UPSTREAM_UNAVAILABLE', message: 'Upload-Post did not answer.' } } } },
  'rate-limited': { answer: { status: 429, headers: { 'Retry-After': '42' }, body: { error: { code: 'RATE_LIMITED', message: 'Too many links.' } } } },
  blocked: { answer: { accounts: accounts(['instagram']) }, blockPopup: true },
  compact: { answer: { accounts: accounts(['tiktok', 'x', 'bluesky']) }, attributes: 'layout="compact"' },
  'compact-loading': { answer: 'never', attributes: 'layout="compact"' },
  german: { answer: { accounts: accounts(['youtube']) }, attributes: 'lang="de" platforms="tiktok,instagram,youtube,linkedin"' },
  reauth: {
    answer: {
      accounts: accounts(['tiktok', 'instagram', 'youtube']).map((account) =>
        account.platform === 'instagram' ? { ...account, reauthRequired: true } : account,
      ),
    },
    attributes: 'platforms="tiktok,instagram,youtube,linkedin"',
  },
  facebook: {
    answer: {
      accounts: accounts(['facebook', 'instagram']).map((account) => (account.platform === 'facebook' ? { ...account, displayName: 'Maya Lopez' } : account)),
    },
    pages: [
      { id: '101', name: 'Maya Cooks' },
      { id: '202', name: 'Maya Travels' },
    ],
    attributes: 'platforms="facebook,instagram,tiktok"',
  },
  'compact-reauth': {
    answer: { accounts: accounts(['tiktok', 'x', 'bluesky']).map((account) => (account.platform === 'x' ? { ...account, reauthRequired: true } : account)) },
    pages: [{ id: '101', name: 'Maya Cooks' }],
    attributes: 'layout="compact"',
  },
  unknown: {
    answer: {
      accounts: [
        ...accounts(['tiktok']).slice(0, 3),
        { platform: 'mastodon', connected: true, handle: 'maya@cooking.social' },
        { platform: 'pinterest', connected: false },
      ],
    },
  },
};

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
let failures = 0;
try {
  for (const [name, state] of Object.entries(states)) {
    for (const scheme of ['light', 'dark']) {
      const context = await browser.newContext({ viewport: { width: 720, height: 900 }, deviceScaleFactor: 2, colorScheme: scheme });
      const page = await context.newPage();
      page.on('console', (message) => {
        // The browser logs every failed HTTP answer; the error state's 502 is expected.
        if (['error', 'warning'].includes(message.type()) && !message.text().startsWith('Failed to load resource')) {
          failures++;
          console.error(`${name}/${scheme}: console ${message.type()}: ${message.text()}`);
        }
      });
      page.on('pageerror', (error) => {
        failures++;
        console.error(`${name}/${scheme}: ${error.message}`);
      });
      await page.route('http://widget.test/**', async (route) => {
        const url = new URL(route.request().url());
        if (url.pathname === '/') {
          return route.fulfill({
            contentType: 'text/html',
            // A strict CSP, as a careful customer would set: the element must work under it.
            headers: { 'Content-Security-Policy': "default-src 'self'; img-src 'self' http://widget.test; script-src 'self'; style-src 'self'" },
            body: `<!doctype html><html><head><meta charset="utf-8"><title>${name}</title>
              <script src="/widget.js"></script><script src="/widget.js"></script>
              <link rel="stylesheet" href="/page.css"></head>
              <body><main><upload-post-connect ${state.attributes ?? ''}></upload-post-connect></main></body></html>`,
          });
        }
        if (url.pathname === '/page.css') {
          return route.fulfill({
            contentType: 'text/css',
            body: `body{margin:0;padding:40px;background:${scheme === 'dark' ? '#05070b' : '#f3f4f6'}}main{max-width:640px}`,
          });
        }
        if (url.pathname.startsWith('/widget')) {
          const file = url.pathname === '/widget.js' ? 'upload-post-connect.min.js' : `upload-post-connect.min${url.pathname.slice('/widget'.length)}`;
          const path = new URL(`dist/browser/${file}`, root);
          if (!existsSync(path)) return route.fulfill({ status: 404, body: '' });
          return route.fulfill({ contentType: 'text/javascript', body: readFileSync(path) });
        }
        if (url.pathname.startsWith('/avatar/')) {
          return route.fulfill({ contentType: 'image/svg+xml', body: avatarSvg(Number.parseInt(url.pathname.slice(8), 10)) });
        }
        if (url.pathname === '/upload-post/accounts') {
          if (state.answer === 'never') return; // left pending: the skeleton stays
          const { status = 200, body = state.answer, headers = {} } = state.answer.status ? state.answer : {};
          return route.fulfill({ status, headers, contentType: 'application/json', body: JSON.stringify(body) });
        }
        if (url.pathname === '/upload-post/facebook/pages') {
          return route.fulfill({ contentType: 'application/json', body: JSON.stringify({ pages: state.pages ?? [] }) });
        }
        if (url.pathname === '/upload-post/connect-url') {
          return route.fulfill({
            contentType: 'application/json',
            body: JSON.stringify({ url: 'http://widget.test/connect', expiresAt: new Date().toISOString() }),
          });
        }
        return route.fulfill({ status: 404, body: '' });
      });
      await page.goto('http://widget.test/');
      if (state.blockPopup) {
        await page.evaluate(() => {
          window.open = () => null;
        });
        await page.locator('upload-post-connect').locator('[part~="manage-button"]').click();
        await page.locator('upload-post-connect').locator('[part~="fallback-link"]').waitFor();
      } else if (state.answer !== 'never') {
        await page.waitForFunction(() => document.querySelector('upload-post-connect')?.shadowRoot?.querySelector('section[aria-busy="false"]'));
        await page.waitForTimeout(300); // avatars and the language chunk
      } else {
        // A first answer that never comes: the skeleton shows once it is slower than a blink.
        await page.locator('upload-post-connect').locator('[part~="skeleton"]').first().waitFor();
      }
      const defined = await page.evaluate(() => !!customElements.get('upload-post-connect'));
      if (!defined) throw new Error('The element did not register.');
      await page.locator('main').screenshot({ path: new URL(`${name}-${scheme}.png`, out).pathname, animations: 'disabled' });
      await context.close();
      console.log(`screenshots/widget/${name}-${scheme}.png`);
    }
  }
} finally {
  await browser.close();
}
if (failures) {
  console.error(`${failures} console error(s) or page error(s): see above.`);
  process.exit(1);
}
