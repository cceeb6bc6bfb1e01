/**
 * `createWorker()` — the token server as a Workers module handler, built from the Worker's
 * bindings. `worker.ts` is the entry that uses it; this file is separate because a Worker entry
 * may export nothing but handlers (workerd reads every named export as an entrypoint).
 *
 * The bindings have the same names and rules as the CLI's environment variables (`config.ts`):
 *
 * - secrets (`wrangler secret put`): `UPLOAD_POST_API_KEY`, `UPLOAD_POST_SESSION_SECRET`;
 * - vars: `UPLOAD_POST_API_URL`, `UPLOAD_POST_ALLOWED_ORIGINS`, `UPLOAD_POST_PUBLIC_URL`,
 *   `UPLOAD_POST_PLATFORMS`, `UPLOAD_POST_PROFILE_PREFIX`, the branding (`UPLOAD_POST_LOGO_URL`,
 *   `UPLOAD_POST_CONNECT_TITLE`, …), `UPLOAD_POST_TIMEOUT_MS`, `UPLOAD_POST_MAX_TOKEN_LIFETIME`;
 * - optionally `UPLOAD_POST_WIDGET_SCRIPT`, a text binding with the script-tag bundle, which wins
 *   over the one bundled by `scripts/build-worker.mjs`.
 *
 * Users are identified by session tokens only: there is no embedded emulator and no demo identity
 * on the edge, so the API key is required. The upstream transport is the runtime's `fetch`.
 *
 * The app is built once per isolate, on its first request (bindings arrive with requests, not at
 * module load), and reused; a configuration error is logged once and answered as a 500 without
 * details, since the sentence naming the variable is for the operator, not for the internet.
 */
import { Hono } from 'hono';
import { ERROR_CODES } from '../../protocol/token-server-api.ts';
import { readConfig } from '../env-options.ts';
import { createTokenServer } from '../app.ts';
import { errorBody, notFound } from '../errors.ts';
import type { TokenServerOptions } from '../options.ts';
import { isKvNamespace, KvStore } from '../stores/kv-store.ts';

export const MOUNT_PATH = '/upload-post';

/** The bindings this Worker reads; other bindings (KV namespaces, services) are ignored. */
export interface TokenServerWorkerEnv {
  UPLOAD_POST_API_KEY?: string;
  UPLOAD_POST_SESSION_SECRET?: string;
  UPLOAD_POST_API_URL?: string;
  UPLOAD_POST_ALLOWED_ORIGINS?: string;
  UPLOAD_POST_WIDGET_SCRIPT?: string;
  [binding: string]: unknown;
}

/** The part of the Workers `ExecutionContext` this entry could use (it needs none today). */
export interface ExecutionContextLike {
  waitUntil(promise: Promise<unknown>): void;
}

export interface TokenServerWorker {
  fetch(request: Request, env: TokenServerWorkerEnv, ctx?: ExecutionContextLike): Promise<Response>;
}

export interface CreateWorkerOptions {
  /** The script-tag bundle served at `/widget.js` when no `UPLOAD_POST_WIDGET_SCRIPT` binding is set. */
  widgetScript?: string | null;
}

/**
 * Bindings → the strings `readConfig` expects. `[vars]` in `wrangler.toml` may be TOML booleans
 * or numbers (`UPLOAD_POST_SHOW_CALENDAR = true`); those are written back as text. Objects are
 * other kinds of bindings and are left out.
 */
export function stringBindings(env: Record<string, unknown>): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (typeof value === 'string') vars[name] = value;
    else if (typeof value === 'boolean' || typeof value === 'number') vars[name] = String(value);
  }
  return vars;
}

/** The app mounted under `/upload-post`, from the bindings. Throws a sentence naming what to set. */
export function createWorkerApp(env: Record<string, unknown>, options: CreateWorkerOptions = {}): Hono {
  const vars = stringBindings(env);
  const config = readConfig(vars);
  if (!config.apiKey || !config.sessionSecret) {
    throw new Error(
      'UPLOAD_POST_API_KEY and UPLOAD_POST_SESSION_SECRET must be set on the Worker (`wrangler secret put UPLOAD_POST_API_KEY`, `wrangler secret put UPLOAD_POST_SESSION_SECRET`): on the edge there is no embedded emulator and no demo identity.',
    );
  }
  const widgetScript = vars.UPLOAD_POST_WIDGET_SCRIPT || options.widgetScript || undefined;
  const tokenServerOptions: TokenServerOptions = {
    apiKey: config.apiKey,
    apiUrl: config.apiUrl,
    ...(config.timeoutMs ? { timeoutMs: config.timeoutMs } : {}),
    identity: {
      sessionSecret: config.sessionSecret,
      ...(config.maxTokenLifetimeSeconds ? { maxTokenLifetimeSeconds: config.maxTokenLifetimeSeconds } : {}),
    },
    allowedOrigins: config.allowedOrigins,
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    ...(config.platforms ? { platforms: config.platforms } : {}),
    ...(config.profilePrefix ? { profileName: (userId: string) => `${config.profilePrefix}${userId}` } : {}),
    linkDefaults: config.linkDefaults,
    ...(widgetScript ? { widgetScript } : {}),
    // A KV namespace bound as UPLOAD_POST_STATE shares the mint counters and the read cache
    // between isolates (approximately: KV is eventually consistent, see shared-state.ts).
    ...(isKvNamespace(env.UPLOAD_POST_STATE) ? { sharedStore: new KvStore(env.UPLOAD_POST_STATE) } : {}),
  };
  const root = new Hono();
  root.route(MOUNT_PATH, createTokenServer(tokenServerOptions));
  root.get('/', (c) => c.redirect(`${MOUNT_PATH}/healthz`));
  root.notFound(notFound as never);
  return root;
}

function misconfigured(): Response {
  const body = errorBody('SERVER_MISCONFIGURED', 'The token server is misconfigured. The operator will find the reason in the Worker\'s log.');
  return new Response(JSON.stringify(body), {
    status: ERROR_CODES.SERVER_MISCONFIGURED,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

/** A Worker whose app is built from the first request's bindings and then reused by the isolate. */
export function createWorker(options: CreateWorkerOptions = {}): TokenServerWorker {
  let built: { app: Hono } | { error: unknown } | undefined;
  return {
    async fetch(request, env) {
      if (!built) {
        try {
          built = { app: createWorkerApp(env, options) };
        } catch (error) {
          built = { error };
          console.error(JSON.stringify({
            time: new Date().toISOString(),
            level: 'error',
            msg: `Cannot start the token server: ${error instanceof Error ? error.message : String(error)}`,
          }));
        }
      }
      return 'app' in built ? built.app.fetch(request) : misconfigured();
    },
  };
}
