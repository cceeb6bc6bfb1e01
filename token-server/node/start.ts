/**
 * @module `startTokenServer(env)`: the standalone token server in this process, configured by the
 * environment (`env-options.ts`), on Node sockets with undici's transport.
 *
 * With `UPLOAD_POST_API_KEY` it talks to Upload-Post, identifies users by session tokens and needs
 * `UPLOAD_POST_PUBLIC_URL` (its own origin is never taken from a Host header). Without
 * it, it starts the embedded emulator on a second port (so the connect page is cross-origin, as in
 * production), says so loudly, and lets the page name a demo user.
 */
import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import { createEmulator } from '../../emulator/app.ts';
import { UploadPostClient } from '../../upload-post/index.ts';
import { createUndiciTransport } from '../../upload-post/undici-transport.ts';
import { createTokenServer } from '../app.ts';
import { readEnvironment } from '../env-options.ts';
import { safeSink, type LogSink } from '../log.ts';
import { MOUNT_PATH, mountTokenServer } from '../mount.ts';
import { TokenServerConfigError, type IdentityOption } from '../options.ts';
import { describeWidgetScript } from '../widget-bundle.ts';
import { listen, SHUTDOWN_GRACE_MS, shutdown, urlOf } from './listen.ts';
import { stdoutJsonLineSink } from './stdout-sink.ts';
import { DEFAULT_WIDGET_FILE, widgetFileLoader } from './widget-file.ts';

export interface StartTokenServerOptions {
  /** Where log records go (default: JSON lines on stdout, written once per event-loop turn). */
  log?: LogSink;
  /** Extra routes on the same server, beside `/upload-post` (the demo mounts its page and its "customer backend" here). */
  routes?: (site: Hono) => void;
  /** How long `close()` lets in-flight requests finish before it cuts them; it returns within this (default 10 000 ms). */
  shutdownGraceMs?: number;
}

export interface StartedTokenServer {
  /** The token server's routes, e.g. `http://127.0.0.1:8787/upload-post`. */
  url: string;
  /** Set when the embedded emulator is the upstream, e.g. `http://127.0.0.1:8788`. */
  emulatorUrl?: string;
  mode: 'upload-post' | 'emulator';
  /** How users are identified: session tokens signed by your backend, or a user the page names. */
  identity: 'session-token' | 'demo';
  /**
   * Stops accepting, lets in-flight requests finish within the grace period (10 s by default), then
   * cuts whatever still runs, calls to Upload-Post included, and releases everything: it returns
   * within the grace period.
   */
  close(): Promise<void>;
}

export async function startTokenServer(
  env: Record<string, string | undefined> = process.env,
  options: StartTokenServerOptions = {},
): Promise<StartedTokenServer> {
  const config = readEnvironment(env);
  if (config.upstream.apiKey && !config.options.publicUrl) {
    // Without it the app would take its own origin (always allowed, and where /done lives) from each
    // request's Host header, which a proxy passes on and a DNS-rebinding page chooses.
    throw new TokenServerConfigError(
      "UPLOAD_POST_PUBLIC_URL is required when UPLOAD_POST_API_KEY is set: set it to the URL browsers reach this server at, /upload-post included (e.g. https://tokens.example.com/upload-post), so that no Host header decides what the server's own origin is.",
    );
  }
  const secrets = [config.upstream.apiKey, config.identity?.sessionSecret].filter((value): value is string => Boolean(value));
  const rawLog = options.log ?? stdoutJsonLineSink();
  const log = safeSink(rawLog, secrets);
  const note = (level: 'info' | 'warn', msg: string, fields: Record<string, unknown> = {}) => log({ time: new Date().toISOString(), level, msg, ...fields });

  const transport = createUndiciTransport();
  const shutdownGraceMs = options.shutdownGraceMs ?? SHUTDOWN_GRACE_MS;
  // Each step is given what is left of one grace period. Last, the pool to Upload-Post is destroyed,
  // not closed: closing would wait for calls of requests already cut, past the grace.
  const closers: ((remainingMs: number) => Promise<void>)[] = [() => transport.destroy()];
  try {
    const { listen: where } = config;
    let emulatorUrl: string | undefined;
    let upstream = config.upstream;
    if (!upstream.apiKey) {
      // A fresh key per run: the emulator is reachable on localhost and should not answer a well-known key.
      const emulator = createEmulator({ apiKey: `emulator-${randomBytes(16).toString('hex')}` });
      const emulatorServer = await listen(emulator.app.fetch, where.emulatorPort, where.host);
      closers.unshift((remainingMs) => shutdown(emulatorServer, remainingMs));
      emulatorUrl = urlOf(emulatorServer, where.host);
      // The consent screens on an origin of their own, as a real network's are (and severing the popup as theirs do).
      const networkServer = await listen(emulator.network.fetch, where.emulatorPort === 0 ? 0 : where.emulatorPort + 1, where.host);
      closers.unshift((remainingMs) => shutdown(networkServer, remainingMs));
      emulator.setNetworkUrl(urlOf(networkServer, where.host));
      upstream = { ...upstream, apiKey: emulator.apiKey, baseUrl: `${emulatorUrl}/api` };
      secrets.push(emulator.apiKey);
    }

    const identity: IdentityOption = config.identity ?? { demo: true, defaultUser: 'demo' };
    const widgetScript = widgetFileLoader(config.widgetFile ?? DEFAULT_WIDGET_FILE);
    // Aborted first on close: event streams end (and say so) instead of holding the shutdown's grace period.
    const stopping = new AbortController();
    const common = { ...config.options, identity, widgetScript, log: rawLog, secrets, shutdownSignal: stopping.signal };
    const client = { baseUrl: upstream.baseUrl, transport, timeoutMs: upstream.timeoutMs };
    const app = emulatorUrl
      ? createTokenServer({ ...common, upstream: new UploadPostClient({ ...client, apiKey: upstream.apiKey! }) })
      : // A real key: createTokenServer builds the client and refuses a demo identity with it.
        createTokenServer({ ...common, apiKey: upstream.apiKey, client });

    const server = await listen(mountTokenServer(app, options.routes).fetch, where.port, where.host);
    closers.unshift((remainingMs) => shutdown(server, remainingMs));
    closers.unshift(async () => stopping.abort());
    const url = `${urlOf(server, where.host)}${MOUNT_PATH}`;
    const identityKind = 'sessionSecret' in identity ? 'session-token' : 'demo';

    if (emulatorUrl) {
      const who =
        identityKind === 'session-token'
          ? 'users are identified by session tokens signed with UPLOAD_POST_SESSION_SECRET'
          : 'the page picks the user (demo identity)';
      note('warn', `No UPLOAD_POST_API_KEY: the embedded Upload-Post EMULATOR at ${emulatorUrl} is the upstream and ${who}. Nothing reaches Upload-Post.`, {
        emulatorUrl,
      });
    }
    const widget = await widgetScript().catch(() => null);
    if (widget) {
      const { integrity, version } = await describeWidgetScript(widget);
      const src = `${url}/widget.js?v=${version}`;
      // The tag to paste into the page, as it is (`tag`), and its parts.
      note('info', 'widget', { tag: `<script src="${src}" integrity="${integrity}" crossorigin="anonymous" defer></script>`, src, integrity });
    } else {
      note('warn', `No widget bundle at ${config.widgetFile ?? DEFAULT_WIDGET_FILE}: /widget.js answers 404 until \`npm run build\` has run.`);
    }

    // Last: whoever waits for this line may use the server at once.
    note('info', 'listening', { url, mode: emulatorUrl ? 'emulator' : 'upload-post', identity: identityKind, allowedOrigins: config.options.allowedOrigins });
    let closing: Promise<void> | undefined;
    return {
      url,
      ...(emulatorUrl ? { emulatorUrl } : {}),
      mode: emulatorUrl ? 'emulator' : 'upload-post',
      identity: identityKind,
      close: () =>
        (closing ??= (async () => {
          const deadline = performance.now() + shutdownGraceMs;
          for (const close of closers) await close(Math.max(0, deadline - performance.now()));
        })()),
    };
  } catch (error) {
    for (const close of closers) await close(0).catch(() => undefined);
    throw error;
  }
}
