/**
 * @module The emulated OAuth round trip's two signed values: the `state` the connect page sends to the
 * network (which session, which platform, where to come back) and the `code` the network sends back
 * (the account the person allowed). Both short-lived, both checked before anything is linked.
 */
import { sign, verify } from 'hono/jwt';
import { hmacKey } from '../../lib/hmac-key.ts';

const GRANT_TTL_SECONDS = 10 * 60;

export interface OAuthState {
  /** The connect-page session the person came from. */
  session: string;
  platform: string;
  /** The connect page's callback: the only place the network sends the person back to. */
  redirectUri: string;
  language: string;
}

export interface OAuthCode {
  session: string;
  platform: string;
  handle: string;
  displayName: string;
}

async function signed(claims: Record<string, string>, secret: string, now: number): Promise<string> {
  return sign({ ...claims, exp: Math.floor(now / 1000) + GRANT_TTL_SECONDS }, await hmacKey(secret), 'HS256');
}

async function verified(token: string, secret: string, now: number, kind: string): Promise<Record<string, unknown> | undefined> {
  try {
    const payload = await verify(token, await hmacKey(secret), { alg: 'HS256', exp: false, nbf: false, iat: false });
    if (payload.kind !== kind || typeof payload.exp !== 'number' || payload.exp * 1000 <= now) return undefined;
    return payload;
  } catch {
    return undefined;
  }
}

const strings = <K extends string>(payload: Record<string, unknown> | undefined, keys: readonly K[]): Record<K, string> | undefined =>
  payload && keys.every((key) => typeof payload[key] === 'string') ? (payload as Record<K, string>) : undefined;

export const signState = (state: OAuthState, secret: string, now: number) => signed({ kind: 'state', ...state }, secret, now);

export async function readState(token: string, secret: string, now: number): Promise<OAuthState | undefined> {
  return strings(await verified(token, secret, now, 'state'), ['session', 'platform', 'redirectUri', 'language'] as const);
}

export const signCode = (code: OAuthCode, secret: string, now: number) => signed({ kind: 'code', ...code }, secret, now);

export async function readCode(token: string, secret: string, now: number): Promise<OAuthCode | undefined> {
  return strings(await verified(token, secret, now, 'code'), ['session', 'platform', 'handle', 'displayName'] as const);
}
