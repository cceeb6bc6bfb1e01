/**
 * @module The upstream's profile → `GET /accounts`'s answer: every shown platform in the configured
 * order, connected or not, then whatever other platforms the upstream reported (for the element to
 * show generically). Each slot is read on its own (`UpstreamAccount`'s rule), so an odd one never
 * hides the others. Only plain, bounded strings leave; an avatar that is not an `http(s)` URL is
 * dropped rather than handed to an `<img src>`.
 */
import { MAX_HTTP_URL_LENGTH, toHttpUrl } from '../../lib/http-url.ts';
import type { Account, AccountsResponse } from '../../protocol/token-server-api.ts';
import { accountNeedsReauth, type UpstreamAccount, type UpstreamProfile } from '../../upload-post/index.ts';
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
  if (accountNeedsReauth(slot)) account.reauthRequired = true;
  return account;
}

/** What one answer shows: `shown` in order, then (with no `?platforms=` filter) the upstream's platforms beyond `offered`. */
export interface AccountsView {
  shown: readonly string[];
  offered: readonly string[];
  extras: boolean;
}

/** Every slot of the profile as an account (null: no profile, no slots), for views built from it later. */
export function toSlotAccounts(profile: UpstreamProfile | null): Account[] {
  const slots = profile?.social_accounts ?? {};
  return Object.keys(slots)
    .filter((platform) => PLATFORM_ID.test(platform))
    .map((platform) => toAccount(platform, slots[platform]));
}

/** The accounts a view shows of these slots: what `GET /accounts` answers, and each event stream sends. */
export function viewAccounts(slots: readonly Account[], { shown, offered, extras }: AccountsView): Account[] {
  // A profile has a handful of slots: a scan per shown platform costs less than a Map per answer.
  const accounts = shown.map((platform) => slots.find((account) => account.platform === platform) ?? { platform, connected: false });
  if (!extras) return accounts;
  const known = knownPlatforms(offered);
  let unknown = 0;
  for (const account of slots) {
    if (unknown === MAX_UNKNOWN_PLATFORMS) break;
    if (!known.has(account.platform)) {
      accounts.push(account);
      unknown++;
    }
  }
  return accounts;
}

/** The offered platforms as a set, made once per list (each route keeps its list for its lifetime). */
const knownByList = new WeakMap<readonly string[], ReadonlySet<string>>();
function knownPlatforms(offered: readonly string[]): ReadonlySet<string> {
  let known = knownByList.get(offered);
  if (!known) {
    known = new Set(offered);
    knownByList.set(offered, known);
  }
  return known;
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
  return { accounts: viewAccounts(toSlotAccounts(profile), { shown, offered, extras }) };
}
