/**
 * The stack the element's end-to-end tests stand on: the emulator on a port of its own, the real
 * token server (session tokens, the built script bundle) mounted on the customer's site, a page of
 * that site with the script tag and the element for `?user=`, and Chromium.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { Browser } from 'playwright-core';
import { createEmulator, type Emulator } from '../../emulator/app.ts';
import { createTokenServer } from '../../token-server/app.ts';
import { createSessionToken } from '../../token-server/identity/session-token.ts';
import { widgetFileLoader } from '../../token-server/node/widget-file.ts';
import type { TokenServerOptions } from '../../token-server/options.ts';
import { createUndiciTransport } from '../../upload-post/undici-transport.ts';
import { launchChromium } from './chromium.ts';
import { serveOnLoopback } from './loopback.ts';

const BUNDLE = new URL('../../dist/browser/upload-post-connect.min.js', import.meta.url);

export interface ElementStackOptions {
  /** Names the keys and secrets, so that a failure's log says which test it was. */
  name: string;
  /** Options of the token server besides the key, client, identity and script. */
  tokenServer?: Partial<TokenServerOptions>;
  /** The client's timeout and retries. */
  client?: { timeoutMs?: number; retries?: number };
  /** The element's other attributes on the page, from the page's query. */
  attributes?: (query: (name: string) => string | undefined) => string;
}

export interface ElementStack {
  emulator: Emulator;
  /** The key the emulator takes (`Authorization: Apikey …`). */
  apiKey: string;
  /** The emulator's base URL (its API under `/api`, its admin routes under `/__emulator`). */
  emulatorUrl: string;
  /** The customer's site: `${site}/?user=alice` is the page with the element. */
  site: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startElementStack(options: ElementStackOptions): Promise<ElementStack> {
  // Never skipped: without the build these tests would check nothing.
  assert.ok(existsSync(BUNDLE), 'dist/browser/upload-post-connect.min.js is not built: run npm run build');
  const apiKey = `${options.name}-api-key-5b7d9f1a3c`;
  const sessionSecret = `${options.name}-session-secret-0123456789abcdef`;
  const emulator = createEmulator({ apiKey });
  const transport = createUndiciTransport({ connections: 8 });
  const emulatorServer = await serveOnLoopback(emulator.app.fetch);
  const root = new Hono();
  root.route(
    '/upload-post',
    createTokenServer({
      apiKey,
      client: { baseUrl: `${emulatorServer.url}/api`, transport, ...options.client },
      identity: { sessionSecret },
      widgetScript: widgetFileLoader(fileURLToPath(BUNDLE)),
      log: () => undefined,
      ...options.tokenServer,
    }),
  );
  root.get('/', async (c) => {
    const token = await createSessionToken({ userId: c.req.query('user') ?? 'alice', secret: sessionSecret, ttl: 900 });
    const attributes = options.attributes?.((name) => c.req.query(name)) ?? '';
    return c.html(`<!doctype html><html lang="en"><meta charset="utf-8"><title>Settings</title>
<script src="/upload-post/widget.js"></script>
<upload-post-connect endpoint="/upload-post" session-token="${token}" ${attributes}></upload-post-connect>`);
  });
  const siteServer = await serveOnLoopback(root.fetch);
  const browser = await launchChromium();
  return {
    emulator,
    apiKey,
    emulatorUrl: emulatorServer.url,
    site: siteServer.url,
    browser,
    close: async () => {
      await browser.close();
      await transport.close();
      await siteServer.close();
      await emulatorServer.close();
    },
  };
}
