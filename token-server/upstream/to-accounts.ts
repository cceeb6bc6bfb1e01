/**
 * @module The upstream's profile → `GET /accounts`'s answer: every configured platform in the
 * configured order, connected or not, then whatever other platforms the upstream reported (for the
 * element to show generically). Only plain, bounded strings leave; an avatar that is not an
 * `http(s)` URL is dropped rather than handed to an `<img src>`.
 */
import { toHttpUrl } from '../../lib/http-url.ts';
import type { Account, AccountsResponse } from '../../protocol/token-server-api.ts';
import { accountNeedsReauth, type UpstreamAccount, type UpstreamProfile } from '../../upload-post/index.ts';
import { boundedText } from './bounded-text.ts';

export function toAccount(platform: string, slot: UpstreamAccount | undefined): Account {
  if (!slot?.connected) return { platform, connected: false };
  const account: Account = { platform, connected: true };
  const { details } = slot;
  const displayName = boundedText(details.display_name);
  const handle = boundedText(details.username)?.replace(/^@+/, '');
  const avatarUrl = toHttpUrl(details.social_images);
  if (displayName) account.displayName = displayName;
  if (handle) account.handle = handle;
  if (avatarUrl) account.avatarUrl = avatarUrl;
  if (accountNeedsReauth(slot)) account.reauthRequired = true;
  return account;
}

/** `profile` null means the user has no Upload-Post profile yet: every platform unconnected. */
/** What a platform the token server does not know may be called to reach the element: a short lowercase id. */
const PLATFORM_ID = /^[a-z0-9_]{1,40}$/;

export function toAccountsResponse(profile: UpstreamProfile | null, platforms: readonly string[]): AccountsResponse {
  const slots = profile?.social_accounts ?? {};
  const configured = new Set(platforms);
  const accounts = platforms.map((platform) => toAccount(platform, slots[platform]));
  for (const [platform, slot] of Object.entries(slots)) {
    if (!configured.has(platform) && PLATFORM_ID.test(platform)) accounts.push(toAccount(platform, slot));
  }
  return { accounts };
}
