/**
 * @module `GET /done?origin=…&session=…`: where the connect page sends the person back in popup and tab modes.
 * It tells the opener (`postMessage` of a `DoneMessage`, only to an allowed origin named exactly as
 * `targetOrigin`) that the person finished, then closes. Strict CSP with per-response nonces.
 */
import type { Handler, MiddlewareHandler } from 'hono';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import type { DoneMessage } from '../../protocol/token-server-api.ts';
import type { TokenServerEnv } from '../context.ts';
import type { ConnectSessions } from '../stores/connect-sessions.ts';

/**
 * `Cross-Origin-Opener-Policy` is relaxed to `unsafe-none` here only: with `same-origin` the browser
 * would sever this page from its cross-origin opener, and `window.opener` would be null.
 */
export const doneSecureHeaders: MiddlewareHandler = secureHeaders({
  crossOriginOpenerPolicy: 'unsafe-none',
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    scriptSrc: [NONCE],
    styleSrc: [NONCE],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
  },
});

/** A JSON value that is safe inside `<script>`: `<` can never start `</script>`. */
function scriptLiteral(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function renderDonePage(targetOrigin: string | undefined, nonce: string): string {
  const message: DoneMessage = { type: 'upload-post:done' };
  const script = targetOrigin
    ? `try{if(window.opener)window.opener.postMessage(${scriptLiteral(message)},${scriptLiteral(targetOrigin)})}catch(e){}window.close();`
    : 'window.close();';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Done</title>
<style nonce="${nonce}">body{font:16px/1.5 system-ui,sans-serif;display:grid;place-items:center;min-height:90vh;margin:0;color:#1f2328}</style>
</head>
<body>
<main><p>You can close this window.</p></main>
<script nonce="${nonce}">${script}</script>
</body>
</html>
`;
}

export function doneRoute(
  isAllowedOrigin: (origin: string, c: Parameters<Handler<TokenServerEnv>>[0]) => boolean,
  sessions: ConnectSessions,
): Handler<TokenServerEnv> {
  return async function done(c) {
    // Ends the connect session: the element waiting on it learns the person is back, even when the
    // consent screen severed this window from the page. At worst it causes one re-read.
    const session = c.req.query('session');
    if (session !== undefined) await sessions.markDone(session).catch(() => undefined);
    const requested = c.req.query('origin');
    const target = requested !== undefined && isAllowedOrigin(requested, c) ? requested : undefined;
    // NONCE has already put this nonce in the CSP header (secureHeaders runs its callbacks before the handler).
    const nonce = c.get('secureHeadersNonce') ?? '';
    c.header('Cache-Control', 'no-store');
    return c.html(renderDonePage(target, nonce));
  };
}
