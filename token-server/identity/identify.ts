/**
 * @module Who a request acts for, decided here and only here. The browser proves a user (a session
 * token, or the customer's own session through `getUser`); the server maps that user to the
 * Upload-Post profile with `profileName`. The browser never names the profile.
 */
import type { Context } from 'hono';
import type { TokenServerEnv } from '../context.ts';
import { fail } from '../errors.ts';
import type { ResolvedOptions, TokenServerUser } from '../options.ts';
import { isUsableUserId, verifySessionToken } from './session-token.ts';

export interface Identified {
  user: TokenServerUser;
  /** The Upload-Post username every upstream call of this request uses. */
  profile: string;
}

export type Identify = (c: Context<TokenServerEnv>) => Promise<Identified>;

export const DEMO_USER_HEADER = 'X-Demo-User';
export const DEMO_USER_QUERY = 'demo_user';
const DEMO_USER = /^[a-z0-9_-]{1,32}$/;

/** Resolves the user and their profile, and leaves the user id on the context for the log line. */
export function createIdentify({ identity, profileName, now }: Pick<ResolvedOptions, 'identity' | 'profileName' | 'now'>): Identify {
  const resolveUser = userResolver(identity, now);
  return async (c) => {
    const user = await resolveUser(c);
    const profile = profileName(user.id);
    // A bad mapping is the server's bug, not the caller's; never call the upstream with it: an
    // empty profile would, for Facebook pages, mean "every page of the account".
    if (!isUsableUserId(profile) || profile.trim() !== profile) {
      throw new Error('profileName returned an unusable Upload-Post username (empty, too long, or with control characters or surrounding spaces).');
    }
    c.set('userId', user.id);
    return { user, profile };
  };
}

function userResolver(identity: ResolvedOptions['identity'], now: () => number): (c: Context) => Promise<TokenServerUser> {
  if ('getUser' in identity) {
    return async (c) => {
      const found = await identity.getUser(c);
      const user = typeof found === 'string' ? { id: found } : found;
      if (!user) fail('UNAUTHENTICATED', 'No user is logged in.');
      if (!isUsableUserId(user.id)) throw new Error('getUser returned a user whose `id` is not a usable string.');
      return user;
    };
  }
  if ('sessionSecret' in identity) {
    return async (c) => {
      const header = c.req.header('Authorization');
      if (!header) fail('UNAUTHENTICATED', 'Send the session token as `Authorization: Bearer <token>`.');
      const match = /^Bearer\s+([A-Za-z0-9_\-.=]+)$/i.exec(header.trim());
      if (!match) fail('UNAUTHENTICATED', 'The Authorization header must be `Bearer <session token>`.');
      const result = await verifySessionToken(match[1]!, {
        secret: identity.sessionSecret,
        maxLifetimeSeconds: identity.maxTokenLifetimeSeconds,
        now,
      });
      if (!result.ok) fail('UNAUTHENTICATED', result.reason);
      return { id: result.userId };
    };
  }
  return async (c) => {
    // The element sends a page's `session-token` as a Bearer: in demo mode that token may simply be
    // the demo user's name, so the demo page picks the user through the element's own API.
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('Authorization')?.trim() ?? '')?.[1];
    const named = c.req.header(DEMO_USER_HEADER) ?? bearer ?? c.req.query(DEMO_USER_QUERY) ?? identity.defaultUser;
    if (named === undefined) {
      fail('UNAUTHENTICATED', `Demo mode: name the user with the ${DEMO_USER_HEADER} header, \`Authorization: Bearer <user>\` or ?${DEMO_USER_QUERY}=.`);
    }
    if (!DEMO_USER.test(named)) fail('INVALID_REQUEST', 'Demo mode: the demo user must be 1 to 32 characters of a-z, 0-9, _ and -.');
    return { id: named };
  };
}
