/**
 * The upstream's profile → `GET /accounts`'s answer: every configured platform in the configured
 * order, connected or not, then whatever other platforms the upstream reported (kept, for the
 * element to show generically). Only plain, bounded strings leave; an avatar that is not an
 * `http(s)` URL is dropped rather than handed to an `<img src>`.
 */
import type { Account, AccountsResponse } from '../../protocol/token-server-api.ts';
import type { UpstreamAccount, UpstreamProfile } from '../../upload-post/types.ts';

const MAX_TEXT = 200;
const MAX_URL = 2048;

/** A trimmed, bounded, non-empty string, or nothing. */
export function boundedText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed.slice(0, MAX_TEXT);
}

export function httpUrlOrUndefined(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_URL) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export function toAccount(platform: string, slot: UpstreamAccount | undefined): Account {
  if (!slot?.connected) return { platform, connected: false };
  const account: Account = { platform, connected: true };
  const details = slot.details ?? {};
  const displayName = boundedText(details.display_name);
  const handle = boundedText(details.username)?.replace(/^@+/, '');
  const avatarUrl = httpUrlOrUndefined(details.social_images);
  if (displayName) account.displayName = displayName;
  if (handle) account.handle = handle;
  if (avatarUrl) account.avatarUrl = avatarUrl;
  return account;
}

/** `profile` null means the user has no Upload-Post profile yet: every platform unconnected. */
export function toAccountsResponse(profile: UpstreamProfile | null, platforms: readonly string[]): AccountsResponse {
  const slots = profile?.social_accounts ?? {};
  const configured = new Set(platforms);
  const accounts = platforms.map((platform) => toAccount(platform, slots[platform]));
  for (const [platform, slot] of Object.entries(slots)) {
    if (!configured.has(platform)) accounts.push(toAccount(platform, slot));
  }
  return { accounts };
}
