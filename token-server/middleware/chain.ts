/**
 * @module `chain(onError, a, b, c)`: several middleware registered as one. Once the token server is
 * mounted with `app.route()`, Hono wraps each of its handlers in a fresh error-handling compose on
 * every request (it has its own `onError`); chained, the middleware cost one wrapper, not one each.
 *
 * Behaves as Hono's compose does for the same middleware registered one by one: each `next()`
 * calls the following one; a middleware that answers by returning a Response (a CORS preflight)
 * sets `c.res`; a middleware that throws is answered by `onError` right there, so the ones before
 * it still run their code after `next()` (the security headers reach error answers too). Unlike
 * `hono/combine`'s `every()`, it builds no arrays or composes per request.
 */
import type { Context, Env, ErrorHandler, MiddlewareHandler, Next } from 'hono';

export function chain<E extends Env>(onError: ErrorHandler<E>, ...middleware: MiddlewareHandler<E>[]): MiddlewareHandler<E> {
  return (c, next) => runFrom(middleware, onError, 0, c, next);
}

/**
 * Runs `middleware[index]` with a `next` that runs the rest. A module-level function, not a closure
 * made per request: only the `next` arrow is allocated for each middleware a request passes.
 */
async function runFrom<E extends Env>(
  middleware: readonly MiddlewareHandler<E>[],
  onError: ErrorHandler<E>,
  index: number,
  c: Context<E, string>,
  next: Next,
): Promise<void> {
  if (index === middleware.length) return next();
  let answer: Response | void;
  let failed = false;
  try {
    answer = await middleware[index]!(c, () => runFrom(middleware, onError, index + 1, c, next));
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    c.error = error;
    answer = await onError(error, c);
    failed = true;
  }
  if (answer instanceof Response && (!c.finalized || failed)) c.res = answer;
}
