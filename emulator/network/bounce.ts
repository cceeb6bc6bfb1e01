/**
 * @module `GET /api/uploadposts/oauth/bounce?to=…`: the page Upload-Post's connect page sends phones
 * through on the way to a network, so that the OS opens the consent screen in the browser rather
 * than handing the URL to the network's app. It only ever forwards to the emulator's own network
 * consent screen (a `to` carrying a state this emulator signed), never elsewhere.
 */
import type { Handler } from 'hono';
import { html } from 'hono/html';
import { secureHeaders } from 'hono/secure-headers';
import { readState } from './oauth-grant.ts';

export const bounceHeaders = secureHeaders({
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"] },
  referrerPolicy: 'no-referrer',
  strictTransportSecurity: false,
});

export function bounceRoute(secret: string, now: () => number): Handler {
  return async function bounce(c) {
    let target: URL;
    try {
      target = new URL(c.req.query('to') ?? '');
    } catch {
      return c.text('Nothing to bounce to.', 400);
    }
    const state = target.searchParams.get('state') ?? '';
    if (!/^https?:$/.test(target.protocol) || !target.pathname.endsWith('/oauth/authorize') || !(await readState(state, secret, now()))) {
      return c.text('This is not a consent screen this emulator started.', 400);
    }
    c.header('Cache-Control', 'no-store');
    // No script: a refresh and a link, which every browser follows.
    return c.html(html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="refresh" content="0; url=${target.href}"><title>Continue</title></head>
<body><p><a href="${target.href}">Continue to sign in</a></p></body>
</html>`);
  };
}
