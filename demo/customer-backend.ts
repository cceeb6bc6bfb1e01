/**
 * The demo's stand-in for *your* backend: the two routes a customer adds next to the token server.
 *
 * - `POST /demo/sign-in {user}` — the demo's "login": it sets a session cookie, as your app does when
 *   someone signs in. (The page's "Signed in as" switch calls it; your app has its own login.)
 * - `POST /demo/session` — signs a short-lived session token for whoever the cookie says is signed
 *   in, with `createSessionToken` and the secret shared with the token server. This is the route the
 *   element's `fetchSessionToken` calls, and the one a customer copies: the browser never names the
 *   user, the backend does.
 */
import type { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { createSessionToken } from '../token-server/identity/session-token.ts';

/** Each demo user is its own Upload-Post profile (the token server maps the user id to a profile). */
export const DEMO_USERS = [
  { id: 'alice', name: 'Alice Moreau' },
  { id: 'bob', name: 'Bob Okafor' },
  { id: 'carol', name: 'Carol Nguyen' },
] as const;

export type DemoUserId = (typeof DEMO_USERS)[number]['id'];

const SESSION_COOKIE = 'demo_session';
const DEFAULT_USER: DemoUserId = 'alice';

export const isDemoUser = (value: unknown): value is DemoUserId => DEMO_USERS.some((user) => user.id === value);

/** The signed-in demo user: the cookie's, or Alice for a first visit (the demo needs no login form). */
export function signedInUser(cookie: string | undefined): DemoUserId {
  return isDemoUser(cookie) ? cookie : DEFAULT_USER;
}

export function mountCustomerBackend(root: Hono, sessionSecret: string): void {
  // Another site must not sign the visitor in as someone else: no cross-site form posts (csrf),
  // and the sign-in takes JSON only, which a cross-site page cannot send without a CORS preflight.
  root.use('/demo/sign-in', csrf());
  root.post('/demo/sign-in', async (c) => {
    if (!/^application\/json\b/i.test(c.req.header('Content-Type') ?? '')) return c.json({ error: 'Send JSON.' }, 415);
    const body = (await c.req.json().catch(() => null)) as { user?: unknown } | null;
    if (!isDemoUser(body?.user)) {
      return c.json({ error: `user must be one of ${DEMO_USERS.map((user) => user.id).join(', ')}` }, 400);
    }
    // HttpOnly + SameSite=Strict: what a real session cookie looks like; the page never reads it.
    setCookie(c, SESSION_COOKIE, body.user, { httpOnly: true, sameSite: 'Strict', path: '/' });
    return c.json({ user: body.user });
  });

  // #region snippet
  root.post('/demo/session', async (c) => {
    // Your own session says who is signed in; the browser never names the user.
    const userId = signedInUser(getCookie(c, SESSION_COOKIE));
    // Ten minutes: the element asks again (fetchSessionToken) when the token server answers 401.
    const token = await createSessionToken({ userId, secret: sessionSecret, ttl: 600 });
    c.header('Cache-Control', 'no-store');
    return c.json({ token });
  });
  // #endregion
}

export { SESSION_COOKIE };
