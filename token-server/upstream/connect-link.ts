/**
 * @module Minting a connect link for one profile, as the documentation's integration tip describes:
 * ask; when the profile does not exist yet, create it (a 409 means a concurrent request just did)
 * and ask again. Also what the token server makes of the answer: the calendar deep link, the expiry.
 */
import { decode } from 'hono/jwt';
import { fail } from '../errors.ts';
import { toHttpUrl } from '../../lib/http-url.ts';
import { isProfileNotFound, isUploadPostError, type GeneratedJwt, type GenerateJwtOptions, type UploadPostApi } from '../../upload-post/index.ts';

/** The upstream's documented link lifetime. */
export const DEFAULT_LINK_LIFETIME_MS = 48 * 60 * 60 * 1000;

function isAlreadyCreated(error: unknown): boolean {
  return isUploadPostError(error) && error.kind === 'http' && error.status === 409;
}

/** An existing profile costs exactly one upstream call. `signal` bounds all of them together. */
export async function mintConnectLink(upstream: UploadPostApi, options: GenerateJwtOptions, signal?: AbortSignal): Promise<GeneratedJwt> {
  try {
    return await upstream.generateJwt(options, signal);
  } catch (error) {
    // Only the upstream's own "Profile not found": a 404 from a wrong URL must not create profiles.
    if (!isProfileNotFound(error)) throw error;
  }
  try {
    await upstream.createProfile(options.username, signal);
  } catch (error) {
    if (!isAlreadyCreated(error)) throw error;
  }
  return upstream.generateJwt(options, signal);
}

/**
 * The link the browser may open: an absolute http(s) URL, or an upstream answer we refuse to pass
 * on (a `javascript:` URL must never reach `window.open`). `calendar` applies the documented deep
 * link: the path's last `/connect` segment becomes `/connect/calendar`, the token untouched.
 */
export function connectPageUrl(accessUrl: string, view: 'connect' | 'calendar'): string {
  const safe = toHttpUrl(accessUrl);
  if (!safe) fail('UPSTREAM_BAD_RESPONSE', 'Upload-Post answered a connect link that is not an http(s) URL.');
  if (view !== 'calendar') return safe;
  const url = new URL(safe);
  url.pathname = url.pathname.replace(/\/connect\/?$/, '/connect/calendar');
  return url.href;
}

/** Anything longer is not a lifetime we believe (and a year keeps `Date` well inside its range). */
const MAX_LINK_LIFETIME_MS = 365 * 864e5;

const DURATION = /^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr|d)?\s*$/i;
const UNIT_MS: Record<string, number> = { s: 1e3, sec: 1e3, m: 6e4, min: 6e4, h: 36e5, hr: 36e5, d: 864e5 };

/** `"48h"`, `"30m"`, `"3600s"`, `"2d"` (a bare number is seconds) → milliseconds. */
export function parseDuration(duration: string | undefined): number | undefined {
  const match = duration === undefined ? null : DURATION.exec(duration);
  if (!match) return undefined;
  const ms = Number(match[1]) * UNIT_MS[(match[2] ?? 's').toLowerCase()]!;
  return Number.isFinite(ms) && ms > 0 && ms <= MAX_LINK_LIFETIME_MS ? ms : undefined;
}

/** When the link stops working: the upstream's `duration`, else its JWT's `exp`, else 48 hours. */
export function linkExpiry(jwt: GeneratedJwt, now: number): Date {
  const duration = parseDuration(jwt.duration);
  if (duration !== undefined) return new Date(now + duration);
  if (jwt.jwt) {
    try {
      const { exp } = decode(jwt.jwt).payload;
      if (typeof exp === 'number' && Number.isFinite(exp) && exp * 1000 > now && exp * 1000 - now <= MAX_LINK_LIFETIME_MS) return new Date(exp * 1000);
    } catch {
      // Not a JWT we can read: fall through to the documented lifetime.
    }
  }
  return new Date(now + DEFAULT_LINK_LIFETIME_MS);
}
