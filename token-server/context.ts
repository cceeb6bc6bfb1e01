/**
 * The Hono `Env` of the token server app: the variables its middleware leaves on the context for
 * the routes, the error handler and the request logger.
 */
import type { LoggedError } from './errors.ts';

export interface TokenServerVariables {
  /** Set by `requestId()`; also the `X-Request-Id` header and the `requestId` of error bodies. */
  requestId: string;
  /** Set by `secureHeaders()` when a CSP asks for a nonce (the `/done` page). */
  secureHeadersNonce?: string;
  /** The user the identity resolved, for the log line. */
  userId?: string;
  /** What the request's log line says about its failure; set by `onError`/`notFound`. */
  loggedError?: LoggedError;
}

export interface TokenServerEnv {
  Variables: TokenServerVariables;
}
