/**
 * @module What a browser hides of a misconfiguration, made visible (the user routes' own CORS is
 * `cors.ts`): a preflight from an origin not in `allowedOrigins` is refused with 403
 * ORIGIN_NOT_ALLOWED naming the origin and the option, so the request's log line says the fix
 * (the browser fails it as before); an error answer to an allowed origin carries CORS headers,
 * credentials included, so the element can read its code even for a page relying on cookies
 * against a server that takes none; and an allowed origin's preflight to a path no route has is
 * answered, so the request itself meets the 404 that names the path.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { TokenServerEnv } from '../context.ts';
import { fail } from '../errors.ts';

export interface CorsDiagnosticsOptions {
  isAllowedOrigin: (origin: string, c: Context) => boolean;
  /** Headers an allowed origin may read on an error answer. */
  exposeHeaders: readonly string[];
}

/** An `Origin` as it may be quoted in a message: what browsers send is short; anything else is cut. */
const quoted = (origin: string) => JSON.stringify(origin.length > 200 ? `${origin.slice(0, 200)}…` : origin);

export function corsDiagnostics(options: CorsDiagnosticsOptions): MiddlewareHandler<TokenServerEnv> {
  const exposeHeaders = options.exposeHeaders.join(',');
  return async function diagnoseCors(c, next) {
    const origin = c.req.header('Origin');
    if (origin === undefined) return next();
    const allowed = options.isAllowedOrigin(origin, c);
    const preflight = c.req.method === 'OPTIONS' && c.req.header('Access-Control-Request-Method') !== undefined;
    if (preflight && !allowed) {
      fail(
        'ORIGIN_NOT_ALLOWED',
        `CORS preflight refused: the page's origin ${quoted(origin)} is not in allowedOrigins. If the page is yours, add ${quoted(origin)} to allowedOrigins (UPLOAD_POST_ALLOWED_ORIGINS for the standalone server).`,
      );
    }
    await next();
    if (!allowed) return;
    if (preflight && c.res.status === 404 && c.get('loggedError')?.code === 'NOT_FOUND') {
      // No route here: let the request come, so its 404 (which names the path) can be read.
      const requested = c.req.header('Access-Control-Request-Headers');
      c.res = new Response(null, {
        status: 204,
        headers: {
          'Access-Control-Allow-Origin': origin,
          'Access-Control-Allow-Credentials': 'true',
          'Access-Control-Allow-Methods': 'GET,POST,OPTIONS',
          ...(requested ? { 'Access-Control-Allow-Headers': requested } : {}),
          Vary: 'Origin, Access-Control-Request-Headers',
        },
      });
      return;
    }
    if (c.res.status < 400) return;
    // An error body holds no user data: an allowed page may read it, with or without cookies.
    c.res.headers.set('Access-Control-Allow-Origin', origin);
    c.res.headers.set('Access-Control-Allow-Credentials', 'true');
    if (!c.res.headers.has('Access-Control-Expose-Headers')) c.res.headers.set('Access-Control-Expose-Headers', exposeHeaders);
    if (!/\bOrigin\b/i.test(c.res.headers.get('Vary') ?? '')) c.res.headers.append('Vary', 'Origin');
  };
}
