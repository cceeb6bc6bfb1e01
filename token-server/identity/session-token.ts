/**
 * @module Session tokens: the customer's backend signs a short-lived HS256 JWT (`sub` = its user id)
 * with a secret it shares with the token server; the element sends it as `Authorization: Bearer`.
 * Verification pins HS256 (no `alg: none` or key confusion), requires `exp`, and refuses a lifetime
 * over the maximum: a leaked long-lived token would be a standing credential.
 */
import { sign, verify } from 'hono/jwt';
import { hmacKey } from '../../lib/hmac-key.ts';
import { OldestFirst } from '../../lib/oldest-first.ts';
import { MAX_PROFILE_NAME_LENGTH, profileNameProblem } from '../../upload-post/index.ts';

/** Shorter secrets make HS256 guessable offline from one captured token. */
export const MIN_SESSION_SECRET_LENGTH = 32;
export const DEFAULT_SESSION_TOKEN_TTL_SECONDS = 10 * 60;
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 60 * 60;
/** Longer than anything the user's id could sensibly be; keeps garbage out of logs and upstream calls. */
export const MAX_USER_ID_LENGTH = MAX_PROFILE_NAME_LENGTH;
/** How far in the future a token's `iat` or `nbf` may lie: the backend's clock may run a little ahead. */
export const CLOCK_SKEW_LEEWAY_SECONDS = 60;

export interface CreateSessionTokenOptions {
  /** Your user's id; becomes `sub`, then (through `profileName`) the Upload-Post username. */
  userId: string;
  /** The secret shared with the token server (`UPLOAD_POST_SESSION_SECRET`), at least 32 characters. */
  secret: string;
  /** Lifetime in seconds (default 600). Must not exceed the token server's maximum (default 3600). */
  ttl?: number;
  /** Clock in milliseconds since the epoch; for tests. */
  now?: () => number;
}

/**
 * Signs a session token for one of your users. Call it in your backend, where you know who is
 * logged in, and give the result to the page (`<upload-post-connect session-token="…">`).
 */
export async function createSessionToken(options: CreateSessionTokenOptions): Promise<string> {
  const { userId, secret } = options;
  const ttl = options.ttl ?? DEFAULT_SESSION_TOKEN_TTL_SECONDS;
  checkSecret(secret, 'createSessionToken: `secret`');
  // What the token server would refuse to map to a profile is refused here, where the mistake is made.
  const problem = profileNameProblem(userId);
  if (problem) throw new TypeError(`createSessionToken: \`userId\` ${problem} (it names the user's Upload-Post profile).`);
  if (!Number.isInteger(ttl) || ttl <= 0) {
    throw new TypeError('createSessionToken: `ttl` must be a positive whole number of seconds.');
  }
  const iat = Math.floor((options.now ?? Date.now)() / 1000);
  return sign({ sub: userId, iat, exp: iat + ttl }, await hmacKey(secret), 'HS256');
}

export function checkSecret(secret: unknown, what: string): asserts secret is string {
  if (typeof secret !== 'string' || secret.length < MIN_SESSION_SECRET_LENGTH) {
    throw new TypeError(`${what} must be a string of at least ${MIN_SESSION_SECRET_LENGTH} characters (for example the output of \`openssl rand -hex 32\`).`);
  }
}

/** A user id worth looking at: a non-empty string of bounded length (whether it can name a profile is decided later). */
export function isUsableUserId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_USER_ID_LENGTH;
}

export interface VerifySessionTokenOptions {
  secret: string;
  /** Tokens whose `exp` lies further than this after their `iat` (or after now) are refused. */
  maxLifetimeSeconds?: number;
  now?: () => number;
}

export type SessionTokenResult = { ok: true; userId: string; expiresAt: number } | { ok: false; reason: string };

/**
 * Checks a session token. Never throws for a bad token: the reason is a sentence fit for the
 * caller (it says what is wrong with the token, never anything about the secret).
 */
export async function verifySessionToken(token: string, options: VerifySessionTokenOptions): Promise<SessionTokenResult> {
  const maxLifetime = options.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  const verified = verifiedPayloadsFor(options.secret);
  let payload = verified.byToken.get(token);
  if (!payload) {
    try {
      // `alg: 'HS256'` pins the algorithm: hono refuses any header whose alg differs, `none` included.
      // The times are checked below, against the injected clock and with a leeway for skew.
      payload = await verify(token, await hmacKey(options.secret), { alg: 'HS256', exp: false, nbf: false, iat: false });
    } catch (error) {
      return { ok: false, reason: reasonFor(error) };
    }
    remember(verified, token, payload);
  }
  const now = Math.floor((options.now ?? Date.now)() / 1000);
  const { sub, exp, iat, nbf } = payload;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) {
    return { ok: false, reason: 'The session token has no `exp`; sign it with an expiry.' };
  }
  if (exp <= now) return { ok: false, reason: 'The session token has expired.' };
  // A backend clock a little ahead of ours signs tokens "from the future": tolerated up to the leeway.
  const early = notYetValid('iat', iat, now) ?? notYetValid('nbf', nbf, now);
  if (early) return early;
  const start = typeof iat === 'number' && Number.isFinite(iat) ? iat : now;
  if (exp - start > maxLifetime || exp - now > maxLifetime) {
    return { ok: false, reason: `The session token lives longer than the ${maxLifetime} seconds this server accepts; sign shorter-lived tokens.` };
  }
  if (!isUsableUserId(sub)) {
    return { ok: false, reason: 'The session token has no usable `sub` (the user id).' };
  }
  return { ok: true, userId: sub, expiresAt: exp };
}

/** A time claim (`iat`, `nbf`) that is absent passes; one that is not a number, or lies in the future past the leeway, is refused. */
function notYetValid(claim: 'iat' | 'nbf', value: unknown, now: number): SessionTokenResult | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) return { ok: false, reason: `The session token's \`${claim}\` is not a number of seconds.` };
  if (value > now + CLOCK_SKEW_LEEWAY_SECONDS)
    return { ok: false, reason: 'The session token is not valid yet (check the clocks of your backend and of the token server).' };
  return undefined;
}

/**
 * Payloads whose signature was checked, by secret, then by exact token text: the element sends the
 * same token with every call, and the HMAC is a large share of a request's CPU. Only the signature
 * is remembered: expiry and lifetime are checked on every call. Bounded per secret, oldest first out.
 */
const verifiedPayloads = new Map<string, VerifiedPayloads>();
const MAX_VERIFIED_PAYLOADS = 10_000;

interface VerifiedPayloads {
  byToken: Map<string, Record<string, unknown>>;
  oldest: OldestFirst<string>;
}

function verifiedPayloadsFor(secret: string): VerifiedPayloads {
  let verified = verifiedPayloads.get(secret);
  if (!verified) {
    const byToken = new Map<string, Record<string, unknown>>();
    verified = { byToken, oldest: new OldestFirst(byToken) };
    verifiedPayloads.set(secret, verified);
  }
  return verified;
}

function remember({ byToken, oldest }: VerifiedPayloads, token: string, payload: Record<string, unknown>): void {
  if (byToken.size >= MAX_VERIFIED_PAYLOADS) oldest.drop();
  byToken.set(token, payload);
}

function reasonFor(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  switch (name) {
    case 'JwtTokenExpired':
      return 'The session token has expired.';
    case 'JwtTokenSignatureMismatched':
      return 'The session token’s signature does not match.';
    case 'JwtAlgorithmMismatch':
    case 'JwtHeaderInvalid':
      return 'The session token must be signed with HS256.';
    case 'JwtTokenNotBefore':
    case 'JwtTokenIssuedAt':
      return 'The session token is not valid yet.';
    default:
      return 'The session token is malformed.';
  }
}
