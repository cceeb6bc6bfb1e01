/**
 * @module `GET /events[?platforms=a,b]`: the signed-in user's accounts as Server-Sent Events, first
 * as they are, then after each change (`TokenServerEvents` in the protocol). Identity, CORS and origin
 * as for `/accounts`; the session token may come as `?session_token=` since `EventSource` sends no
 * headers (the request log records paths without their query).
 */
import type { Handler } from 'hono';
import { streamSSE } from 'hono/streaming';
import { SESSION_TOKEN_QUERY, type AccountsResponse } from '../../protocol/token-server-api.ts';
import type { TokenServerEnv } from '../context.ts';
import type { Identify } from '../identity/identify.ts';
import { sseEvent, type StreamHub } from '../live/stream-hub.ts';
import { toAccountsResponse } from '../upstream/to-accounts.ts';
import type { UpstreamReads } from '../upstream/reads.ts';
import { askedPlatforms } from './accounts.ts';
import { rejectUnknownQuery, wantsFresh } from './request.ts';

export interface EventsRouteOptions {
  identify: Identify;
  reads: UpstreamReads;
  hub: StreamHub;
  /** Offered platforms, in display order. */
  platforms: readonly string[];
  /** How long EventSource waits before reconnecting, in ms. */
  retryMs: number;
  demo: boolean;
}

export function eventsRoute({ identify, reads, hub, platforms, retryMs, demo }: EventsRouteOptions): Handler<TokenServerEnv> {
  return async function events(c) {
    rejectUnknownQuery(c, ['platforms', SESSION_TOKEN_QUERY], demo);
    const { profile, expiresAt } = await identify(c, { sessionTokenQuery: SESSION_TOKEN_QUERY });
    const asked = c.req.query('platforms');
    const shown = askedPlatforms(asked, platforms);
    // A `?platforms=` filter shows exactly those, as on `GET /accounts`.
    const extras = asked === undefined;
    const seat = hub.reserve(profile);
    let first: AccountsResponse;
    try {
      // The first event is the state now: whatever changed while the client was not listening is caught up.
      first = toAccountsResponse(await reads.profile(profile, wantsFresh(c)), shown, { offered: platforms, extras });
    } catch (error) {
      seat.release();
      throw error;
    }
    c.header('X-Accel-Buffering', 'no');
    const response = streamSSE(c, async (stream) => {
      const opened = seat.open(
        {
          write: (text) => stream.write(text),
          abort: () => stream.abort(),
        },
        { shown, extras, ...(expiresAt === undefined ? {} : { expiresAt }) },
      );
      stream.onAbort(() => opened.end());
      await stream.write(`retry: ${retryMs}\n${sseEvent('accounts', first)}`);
      await opened.finished;
    });
    response.headers.set('Cache-Control', 'private, no-store');
    return response;
  };
}
