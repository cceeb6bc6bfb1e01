/**
 * Odd slots end to end, in Chromium: the emulator serves each slot variation and unknown platforms
 * through its admin routes, the real token server reads them over the real client, and the built
 * script-tag bundle shows them. One odd slot never hides the others: every other row stays as it
 * was, and no variation makes the element show an error.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startElementStack, type ElementStack } from '../helpers/element-stack.ts';
import { platformName } from '../../protocol/platforms.ts';
import type { Account } from '../../protocol/token-server-api.ts';
import { watchForProblems } from '../helpers/e2e-browser.ts';
import { SLOT_VARIATIONS, UNKNOWN_PLATFORM_ACCOUNTS, UNKNOWN_PLATFORM_SLOTS } from '../helpers/slot-variations.ts';

const DOCUMENTED = ['tiktok', 'instagram', 'linkedin', 'youtube', 'facebook', 'x', 'threads', 'google_business', 'bluesky'];
const INSTAGRAM: Account = { platform: 'instagram', connected: true, displayName: 'IG OK', handle: 'ig_ok', avatarUrl: 'https://cdn.example/ig.png' };
/** A 1×1 image for every avatar on `cdn.example`, which does not exist: an image that fails is removed by the element. */
const PIXEL = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>';

let stack: ElementStack;

before(async () => {
  stack = await startElementStack({
    name: 'accounts-variations',
    client: { timeoutMs: 5000, retries: 0 },
    tokenServer: { rateLimit: false, cacheTtlMs: 0 },
    attributes: (query) => `layout="${query('layout') === 'compact' ? 'compact' : 'full'}"`,
  });
});

after(async () => {
  await stack?.close();
});

/** Sets up the emulator through its admin routes, as a test of the element against a separate emulator would. */
async function admin(method: 'PUT' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<void> {
  const response = await fetch(`${stack.emulatorUrl}/__emulator${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  assert.equal(response.status, 200, `${method} ${path}: ${await response.text()}`);
}

/** A profile with a documented Instagram account, created through the public API. */
async function profileWithInstagram(user: string): Promise<void> {
  const created = await fetch(`${stack.emulatorUrl}/api/uploadposts/users`, {
    method: 'POST',
    headers: { Authorization: `Apikey ${stack.apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: user }),
  });
  assert.equal(created.status, 201);
  await admin('PUT', `/profiles/${user}/accounts/instagram`, { username: 'ig_ok', display_name: 'IG OK', social_images: INSTAGRAM.avatarUrl });
}

async function openSite(user: string, layout: 'full' | 'compact' = 'full'): Promise<{ page: Page; problems: string[] }> {
  const context = await stack.browser.newContext();
  await context.route('https://cdn.example/**', (route) => route.fulfill({ contentType: 'image/svg+xml', body: PIXEL }));
  const page = await context.newPage();
  const problems = watchForProblems(page);
  await page.addInitScript(() => {
    const errors: unknown[] = [];
    (window as unknown as { __errors: unknown[] }).__errors = errors;
    document.addEventListener('upload-post-error', (event) => errors.push((event as CustomEvent).detail));
  });
  await page.goto(`${stack.site}/?user=${user}&layout=${layout}`);
  await page
    .locator(`upload-post-connect [part~="${layout === 'full' ? 'row' : 'list'}"]`)
    .first()
    .waitFor({ timeout: 10_000 });
  return { page, problems };
}

/** What a full-layout row shows, read from the element's shadow root. */
interface ShownRow {
  state: 'connected' | 'disconnected';
  name: string;
  displayName?: string;
  handle?: string;
  avatar?: string;
}

/** Re-reads (the element's own `refresh()`), then answers its `accounts` and the rows it rendered. */
async function refreshAndRead(page: Page): Promise<{ accounts: Account[]; rows: ShownRow[]; errors: unknown[] }> {
  // No named functions inside: tsx's name-keeping helper does not exist in the page.
  return page.evaluate(async () => {
    const element = document.querySelector('upload-post-connect') as HTMLElement & {
      refresh(): Promise<void>;
      updateComplete: Promise<boolean>;
      accounts: Account[];
    };
    await element.refresh();
    await element.updateComplete;
    const rows = [...element.shadowRoot!.querySelectorAll('[part~="row"]')].map((row) => {
      const [name, displayName, handle] = ['platform-name', 'display-name', 'handle'].map(
        (part) => row.querySelector(`[part~="${part}"]`)?.textContent?.trim() || undefined,
      );
      const shown: ShownRow = { state: row.matches('[part~="row-connected"]') ? 'connected' : 'disconnected', name: name ?? '' };
      const avatar = row.querySelector<HTMLImageElement>('img[part~="avatar"]')?.src;
      if (displayName) shown.displayName = displayName;
      if (handle) shown.handle = handle;
      if (avatar) shown.avatar = avatar;
      return shown;
    });
    return { accounts: element.accounts, rows, errors: (window as unknown as { __errors: unknown[] }).__errors };
  });
}

/** The row the element must render for an account. */
function expectedRow(account: Account): ShownRow {
  const row: ShownRow = { state: account.connected ? 'connected' : 'disconnected', name: platformName(account.platform) };
  if (account.displayName) row.displayName = account.displayName;
  if (account.handle) row.handle = `@${account.handle}`;
  if (account.avatarUrl) row.avatar = account.avatarUrl;
  return row;
}

describe('odd slots in the element (Chromium, built bundle, real token server and client, emulator admin routes)', () => {
  it('each variation on TikTok, one after the other: its own row only, Instagram and the rest untouched', async () => {
    await profileWithInstagram('varied');
    const { page, problems } = await openSite('varied');
    for (const variation of SLOT_VARIATIONS) {
      await admin('PUT', '/profiles/varied/raw-slots', { tiktok: variation.raw });
      const { accounts, rows, errors } = await refreshAndRead(page);
      const expected: Account[] = DOCUMENTED.map((platform) =>
        platform === 'tiktok' ? { platform, ...variation.account } : platform === 'instagram' ? INSTAGRAM : { platform, connected: false },
      );
      assert.deepEqual(accounts, expected, variation.name);
      assert.deepEqual(rows, expected.map(expectedRow), variation.name);
      assert.deepEqual(errors, [], `${variation.name}: the element reported an error`);
    }
    assert.equal(await page.locator('upload-post-connect [part~="error"]').count(), 0);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it('every variation at once beside unknown platforms: all rows, documented first, unknown ones generic', async () => {
    await profileWithInstagram('all_at_once');
    const odd = Object.fromEntries(SLOT_VARIATIONS.map((variation, index) => [`odd_${index}`, variation.raw]));
    await admin('PUT', '/profiles/all_at_once/raw-slots', { tiktok: 0, x: true, threads: 'connected_account_details', ...odd, ...UNKNOWN_PLATFORM_SLOTS });
    await admin('PUT', '/profiles/all_at_once/created-at', { created_at: '2025-04-02T17:44:33.229755' });
    const { page, problems } = await openSite('all_at_once');
    const { accounts, rows, errors } = await refreshAndRead(page);
    const expected: Account[] = [
      ...DOCUMENTED.map((platform): Account => {
        if (platform === 'instagram') return INSTAGRAM;
        return { platform, connected: platform === 'x' || platform === 'threads' };
      }),
      ...SLOT_VARIATIONS.map((variation, index) => ({ platform: `odd_${index}`, ...variation.account })),
      ...UNKNOWN_PLATFORM_ACCOUNTS,
    ];
    assert.deepEqual(accounts, expected);
    assert.deepEqual(rows, expected.map(expectedRow));
    // An unknown platform is named by its id, with the neutral glyph: never an empty or broken row.
    assert.equal(rows.find((row) => row.name === 'mastodon')?.displayName, 'Masto Don');
    assert.deepEqual(errors, []);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it('the compact layout shows the same accounts as chips, with no error', async () => {
    await profileWithInstagram('compact_odd');
    await admin('PUT', '/profiles/compact_odd/raw-slots', { tiktok: [], x: 1, ...UNKNOWN_PLATFORM_SLOTS });
    const { page, problems } = await openSite('compact_odd', 'compact');
    const { accounts, errors } = await refreshAndRead(page);
    const connected = accounts.filter((account) => account.connected).map((account) => account.platform);
    assert.deepEqual(connected, ['instagram', 'x', 'mastodon', 'odd_platform_9']);
    assert.equal(await page.locator('upload-post-connect [part~="chip-connected"]').count(), connected.length);
    assert.equal(await page.locator('upload-post-connect [part~="connect-button"]').count(), accounts.length - connected.length);
    assert.deepEqual(errors, []);
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});
