/**
 * Listening to the token server's `GET /events` (Server-Sent Events) for one identity: each
 * `accounts` event is a new answer, pushed when Upload-Post told the server of a change. The browser's
 * EventSource reconnects by itself after a dropped connection or the server's `shutdown`; a session
 * token that ran out (`end: session-expired`) needs a new URL, so the stream is opened again with a
 * fresh token when the page can get one. A stream the server refuses (401, 404, 429) is given up:
 * the element keeps reading `/accounts` as it does without live accounts.
 */
import { SESSION_TOKEN_QUERY, type Account, type StreamEnd } from '../protocol/token-server-api.ts';
import { parseAccounts } from './accounts-parse.ts';
import type { TokenServerClient } from './token-server-client.ts';

export interface AccountsStreamHandlers {
  accounts(accounts: Account[]): void;
  /** The stream is over for good (refused, or its token ran out with no way to get another). */
  gone(): void;
}

/**
 * Where to listen, and whether to send cookies: EventSource sends no headers, so a token travels
 * in the query. `refresh` asks `fetchSessionToken` for a new one (the old ran out).
 */
async function eventsTarget(client: TokenServerClient, endpoint: string, canRefreshToken: boolean, refresh: boolean) {
  const token = await client.token(refresh);
  const url = new URL(`${endpoint}/events`, document.baseURI);
  if (token) url.searchParams.set(SESSION_TOKEN_QUERY, token);
  return { url: url.href, withCredentials: !token && !canRefreshToken };
}

/** Opens the stream of `endpoint` (no trailing slash); answers how to close it. */
export function openAccountsStream(client: TokenServerClient, endpoint: string, canRefreshToken: boolean, handlers: AccountsStreamHandlers): () => void {
  let source: EventSource | undefined;
  let closed = false;

  const connect = async (refresh: boolean) => {
    let target: Awaited<ReturnType<typeof eventsTarget>>;
    try {
      target = await eventsTarget(client, endpoint, canRefreshToken, refresh);
    } catch {
      if (!closed) handlers.gone();
      return;
    }
    if (closed) return;
    const opened = new EventSource(target.url, { withCredentials: target.withCredentials });
    source = opened;
    opened.addEventListener('accounts', (event) => {
      try {
        handlers.accounts(parseAccounts(JSON.parse((event as MessageEvent<string>).data)));
      } catch {
        // An event that is not what the server sends is ignored: the next read or event tells the truth.
      }
    });
    opened.addEventListener('end', (event) => {
      let reason: StreamEnd['reason'] | undefined;
      try {
        reason = (JSON.parse((event as MessageEvent<string>).data) as Partial<StreamEnd>).reason;
      } catch {
        reason = undefined;
      }
      // A shutdown is followed by EventSource's own reconnection, to this instance or another.
      if (reason !== 'session-expired') return;
      opened.close();
      if (canRefreshToken) void connect(true);
      else handlers.gone();
    });
    opened.addEventListener('error', () => {
      // CONNECTING: EventSource is already trying again. CLOSED: the server refused the stream.
      if (opened.readyState !== EventSource.CLOSED || closed || source !== opened) return;
      // Perhaps for a token that ran out meanwhile: one more try with a fresh one, when there can be one.
      if (canRefreshToken && !refresh) void connect(true);
      else handlers.gone();
    });
  };

  void connect(false);
  return () => {
    closed = true;
    source?.close();
  };
}
