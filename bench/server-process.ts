/**
 * One server under test, in its own process (forked by `lib.ts` `startChild`):
 *
 *   emulator       the Upload-Post emulator, profiles u0…u(N-1) seeded, counting its API calls
 *   token-server   createTokenServer under /upload-post, session-token identity, fetch or undici transport
 *   bare-proxy     a bare node:http handler making the same upstream call with undici: the floor
 *                  of what any proxy in Node can cost
 *   hono-proxy     the same proxy as a two-route Hono app on @hono/node-server: the floor of any
 *                  Hono app here, before the token server's own work
 *
 * It listens on 127.0.0.1:0, reports its URL over IPC and answers `stats` (requests counted, RSS,
 * CPU time used).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { Agent, request } from 'undici';
import { createEmulator } from '../emulator/app.ts';
import { createTokenServer } from '../token-server/app.ts';
import { stdoutJsonLineSink } from '../token-server/node/stdout-sink.ts';
import { widgetFileLoader } from '../token-server/node/widget-file.ts';
import { createUndiciTransport } from '../upload-post/undici-transport.ts';
import { BENCH_API_KEY, BENCH_SESSION_SECRET } from './lib.ts';

interface Config {
  /** emulator: profiles to seed, named u0…u(N-1). */
  users?: number;
  latencyMs?: number;
  /** token-server, bare-proxy: the emulator's base URL. */
  upstreamUrl?: string;
  transport?: 'fetch' | 'undici';
  cacheTtlMs?: number;
  allowedOrigins?: string[];
  /**
   * token-server: mints per user per minute. Default: the product's default limit. The throughput
   * bench mints thousands of links per second for 1000 users: it sets a limit they never reach, so
   * every mint is still counted and checked. `false` turns the limit off.
   */
  maxMintsPerMinute?: number | false;
  /** token-server: `false` drops log records unwritten; default: a JSON line per request on stdout, through the standalone server's sink. */
  log?: boolean;
  /** token-server: turns live accounts on (`webhookSecret`: the webhook route and `/events`). */
  webhookSecret?: string;
  /** token-server: serves this built bundle (and its modules beside it) at `/widget.js`, as the CLI does. */
  widgetFile?: string;
}

const mode = process.argv[2];
const config = JSON.parse(process.argv[3] ?? '{}') as Config;
let count = 0;
/** Method and path of the requests counted since the last `stats` (kept short: only the click bench reads it). */
let recent: string[] = [];

type FetchHandler = (request: Request, env?: unknown) => Response | Promise<Response>;

/** Counts a request before handing it on (with @hono/node-server's bindings); `counted` picks which paths count. */
function counting(fetch: FetchHandler, counted: (path: string) => boolean): FetchHandler {
  return (request, env) => {
    const path = new URL(request.url).pathname;
    if (counted(path)) {
      count++;
      if (recent.length < 100) recent.push(`${request.method} ${path}`);
    }
    return fetch(request, env);
  };
}

function listenHono(fetch: FetchHandler): Promise<Server> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(server)) as Server;
  });
}

async function emulator(): Promise<Server> {
  const users = config.users ?? 0;
  const emulated = createEmulator({ apiKey: BENCH_API_KEY, profileLimit: users + 1000, latencyMs: config.latencyMs ?? 0 });
  for (let i = 0; i < users; i++) emulated.store.createProfile(`u${i}`);
  // Only the API counts: the connect page the popup loads is not an upstream call of the token server.
  return listenHono(counting(emulated.app.fetch, (path) => path.startsWith('/api/')));
}

/** Where the proxies' upstream (the emulator's server) listens; every proxy mode needs it. */
function upstreamUrl(): string {
  if (!config.upstreamUrl) throw new Error('bench server: this mode needs upstreamUrl in its config.');
  return config.upstreamUrl;
}

async function tokenServer(): Promise<Server> {
  const transport = config.transport === 'undici' ? createUndiciTransport() : undefined;
  const app = createTokenServer({
    apiKey: BENCH_API_KEY,
    client: { baseUrl: `${upstreamUrl()}/api`, transport },
    identity: { sessionSecret: BENCH_SESSION_SECRET },
    allowedOrigins: config.allowedOrigins ?? [],
    rateLimit:
      config.maxMintsPerMinute === undefined || config.maxMintsPerMinute === false
        ? config.maxMintsPerMinute
        : { maxMints: config.maxMintsPerMinute, windowSeconds: 60 },
    cacheTtlMs: config.cacheTtlMs,
    // As the CLI logs (startTokenServer's sink); `log: false` still builds and redacts each record, only the write is skipped.
    log: config.log === false ? () => undefined : stdoutJsonLineSink(),
    webhookSecret: config.webhookSecret,
    widgetScript: config.widgetFile === undefined ? undefined : widgetFileLoader(config.widgetFile),
  });
  const root = new Hono();
  root.route('/upload-post', app);
  return listenHono(counting(root.fetch, () => true));
}

const PLATFORMS = ['tiktok', 'instagram', 'linkedin', 'youtube', 'facebook', 'x', 'threads', 'google_business', 'bluesky'];

/** The two upstream calls both proxies make, on the same pool shape as createUndiciTransport's defaults. */
function upstreamCalls() {
  const api = `${upstreamUrl()}/api/uploadposts`;
  const dispatcher = new Agent({ connections: 256, keepAliveTimeout: 10_000 });
  const headers = { Authorization: `Apikey ${BENCH_API_KEY}`, 'Content-Type': 'application/json' };
  return {
    async accounts(user: string) {
      const upstream = await request(`${api}/users/${encodeURIComponent(user)}`, { dispatcher, headers });
      const profile = (await upstream.body.json()) as { profile?: unknown };
      return { status: upstream.statusCode, body: { accounts: profile.profile } };
    },
    async connectUrl(user: string) {
      const upstream = await request(`${api}/users/generate-jwt`, {
        dispatcher,
        method: 'POST',
        headers,
        body: JSON.stringify({ username: user, platforms: PLATFORMS, redirect_url: 'http://127.0.0.1/done' }),
      });
      const jwt = (await upstream.body.json()) as { access_url?: string };
      return { status: upstream.statusCode, body: { url: jwt.access_url } };
    },
  };
}

async function bareProxy(): Promise<Server> {
  const upstream = upstreamCalls();
  const answer = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  };
  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString();
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    count++;
    const user = String(req.headers['x-user'] ?? 'u0');
    if (req.method === 'GET' && req.url?.startsWith('/accounts')) {
      const { status, body } = await upstream.accounts(user);
      answer(res, status, body);
      return;
    }
    if (req.method === 'POST' && req.url?.startsWith('/connect-url')) {
      await readBody(req);
      const { status, body } = await upstream.connectUrl(user);
      answer(res, status, body);
      return;
    }
    answer(res, 404, { error: 'not found' });
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => answer(res, 502, { error: error instanceof Error ? error.message : String(error) }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function honoProxy(): Promise<Server> {
  const upstream = upstreamCalls();
  const app = new Hono();
  const user = (c: Context) => c.req.header('x-user') ?? 'u0';
  app.get('/accounts', async (c) => {
    const { status, body } = await upstream.accounts(user(c));
    return c.json(body, status as ContentfulStatusCode);
  });
  app.post('/connect-url', async (c) => {
    await c.req.text();
    const { status, body } = await upstream.connectUrl(user(c));
    return c.json(body, status as ContentfulStatusCode);
  });
  return listenHono(counting(app.fetch, () => true));
}

const starters: Record<string, () => Promise<Server>> = { emulator, 'token-server': tokenServer, 'bare-proxy': bareProxy, 'hono-proxy': honoProxy };
const start = starters[mode ?? ''];
if (!start) {
  process.stderr.write(`Unknown bench server mode "${mode ?? ''}" (expected ${Object.keys(starters).join(', ')}).\n`);
  process.exit(2);
}
const server = await start();
const { port } = server.address() as { port: number };
process.on('message', (message: { type: string; id: number }) => {
  if (message.type === 'stats') {
    const cpu = process.cpuUsage();
    process.send!({ type: 'stats', id: message.id, count, recent, rss: process.memoryUsage().rss, cpuMicros: cpu.user + cpu.system });
    recent = [];
  }
});
const stop = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
// An orphan (the runner crashed) must not outlive the bench.
process.on('disconnect', stop);
process.send!({ type: 'listening', url: `http://127.0.0.1:${port}` });
