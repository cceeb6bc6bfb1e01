/**
 * @module The guards of every route that acts for a user, chained into one registration: CORS for
 * the allowed origins, the origin check, and, for requests that carry a body, CSRF and the body limit.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import type { TokenServerEnv } from '../context.ts';
import { fail, onError } from '../errors.ts';
import { DEMO_USER_HEADER } from '../identity/identify.ts';
import { chain } from './chain.ts';
import { apiCors } from './cors.ts';
import { originGuard } from './origin-guard.ts';

export interface UserRouteGuardOptions {
  isAllowedOrigin: (origin: string, c: Context) => boolean;
  allowCredentials: boolean;
  bodyLimitBytes: number;
  /** Demo mode: the page may name the user in a header, which CORS must then allow. */
  demo: boolean;
}

/** Reads carry no body and change nothing: CSRF and the body limit skip them. */
const isSafeMethod = (method: string) => method === 'GET' || method === 'HEAD' || method === 'OPTIONS';

export function userRouteGuards(options: UserRouteGuardOptions): MiddlewareHandler<TokenServerEnv> {
  const { isAllowedOrigin, bodyLimitBytes } = options;
  const cors = apiCors({
    isAllowedOrigin,
    // Cache-Control: the element's re-reads say `no-cache` (see routes/request.ts `wantsFresh`).
    allowHeaders: ['Authorization', 'Content-Type', 'Cache-Control', ...(options.demo ? [DEMO_USER_HEADER] : [])],
    exposeHeaders: ['X-Request-Id', 'Retry-After'],
    credentials: options.allowCredentials,
    maxAgeSeconds: 600,
  });
  // Form-like posts without an allowed Origin (the classic cross-site form, old browsers that send
  // no Origin) stop here.
  const csrfGuard = csrf({ origin: (origin, c) => isAllowedOrigin(origin, c) });
  const limitBody = bodyLimit({
    maxSize: bodyLimitBytes,
    onError: () =>
      fail('PAYLOAD_TOO_LARGE', `The request body is larger than ${bodyLimitBytes} bytes.`, {
        // Node's server closes the socket after refusing a body; saying so keeps clients honest.
        headers: { Connection: 'close' },
      }),
  });
  const guardOrigin = originGuard(isAllowedOrigin);
  // Two chains, chosen once per request, rather than two layers that every read passes through.
  const forReads = chain(onError, cors, guardOrigin);
  const forWrites = chain(onError, cors, guardOrigin, csrfGuard, limitBody);
  return (c, next) => (isSafeMethod(c.req.method) ? forReads(c, next) : forWrites(c, next));
}
