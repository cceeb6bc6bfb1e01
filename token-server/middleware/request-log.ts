/**
 * @module One log record per request: what was asked, by whom, how it ended, how long it took, under
 * which request id (what an error was is left on the context by `onError`).
 */
import type { MiddlewareHandler } from 'hono';
import type { TokenServerEnv } from '../context.ts';
import type { LogSink, RequestLogRecord } from '../log.ts';

export function requestLogger(log: LogSink, now: () => number): MiddlewareHandler<TokenServerEnv> {
  return async function logRequest(c, next) {
    const started = now();
    await next();
    const status = c.res.status;
    const error = c.get('loggedError');
    const record: RequestLogRecord = {
      time: new Date(now()).toISOString(),
      level: status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info',
      msg: 'request',
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status,
      durationMs: Math.max(0, now() - started),
    };
    // Set only when known, as before, without a spread of a throwaway object per field.
    const userId = c.get('userId');
    if (userId) record.userId = userId;
    if (error) record.error = error;
    log(record);
  };
}
