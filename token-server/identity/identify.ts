/**
 * @module Who a request acts for, decided here and only here. The browser proves a user (a session
 * token, or the customer's own session through `getUser`); the server maps that user to the
 * Upload-Post profile with `profileName`. The browser never names the profile.
 */
import type { Context } from 'hono';
import type { TokenServerEnv } from '../context.ts';
import { fail } from '../errors.ts';
import type { ResolvedOptions, TokenServerUser } from '../options.ts';
import { profileNameProblem } from '../../upload-post/index.ts';
import { isUsableUserId, MAX_USER_ID_LENGTH, verifySessionToken } from './session-token.ts';

export interface Identified {
  user: TokenServerUser;
  /** The Upload-Post username every upstream call of this request uses. */
  profile: string;
  /** When the session token runs out (ms since the epoch); absent for other identities. */
  expiresAt?: number;
}

export interface IdentifyOptions {
  /** A query parameter that may carry the session token when no Authorization header does (EventSource sends none). */
  sessionTokenQuery?: string;
}

export type Identify = (c: Context<TokenServerEnv>, options?: IdentifyOptions) => Promise<Identified>;

export const DEMO_USER_HEADER = 'X-Demo-User';
export const DEMO_USER_QUERY = 'demo_user';
const DEMO_USER = /^[a-z0-9_-]{1,32}$/;

/** Resolves the user and their profile, and leaves the user id on the context for the log line. */
export function createIdentify({ identity, profileName, now }: Pick<ResolvedOptions, 'identity' | 'profileName' | 'now'>): Identify {
  const resolveUser = userResolver(identity, now);
  return async (c, options = {}) => {
    const { user, expiresAt } = await resolveUser(c, options);
    const profile = profileName(user.id);
    // Never call the upstream with a name it would read as something else: an empty one means
    // "every page of the account" for Facebook pages, `validate-jwt` is another route.
    const problem = profileNameProblem(profile);
    if (problem)
      fail('INVALID_REQUEST', `This user cannot have an Upload-Post profile: its profile name ${problem}. Choose another user id or map it with profileName.`);
    c.set('userId', user.id);
    return expiresAt === undefined ? { user, profile } : { user, profile, expiresAt };
  };
}

type ResolveUser = (c: Context, options: IdentifyOptions) => Promise<{ user: TokenServerUser; expiresAt?: number }>;

function userResolver(identity: ResolvedOptions['identity'], now: () => number): ResolveUser {
  if ('getUser' in identity) {
    return async (c) => {
      const found = await identity.getUser(c);
      const user = typeof found === 'string' ? { id: found } : found;
      if (!user) fail('UNAUTHENTICATED', 'No user is logged in.');
      if (!isUsableUserId(user.id))
        fail('INVALID_REQUEST', `getUser returned a user whose \`id\` is not a non-empty string of at most ${MAX_USER_ID_LENGTH} characters.`);
      return { user };
    };
  }
  if ('sessionSecret' in identity) {
    return async (c, { sessionTokenQuery }) => {
      const header = c.req.header('Authorization');
      const queried = header === undefined && sessionTokenQuery !== undefined ? c.req.query(sessionTokenQuery) : undefined;
      if (!header && queried === undefined) fail('UNAUTHENTICATED', 'Send the session token as `Authorization: Bearer <token>`.');
      const match = queried === undefined ? /^Bearer\s+([A-Za-z0-9_\-.=]+)$/i.exec(header!.trim()) : /^([A-Za-z0-9_\-.=]+)$/.exec(queried);
      if (!match)
        fail('UNAUTHENTICATED', queried === undefined ? 'The Authorization header must be `Bearer <session token>`.' : 'The session token is malformed.');
      const result = await verifySessionToken(match[1]!, {
        secret: identity.sessionSecret,
        maxLifetimeSeconds: identity.maxTokenLifetimeSeconds,
        now,
      });
      if (!result.ok) fail('UNAUTHENTICATED', result.reason);
      return { user: { id: result.userId }, expiresAt: result.expiresAt * 1000 };
    };
  }
  return async (c, { sessionTokenQuery }) => {
    // The element sends a page's `session-token` as a Bearer (or, to an event stream, in the query):
    // in demo mode that token may simply be the demo user's name, so the demo page picks the user
    // through the element's own API.
    const bearer =
      /^Bearer\s+(\S+)$/i.exec(c.req.header('Authorization')?.trim() ?? '')?.[1] ??
      (sessionTokenQuery === undefined ? undefined : c.req.query(sessionTokenQuery));
    const named = c.req.header(DEMO_USER_HEADER) ?? bearer ?? c.req.query(DEMO_USER_QUERY) ?? identity.defaultUser;
    if (named === undefined) {
      fail('UNAUTHENTICATED', `Demo mode: name the user with the ${DEMO_USER_HEADER} header, \`Authorization: Bearer <user>\` or ?${DEMO_USER_QUERY}=.`);
    }
    if (!DEMO_USER.test(named)) fail('INVALID_REQUEST', 'Demo mode: the demo user must be 1 to 32 characters of a-z, 0-9, _ and -.');
    return { user: { id: named } };
  };
}
