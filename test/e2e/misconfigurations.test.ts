/**
 * Issue #15's misconfigurations, end to end in Chromium against the real token server: each shows
 * the person a sentence rather than a code, gives the page its own error code, and tells the
 * developer the fix in the console. The site and the token server are two origins (two ports).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Hono, type Context } from 'hono';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { createEmulator } from '../../emulator/app.ts';
import { createTokenServer } from '../../token-server/app.ts';
import { mountTokenServer } from '../../token-server/mount.ts';
import type { TokenServerOptions } from '../../token-server/options.ts';
import { createSessionToken } from '../../token-server/identity/session-token.ts';
import { widgetFileLoader } from '../../token-server/node/widget-file.ts';
import { UploadPostClient } from '../../upload-post/index.ts';
import { launchBrowser } from '../helpers/e2e-browser.ts';
import { serveOnLoopback, type LoopbackServer } from '../helpers/loopback.ts';

const BUNDLE = fileURLToPath(new URL('../../dist/browser/upload-post-connect.min.js', import.meta.url));
const API_KEY = 'misconfigurations-api-key-5d1f3a';
const SESSION_SECRET = 'misconfigurations-session-secret-0123456789ab';

const servers: LoopbackServer[] = [];
let browser: Browser;
/** The token server: session tokens, an allow-list that names `allowedSite` only. */
let tokens: string;
/** A token server that knows the user from the page's cookies but was told to accept none. */
let cookieTokens: string;
/** A site on the allow-list, and one that is not. */
let allowedSite: string;
let otherSite: string;

/** The site's page: the token server's script, and the element as `element` writes it. */
function page(element: (token: string) => string) {
  return async (c: Context) => {
    const token = await createSessionToken({ userId: 'mia', secret: SESSION_SECRET, ttl: 900 });
    return c.html(`<!doctype html><html lang="en"><meta charset="utf-8"><title>Settings</title>
<script>
  window.uploadPostErrors = [];
  document.addEventListener('upload-post-error', (event) => window.uploadPostErrors.push(event.detail));
</script>
<script src="${tokens}/upload-post/widget.js"></script>
${element(token)}`);
  };
}

function site(): Hono {
  const app = new Hono();
  app.get(
    '/token',
    page((token) => `<upload-post-connect endpoint="${tokens}/upload-post" session-token="${token}"></upload-post-connect>`),
  );
  app.get(
    '/cookies',
    page(() => `<upload-post-connect endpoint="${tokens}/upload-post"></upload-post-connect>`),
  );
  app.get(
    '/cookies-off',
    page(() => `<upload-post-connect endpoint="${cookieTokens}/upload-post"></upload-post-connect>`),
  );
  // Vue's `:fetch-session-token="fn"` on a custom element: the function arrives as an attribute string.
  app.get(
    '/kebab',
    page(() => `<upload-post-connect endpoint="${tokens}/upload-post" fetch-session-token="() => getToken()"></upload-post-connect>`),
  );
  return app;
}

before(async () => {
  const emulator = createEmulator({ apiKey: API_KEY });
  const emulatorServer = await serveOnLoopback(emulator.app.fetch);
  servers.push(emulatorServer);
  const allowed = await serveOnLoopback(site().fetch);
  const other = await serveOnLoopback(site().fetch);
  servers.push(allowed, other);
  allowedSite = allowed.url;
  otherSite = other.url;
  // One client for both token servers: the same emulator behind either.
  const upstream = new UploadPostClient({ apiKey: API_KEY, baseUrl: `${emulatorServer.url}/api`, timeoutMs: 2000 });
  const serveTokenServer = async (options: Omit<TokenServerOptions, 'upstream'>) => {
    const server = await serveOnLoopback(mountTokenServer(createTokenServer({ upstream, log: () => undefined, ...options })).fetch);
    servers.push(server);
    return server.url;
  };
  tokens = await serveTokenServer({ identity: { sessionSecret: SESSION_SECRET }, allowedOrigins: [allowedSite], widgetScript: widgetFileLoader(BUNDLE) });
  cookieTokens = await serveTokenServer({ identity: { getUser: () => 'mia' }, allowCredentials: false, allowedOrigins: [allowedSite] });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await Promise.all(servers.map((server) => server.close()));
});

/** Opens `url`, collecting the element's console warnings. */
async function open(url: string): Promise<{ page: Page; warnings: string[] }> {
  const context = await browser.newContext();
  const opened = await context.newPage();
  const warnings: string[] = [];
  opened.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'warning' && message.text().startsWith('<upload-post-connect>')) warnings.push(message.text());
  });
  await opened.goto(url);
  return { page: opened, warnings };
}

/**
 * The warning containing `text`, waited for: the misuse warnings come from the diagnostics module,
 * loaded after the list's module, so they may reach the console after the error is on screen.
 */
async function warningWith(page: Page, warnings: string[], text: string): Promise<string> {
  const arrived = warnings.find((warning) => warning.includes(text));
  if (arrived) return arrived;
  const message = await page.waitForEvent('console', {
    predicate: (candidate) => candidate.type() === 'warning' && candidate.text().includes(text),
    timeout: 10_000,
  });
  return message.text();
}

const errorCodes = (page: Page) =>
  page.evaluate(() => (window as unknown as { uploadPostErrors: { code: string }[] }).uploadPostErrors.map((detail) => detail.code));

describe('misconfigurations name themselves', () => {
  it('a page whose origin is not on the allow-list: ORIGIN_NOT_ALLOWED, the origin and the setting in the console', async () => {
    const { page, warnings } = await open(`${otherSite}/token`);
    try {
      const panel = page.locator('upload-post-connect [part~="error"]');
      await panel.waitFor();
      assert.match(await panel.innerText(), /This page isn't set up to connect accounts yet/);
      assert.equal(await page.locator('upload-post-connect [part~="error-code"]').innerText(), 'ORIGIN_NOT_ALLOWED');
      assert.deepEqual(await errorCodes(page), ['ORIGIN_NOT_ALLOWED']);
      assert.equal(warnings.length, 1, warnings.join('\n'));
      assert.ok(warnings[0]!.includes(otherSite), warnings[0]);
      assert.match(warnings[0]!, /allowedOrigins \(UPLOAD_POST_ALLOWED_ORIGINS\)/);
    } finally {
      await page.context().close();
    }
  });

  it('the same page on the allow-list loads its accounts, with no warning', async () => {
    const { page, warnings } = await open(`${allowedSite}/token`);
    try {
      await page.locator('upload-post-connect [part~="row"]').first().waitFor();
      assert.deepEqual(await errorCodes(page), []);
      assert.deepEqual(warnings, []);
    } finally {
      await page.context().close();
    }
  });

  it('a page relying on cookies against a session-token server: UNAUTHENTICATED, readable, saying to send a session token', async () => {
    const { page, warnings } = await open(`${allowedSite}/cookies`);
    try {
      const panel = page.locator('upload-post-connect [part~="error"]');
      await panel.waitFor();
      // The server's refusal carries its CORS headers, so the element reads it instead of "network error".
      assert.equal(await page.locator('upload-post-connect [part~="error-code"]').innerText(), 'UNAUTHENTICATED');
      assert.match(await panel.innerText(), /Sign in to see and connect your accounts\./);
      const [detail] = await page.evaluate(() => (window as unknown as { uploadPostErrors: { code: string; message: string }[] }).uploadPostErrors);
      assert.equal(detail?.code, 'UNAUTHENTICATED');
      assert.match(detail.message, /session token/);
      assert.deepEqual(warnings, []);
    } finally {
      await page.context().close();
    }
  });

  it('cookies against a server that accepts none from other origins: CREDENTIALS_NOT_ALLOWED, and what to give the element', async () => {
    const { page, warnings } = await open(`${allowedSite}/cookies-off`);
    try {
      await page.locator('upload-post-connect [part~="error"]').waitFor();
      assert.equal(await page.locator('upload-post-connect [part~="error-code"]').innerText(), 'CREDENTIALS_NOT_ALLOWED');
      assert.deepEqual(await errorCodes(page), ['CREDENTIALS_NOT_ALLOWED']);
      assert.equal(warnings.length, 1, warnings.join('\n'));
      assert.ok(warnings[0]!.includes(allowedSite), warnings[0]);
      assert.match(warnings[0]!, /sessionToken or fetchSessionToken/);
    } finally {
      await page.context().close();
    }
  });

  it('fetchSessionToken bound as an attribute (Vue kebab-case): the console says to bind a property', async () => {
    const { page, warnings } = await open(`${allowedSite}/kebab`);
    try {
      await page.locator('upload-post-connect [part~="error"]').waitFor();
      const binding = await warningWith(page, warnings, 'fetchSessionToken arrived as an attribute');
      assert.match(binding, /:fetchSessionToken or :fetch-session-token\.prop/);
    } finally {
      await page.context().close();
    }
  });
});
