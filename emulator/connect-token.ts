/**
 * The JWT inside an emulated `access_url` (HS256, 48 hours, naming the profile and the link), one
 * definition for the API's generate-jwt and validate-jwt and for the connect page.
 */
import { sign, verify } from 'hono/jwt';
import { hmacKey } from '../lib/hmac-key.ts';

export const CONNECT_TOKEN_TTL_MS = 48 * 60 * 60 * 1000;

export interface ConnectTokenClaims {
  sub: string;
  jti: string;
  iat: number;
  exp: number;
}

/** `expired` is a genuine token past its `exp`; `invalid` is anything else (forged, malformed, `alg: none`). */
export type ConnectTokenCheck =
  | { ok: true; claims: ConnectTokenClaims }
  | { ok: false; failure: 'invalid'; reason: string }
  /** Signed by us, so its claims can be trusted to name the link, e.g. to speak its language. */
  | { ok: false; failure: 'expired'; reason: string; claims: ConnectTokenClaims };

export async function mintConnectToken(claims: { username: string; jti: string; expiresAt: number; issuedAt: number }, secret: string): Promise<string> {
  return sign(
    {
      sub: claims.username,
      jti: claims.jti,
      iat: Math.floor(claims.issuedAt / 1000),
      exp: Math.floor(claims.expiresAt / 1000),
    },
    await hmacKey(secret),
    'HS256',
  );
}

/**
 * Checks signature, algorithm (HS256 only: `alg: none` and key-confusion tokens are refused) and
 * expiry against the emulator's clock. Never throws: a bad token is an answer, not an exception.
 */
export async function checkConnectToken(token: string, secret: string, nowMs: number): Promise<ConnectTokenCheck> {
  let payload: Record<string, unknown>;
  try {
    // hono's verify checks `exp` against the real clock; ours may be moved by tests, so we check it below.
    payload = await verify(token, await hmacKey(secret), { alg: 'HS256', exp: false, nbf: false, iat: false });
  } catch {
    return { ok: false, failure: 'invalid', reason: 'Token expired or invalid signature' };
  }
  const { sub, jti, iat, exp } = payload;
  if (typeof sub !== 'string' || typeof jti !== 'string' || typeof exp !== 'number' || typeof iat !== 'number') {
    return { ok: false, failure: 'invalid', reason: 'Token is missing required claims' };
  }
  // The upstream's documented reason does not tell the two apart; `failure` does, for the connect page.
  const claims = { sub, jti, iat, exp };
  if (exp * 1000 <= nowMs) return { ok: false, failure: 'expired', reason: 'Token expired or invalid signature', claims };
  return { ok: true, claims };
}
