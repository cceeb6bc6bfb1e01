/**
 * The first read started by the page (README, section 1), in Chromium: a `<link rel=preload
 * as=fetch>` of `/accounts` lets the browser read before the script arrives, and the element takes
 * that answer instead of asking again. Counted at the token server: one `/accounts` request per
 * page view, whoever made it. A preload of another user's token is never taken.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getCookie } from 'hono/cookie';
import type { BrowserContext, Page } from 'playwright-core';
import { startElementStack, type ElementStack } from '../helpers/element-stack.ts';
import { watchForProblems } from '../helpers/e2e-browser.ts';

let tokens: ElementStack;
let cookies: ElementStack;

const preloadOf = (href: string, crossorigin: 'anonymous' | 'use-credentials') => `<link rel="preload" as="fetch" crossorigin="${crossorigin}" href="${href}">`;

before(async () => {
  [tokens, cookies] = await Promise.all([
    startElementStack({
      name: 'first-read-preload',
      tokenServer: { rateLimit: false, cacheTtlMs: 0 },
      head: async (token, query) => {
        const preload = query('preload');
        if (preload === 'own') return preloadOf(`/upload-post/accounts?session_token=${token}`, 'anonymous');
        if (preload === 'other') return preloadOf(`/upload-post/accounts?session_token=${await tokens.sessionToken('mallory')}`, 'anonymous');
        return '';
      },
    }),
    startElementStack({
      name: 'first-read-preload-cookies',
      tokenServer: { rateLimit: false, cacheTtlMs: 0, identity: { getUser: (c) => getCookie(c, 'user') } },
      sessionTokenAttribute: false,
      head: (_token, query) => (query('preload') === 'own' ? preloadOf('/upload-post/accounts', 'use-credentials') : ''),
    }),
  ]);
  for (const stack of [tokens, cookies]) {
    for (const user of ['alice', 'mallory']) {
      const created = await stack.emulator.app.request('/api/uploadposts/users', {
        method: 'POST',
        headers: { Authorization: `Apikey ${stack.apiKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: user }),
      });
      assert.equal(created.status, 201);
      const linked = await stack.emulator.app.request(`/__emulator/profiles/${user}/accounts/x`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: `${user}_on_x`, display_name: `${user} on X` }),
      });
      assert.equal(linked.status, 200, await linked.text());
    }
  }
});

after(async () => {
  await Promise.all([tokens?.close(), cookies?.close()]);
});

/** Opens the page and waits for the X row; answers what it shows and the `/accounts` requests of this page view. */
async function view(
  stack: ElementStack,
  context: BrowserContext,
  query: string,
): Promise<{ page: Page; shown: string; reads: ElementStack['requests']; problems: string[] }> {
  const page = await context.newPage();
  const problems = watchForProblems(page);
  const before = stack.requests.length;
  await page.goto(`${stack.site}/?${query}`);
  const row = page.locator('upload-post-connect [part~="row-connected"]').first();
  await row.waitFor({ timeout: 10_000 });
  const shown = (await row.locator('[part~="handle"]').textContent())?.trim() ?? '';
  const reads = stack.requests.slice(before).filter((request) => request.path === '/accounts');
  return { page, shown, reads, problems };
}

/** A fresh browser context (nothing cached, no cookies, no connections) for `use`, closed afterwards. */
async function inFreshContext(stack: ElementStack, use: (context: BrowserContext) => Promise<void>): Promise<void> {
  const context = await stack.browser.newContext();
  try {
    await use(context);
  } finally {
    await context.close();
  }
}

describe('the first read from a <link rel=preload> (Chromium, built bundle, real token server)', () => {
  it('session token: the preloaded read is the only one, with the token in its query and no header', async () => {
    await inFreshContext(tokens, async (context) => {
      const { shown, reads, problems } = await view(tokens, context, 'user=alice&preload=own');
      assert.equal(shown, '@alice_on_x');
      assert.equal(reads.length, 1, `one /accounts request per page view, got ${reads.length}`);
      assert.equal(reads[0]!.authorization, undefined);
      assert.ok(reads[0]!.query.get('session_token'));
      assert.deepEqual(problems, []);
      // Later reads are fresh ones, with the token in the header as usual.
      const page = context.pages()[0]!;
      await page.evaluate(() => (document.querySelector('upload-post-connect') as HTMLElement & { refresh(): Promise<void> }).refresh());
      const again = tokens.requests.filter((request) => request.path === '/accounts').at(-1)!;
      assert.match(again.authorization ?? '', /^Bearer /);
      assert.equal(again.query.size, 0);
    });
  });

  it('session token without a preload: one read, the token in the Authorization header', async () => {
    await inFreshContext(tokens, async (context) => {
      const { shown, reads } = await view(tokens, context, 'user=alice');
      assert.equal(shown, '@alice_on_x');
      assert.equal(reads.length, 1);
      assert.match(reads[0]!.authorization ?? '', /^Bearer /);
      assert.equal(reads[0]!.query.size, 0);
    });
  });

  it("a preload of another user's token is never taken: the element reads its own user's accounts", async () => {
    await inFreshContext(tokens, async (context) => {
      const { shown, reads } = await view(tokens, context, 'user=alice&preload=other');
      assert.equal(shown, '@alice_on_x');
      // The element read for alice with its own header, whatever became of the page's preload for mallory.
      assert.ok(reads.some((request) => request.authorization?.startsWith('Bearer ') && request.query.size === 0));
    });
  });

  it('cookie session: a preload with crossorigin="use-credentials" is the only read', async () => {
    await inFreshContext(cookies, async (context) => {
      await context.addCookies([{ name: 'user', value: 'alice', url: cookies.site }]);
      const { shown, reads, problems } = await view(cookies, context, 'preload=own');
      assert.equal(shown, '@alice_on_x');
      assert.equal(reads.length, 1, `one /accounts request per page view, got ${reads.length}`);
      assert.deepEqual(problems, []);
    });
  });
});

describe("the list's module (Chromium, built bundle)", () => {
  it('is asked for by a page with the element, and never by a page with the script tag alone', async () => {
    // A context each: nothing cached from one page in the other.
    await inFreshContext(tokens, async (context) => {
      const before = tokens.requests.length;
      await view(tokens, context, 'user=alice');
      assert.ok(tokens.requests.slice(before).some((request) => request.path === '/widget.view.js'));
    });
    await inFreshContext(tokens, async (context) => {
      const before = tokens.requests.length;
      const page = await context.newPage();
      await page.goto(`${tokens.site}/script-only`);
      await page.evaluate(() => customElements.whenDefined('upload-post-connect'));
      await page.waitForLoadState('networkidle');
      const loaded = tokens.requests.slice(before).map((request) => request.path);
      assert.ok(loaded.includes('/widget.js'), loaded.join(', '));
      assert.ok(!loaded.includes('/widget.view.js'), `the list's module was loaded by a page without the element: ${loaded.join(', ')}`);
    });
  });

  it('that fails to load (a proxy, an outage) shows the failure with Try again, which loads it; nothing is thrown into the page', async () => {
    await inFreshContext(tokens, async (context) => {
      let refused = 0;
      await context.route('**/widget.view.js*', async (route) => {
        if (refused++ === 0) await route.fulfill({ status: 503, body: 'unavailable' });
        else await route.continue();
      });
      await context.addInitScript(() => {
        const seen: string[] = [];
        (window as unknown as { errorCodes: string[] }).errorCodes = seen;
        document.addEventListener('upload-post-error', (event) => seen.push((event as CustomEvent<{ code: string }>).detail.code));
      });
      const page = await context.newPage();
      const problems = watchForProblems(page, [/HTTP 503: .*widget\.view\.js/, /Failed to load resource.*503/, /Failed to fetch dynamically imported module/]);
      await page.goto(`${tokens.site}/?user=alice`);
      const failure = page.locator('upload-post-connect [part~="error"]');
      await failure.waitFor({ timeout: 10_000 });
      assert.match(await failure.innerText(), /We couldn't load your accounts\./);
      assert.deepEqual(await page.evaluate(() => (window as unknown as { errorCodes: string[] }).errorCodes), ['NETWORK_ERROR']);

      await page.locator('upload-post-connect [part~="retry-button"]').click();
      const row = page.locator('upload-post-connect [part~="row-connected"]').first();
      await row.waitFor({ timeout: 10_000 });
      assert.equal((await row.locator('[part~="handle"]').textContent())?.trim(), '@alice_on_x');
      assert.equal(await failure.count(), 0, 'the failure is gone once the list is there');
      assert.equal(refused, 2, 'the module was asked for again');
      assert.deepEqual(problems, []);
    });
  });
});
