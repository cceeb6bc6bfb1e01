/**
 * @module `createWorker()`: the token server as a Workers module handler, configured by the Worker's
 * bindings under the CLI's variable names (`env-options.ts`; `UPLOAD_POST_WIDGET_SCRIPT` may carry
 * the bundle). Session tokens only: no emulator and no demo identity on the edge. Built on the first
 * request (bindings arrive with requests) and reused; a configuration error is logged once and
 * answered as a 500 without details. Separate from `worker.ts`, which may export only handlers.
 */
import type { ExecutionContext, Hono } from 'hono';
import { ERROR_CODES } from '../../protocol/token-server-api.ts';
import { createTokenServer } from '../app.ts';
import type { TokenServerEnv } from '../context.ts';
import { readEnvironment } from '../env-options.ts';
import { errorBody } from '../errors.ts';
import { mountTokenServer } from '../mount.ts';
import { isKvNamespace, KvStore } from '../stores/kv-store.ts';
import type { WidgetModule } from '../widget-bundle.ts';

/** The bindings this Worker reads; other bindings (KV namespaces, services) are ignored. */
export interface TokenServerWorkerEnv {
  UPLOAD_POST_API_KEY?: string;
  UPLOAD_POST_SESSION_SECRET?: string;
  UPLOAD_POST_API_URL?: string;
  UPLOAD_POST_ALLOWED_ORIGINS?: string;
  UPLOAD_POST_WIDGET_SCRIPT?: string;
  [binding: string]: unknown;
}

/** The part of the Workers `ExecutionContext` this entry uses: a webhook's re-read and forward outlive its answer. */
export interface ExecutionContextLike {
  waitUntil(promise: Promise<unknown>): void;
}

export interface TokenServerWorker {
  fetch(request: Request, env: TokenServerWorkerEnv, ctx?: ExecutionContextLike): Promise<Response>;
}

export interface CreateWorkerOptions {
  /**
   * The script-tag bundle (under `''`) and its modules (under their names), served at `/widget.js`
   * and `/widget.<module>.js`; an `UPLOAD_POST_WIDGET_SCRIPT` binding replaces the bundle.
   */
  widgetFiles?: Readonly<Record<string, string>> | null;
}

/**
 * Bindings → the strings `readEnvironment` expects. `[vars]` in `wrangler.toml` may be TOML booleans
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
export function createWorkerApp(env: Record<string, unknown>, options: CreateWorkerOptions = {}): Hono<TokenServerEnv> {
  const vars = stringBindings(env);
  const config = readEnvironment(vars);
  const { apiKey, baseUrl, timeoutMs } = config.upstream;
  if (!apiKey || !config.identity) {
    throw new Error(
      'UPLOAD_POST_API_KEY and UPLOAD_POST_SESSION_SECRET must be set on the Worker (`wrangler secret put UPLOAD_POST_API_KEY`, `wrangler secret put UPLOAD_POST_SESSION_SECRET`): on the edge there is no embedded emulator and no demo identity.',
    );
  }
  const files = { ...options.widgetFiles };
  if (vars.UPLOAD_POST_WIDGET_SCRIPT) files[''] = vars.UPLOAD_POST_WIDGET_SCRIPT;
  const widgetScript = files[''] ? (module?: WidgetModule) => files[module ?? ''] : undefined;
  return mountTokenServer(
    createTokenServer({
      ...config.options,
      apiKey,
      client: { baseUrl, timeoutMs },
      identity: config.identity,
      widgetScript,
      // A KV namespace bound as UPLOAD_POST_STATE shares the mint counters and the read cache
      // between isolates (approximately: KV is eventually consistent, see stores/kv-store.ts).
      sharedStore: isKvNamespace(env.UPLOAD_POST_STATE) ? new KvStore(env.UPLOAD_POST_STATE) : undefined,
      // Webhooks in and forwards out work per request; event streams would hear only of changes
      // their own isolate learnt (a fan-out across isolates needs a Durable Object), so none are
      // offered and elements keep reading /accounts.
      events: false,
    }),
  );
}

function misconfigured(): Response {
  const body = errorBody('SERVER_MISCONFIGURED', "The token server is misconfigured. The operator will find the reason in the Worker's log.");
  return new Response(JSON.stringify(body), {
    status: ERROR_CODES.SERVER_MISCONFIGURED,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

/** A Worker whose app is built from the first request's bindings and then reused by the isolate. */
export function createWorker(options: CreateWorkerOptions = {}): TokenServerWorker {
  let built: { app: Hono<TokenServerEnv> } | { error: unknown } | undefined;
  return {
    async fetch(request, env, ctx) {
      if (!built) {
        try {
          built = { app: createWorkerApp(env, options) };
        } catch (error) {
          built = { error };
          console.error(
            JSON.stringify({
              time: new Date().toISOString(),
              level: 'error',
              msg: `Cannot start the token server: ${error instanceof Error ? error.message : String(error)}`,
            }),
          );
        }
      }
      // Only `waitUntil` is used (live/background.ts): a context with just that is enough.
      return 'app' in built ? built.app.fetch(request, env, ctx as ExecutionContext | undefined) : misconfigured();
    },
  };
}
