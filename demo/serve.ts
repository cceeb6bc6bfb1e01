/**
 * `npm start` — the demo: one page showing the three ways to integrate `<upload-post-connect>`, on
 * the same origin as the token server (`/upload-post`) and the demo's stand-in for a customer's
 * backend (`/demo/sign-in`, `/demo/session`, see `customer-backend.ts`).
 *
 * Without `UPLOAD_POST_API_KEY` the token server's embedded emulator of Upload-Post is the upstream,
 * on another port, so the connect popup is cross-origin as in production. Either way identity is
 * real: the demo signs session tokens with `UPLOAD_POST_SESSION_SECRET` (a random one per run when
 * the emulator is the upstream), exactly as a customer's backend would.
 *
 * `startDemoServer(env)` does the same in-process for the end-to-end tests and the screenshots.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { DEFAULT_HOST, DEFAULT_PORT } from '../token-server/env-options.ts';
import { MOUNT_PATH } from '../token-server/mount.ts';
import { startTokenServer } from '../token-server/node/start.ts';
import { TokenServerConfigError } from '../token-server/options.ts';
import type { LogRecord, LogSink } from '../token-server/log.ts';
import { createSessionToken } from '../token-server/identity/session-token.ts';
import { buildDemoAssets } from './build-assets.ts';
import { DEMO_USERS, mountCustomerBackend, SESSION_COOKIE, signedInUser } from './customer-backend.ts';
import { escapeHtml, fillSnippets } from './snippets.ts';

const root = new URL('..', import.meta.url).pathname;
const DEMO_DIR = join(root, 'demo');
const BUILT_DIR = join(root, 'dist/demo');
/** Profiles the demo creates on a real Upload-Post account are named so nobody mistakes them. */
const REAL_API_PROFILE_PREFIX = 'upload-post-connect-demo-';

export interface DemoServerOptions {
  /** Token-server log records (default: warnings and errors, one line each, on stderr). */
  log?: LogSink;
  /** Build missing or stale assets first (default true). */
  build?: boolean;
  /** Progress lines while building (default: none). */
  progress?: (line: string) => void;
}

export interface StartedDemo {
  /** The demo page, e.g. `http://127.0.0.1:8787/`. */
  url: string;
  /** The token server's routes, e.g. `http://127.0.0.1:8787/upload-post`. */
  tokenServerUrl: string;
  /** Set when the embedded emulator is the upstream. */
  emulatorUrl?: string;
  mode: 'upload-post' | 'emulator';
  /** Signs a session token for a user, as `/demo/session` does for the signed-in one. */
  sessionToken(userId: string): Promise<string>;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** A file under `dir`, or undefined: no `..` escapes, no dot files, only the types above. */
function fileIn(dir: string, relative: string): string | undefined {
  const path = normalize(join(dir, relative));
  if (!path.startsWith(dir + '/') || /\/\./.test(relative) || !CONTENT_TYPES[extname(path)]) return undefined;
  return existsSync(path) ? path : undefined;
}

function sendFile(c: Context, path: string): Response {
  c.header('Content-Type', CONTENT_TYPES[extname(path)]);
  // Rebuilt in place while developing: always revalidate.
  c.header('Cache-Control', 'no-cache');
  return c.body(readFileSync(path));
}

/**
 * The page's CSP is strict on purpose — no inline script or style anywhere — to prove the element
 * needs nothing more. No COOP header: `same-origin` would cut the popup off from its opener.
 */
function demoHeaders(imageOrigins: () => string): MiddlewareHandler {
  const csp = () =>
    [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      `img-src 'self' data: ${imageOrigins()}`,
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; ');
  return async (c, next) => {
    await next();
    c.res.headers.set('Content-Security-Policy', csp());
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
    c.res.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
  };
}

/** `index.html` with its snippets filled in and the signed-in user selected. */
function renderIndex(user: string, mode: StartedDemo['mode']): string {
  let html = fillSnippets(readFileSync(join(DEMO_DIR, 'index.html'), 'utf8'));
  html = html.replace(`<option value="${user}">`, `<option value="${user}" selected>`);
  const badge = mode === 'emulator' ? 'Emulator · offline' : 'Live · Upload-Post API';
  return html.replace('<!--upstream-badge-->', escapeHtml(badge)).replace('data-mode=""', `data-mode="${mode}"`);
}

function mountPages(app: Hono, mode: StartedDemo['mode'], imageOrigins: () => string): void {
  const headers = demoHeaders(imageOrigins);
  app.use('/', headers);
  app.use('/demo/*', headers);
  app.get('/', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.html(renderIndex(signedInUser(getCookie(c, SESSION_COOKIE)), mode));
  });
  app.get('/demo/*', (c) => {
    const relative = c.req.path.slice('/demo/'.length);
    // Sources the page loads as they are (HTML, CSS, the script-tag example), then the built scripts.
    const path = (/^[\w-]+\.(html|css|svg)$|^script-example\.js$/.test(relative) ? fileIn(DEMO_DIR, relative) : undefined) ?? fileIn(BUILT_DIR, relative);
    if (!path) return c.text('Not found', 404);
    return sendFile(c, path);
  });
}

/** Warnings and errors only, one readable line each: a demo's terminal is for people. */
const humanLog: LogSink = (record: LogRecord) => {
  if (record.level === 'info') return;
  const { time: _time, level, msg, ...fields } = record;
  const extra = Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : '';
  process.stderr.write(`[${level}] ${msg}${extra}\n`);
};

export async function startDemoServer(env: Record<string, string | undefined> = process.env, options: DemoServerOptions = {}): Promise<StartedDemo> {
  if (options.build ?? true) buildDemoAssets(options.progress);
  const realApi = Boolean(env.UPLOAD_POST_API_KEY?.trim());
  const serverEnv = { ...env };
  // Against the emulator the demo is its own customer backend, with a secret nobody else knows.
  if (!realApi && !serverEnv.UPLOAD_POST_SESSION_SECRET) serverEnv.UPLOAD_POST_SESSION_SECRET = randomBytes(32).toString('hex');
  if (realApi && !serverEnv.UPLOAD_POST_PROFILE_PREFIX) serverEnv.UPLOAD_POST_PROFILE_PREFIX = REAL_API_PROFILE_PREFIX;
  // A real key needs the server's public URL; the demo's is where it listens (a random port has none).
  if (realApi && !serverEnv.UPLOAD_POST_PUBLIC_URL?.trim() && serverEnv.PORT?.trim() !== '0') {
    const host = serverEnv.HOST?.trim() || DEFAULT_HOST;
    serverEnv.UPLOAD_POST_PUBLIC_URL = `http://${host.includes(':') ? `[${host}]` : host}:${serverEnv.PORT?.trim() || DEFAULT_PORT}${MOUNT_PATH}`;
  }
  const secret = serverEnv.UPLOAD_POST_SESSION_SECRET;

  const mode: StartedDemo['mode'] = realApi ? 'upload-post' : 'emulator';
  let imageOrigins = 'https:';
  const started = await startTokenServer(serverEnv, {
    log: options.log ?? humanLog,
    routes: (app) => {
      // Without a secret the token server refuses to start (with a sentence saying so) before any
      // request could arrive; these routes are only ever reached with one.
      if (secret) mountCustomerBackend(app, secret);
      // The emulator's port is only known once it listens, hence a getter.
      mountPages(app, mode, () => imageOrigins);
    },
  });
  // Avatars come from wherever the upstream says; the emulator serves its own.
  if (started.emulatorUrl) imageOrigins = started.emulatorUrl;
  return {
    url: `${started.url.slice(0, -'/upload-post'.length)}/`,
    tokenServerUrl: started.url,
    ...(started.emulatorUrl ? { emulatorUrl: started.emulatorUrl } : {}),
    mode,
    sessionToken: (userId) => createSessionToken({ userId, secret: secret!, ttl: 600 }),
    close: () => started.close(),
  };
}

async function main(): Promise<void> {
  let demo: StartedDemo;
  try {
    demo = await startDemoServer(process.env, { progress: (line) => process.stderr.write(`${line}\n`) });
  } catch (error) {
    if (error instanceof TokenServerConfigError) {
      process.stderr.write(`Cannot start the demo:\n${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const upstream =
    demo.mode === 'emulator'
      ? `the embedded Upload-Post EMULATOR at ${demo.emulatorUrl ?? '(unknown)'} (no UPLOAD_POST_API_KEY: nothing leaves this machine)`
      : `the REAL Upload-Post API — accounts you connect are really linked (profiles ${process.env.UPLOAD_POST_PROFILE_PREFIX || REAL_API_PROFILE_PREFIX}<user>)`;
  process.stdout.write(
    `\n  upload-post-connect demo  →  ${demo.url}\n\n` +
      `  Token server   ${demo.tokenServerUrl}\n` +
      `  Upstream       ${upstream}\n` +
      `  Users          ${DEMO_USERS.map((user) => user.id).join(', ')} (session tokens signed by the demo's backend)\n\n` +
      `  Ctrl-C to stop.\n\n`,
  );
  let stopping = false;
  const stop = () => {
    // A second Ctrl-C means "now".
    if (stopping) process.exit(130);
    stopping = true;
    process.stderr.write('\nStopping…\n');
    demo.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
