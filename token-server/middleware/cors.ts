/**
 * @module CORS for the user routes: Hono's `cors()` answers preflights; the actual request gets the
 * same headers through `c.header()` before the route runs. (`cors()` on an actual request writes onto
 * `c.res` before the route answers, so Hono copies every answer into a new Response; the tests in
 * test/token-server/middleware/cors.test.ts check both paths agree with `cors()`.)
 */
import type { Context, MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

export interface ApiCorsOptions {
  isAllowedOrigin: (origin: string, c: Context) => boolean;
  allowHeaders: string[];
  exposeHeaders: string[];
  credentials: boolean;
  maxAgeSeconds: number;
}

export function apiCors(options: ApiCorsOptions): MiddlewareHandler {
  const allowedOrigin = (origin: string | undefined, c: Context) => (origin && options.isAllowedOrigin(origin, c) ? origin : null);
  const preflight = cors({
    origin: (origin, c) => allowedOrigin(origin, c),
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: options.allowHeaders,
    exposeHeaders: options.exposeHeaders,
    credentials: options.credentials,
    maxAge: options.maxAgeSeconds,
  });
  const exposeHeaders = options.exposeHeaders.join(',');

  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    const origin = allowedOrigin(c.req.header('Origin'), c);
    if (origin) c.header('Access-Control-Allow-Origin', origin);
    // Like cors(), whatever the origin: without Allow-Origin a browser ignores them.
    if (options.credentials) c.header('Access-Control-Allow-Credentials', 'true');
    c.header('Access-Control-Expose-Headers', exposeHeaders);
    // The answer depends on Origin whether or not it was allowed: shared caches must keep them apart.
    c.header('Vary', 'Origin', { append: true });
    await next();
  };
}
