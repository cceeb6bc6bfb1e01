/**
 * @module `GET /connect-sessions/:id`: the element waits here (a long poll) for the person to finish
 * on the connect page. Answers `{ status: 'done' }` once the link's return page was reached (on any
 * instance), `{ status: 'pending' }` after a while without, 404 for an unknown, used or foreign id.
 */
import type { Handler } from 'hono';
import type { ConnectSessionResponse } from '../../protocol/token-server-api.ts';
import type { TokenServerEnv } from '../context.ts';
import { fail } from '../errors.ts';
import type { Identify } from '../identity/identify.ts';
import type { ConnectSessions } from '../stores/connect-sessions.ts';
import { rejectUnknownQuery } from './request.ts';

export interface ConnectSessionRouteOptions {
  identify: Identify;
  sessions: ConnectSessions;
  demo: boolean;
  /** How long one request waits for the session to end before answering `pending`. */
  waitMs?: number;
  /** How often the shared store is asked while waiting (a return page on this instance wakes it at once). */
  pollMs?: number;
  /** Requests one user may have waiting at once (a page's elements share one). */
  maxWaitingPerUser?: number;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

export function connectSessionRoute({
  identify,
  sessions,
  demo,
  waitMs = 20_000,
  pollMs = 500,
  maxWaitingPerUser = 4,
}: ConnectSessionRouteOptions): Handler<TokenServerEnv> {
  const waiting = new Map<string, number>();
  return async function connectSession(c) {
    rejectUnknownQuery(c, [], demo);
    const { profile } = await identify(c);
    if ((waiting.get(profile) ?? 0) >= maxWaitingPerUser) {
      fail('RATE_LIMITED', 'Too many requests are waiting for connect sessions of this user; try again in a second.', { headers: { 'Retry-After': '1' } });
    }
    waiting.set(profile, (waiting.get(profile) ?? 0) + 1);
    // Stops the wait when the client goes away or the deadline passes, whichever comes first.
    const stop = new AbortController();
    const hangUp = () => stop.abort();
    c.req.raw.signal.addEventListener('abort', hangUp, { once: true });
    const deadline = setTimeout(hangUp, waitMs);
    try {
      const id = c.req.param('id') ?? '';
      for (;;) {
        const state = await sessions.take(id, profile);
        if (state === 'unknown') fail('NOT_FOUND', 'No such connect session for this user: it was never opened, has ended, or was already reported.');
        if (state === 'done' || stop.signal.aborted) {
          const body: ConnectSessionResponse = { status: state };
          c.header('Cache-Control', 'no-store');
          return c.json(body);
        }
        await Promise.race([sessions.doneHere(id, stop.signal), sleep(pollMs, stop.signal)]);
      }
    } finally {
      clearTimeout(deadline);
      c.req.raw.signal.removeEventListener('abort', hangUp);
      const left = (waiting.get(profile) ?? 1) - 1;
      if (left > 0) waiting.set(profile, left);
      else waiting.delete(profile);
    }
  };
}
