/**
 * @module The upstream's profile → `GET /accounts`'s answer: every shown platform in the configured
 * order, connected or not, then whatever other platforms the upstream reported (for the element to
 * show generically). Each slot is read on its own (`UpstreamAccount`'s rule), so an odd one never
 * hides the others. Only plain, bounded strings leave; an avatar that is not an `http(s)` URL is
 * dropped rather than handed to an `<img src>`.
 */
import { MAX_HTTP_URL_LENGTH, toHttpUrl } from '../../lib/http-url.ts';
import type { Account, AccountsResponse } from '../../protocol/token-server-api.ts';
import type { UpstreamAccount, UpstreamProfile } from '../../upload-post/index.ts';
import { boundedText } from './bounded-text.ts';

/** What a platform the token server does not know may be called to reach the element: a short lowercase id. */
const PLATFORM_ID = /^[a-z0-9_]{1,40}$/;

/** Platforms beyond the configured ones an answer carries at most: more is not a real profile. */
export const MAX_UNKNOWN_PLATFORMS = 20;

export function toAccount(platform: string, slot: UpstreamAccount | undefined): Account {
  if (!slot?.connected) return { platform, connected: false };
  const account: Account = { platform, connected: true };
  const { details } = slot;
  const displayName = boundedText(details.display_name);
  const handle = boundedText(details.username)?.replace(/^@+/, '');
  // Normalising can lengthen a URL (percent-encoding): the bound holds for what is sent.
  const avatarUrl = toHttpUrl(details.social_images);
  if (displayName) account.displayName = displayName;
  if (handle) account.handle = handle;
  if (avatarUrl && avatarUrl.length <= MAX_HTTP_URL_LENGTH) account.avatarUrl = avatarUrl;
  return account;
}

/**
 * `profile` null means the user has no Upload-Post profile yet: every platform unconnected.
 * `shown` are the configured platforms asked for; `extras` adds the upstream's other platforms
 * (those not among `offered`, the whole configured list), as a query filter leaves them out.
 */
export function toAccountsResponse(
  profile: UpstreamProfile | null,
  shown: readonly string[],
  { offered = shown, extras = true }: { offered?: readonly string[]; extras?: boolean } = {},
): AccountsResponse {
  const slots = profile?.social_accounts ?? {};
  const accounts = shown.map((platform) => toAccount(platform, slots[platform]));
  if (!extras) return { accounts };
  const known = new Set(offered);
  const unknown = Object.keys(slots).filter((platform) => !known.has(platform) && PLATFORM_ID.test(platform));
  for (const platform of unknown.slice(0, MAX_UNKNOWN_PLATFORMS)) accounts.push(toAccount(platform, slots[platform]));
  return { accounts };
}
