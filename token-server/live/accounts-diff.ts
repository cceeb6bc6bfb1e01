/**
 * @module What changed between two readings of a profile's accounts, in the terms a backend acts on:
 * linked (or relinked: after a reauth, or another account on the same platform), unlinked, and
 * needing reauth. A change of name or avatar alone is none of these.
 */
import type { Account } from '../../protocol/token-server-api.ts';
import type { AccountWebhookEvent } from '../../upload-post/index.ts';

export interface AccountsDiff {
  /** Linked now and healthy, and were not (or were another account, or needed reauth). */
  connected: Account[];
  /** Linked before, not now: the account as it was, `connected: false`. */
  disconnected: Account[];
  /** Linked and now needing reauth, and were not before. */
  reauthRequired: Account[];
}

/** A hint from a webhook: an account event Upload-Post says happened. */
export interface AccountHint {
  event: AccountWebhookEvent;
  platform: string;
}

const healthy = (account: Account | undefined) => account?.connected === true && account.reauthRequired !== true;
const needsReauth = (account: Account | undefined) => account?.connected === true && account.reauthRequired === true;

function unlinked(account: Account): Account {
  const { reauthRequired: _reauthRequired, ...rest } = account;
  return { ...rest, connected: false };
}

export function diffAccounts(before: readonly Account[], after: readonly Account[]): AccountsDiff {
  const previous = new Map(before.map((account) => [account.platform, account]));
  const current = new Map(after.map((account) => [account.platform, account]));
  const diff: AccountsDiff = { connected: [], disconnected: [], reauthRequired: [] };
  for (const account of after) {
    const was = previous.get(account.platform);
    if (healthy(account) && (!healthy(was) || was?.handle !== account.handle)) diff.connected.push(account);
    if (needsReauth(account) && !needsReauth(was)) diff.reauthRequired.push(account);
  }
  for (const account of before) {
    if (account.connected && current.get(account.platform)?.connected !== true) diff.disconnected.push(unlinked(account));
  }
  return diff;
}

/**
 * Without an earlier reading (a first webhook for this profile, a store that forgot): only what the
 * hints claim *and* the reading confirms. A hint alone is never believed.
 */
export function confirmedHints(after: readonly Account[], hints: readonly AccountHint[]): AccountsDiff {
  const current = new Map(after.map((account) => [account.platform, account]));
  const diff: AccountsDiff = { connected: [], disconnected: [], reauthRequired: [] };
  const seen = new Set<string>();
  for (const { event, platform } of hints) {
    const key = `${event}:${platform}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const account = current.get(platform);
    if (event === 'social_account_connected' && healthy(account)) diff.connected.push(account!);
    if (event === 'social_account_reauth_required' && needsReauth(account)) diff.reauthRequired.push(account!);
    if (event === 'social_account_disconnected' && account?.connected !== true) diff.disconnected.push({ platform, connected: false });
  }
  return diff;
}

export function isEmptyDiff(diff: AccountsDiff): boolean {
  return diff.connected.length === 0 && diff.disconnected.length === 0 && diff.reauthRequired.length === 0;
}

/** Every field an account has: an object, so that the compiler insists on each one `Account` gains. */
const ACCOUNT_FIELD_SET: Record<keyof Account, true> = {
  platform: true,
  connected: true,
  displayName: true,
  handle: true,
  avatarUrl: true,
  reauthRequired: true,
};
const ACCOUNT_FIELDS = Object.keys(ACCOUNT_FIELD_SET) as (keyof Account)[];

/**
 * Same accounts, same order, same fields: nothing an element would show differently. Compared
 * field by field, not as JSON text: every read with live accounts on asks this (see bench/). A
 * field left out and one set to `undefined` are the same, as in the JSON the store keeps.
 */
export function sameAccounts(a: readonly Account[], b: readonly Account[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) {
    const left = a[index]!;
    const right = b[index]!;
    for (const field of ACCOUNT_FIELDS) if (left[field] !== right[field]) return false;
  }
  return true;
}
