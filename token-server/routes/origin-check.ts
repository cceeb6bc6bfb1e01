/**
 * @module `GET /origin-check`: whether the asking page's origin may use this token server, readable
 * by any page (`Access-Control-Allow-Origin: *`, no credentials, no preflight). When a request to
 * the token server fails as a network error, the element asks this: answered `allowed: false`, the
 * cause is the allow-list (ORIGIN_NOT_ALLOWED, and the fix); answered `allowed: true` with
 * `credentials: false`, a page relying on cookies needs session tokens; not answered, the server is
 * unreachable. It says nothing a CORS preflight does not already tell that origin.
 */
import type { Handler } from 'hono';
import type { OriginCheckResponse } from '../../protocol/token-server-api.ts';
import { originCheckResponseSchema } from '../../protocol/schemas.ts';
import type { TokenServerEnv } from '../context.ts';
import type { Origins } from '../origins.ts';
import { rejectUnknownQuery } from './request.ts';

export function originCheckRoute(options: { origins: Origins; allowCredentials: boolean }): Handler<TokenServerEnv> {
  return function originCheck(c) {
    rejectUnknownQuery(c, [], false);
    const origin = c.req.header('Origin') ?? null;
    const body: OriginCheckResponse = originCheckResponseSchema.parse({
      origin,
      allowed: origin !== null && options.origins.isAllowed(origin, c),
      credentials: options.allowCredentials,
    });
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Cache-Control', 'no-store');
    c.header('Vary', 'Origin', { append: true });
    return c.json(body);
  };
}
