/**
 * @module Refuses a request that names a foreign `Origin`, whatever its method or content type:
 * `csrf()` looks only at form-like posts, and CORS only stops a browser from reading the answer.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { TokenServerEnv } from '../context.ts';
import { fail } from '../errors.ts';

export function originGuard(isAllowedOrigin: (origin: string, c: Context) => boolean): MiddlewareHandler<TokenServerEnv> {
  return async function guardOrigin(c, next) {
    const origin = c.req.header('Origin');
    if (origin !== undefined && !isAllowedOrigin(origin, c)) {
      fail(
        'ORIGIN_NOT_ALLOWED',
        `The origin ${JSON.stringify(origin.slice(0, 200))} is not allowed to call the token server; add it to allowedOrigins (UPLOAD_POST_ALLOWED_ORIGINS).`,
      );
    }
    await next();
  };
}
