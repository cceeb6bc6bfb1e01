/**
 * @module `createTokenServer(options)`: the Hono app between `<upload-post-connect>` and Upload-Post.
 * This file only wires: options → services → middleware → routes (each route in `routes/`).
 *
 * Pure: no sockets, no files, no Node API. It runs wherever `fetch` does, and tests drive it with
 * `app.request()`.
 */
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import type { TokenServerEnv } from './context.ts';
import { notFound, onError } from './errors.ts';
import { createIdentify } from './identity/identify.ts';
import { createLiveAccounts } from './live/live-accounts.ts';
import { jsonLineSink, safeSink } from './log.ts';
import { chain } from './middleware/chain.ts';
import { corsDiagnostics } from './middleware/cors-diagnostics.ts';
import { requestLogger } from './middleware/request-log.ts';
import { defaultSecureHeaders } from './middleware/secure-headers.ts';
import { userRouteGuards } from './middleware/user-route-guards.ts';
import { resolveOptions, type TokenServerOptions } from './options.ts';
import { createOrigins } from './origins.ts';
import { accountsRoute } from './routes/accounts.ts';
import { connectSessionRoute } from './routes/connect-session.ts';
import { connectUrlRoute } from './routes/connect-url.ts';
import { doneRoute, doneSecureHeaders } from './routes/done.ts';
import { eventsRoute } from './routes/events.ts';
import { facebookPagesRoute } from './routes/facebook-pages.ts';
import { healthzRoute } from './routes/healthz.ts';
import { originCheckRoute } from './routes/origin-check.ts';
import { upstreamWebhookRoute, WEBHOOK_PATH, webhookBodyLimit } from './routes/webhooks.ts';
import { addWidgetScriptRoutes } from './routes/widget-script.ts';
import { createConnectSessions } from './stores/connect-sessions.ts';
import { reportStoreFailures } from './stores/failure-report.ts';
import { FreshReadBudget } from './stores/fresh-read-budget.ts';
import { DEFAULT_STORE_COOL_OFF_MS, guardStore } from './stores/guarded-store.ts';
import { MemoryStore } from './stores/memory-store.ts';
import { MintRateLimiter } from './stores/rate-limiter.ts';
import { ReadCoalescer } from './stores/read-coalescer.ts';
import { createUpstreamReads } from './upstream/reads.ts';
import { widgetScriptLoader } from './widget-bundle.ts';

export type TokenServerApp = Hono<TokenServerEnv>;

/** The routes that act for a user: CORS allow-list, origin check, CSRF, body limit. */
const USER_ROUTES = ['/accounts', '/connect-url', '/connect-sessions/*', '/facebook/pages', '/events'] as const;

export function createTokenServer(input: TokenServerOptions): TokenServerApp {
  const options = resolveOptions(input);
  const { upstream, now } = options;
  const demo = 'demo' in options.identity;
  const log = safeSink(options.log ?? jsonLineSink, options.secrets);
  // A remote store gets a deadline and a cool-off: its outage costs requests a cache miss (reads)
  // or a 503 (mints, by default), never a hang; the operator hears of it.
  const store = options.sharedStore
    ? guardStore(options.sharedStore, {
        timeoutMs: options.storeTimeoutMs,
        coolOffMs: DEFAULT_STORE_COOL_OFF_MS,
        now,
        onFailure: reportStoreFailures(log, now),
      })
    : new MemoryStore({ now });
  const storeRetryAfterSeconds = () => Math.ceil(('coolingOffFor' in store ? store.coolingOffFor() : 0) / 1000);
  const live = createLiveAccounts(options, { store, log });
  const reads = createUpstreamReads(
    live ? live.observe(upstream) : upstream,
    new ReadCoalescer(options.cacheTtlMs, now, { store }),
    new FreshReadBudget(options.freshReadsPerMinute, now),
  );
  live?.readThrough(reads);
  const limiter = options.rateLimit ? new MintRateLimiter({ ...options.rateLimit, store, now, storeRetryAfterSeconds }) : undefined;
  const origins = createOrigins(options.allowedOrigins, options.publicUrl);
  const identify = createIdentify(options);
  const sessions = createConnectSessions(store);

  const app = new Hono<TokenServerEnv>();
  app.onError(onError);
  app.notFound(notFound);
  app.use(
    '*',
    chain(
      onError,
      requestId({ limitLength: 64 }),
      requestLogger(log, now),
      defaultSecureHeaders,
      corsDiagnostics({ isAllowedOrigin: origins.isAllowed, exposeHeaders: ['X-Request-Id', 'Retry-After'] }),
      // Acts after every route: in the chain rather than registered on its own, which costs a layer.
      ...(live ? [live.keepWorkAlive] : []),
    ),
  );
  const guards = userRouteGuards({
    isAllowedOrigin: origins.isAllowed,
    allowCredentials: options.allowCredentials,
    bodyLimitBytes: options.bodyLimitBytes,
    demo,
  });
  for (const path of USER_ROUTES) app.use(path, guards);

  const streams = live?.hub && options.events ? { hub: live.hub, retryMs: options.events.retryMs } : undefined;
  app.get('/accounts', accountsRoute({ identify, reads, platforms: options.platforms, events: streams !== undefined, demo }));
  app.post('/connect-url', connectUrlRoute({ ...options, identify, origins, reads, limiter, demo, log, sessions }));
  app.get('/connect-sessions/:id', connectSessionRoute({ identify, sessions, demo }));
  app.get('/facebook/pages', facebookPagesRoute({ identify, reads, demo }));
  app.get('/done', doneSecureHeaders, doneRoute(origins.isAllowed, sessions));
  if (live) {
    const { secret, watch, isOurs } = live;
    app.post(WEBHOOK_PATH, webhookBodyLimit(options.bodyLimitBytes), upstreamWebhookRoute({ secret, watch, isOurs, log, now }));
    if (streams) app.get('/events', eventsRoute({ identify, reads, ...streams, platforms: options.platforms, demo }));
  }
  addWidgetScriptRoutes(app, widgetScriptLoader(options.widgetScript));
  app.get('/healthz', healthzRoute());
  app.get('/origin-check', originCheckRoute({ origins, allowCredentials: options.allowCredentials }));
  // Mounted with `app.route()`, the parent's notFound would answer unknown paths under the mount
  // point; this keeps them in our shape.
  app.all('*', notFound);
  return app;
}
