/**
 * `createTokenServer(options)` — the Hono app between `<upload-post-connect>` and Upload-Post.
 *
 *   app.route('/upload-post', createTokenServer({
 *     apiKey: env.UPLOAD_POST_API_KEY,
 *     identity: { getUser: (c) => c.get('session')?.userId },
 *     allowedOrigins: ['https://app.example.com'],
 *   }));
 *
 * Pure: no sockets, no files, no Node API — it runs wherever `fetch` does (Node through
 * `@hono/node-server`, Workers, Deno, Bun) and tests drive it with `app.request()`.
 *
 * Routes (relative to the mount point): `GET /accounts`, `POST /connect-url`,
 * `GET /facebook/pages`, `GET /done`, `GET /widget.js` (and `/widget.<language>.js`), `GET /healthz`. Every failure is one
 * `ErrorBody` (see `errors.ts`); every answer carries `X-Request-Id`; every request is one log record.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { etag } from 'hono/etag';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { z } from 'zod';
import { connectUrlRequestSchema } from '../protocol/schemas.ts';
import type { AccountsResponse, ConnectUrlRequest, ConnectUrlResponse, FacebookPagesResponse } from '../protocol/token-server-api.ts';
import { toAccountsResponse } from './upstream/to-accounts.ts';
import { chain } from './middleware/chain.ts';
import { apiCors } from './middleware/cors.ts';
import { connectPageUrl, linkExpiry, mintConnectLink } from './upstream/connect-link.ts';
import { doneHandler, doneSecureHeaders } from './routes/done.ts';
import type { TokenServerEnv } from './context.ts';
import { fail, notFound, onError } from './errors.ts';
import { toFacebookPagesResponse } from './upstream/to-facebook-pages.ts';
import { createIdentify, DEMO_USER_HEADER, DEMO_USER_QUERY, type Identified } from './identity/identify.ts';
import { jsonLineSink, requestLogger, safeSink } from './log.ts';
import { resolveOptions, type TokenServerOptions } from './options.ts';
import { MintRateLimiter } from './stores/rate-limiter.ts';
import { ReadCoalescer } from './stores/read-coalescer.ts';
import { UploadPostClient } from '../upload-post/client.ts';
import { isUploadPostError } from '../upload-post/errors.ts';
import type { GenerateJwtOptions, UploadPostApi, UpstreamFacebookPage, UpstreamProfile } from '../upload-post/types.ts';
import { INTEGRITY_HEADER, WIDGET_FILES, widgetScriptHandler, widgetScriptLoader } from './routes/widget-script.ts';

export type TokenServerApp = Hono<TokenServerEnv>;

/** The routes that act for a user: CORS allow-list, origin check, CSRF, body limit. */
const USER_ROUTES = ['/accounts', '/connect-url', '/facebook/pages'] as const;

function isNotFound(error: unknown): boolean {
  return isUploadPostError(error) && error.kind === 'http' && error.status === 404;
}

/** The browser's fetch with `cache: 'no-store'` sends these; so does a developer's "hard" re-read. */
function wantsFresh(c: Context): boolean {
  const cacheControl = c.req.header('Cache-Control') ?? '';
  return /\b(no-cache|no-store|max-age=0)\b/i.test(cacheControl) || /\bno-cache\b/i.test(c.req.header('Pragma') ?? '');
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => `\`${key}\``).join(', ');
    return `Unknown field ${keys}: the body accepts only platforms, view, language and returnUrl — the user is decided by the server's identity.`;
  }
  const path = issue.path.join('.');
  return path ? `\`${path}\`: ${issue.message}.` : `The body ${issue.message.replace(/^Invalid input: /, '')}.`;
}

export function createTokenServer(options: TokenServerOptions): TokenServerApp {
  const config = resolveOptions(options);
  const upstream: UploadPostApi = 'apiKey' in config.upstream
    ? new UploadPostClient({
      apiKey: config.upstream.apiKey,
      ...(config.upstream.apiUrl ? { baseUrl: config.upstream.apiUrl } : {}),
      ...(config.upstream.transport ? { transport: config.upstream.transport } : {}),
      ...(config.upstream.timeoutMs ? { timeoutMs: config.upstream.timeoutMs } : {}),
      ...(config.upstream.retries !== undefined ? { retries: config.upstream.retries } : {}),
    })
    : config.upstream;
  const { now } = config;
  const log = safeSink(config.log ?? jsonLineSink, config.secrets);
  const identifyUser = createIdentify(config.identity, config.profileName, now);
  // A failing shared store degrades to "cache miss" and "mint allowed"; the operator hears of it.
  const shared = {
    ...(config.sharedStore ? { store: config.sharedStore } : {}),
    onStoreError: (error: unknown) => log({
      time: new Date(now()).toISOString(),
      level: 'warn',
      msg: 'shared store failed',
      error: error instanceof Error ? error.message : String(error),
    }),
  };
  const reads = new ReadCoalescer(config.cacheTtlMs, now, shared);
  const limiter = config.rateLimit ? new MintRateLimiter(config.rateLimit.maxMints, config.rateLimit.windowSeconds, now, shared) : undefined;
  const loadWidgetScript = widgetScriptLoader(config.widgetScript);
  const publicOrigin = config.publicUrl ? new URL(config.publicUrl).origin : undefined;
  const demo = config.identity.kind === 'demo';

  /** Behind a proxy the request URL may be internal: `publicUrl` says what browsers see. */
  const ownOrigin = (c: Context) => publicOrigin ?? new URL(c.req.url).origin;
  const isAllowedOrigin = (origin: string, c: Context) => config.allowedOrigins.has(origin) || origin === ownOrigin(c);
  /** This app's base URL as browsers reach it: `publicUrl`, or the request's URL minus the route. */
  const baseUrl = (c: Context, route: string) => {
    if (config.publicUrl) return config.publicUrl;
    const url = new URL(c.req.url);
    return url.origin + url.pathname.slice(0, url.pathname.length - route.length);
  };

  const identify = async (c: Context<TokenServerEnv>): Promise<Identified> => {
    const identified = await identifyUser(c);
    c.set('userId', identified.user.id);
    return identified;
  };

  /**
   * Query strings are closed: `?username=` (or anything else unknown) is refused, so nobody can
   * believe they chose the user through it.
   */
  const checkQuery = (c: Context, allowed: readonly string[]) => {
    const names = demo ? [...allowed, DEMO_USER_QUERY] : allowed;
    for (const name of Object.keys(c.req.queries())) {
      if (!names.includes(name)) {
        fail('INVALID_REQUEST', `Unknown query parameter \`${name}\`${names.length ? ` (accepted: ${names.join(', ')})` : ''}: the user is decided by the server's identity.`);
      }
    }
  };

  const readProfile = (profile: string, fresh: boolean) =>
    reads.read<UpstreamProfile | null>(profile, 'profile', async () => {
      try {
        return await upstream.getProfile(profile);
      } catch (error) {
        // No profile yet: every platform unconnected. Reading never creates one.
        if (isNotFound(error)) return null;
        throw error;
      }
    }, { fresh });

  const readFacebookPages = (profile: string, fresh: boolean) =>
    reads.read<UpstreamFacebookPage[]>(profile, 'facebook-pages', async () => {
      try {
        return await upstream.facebookPages(profile);
      } catch (error) {
        if (isNotFound(error)) return [];
        throw error;
      }
    }, { fresh });

  // ---------------------------------------------------------------------------------------------
  // Middleware
  // ---------------------------------------------------------------------------------------------

  const userRouteCors = apiCors({
    isAllowedOrigin,
    // Cache-Control: the element's re-reads say `no-cache` (see `wantsFresh`).
    allowHeaders: ['Authorization', 'Content-Type', 'Cache-Control', ...(demo ? [DEMO_USER_HEADER] : [])],
    exposeHeaders: ['X-Request-Id', 'Retry-After'],
    credentials: config.allowCredentials,
    maxAgeSeconds: 600,
  });

  /**
   * A request naming a foreign origin is refused whatever its method or content type: csrf()
   * below only looks at form-like posts, and CORS only stops a browser from *reading* the answer.
   */
  const originGuard: MiddlewareHandler<TokenServerEnv> = async (c, next) => {
    const origin = c.req.header('Origin');
    if (origin !== undefined && !isAllowedOrigin(origin, c)) {
      fail('ORIGIN_NOT_ALLOWED', 'This origin is not allowed to call the token server; add it to allowedOrigins (UPLOAD_POST_ALLOWED_ORIGINS).');
    }
    await next();
  };

  /**
   * CSRF and the body limit concern requests that carry a body and change something; a read has
   * neither, and skipping them there is a measurable share of a read's CPU (≈9 % under load).
   */
  const unsafeOnly = (middleware: MiddlewareHandler<TokenServerEnv>): MiddlewareHandler<TokenServerEnv> =>
    (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS' ? next() : middleware(c, next));

  // Form-like posts without an allowed Origin — the classic cross-site form, old browsers
  // that send no Origin — stop here.
  const csrfGuard = csrf({ origin: (origin, c) => isAllowedOrigin(origin, c) });

  const limitBody = bodyLimit({
    maxSize: config.bodyLimitBytes,
    onError: () =>
      fail('PAYLOAD_TOO_LARGE', `The request body is larger than ${config.bodyLimitBytes} bytes.`, {
        // Node's server closes the socket after refusing a body; saying so keeps clients honest.
        headers: { Connection: 'close' },
      }),
  });

  // `overwrite: false`: the routes that need other values (the done page's CSP and COOP, the
  // widget's CORP) set them first, and these defaults fill in the rest.
  const defaultSecureHeaders = secureHeaders({
    overwrite: false,
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    xFrameOptions: 'DENY',
    // Headers that only mean something on a document (or to Internet Explorer and Flash) are left
    // off the JSON answers, where each costs every request its bytes and CPU; the one HTML page
    // here, /done, sets its own full set.
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  });

  const app = new Hono<TokenServerEnv>();
  app.onError(onError);
  app.notFound(notFound);

  // Each `chain` is one registration, which is cheaper per request than several once the app is
  // mounted (see chain.ts).
  app.use('*', chain(onError, requestId({ limitLength: 64 }), requestLogger(log, now), defaultSecureHeaders));
  const userRouteGuards = chain(onError, userRouteCors, originGuard, unsafeOnly(csrfGuard), unsafeOnly(limitBody));
  for (const path of USER_ROUTES) app.use(path, userRouteGuards);

  // ---------------------------------------------------------------------------------------------
  // Routes
  // ---------------------------------------------------------------------------------------------

  app.get('/accounts', async (c) => {
    checkQuery(c, ['platforms']);
    const { profile } = await identify(c);
    let platforms = config.platforms as readonly string[];
    const asked = c.req.query('platforms');
    if (asked !== undefined) {
      const list = asked.split(',').map((item) => item.trim()).filter(Boolean);
      const unknown = list.find((platform) => !platforms.includes(platform));
      if (unknown !== undefined || list.length === 0) {
        fail('INVALID_REQUEST', `\`platforms\` must be a comma-separated subset of: ${platforms.join(', ')}.`);
      }
      platforms = platforms.filter((platform) => list.includes(platform));
    }
    const body: AccountsResponse = toAccountsResponse(await readProfile(profile, wantsFresh(c)), platforms);
    c.header('Cache-Control', 'private, no-store');
    return c.json(body);
  });

  app.post('/connect-url', async (c) => {
    checkQuery(c, []);
    const identified = await identify(c);
    const request = await readConnectUrlRequest(c);
    const platforms = request.platforms ?? config.platforms;
    const notOffered = platforms.find((platform) => !config.platforms.includes(platform));
    if (notOffered) fail('INVALID_REQUEST', `\`platforms\`: ${notOffered} is not offered by this server (it offers ${config.platforms.join(', ')}).`);

    let redirectUrl: string;
    if (request.returnUrl !== undefined) {
      if (!isAllowedOrigin(new URL(request.returnUrl).origin, c)) {
        fail('INVALID_REQUEST', '`returnUrl` must be on an allowed origin.');
      }
      redirectUrl = request.returnUrl;
    } else {
      // Popup and tab modes: our done page tells the opener, on the page's own origin.
      const done = new URL(`${baseUrl(c, '/connect-url')}/done`);
      const origin = c.req.header('Origin');
      if (origin !== undefined) done.searchParams.set('origin', origin);
      redirectUrl = done.href;
    }

    if (limiter) {
      const decision = await limiter.consume(identified.profile);
      if (!decision.allowed) {
        fail('RATE_LIMITED', `Too many connect links for this user; try again in ${decision.retryAfterSeconds} s.`, {
          headers: { 'Retry-After': String(decision.retryAfterSeconds) },
        });
      }
    }

    const policy = (await config.connectLink?.(c, identified.user, request)) ?? {};
    const jwtOptions: GenerateJwtOptions = {
      ...config.linkDefaults,
      platforms: [...platforms],
      ...(request.language ? { language: request.language } : {}),
      redirect_url: redirectUrl,
      ...policy,
      // Last, always: no option or hook chooses whose link this is.
      username: identified.profile,
    };
    // Whatever happened (a profile may have been created), the next read asks the upstream.
    const { jwt } = await mintConnectLink(upstream, jwtOptions).finally(() => reads.invalidate(identified.profile));
    const body: ConnectUrlResponse = {
      url: connectPageUrl(jwt.access_url, request.view ?? 'connect'),
      expiresAt: linkExpiry(jwt, now()).toISOString(),
    };
    c.header('Cache-Control', 'no-store');
    return c.json(body);
  });

  app.get('/facebook/pages', async (c) => {
    checkQuery(c, []);
    const { profile } = await identify(c);
    const body: FacebookPagesResponse = toFacebookPagesResponse(await readFacebookPages(profile, wantsFresh(c)), profile);
    c.header('Cache-Control', 'private, no-store');
    return c.json(body);
  });

  app.get('/done', doneSecureHeaders, doneHandler(isAllowedOrigin));

  // One static route per file, not one `/:file{…}` pattern: a custom-regex param beside static
  // routes makes Hono give up its RegExpRouter for the slower TrieRouter, for every route.
  const widgetEtag = etag({ retainedHeaders: ['cache-control', 'etag', 'vary', INTEGRITY_HEADER.toLowerCase(), 'access-control-allow-origin'] });
  for (const { file, language } of WIDGET_FILES) app.get(`/${file}`, widgetEtag, widgetScriptHandler(loadWidgetScript, language));

  app.get('/healthz', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'ok' });
  });

  // Mounted with `app.route()`, the parent's notFound would answer unknown paths under the mount
  // point; this keeps them in our shape.
  app.all('*', notFound);
  return app;
}

async function readConnectUrlRequest(c: Context): Promise<ConnectUrlRequest> {
  const raw = await c.req.text();
  let json: unknown = {};
  if (raw.trim() !== '') {
    if (!/^application\/json\b/i.test(c.req.header('Content-Type') ?? '')) {
      fail('INVALID_REQUEST', 'Send the body as JSON with `Content-Type: application/json`.');
    }
    try {
      json = JSON.parse(raw);
    } catch {
      fail('INVALID_REQUEST', 'The body is not valid JSON.');
    }
  }
  const parsed = connectUrlRequestSchema.safeParse(json);
  if (!parsed.success) fail('INVALID_REQUEST', describeIssue(parsed.error));
  return parsed.data;
}
