/** @module `GET /healthz`: answers while the app is up; touches no upstream and no store. */
import type { Handler } from 'hono';
import type { TokenServerEnv } from '../context.ts';

export function healthzRoute(): Handler<TokenServerEnv> {
  return function healthz(c) {
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'ok' });
  };
}
