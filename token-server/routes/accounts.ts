/**
 * @module `GET /accounts[?platforms=a,b]`: the user's accounts, every configured platform connected
 * or not, then unknown ones the upstream reported. Never creates a profile. The session token may
 * come as `?session_token=`, so that a page's `<link rel=preload as=fetch>` can start the element's
 * first read before its script arrives (the request log records paths without their query).
 */
import type { Handler } from 'hono';
import { SESSION_TOKEN_QUERY, type AccountsResponse } from '../../protocol/token-server-api.ts';
import type { TokenServerEnv } from '../context.ts';
import { fail } from '../errors.ts';
import type { Identify } from '../identity/identify.ts';
import { toAccountsResponse } from '../upstream/to-accounts.ts';
import type { UpstreamReads } from '../upstream/reads.ts';
import { rejectUnknownQuery, wantsFresh } from './request.ts';

export interface AccountsRouteOptions {
  identify: Identify;
  reads: UpstreamReads;
  /** Platforms shown whether connected or not, in display order: the configured ones, else the nine documented. */
  platforms: readonly string[];
  /** `GET /events` is served: the answer says so, and the element listens there. */
  events: boolean;
  demo: boolean;
}

/** `?platforms=a,b` → that subset of the offered platforms, in their configured order. */
export function askedPlatforms(asked: string | undefined, offered: readonly string[]): readonly string[] {
  if (asked === undefined) return offered;
  const list = asked
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (list.length === 0 || list.some((platform) => !offered.includes(platform))) {
    fail('INVALID_REQUEST', `\`platforms\` must be a comma-separated subset of: ${offered.join(', ')}.`);
  }
  return offered.filter((platform) => list.includes(platform));
}

export function accountsRoute({ identify, reads, platforms, events, demo }: AccountsRouteOptions): Handler<TokenServerEnv> {
  return async function accounts(c) {
    rejectUnknownQuery(c, ['platforms', SESSION_TOKEN_QUERY], demo);
    const { profile } = await identify(c, { sessionTokenQuery: SESSION_TOKEN_QUERY });
    const asked = c.req.query('platforms');
    const shown = askedPlatforms(asked, platforms);
    // A `?platforms=` filter shows exactly those: the other configured ones are not "unknown".
    const body: AccountsResponse = toAccountsResponse(await reads.profile(profile, wantsFresh(c)), shown, { offered: platforms, extras: asked === undefined });
    if (events) body.events = true;
    c.header('Cache-Control', 'private, no-store');
    return c.json(body);
  };
}
