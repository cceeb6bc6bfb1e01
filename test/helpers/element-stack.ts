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
  /** `false`: the page gives the element no session token, so it reads with the page's cookies. */
  sessionTokenAttribute?: boolean;
  /** More of the page's head, before the script tag, given the page's session token and query. */
  head?: (token: string, query: (name: string) => string | undefined) => string | Promise<string>;
}

/** A request the token server was sent (its query and Authorization header kept as seen). */
export interface SeenRequest {
  method: string;
  /** The path under the token server's mount, e.g. `/accounts`. */
  path: string;
  query: URLSearchParams;
  authorization?: string;
}

export interface ElementStack {
  emulator: Emulator;
  /** The key the emulator takes (`Authorization: Apikey …`). */
  apiKey: string;
  /** The emulator's base URL (its API under `/api`, its admin routes under `/__emulator`). */
  emulatorUrl: string;
  /** The customer's site: `${site}/?user=alice` is the page with the element. */
  site: string;
  /** Every request the token server was sent, in order. */
  requests: SeenRequest[];
  /** A session token for `user`, as the page's backend makes them. */
  sessionToken(user: string): Promise<string>;
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
  const sessionToken = (user: string) => createSessionToken({ userId: user, secret: sessionSecret, ttl: 900 });
  const root = new Hono();
  const requests: SeenRequest[] = [];
  root.use('/upload-post/*', async (c, next) => {
    const url = new URL(c.req.url);
    const authorization = c.req.header('Authorization');
    requests.push({
      method: c.req.method,
      path: url.pathname.slice('/upload-post'.length),
      query: url.searchParams,
      ...(authorization ? { authorization } : {}),
    });
    await next();
  });
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
  // Chromium asks for it after the load, and logs a 404 as a console error the tests would catch.
  root.get('/favicon.ico', (c) => c.body(null, 204));
  // The script tag alone, on a page without the element.
  root.get('/script-only', (c) =>
    c.html('<!doctype html><html lang="en"><meta charset="utf-8"><title>Elsewhere</title><script src="/upload-post/widget.js"></script>'),
  );
  root.get('/', async (c) => {
    const token = await sessionToken(c.req.query('user') ?? 'alice');
    const query = (name: string) => c.req.query(name);
    const attributes = options.attributes?.(query) ?? '';
    return c.html(`<!doctype html><html lang="en"><meta charset="utf-8"><title>Settings</title>
${(await options.head?.(token, query)) ?? ''}
<script src="/upload-post/widget.js"></script>
<upload-post-connect endpoint="/upload-post" ${options.sessionTokenAttribute === false ? '' : `session-token="${token}"`} ${attributes}></upload-post-connect>`);
  });
  const siteServer = await serveOnLoopback(root.fetch);
  const browser = await launchChromium();
  return {
    emulator,
    apiKey,
    emulatorUrl: emulatorServer.url,
    site: siteServer.url,
    requests,
    sessionToken,
    browser,
    close: async () => {
      await browser.close();
      await transport.close();
      await siteServer.close();
      await emulatorServer.close();
    },
  };
}
