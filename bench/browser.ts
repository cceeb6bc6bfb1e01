/**
 * What the browser benchmarks share: the emulator and the token server in processes of their own
 * (the token server serving the built script-tag bundle and its modules, as the CLI does), a page
 * server on another origin (the customer's site), and Chromium through playwright-core.
 */
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { ROOT, setUpstreamLatency, startChild, type ChildServer } from './lib.ts';

const SCRIPT_TAG_BUNDLE = join(ROOT, 'dist/browser/upload-post-connect.min.js');

/** The servers of one browser benchmark; `stop()` ends them all. */
export interface BrowserServers {
  emulator: ChildServer;
  tokenServer: ChildServer;
  /** The token server's base URL, mount path included: the element's `endpoint`. */
  endpoint: string;
  /** Where the customer's pages are served from (another origin than the token server's). */
  pageOrigin: string;
  /** Serves `html` at `path` of the page origin from now on. */
  page(path: string, html: string): void;
  stop(): Promise<void>;
}

/**
 * Starts the emulator (users u0…u(users-1), `latencyMs` added to every API answer) and a token
 * server for the page origin with `tokenServer` options on top of the CLI's defaults.
 */
export async function startBrowserServers(options: { users: number; latencyMs: number; tokenServer?: Record<string, unknown> }): Promise<BrowserServers> {
  const pages = new Map<string, string>();
  const pageServer: Server = createServer((req, res) => {
    const html = pages.get(new URL(req.url ?? '/', 'http://page').pathname);
    if (html === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(html);
  });
  await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
  const pageOrigin = `http://127.0.0.1:${(pageServer.address() as { port: number }).port}`;
  const children: ChildServer[] = [];
  const stop = async () => {
    pageServer.closeAllConnections();
    pageServer.close();
    await Promise.all(children.map((child) => child.stop()));
  };
  try {
    const emulator = await startChild('emulator', { users: options.users });
    children.push(emulator);
    const tokenServer = await startChild('token-server', {
      upstreamUrl: emulator.url,
      transport: 'undici',
      allowedOrigins: [pageOrigin],
      widgetFile: SCRIPT_TAG_BUNDLE,
      ...options.tokenServer,
    });
    children.push(tokenServer);
    await setUpstreamLatency(emulator.url, options.latencyMs);
    return { emulator, tokenServer, endpoint: `${tokenServer.url}/upload-post`, pageOrigin, page: (path, html) => pages.set(path, html), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export { launchChromium } from '../test/helpers/chromium.ts';

/** A fresh context (no cache, no connections, no preflights remembered: a first visit), `scripts` run first in every page. */
export async function newContext(browser: Browser, ...scripts: (() => void)[]): Promise<BrowserContext> {
  const context = await browser.newContext();
  // tsx compiles the bench with esbuild's keepNames: functions handed to the browser call a
  // `__name` helper that exists only in Node. An identity stands in for it in every page.
  await context.addInitScript({ content: 'globalThis.__name = (target) => target;' });
  for (const script of scripts) await context.addInitScript(script);
  return context;
}

/** The script tag a customer's page carries for the token server at `endpoint` (README § 1). */
export const scriptTag = (endpoint: string) => `<script src="${endpoint}/widget.js" defer></script>`;
