/**
 * Click to connect page, in Chromium (playwright-core, Debian's chromium): a page with the
 * script-tag element, the token server (undici transport, default cache) and the emulator with a
 * fixed added upstream latency, each server in its own process.
 *
 * Per click on "Manage accounts" it measures, in the page's own clock: click → `window.open`
 * (the popup must exist inside the click, before any network request — checked with a
 * `window.open` wrapper, a `fetch` wrapper, resource timing and `page.on('request')`), click → the
 * popup starting its navigation to the minted link, click → the connect page (`/connect/s/…`)
 * loaded. Baseline, same run: a plain button opening a link minted beforehand — the connect page
 * alone, without the token server and the mint.
 *
 * Round trips are counted at both ends: requests the page sends to the token server
 * (`page.on('request')`), requests the token server receives (preflights included), and calls
 * the emulator's API receives (the upstream).
 */
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createSessionToken } from '../token-server/identity/session-token.ts';
import {
  BENCH_SESSION_SECRET,
  BenchFailure,
  median,
  ms,
  quantile,
  ratio,
  ROOT,
  setUpstreamLatency,
  startAll,
  startChild,
  table,
  type ChildServer,
  type Check,
  type Section,
} from './lib.ts';

const REPETITIONS = 10;
const UPSTREAM_LATENCY_MS = 50;
const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const USER = 'u0';

/** Runs in the page (and in popups) before any of its scripts. */
const INSTRUMENT = () => {
  const bench = { events: [] as { type: string; t: number; url?: string }[], next: '' };
  (window as unknown as { __bench: typeof bench }).__bench = bench;
  const open = window.open.bind(window);
  window.open = function (...args: Parameters<typeof window.open>) {
    const t = performance.now();
    const opened = open(...args);
    bench.events.push({ type: opened ? 'open' : 'open-blocked', t });
    return opened;
  };
  const fetch = window.fetch.bind(window);
  window.fetch = function (input: RequestInfo | URL, init?: RequestInit) {
    bench.events.push({ type: 'fetch', t: performance.now(), url: String(input instanceof Request ? input.url : input) });
    return fetch(input, init);
  };
  document.addEventListener('click', () => bench.events.push({ type: 'click', t: performance.now() }), true);
};

interface Sample {
  clickToOpen: number;
  clickToNavigation: number;
  clickToLoaded: number;
  /** Network activity of the page that started before `window.open` (must be none). */
  requestsBeforeOpen: number;
  pageRequestsToTokenServer: number;
  tokenServerRequests: number;
  tokenServerLog: string[];
  upstreamCalls: number;
}

function pageHtml(endpoint: string, token: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bench</title>
<script src="/upload-post-connect.min.js"></script></head>
<body>
<upload-post-connect endpoint="${endpoint}" session-token="${token}"></upload-post-connect>
<button id="baseline-replace">baseline: open empty, then go</button>
<button id="baseline-open">baseline: open the URL</button>
<script>
// What the element does, with the link already in hand: the difference is the token server and the mint.
document.getElementById('baseline-replace').addEventListener('click', () => {
  const target = window.open('', 'baseline', 'popup,width=500,height=720');
  target.location.replace(window.__bench.next);
});
// The naive way: the window is created and navigated in one step.
document.getElementById('baseline-open').addEventListener('click', () => {
  window.open(window.__bench.next, 'baseline', 'popup,width=500,height=720');
});
</script>
</body></html>`;
}

function servePage(html: () => string): Promise<Server> {
  const browserDir = join(ROOT, 'dist/browser');
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return res.end(html());
    }
    const file = /^\/(upload-post-connect\.min(?:\.[a-z]{2})?\.js)$/.exec(path)?.[1];
    if (file) {
      try {
        const body = readFileSync(join(browserDir, file));
        res.writeHead(200, { 'Content-Type': 'text/javascript' });
        return res.end(body);
      } catch {
        /* answered 404 below */
      }
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** One click and its popup, measured; the popup is closed again before returning. */
async function clickOnce(
  page: Page,
  click: () => Promise<void>,
  urlPattern: RegExp,
  tokenServer: ChildServer,
  emulator: ChildServer,
  tokenServerOrigin: string,
): Promise<Sample> {
  await page.evaluate(() => {
    (window as unknown as { __bench: { events: unknown[] } }).__bench.events = [];
    performance.clearResourceTimings();
  });
  const pageRequests: string[] = [];
  const onRequest = (request: { url(): string; frame(): { page(): Page } }) => {
    if (request.frame().page() === page) pageRequests.push(request.url());
  };
  page.on('request', onRequest);
  const [tsBefore, upBefore] = [(await tokenServer.stats()).count, (await emulator.stats()).count];

  const popupOpened = page.waitForEvent('popup');
  await click();
  const popup = await popupOpened;
  await popup.waitForURL(urlPattern, { waitUntil: 'load' });
  const loadedAt = await popup.evaluate(async () => {
    const navigation = () => performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    // loadEventEnd is written once the load handlers have returned.
    for (let i = 0; i < 50 && navigation().loadEventEnd === 0; i++) await new Promise((resolve) => setTimeout(resolve, 2));
    return { origin: performance.timeOrigin, loaded: navigation().loadEventEnd || navigation().loadEventStart };
  });
  const tsAfter = await tokenServer.stats();
  const upAfter = (await emulator.stats()).count;
  page.off('request', onRequest);

  const seen = await page.evaluate(() => ({
    origin: performance.timeOrigin,
    events: (window as unknown as { __bench: { events: { type: string; t: number; url?: string }[] } }).__bench.events,
    resources: performance.getEntriesByType('resource').map((entry) => ({ name: entry.name, start: entry.startTime })),
  }));
  const clickAt = seen.events.find((event) => event.type === 'click')?.t;
  const openAt = seen.events.find((event) => event.type === 'open')?.t;
  if (clickAt === undefined || openAt === undefined) {
    throw new BenchFailure(`No popup was opened by the click (events: ${JSON.stringify(seen.events)}).`);
  }
  const early = [
    ...seen.events.filter((event) => event.type === 'fetch' && event.t < openAt),
    ...seen.resources.filter((entry) => entry.start >= clickAt && entry.start < openAt),
  ].length;
  const absolute = (t: number) => seen.origin + t;

  await popup.close();
  return {
    clickToOpen: openAt - clickAt,
    clickToNavigation: loadedAt.origin - absolute(clickAt),
    clickToLoaded: loadedAt.origin + loadedAt.loaded - absolute(clickAt),
    requestsBeforeOpen: early,
    pageRequestsToTokenServer: pageRequests.filter((url) => url.startsWith(tokenServerOrigin)).length,
    tokenServerRequests: tsAfter.count - tsBefore,
    tokenServerLog: tsAfter.recent,
    upstreamCalls: upAfter - upBefore,
  };
}

export async function run(): Promise<Section> {
  const emulator = await startChild('emulator', { users: 1 });
  const children: ChildServer[] = [emulator];
  let browser: Browser | undefined;
  let pageServer: Server | undefined;
  try {
    let html = '';
    pageServer = await servePage(() => html);
    const pageOrigin = `http://127.0.0.1:${(pageServer.address() as { port: number }).port}`;
    const [tokenServer] = await startAll([['token-server', { upstreamUrl: emulator.url, transport: 'undici', allowedOrigins: [pageOrigin] }]]);
    children.push(tokenServer!);
    const endpoint = `${tokenServer!.url}/upload-post`;
    const token = await createSessionToken({ userId: USER, secret: BENCH_SESSION_SECRET, ttl: 3600 });
    html = pageHtml(endpoint, token);
    await setUpstreamLatency(emulator.url, UPSTREAM_LATENCY_MS);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const context = await browser.newContext();
    // tsx compiles this file with esbuild's keepNames: functions handed to the browser call a
    // `__name` helper that exists only in Node. An identity stands in for it in every page.
    await context.addInitScript({ content: 'globalThis.__name = (target) => target;' });
    await context.addInitScript(INSTRUMENT);
    const page = await context.newPage();

    // Page load: what the element costs before anyone clicks.
    const load = { ts: (await tokenServer!.stats()).count, up: (await emulator.stats()).count, page: 0 };
    const onLoadRequest = (request: { url(): string }) => {
      if (request.url().startsWith(tokenServer!.url)) load.page++;
    };
    page.on('request', onLoadRequest);
    const ready = page
      .evaluate(
        () =>
          new Promise<void>((resolve) => {
            document.addEventListener('upload-post-ready', () => resolve(), { once: true });
          }),
      )
      .catch(() => undefined);
    await page.goto(pageOrigin);
    await Promise.race([ready, page.locator('[part~="manage-button"]').waitFor()]);
    await page.locator('[part~="manage-button"]').waitFor();
    page.off('request', onLoadRequest);
    const loadCounts = { page: load.page, ts: (await tokenServer!.stats()).count - load.ts, up: (await emulator.stats()).count - load.up };

    const manage = page.locator('upload-post-connect [part~="manage-button"]');
    const ours: Sample[] = [];
    for (let i = 0; i < REPETITIONS; i++) {
      // After its popup closes the element re-reads the accounts; the next click waits for that.
      const closed = page.evaluate(
        () =>
          new Promise<void>((resolve) => {
            document.querySelector('upload-post-connect')!.addEventListener('upload-post-close', () => resolve(), { once: true });
          }),
      );
      // Should the click fail, this promise dies with the page: the click's error is the one to report.
      closed.catch(() => undefined);
      ours.push(await clickOnce(page, () => manage.click(), /\/connect\/s\//, tokenServer!, emulator, tokenServer!.url));
      await closed;
    }

    const baseline = async (button: string) => {
      const samples: Sample[] = [];
      for (let i = 0; i < REPETITIONS; i++) {
        // Links are single-use: a fresh one per click, minted before the clock starts.
        const minted = await fetch(`${endpoint}/connect-url`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: '{}',
        }).then((response) => response.json() as Promise<{ url: string }>);
        await page.evaluate((url) => {
          (window as unknown as { __bench: { next: string } }).__bench.next = url;
        }, minted.url);
        samples.push(await clickOnce(page, () => page.locator(button).click(), /\/connect\/s\//, tokenServer!, emulator, tokenServer!.url));
      }
      return samples;
    };
    const inHand = await baseline('#baseline-replace');
    const naive = await baseline('#baseline-open');
    return report(ours, inHand, naive, loadCounts);
  } finally {
    await browser?.close();
    pageServer?.close();
    await Promise.all(children.map((child) => child.stop()));
  }
}

function report(ours: Sample[], baseline: Sample[], naive: Sample[], load: { page: number; ts: number; up: number }): Section {
  type NumberKey = { [K in keyof Sample]: Sample[K] extends number ? K : never }[keyof Sample];
  const stat = (samples: Sample[], key: NumberKey) => samples.map((sample) => sample[key]);
  const row = (name: string, samples: Sample[], key: 'clickToOpen' | 'clickToNavigation' | 'clickToLoaded', digits = 1) => [
    name,
    ms(median(stat(samples, key)), digits),
    ms(quantile(stat(samples, key), 0.9), digits),
  ];
  const loaded = median(stat(ours, 'clickToLoaded'));
  const baseLoaded = median(stat(baseline, 'clickToLoaded'));
  const early = ours.reduce((sum, sample) => sum + sample.requestsBeforeOpen, 0);
  const upstream = stat(ours, 'upstreamCalls');
  const pageToServer = stat(ours, 'pageRequestsToTokenServer');
  const serverReceived = stat(ours, 'tokenServerRequests');

  const checks: Check[] = [
    {
      name: 'click: the popup exists inside the click, before any network request',
      ok: early === 0 && ours.every((sample) => sample.clickToOpen < 50),
      detail: `${early} requests before window.open over ${ours.length} clicks; click → window.open median ${ms(median(stat(ours, 'clickToOpen')), 2)}`,
    },
    {
      name: 'click: one upstream call per mint for an existing profile',
      ok: upstream.every((count) => count === 1),
      detail: `upstream calls per click: ${[...new Set(upstream)].join(', ')}`,
    },
  ];

  const markdown = [
    `${ours.length} clicks each, Chromium headless, emulator latency ${UPSTREAM_LATENCY_MS} ms added to every upstream API answer ` +
      "(the connect page itself is served without it). Times are in the page's clock (`performance.timeOrigin` + `performance.now()`, shared by the popup).",
    '',
    table(
      ['measure', 'median', 'p90'],
      [
        row('click → popup exists (`window.open` returned)', ours, 'clickToOpen', 2),
        row('click → popup starts loading the minted link (token server + 1 upstream call)', ours, 'clickToNavigation'),
        row('click → connect page `/connect/s/…` loaded', ours, 'clickToLoaded'),
        row('baseline: link in hand, opened the same way (empty window, then `location.replace`) → connect page loaded', baseline, 'clickToLoaded'),
        row('reference: link in hand, `window.open(url)` → connect page loaded', naive, 'clickToLoaded'),
      ],
    ),
    '',
    `Ours ÷ baseline, click → connect page loaded: **${ratio(loaded / baseLoaded)}** (${loaded >= baseLoaded ? '+' : '−'}${ms(Math.abs(loaded - baseLoaded))} median: ` +
      `the token server round trip and the ${UPSTREAM_LATENCY_MS} ms upstream mint). Ours ÷ \`window.open(url)\` with the link in hand: ${ratio(loaded / median(stat(naive, 'clickToLoaded')))}.`,
    '',
    '**Round trips per action** (counted, not assumed):',
    '',
    table(
      ['action', "page → token server (`page.on('request')`)", 'received by the token server (preflights included)', 'upstream API calls (at the emulator)'],
      [
        ['page load → accounts shown', load.page, load.ts, load.up],
        [
          'click → connect page (per click)',
          [...new Set(pageToServer)].join(' or '),
          [...new Set(serverReceived)].join(' or '),
          [...new Set(upstream)].join(' or '),
        ],
      ],
    ),
    '',
    `What the token server received per click: ${[...new Set(ours.map((sample) => sample.tokenServerLog.join(' + ')))].map((list) => `\`${list}\``).join('; or ')}.`,
    '',
    `Requests started before the popup opened: ${early} (fetch wrapper and resource timing both checked against the \`window.open\` timestamp). ` +
      `Clicks that cost a CORS preflight: ${ours.filter((sample) => sample.tokenServerLog.some((line) => line.startsWith('OPTIONS'))).length} of ${ours.length}, ` +
      '(the token server answers preflights with `Access-Control-Max-Age: 600`, so only the first click of a page should pay one).',
  ].join('\n');
  return { title: 'Click to connect page (Chromium)', markdown, checks };
}
