/**
 * First accounts on screen, in Chromium: navigation → the element's shadow root holding the
 * accounts (its first row in the DOM), against its floor, navigation → a bare `fetch` of the same
 * `/accounts` from an inline script of the same page (without the element) having its JSON.
 *
 * The page is the customer's, on its own origin, with the script tag of README § 1 served by the
 * token server and the `<link rel=preload>` of its first read that the README recommends; the
 * floor fetches that same URL (the token in its query: a simple request, no preflight). The
 * upstream answers 50 ms late and the read cache is off, so every page view costs the element and
 * the floor the same upstream read. Loads alternate element, floor, element without the preload, …
 * each in a fresh browser context (a first visit: nothing cached, no connection open, no preflight
 * remembered); a second series reloads in one context per page (a returning visit) and is shown too.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { SESSION_TOKEN_QUERY } from '../protocol/token-server-api.ts';
import { createSessionToken } from '../token-server/identity/session-token.ts';
import { launchChromium, newContext, scriptTag, startBrowserServers } from './browser.ts';
import { BENCH_SESSION_SECRET, BenchFailure, median, ms, quantile, ratio, table, type Check, type Section } from './lib.ts';

const LOADS = 10;
const UPSTREAM_LATENCY_MS = 50;
/** Issue #18: navigation → accounts rendered at most this many times navigation → a bare fetch of them. */
const MAX_VS_FLOOR = 1.15;

/** Runs before any script of the page: notes when the element's shadow root first holds an account. */
const WATCH_FOR_ACCOUNTS = () => {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with its element below
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init: ShadowRootInit) {
    const root = attachShadow.call(this, init);
    if (this.localName === 'upload-post-connect') {
      const observer = new MutationObserver(() => {
        if (!root.querySelector('[part~="row"], [part~="chip"]')) return;
        (window as unknown as { __accountsAt: number }).__accountsAt = performance.now();
        observer.disconnect();
      });
      observer.observe(root, { childList: true, subtree: true });
    }
    return root;
  };
};

/** The first read's URL with the token in its query, as README § 1's preload line has it. */
const firstRead = (endpoint: string, token: string) => `${endpoint}/accounts?${SESSION_TOKEN_QUERY}=${token}`;

const elementPage = (endpoint: string, token: string, preload: boolean) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bench</title>
${preload ? `<link rel="preload" as="fetch" crossorigin href="${firstRead(endpoint, token)}">` : ''}
${scriptTag(endpoint)}</head>
<body>
<upload-post-connect endpoint="${endpoint}" session-token="${token}"></upload-post-connect>
</body></html>`;

const floorPage = (endpoint: string, token: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bench</title></head>
<body>
<script>
fetch(${JSON.stringify(firstRead(endpoint, token))})
  .then((response) => response.json())
  .then(() => { window.__accountsAt = performance.now(); });
</script>
</body></html>`;

interface Load {
  /** Navigation start → accounts in the element's DOM (element) or parsed from JSON (floor). */
  accountsAt: number;
  /** When the page's `/accounts` request started and its answer ended (resource timing). */
  requestStart: number;
  responseEnd: number;
  /** When the script tag's bundle had arrived (element only). */
  scriptEnd?: number;
}

async function load(context: BrowserContext, url: string): Promise<Load> {
  const page = await context.newPage();
  try {
    await page.goto(url);
    await page.waitForFunction(() => (window as unknown as { __accountsAt?: number }).__accountsAt !== undefined, undefined, { timeout: 15_000 });
    return await page.evaluate(() => {
      const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      const accounts = resources.find((entry) => entry.name.includes('/accounts') && entry.initiatorType !== 'other');
      const script = resources.find((entry) => entry.name.includes('/widget.js'));
      return {
        accountsAt: (window as unknown as { __accountsAt: number }).__accountsAt,
        requestStart: accounts?.startTime ?? NaN,
        responseEnd: accounts?.responseEnd ?? NaN,
        ...(script ? { scriptEnd: script.responseEnd } : {}),
      };
    });
  } finally {
    await page.close();
  }
}

export async function run(): Promise<Section> {
  const servers = await startBrowserServers({ users: 1, latencyMs: UPSTREAM_LATENCY_MS, tokenServer: { cacheTtlMs: 0 } });
  let browser: Browser | undefined;
  try {
    const token = await createSessionToken({ userId: 'u0', secret: BENCH_SESSION_SECRET, ttl: 3600 });
    servers.page('/element', elementPage(servers.endpoint, token, true));
    servers.page('/element-plain', elementPage(servers.endpoint, token, false));
    servers.page('/floor', floorPage(servers.endpoint, token));
    browser = await launchChromium();
    const firstVisit = async (path: string) => {
      const context = await newContext(browser!, WATCH_FOR_ACCOUNTS);
      try {
        return await load(context, `${servers.pageOrigin}${path}`);
      } finally {
        await context.close();
      }
    };
    // One unrecorded pair warms the servers and Chromium's own caches of the machine.
    await firstVisit('/element');
    await firstVisit('/floor');
    await firstVisit('/element-plain');
    const cold = { element: [] as Load[], floor: [] as Load[], plain: [] as Load[] };
    for (let i = 0; i < LOADS; i++) {
      cold.element.push(await firstVisit('/element'));
      cold.floor.push(await firstVisit('/floor'));
      cold.plain.push(await firstVisit('/element-plain'));
    }
    const contexts = { element: await newContext(browser, WATCH_FOR_ACCOUNTS), floor: await newContext(browser, WATCH_FOR_ACCOUNTS) };
    await load(contexts.element, `${servers.pageOrigin}/element`);
    await load(contexts.floor, `${servers.pageOrigin}/floor`);
    const warm = { element: [] as Load[], floor: [] as Load[] };
    for (let i = 0; i < LOADS; i++) {
      warm.element.push(await load(contexts.element, `${servers.pageOrigin}/element`));
      warm.floor.push(await load(contexts.floor, `${servers.pageOrigin}/floor`));
    }
    return report(cold, warm);
  } finally {
    await browser?.close();
    await servers.stop();
  }
}

function report(cold: { element: Load[]; floor: Load[]; plain: Load[] }, warm: { element: Load[]; floor: Load[] }): Section {
  const at = (loads: Load[], key: keyof Load) => loads.map((item) => item[key] ?? NaN);
  const m = (loads: Load[], key: keyof Load) => median(at(loads, key));
  if ([...cold.element, ...cold.floor, ...cold.plain].some((item) => Number.isNaN(item.requestStart))) {
    throw new BenchFailure('A page view made no `/accounts` request that resource timing saw.');
  }
  const versus = m(cold.element, 'accountsAt') / m(cold.floor, 'accountsAt');
  const row = (name: string, loads: Load[]) => [
    name,
    loads[0]?.scriptEnd === undefined ? '—' : ms(m(loads, 'scriptEnd')),
    ms(m(loads, 'requestStart')),
    ms(m(loads, 'responseEnd')),
    `**${ms(m(loads, 'accountsAt'))}**`,
    ms(quantile(at(loads, 'accountsAt'), 0.9)),
  ];
  const checks: Check[] = [
    {
      name: `target: navigation → first accounts on screen ≤ ${MAX_VS_FLOOR}× navigation → a bare fetch of /accounts from an inline script (first visit, ${UPSTREAM_LATENCY_MS} ms upstream)`,
      ok: versus <= MAX_VS_FLOOR,
      detail:
        `${ratio(versus)} (${ms(m(cold.element, 'accountsAt'))} vs ${ms(m(cold.floor, 'accountsAt'))} median over ${cold.element.length} interleaved first visits; ` +
        `returning visit ${ratio(m(warm.element, 'accountsAt') / m(warm.floor, 'accountsAt'))}; ` +
        `without the preload line ${ratio(m(cold.plain, 'accountsAt') / m(cold.floor, 'accountsAt'))})`,
    },
  ];
  const markdown = [
    `${cold.element.length} page views of each kind, interleaved (element, floor, element without the preload line), Chromium headless; upstream latency ` +
      `${UPSTREAM_LATENCY_MS} ms, read cache off (every view costs one upstream read). The element's page has README § 1's script tag and the ` +
      '`<link rel="preload" as="fetch">` of its first read; the floor `fetch`es that same URL from an inline script. Times from navigation start, ' +
      "medians: when the script tag had arrived, when the page's first `/accounts` request started and its answer ended (resource timing), and when " +
      'the accounts were there (the element: its first account row in its shadow root; the floor: the JSON parsed).',
    '',
    table(
      ['page view', 'script arrived', 'first /accounts request started', 'answer ended', 'accounts there', 'p90'],
      [
        row('first visit: the element (script tag and preload line of README § 1)', cold.element),
        row('first visit: floor (inline `fetch` of the same URL, no element)', cold.floor),
        row('first visit: the element without the preload line (its own read, token in a header)', cold.plain),
        row('returning visit: the element', warm.element),
        row('returning visit: floor', warm.floor),
      ],
    ),
    '',
    `Element ÷ floor, accounts there: **${ratio(versus)}** on a first visit (+${ms(m(cold.element, 'accountsAt') - m(cold.floor, 'accountsAt'))}), ` +
      `${ratio(m(warm.element, 'accountsAt') / m(warm.floor, 'accountsAt'))} on a returning one. A first visit is a fresh browser context ` +
      '(no cache, no open connection, no remembered CORS preflight); a returning one reloads the page in the same context.',
  ].join('\n');
  return { title: 'First accounts on screen (Chromium)', markdown, checks };
}
