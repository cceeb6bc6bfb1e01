/**
 * `npm run token-server` — the token server on its own, configured by environment variables
 * (`config.ts`), serving its routes under `/upload-post`.
 *
 * With `UPLOAD_POST_API_KEY` it talks to Upload-Post and identifies users by session tokens
 * (`UPLOAD_POST_SESSION_SECRET`). Without it, it starts the embedded emulator of Upload-Post on a
 * second port — so the connect page is cross-origin, as in production — says so loudly, and lets
 * the demo page pick the user (demo identity; never available with a real key).
 *
 * This is the Node entry: sockets (`@hono/node-server`), the undici transport, the file system
 * and signals live here and in `config.ts`, never in the app itself.
 *
 * `startTokenServer(env)` does the same in-process for the demo server and tests.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { ConfigError, readConfig, type TokenServerConfig } from '../env-options.ts';
import { createTokenServer } from '../app.ts';
import { createEmulator } from '../../emulator/app.ts';
import { notFound } from '../errors.ts';
import { jsonLineSink, safeSink, type LogSink } from '../log.ts';
import type { IdentityOption } from '../options.ts';
import { UploadPostClient } from '../../upload-post/client.ts';
import { createUndiciTransport } from '../../upload-post/undici-transport.ts';
import { describeWidgetScript, type WidgetLanguage } from '../routes/widget-script.ts';

export const MOUNT_PATH = '/upload-post';
/**
 * The built script bundle: `dist/browser/` of the repository when this runs from source, or the
 * package's `dist/browser/` beside `dist/server/token-server/` when it runs from the published build.
 */
export const DEFAULT_WIDGET_FILE = [
  '../../dist/browser/upload-post-connect.min.js',
  '../../../browser/upload-post-connect.min.js',
].map((path) => fileURLToPath(new URL(path, import.meta.url))).find((file) => existsSync(file))
  ?? fileURLToPath(new URL('../../dist/browser/upload-post-connect.min.js', import.meta.url));
/** In-flight requests get this long to finish on shutdown before their sockets are cut. */
const SHUTDOWN_GRACE_MS = 10_000;

export interface StartTokenServerOptions {
  /** Where log records go (default: JSON lines on stdout). */
  log?: LogSink;
  /**
   * Extra routes on the same server, beside `/upload-post` (the demo mounts its page and its
   * "customer backend" here). Registered before the server's own `/` redirect, so they win.
   */
  routes?: (root: Hono) => void;
}

export interface StartedTokenServer {
  /** The token server's routes, e.g. `http://127.0.0.1:8787/upload-post`. */
  url: string;
  /** Set when the embedded emulator is the upstream, e.g. `http://127.0.0.1:8788`. */
  emulatorUrl?: string;
  mode: 'upload-post' | 'emulator';
  /** How users are identified: session tokens signed by your backend, or a user the page names. */
  identity: 'session-token' | 'demo';
  /** Stops accepting, lets in-flight requests finish (up to 10 s), then releases everything. */
  close(): Promise<void>;
}

function listen(fetch: (request: Request) => Response | Promise<Response>, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname: host }) as Server;
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

function urlOf(server: Server, host: string): string {
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

/** Graceful: no new connections, idle keep-alive sockets closed, busy ones allowed to finish. */
function shutdown(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    const cut = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** The bundle at `file`, and its language modules beside it (`….min.es.js`), as the build writes them. */
function widgetLoader(file: string): (language?: WidgetLanguage) => Promise<string | null> {
  return async (language) => {
    try {
      return await readFile(language ? file.replace(/\.js$/, `.${language}.js`) : file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  };
}

export async function startTokenServer(
  env: Record<string, string | undefined> = process.env,
  options: StartTokenServerOptions = {},
): Promise<StartedTokenServer> {
  const config: TokenServerConfig = readConfig(env);
  const secrets = [config.apiKey, config.sessionSecret].filter((value): value is string => Boolean(value));
  const rawLog = options.log ?? jsonLineSink;
  const log = safeSink(rawLog, secrets);
  const note = (level: 'info' | 'warn', msg: string, fields: Record<string, unknown> = {}) =>
    log({ time: new Date().toISOString(), level, msg, ...fields });

  const transport = createUndiciTransport();
  const closers: (() => Promise<void>)[] = [() => transport.close()];
  try {
    let emulatorUrl: string | undefined;
    let apiKey = config.apiKey;
    let apiUrl = config.apiUrl;
    if (!apiKey) {
      // A fresh key per run: the emulator is reachable on localhost and should not answer a
      // well-known key.
      const emulator = createEmulator({ apiKey: `emulator-${randomBytes(16).toString('hex')}` });
      const emulatorServer = await listen(emulator.app.fetch, config.emulatorPort, config.host);
      closers.unshift(() => shutdown(emulatorServer));
      emulatorUrl = urlOf(emulatorServer, config.host);
      apiKey = emulator.apiKey;
      apiUrl = `${emulatorUrl}/api`;
      secrets.push(apiKey);
    }

    const identity: IdentityOption = config.sessionSecret
      ? { sessionSecret: config.sessionSecret, ...(config.maxTokenLifetimeSeconds ? { maxTokenLifetimeSeconds: config.maxTokenLifetimeSeconds } : {}) }
      : { demo: true, defaultUser: 'demo' };
    const common = {
      identity,
      allowedOrigins: config.allowedOrigins,
      ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
      ...(config.platforms ? { platforms: config.platforms } : {}),
      ...(config.profilePrefix ? { profileName: (userId: string) => `${config.profilePrefix}${userId}` } : {}),
      linkDefaults: config.linkDefaults,
      widgetScript: widgetLoader(config.widgetFile ?? DEFAULT_WIDGET_FILE),
      log: rawLog,
      secrets,
    };
    const app = config.apiKey
      // A real key: createTokenServer builds the client and refuses a demo identity with it.
      ? createTokenServer({ ...common, apiKey: config.apiKey, apiUrl, transport, ...(config.timeoutMs ? { timeoutMs: config.timeoutMs } : {}) })
      : createTokenServer({
        ...common,
        upstream: new UploadPostClient({ apiKey, baseUrl: apiUrl, transport, ...(config.timeoutMs ? { timeoutMs: config.timeoutMs } : {}) }),
      });

    const root = new Hono();
    root.route(MOUNT_PATH, app);
    options.routes?.(root);
    root.get('/', (c) => c.redirect(`${MOUNT_PATH}/healthz`));
    root.notFound(notFound as never);
    const server = await listen(root.fetch, config.port, config.host);
    closers.unshift(() => shutdown(server));
    const url = `${urlOf(server, config.host)}${MOUNT_PATH}`;

    if (emulatorUrl) {
      const who = 'sessionSecret' in identity
        ? 'users are identified by session tokens signed with UPLOAD_POST_SESSION_SECRET'
        : 'the page picks the user (demo identity)';
      note('warn', `No UPLOAD_POST_API_KEY: the embedded Upload-Post EMULATOR at ${emulatorUrl} is the upstream and ${who}. Nothing reaches Upload-Post.`, { emulatorUrl });
    }
    const widget = await common.widgetScript().catch(() => null);
    if (widget) {
      const { integrity, version } = await describeWidgetScript(widget);
      note('info', 'widget', { src: `${url}/widget.js?v=${version}`, integrity });
    } else {
      note('warn', `No widget bundle at ${config.widgetFile ?? DEFAULT_WIDGET_FILE}: /widget.js answers 404 until \`npm run build\` has run.`);
    }

    // Last: whoever waits for this line may use the server at once.
    note('info', 'listening', {
      url,
      mode: emulatorUrl ? 'emulator' : 'upload-post',
      identity: 'sessionSecret' in identity ? 'session-token' : 'demo',
      allowedOrigins: config.allowedOrigins,
    });
    let closing: Promise<void> | undefined;
    return {
      url,
      ...(emulatorUrl ? { emulatorUrl } : {}),
      mode: emulatorUrl ? 'emulator' : 'upload-post',
      identity: 'sessionSecret' in identity ? 'session-token' : 'demo',
      close: () => (closing ??= (async () => {
        for (const close of closers) await close();
      })()),
    };
  } catch (error) {
    for (const close of closers) await close().catch(() => undefined);
    throw error;
  }
}

/** The CLI itself: for a `bin` wrapper that cannot rely on `process.argv[1]` being this file. */
export async function main(): Promise<void> {
  // Signals are handled from the first moment: a SIGTERM during start-up still shuts down cleanly.
  let started: StartedTokenServer | undefined;
  let stopping: string | undefined;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = signal;
    if (!started) return; // start-up finishes, then stops
    jsonLineSink({ time: new Date().toISOString(), level: 'info', msg: 'shutting down', signal });
    started.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  try {
    started = await startTokenServer(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Cannot start the token server:\n${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  if (started.mode === 'emulator') {
    process.stderr.write(
      `\n  ⚠  EMULATOR MODE — no UPLOAD_POST_API_KEY is set.\n` +
      `     Upstream: the embedded Upload-Post emulator at ${started.emulatorUrl}\n` +
      (started.identity === 'demo'
        ? `     Identity: demo (the page picks the user: session-token="<name>", X-Demo-User or ?demo_user=).\n`
        : `     Identity: session tokens signed with UPLOAD_POST_SESSION_SECRET.\n`) +
      `     Nothing you do here reaches Upload-Post.\n\n`,
    );
  }
  if (stopping) {
    const signal = stopping;
    stopping = undefined;
    stop(signal);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
