/**
 * Return page loaded → account shown, in Chromium: how long after the connect window reaches the
 * token server's `/done` the element shows the account just linked. Through the emulated network's
 * consent screen on an origin of its own with `Cross-Origin-Opener-Policy: same-origin` (the popup
 * is severed: `/done` has no opener to tell, the element learns it from the connect session), beside
 * the path without that hop in the same run (the return page posts to its opener).
 *
 * Everything in this process over loopback: the emulator (and its network), the token server
 * mounted in the site's app, the built script bundle. The host page is never clicked or focused
 * while the person is away.
 */
import { join } from 'node:path';
import { Hono } from 'hono';
import type { Browser } from 'playwright-core';
import { createEmulator } from '../emulator/app.ts';
import { createTokenServer } from '../token-server/app.ts';
import { createSessionToken } from '../token-server/identity/session-token.ts';
import { widgetFileLoader } from '../token-server/node/widget-file.ts';
import { createUndiciTransport } from '../upload-post/undici-transport.ts';
import { launchChromium } from '../test/helpers/chromium.ts';
import { serveOnLoopback, type LoopbackServer } from '../test/helpers/loopback.ts';
import { BENCH_API_KEY, BENCH_SESSION_SECRET, ms, quantile, ratio, ROOT, table, type Check, type Section } from './lib.ts';

const REPETITIONS = 12;
/** The promise: the account within 2 s of the return page, severed or not. */
const TARGET_P90_MS = 2000;

interface Stack {
  site: string;
  close(): Promise<void>;
}

/** The emulator (with or without its network on another origin) behind a token server mounted in a site. */
async function startStack(hop: boolean): Promise<Stack> {
  const emulator = createEmulator({ apiKey: BENCH_API_KEY, oauthHop: hop, profileLimit: 10_000 });
  const transport = createUndiciTransport({ connections: 8 });
  const servers: LoopbackServer[] = [await serveOnLoopback(emulator.app.fetch)];
  if (hop) {
    const network = await serveOnLoopback(emulator.network.fetch);
    servers.push(network);
    emulator.setNetworkUrl(network.url);
  }
  const root = new Hono();
  root.route(
    '/upload-post',
    createTokenServer({
      apiKey: BENCH_API_KEY,
      client: { baseUrl: `${servers[0]!.url}/api`, transport },
      identity: { sessionSecret: BENCH_SESSION_SECRET },
      rateLimit: false,
      widgetScript: widgetFileLoader(join(ROOT, 'dist/browser/upload-post-connect.min.js')),
      log: () => undefined,
    }),
  );
  root.get('/', async (c) => {
    const token = await createSessionToken({ userId: c.req.query('user') ?? 'u', secret: BENCH_SESSION_SECRET, ttl: 900 });
    return c.html(`<!doctype html><html lang="en"><meta charset="utf-8"><title>bench</title>
<script src="/upload-post/widget.js"></script>
<upload-post-connect endpoint="/upload-post" session-token="${token}" platforms="tiktok,instagram"></upload-post-connect>`);
  });
  const site = await serveOnLoopback(root.fetch);
  servers.push(site);
  return {
    site: site.url,
    close: async () => {
      await Promise.all(servers.map((server) => server.close()));
      await transport.close();
    },
  };
}

/** One person linking TikTok; answers return page committed → handle shown, in ms. */
async function oneReturn(browser: Browser, stack: Stack, user: string): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${stack.site}/?user=${user}`);
    const element = page.locator('upload-post-connect');
    const connect = element.getByRole('button', { name: 'Connect TikTok' });
    await connect.waitFor();
    const [popup] = await Promise.all([page.waitForEvent('popup'), connect.click()]);
    await popup.waitForURL(/\/connect\/s\//);
    await popup.getByRole('link', { name: 'Connect TikTok' }).click();
    await popup.getByLabel('TikTok username').fill(`${user}.handle`);
    await popup.getByLabel('Display name').fill(user);
    await popup.getByRole('button', { name: 'Allow' }).click();
    await popup.waitForURL(/\/connect\/s\/[\w-]+$/);
    let committedAt = 0;
    const committed = popup.waitForEvent('framenavigated', (frame) => {
      const isDone = frame === popup.mainFrame() && frame.url().includes('/upload-post/done');
      if (isDone) committedAt = Date.now();
      return isDone;
    });
    await popup.locator('a[href*="/upload-post/done"]').click();
    await committed;
    await element.getByText(`@${user}.handle`).waitFor({ timeout: 15_000 });
    return Date.now() - committedAt;
  } finally {
    await context.close();
  }
}

export async function run(): Promise<Section> {
  const browser = await launchChromium();
  const samples: Record<'hop' | 'direct', number[]> = { hop: [], direct: [] };
  try {
    const stacks = { hop: await startStack(true), direct: await startStack(false) };
    try {
      // Interleaved, so that a busy moment of the machine weighs on both paths alike.
      for (let index = 0; index < REPETITIONS; index++) {
        for (const path of ['direct', 'hop'] as const) samples[path].push(await oneReturn(browser, stacks[path], `${path}${index}`));
      }
    } finally {
      await Promise.all([stacks.hop.close(), stacks.direct.close()]);
    }
  } finally {
    await browser.close();
  }
  const p50 = (path: 'hop' | 'direct') => quantile(samples[path], 0.5);
  const p90 = (path: 'hop' | 'direct') => quantile(samples[path], 0.9);
  const checks: Check[] = [
    {
      name: 'return page → account shown, through the COOP hop (p90)',
      ok: p90('hop') <= TARGET_P90_MS,
      detail: `${ms(p90('hop'), 0)} (target ≤ ${ms(TARGET_P90_MS, 0)}); without the hop ${ms(p90('direct'), 0)}`,
    },
  ];
  const markdown = [
    `Return page (\`/done\`) committed in the connect window → the linked account shown in the element, ${REPETITIONS} people per path, interleaved.`,
    'Through the hop the popup is severed and the element learns of the end from its connect session; without it, from the return page’s message.',
    '',
    table(
      ['path', 'p50', 'p90', 'p50 vs without the hop'],
      [
        ['without the hop (return page posts to the opener)', ms(p50('direct'), 0), ms(p90('direct'), 0), ratio(1)],
        ['through the COOP hop (connect session)', ms(p50('hop'), 0), ms(p90('hop'), 0), ratio(p50('hop') / p50('direct'))],
      ],
    ),
  ].join('\n');
  return { title: 'Return page loaded → account shown', markdown, checks };
}
