/**
 * What changed between two readings of the accounts: the element's connect/disconnect/change
 * events come from here, so they follow the token server's real state, not a window's signal.
 */
import type { Account } from '../protocol/token-server-api.ts';

export interface AccountsDiff {
  /** As they are now: with the new handle, display name and avatar. */
  connected: Account[];
  /** As they were before: the page learns which handle went away, which the new state no longer says. */
  disconnected: Account[];
  /** Connected accounts that need reconnecting now and did not before. */
  reauthRequired: Account[];
  /** Anything differs: connection, display name, handle, avatar, or the list itself. */
  changed: boolean;
}

const fingerprint = (account: Account) =>
  [account.platform, account.connected, account.displayName, account.handle, account.avatarUrl, account.reauthRequired].join('\u0000');

export function diffAccounts(before: readonly Account[], after: readonly Account[]): AccountsDiff {
  const previous = new Map(before.map((account) => [account.platform, account]));
  const connected: Account[] = [];
  const disconnected: Account[] = [];
  const reauthRequired: Account[] = [];
  for (const account of after) {
    const old = previous.get(account.platform);
    if (account.connected && !old?.connected) connected.push(account);
    if (!account.connected && old?.connected) disconnected.push(old);
    if (account.reauthRequired && !old?.reauthRequired) reauthRequired.push(account);
  }
  // A platform that vanished from the answer while connected counts as disconnected.
  const now = new Set(after.map((account) => account.platform));
  for (const account of before) {
    if (account.connected && !now.has(account.platform)) disconnected.push(account);
  }
  const changed = before.length !== after.length || before.map(fingerprint).join('\u0001') !== after.map(fingerprint).join('\u0001');
  return { connected, disconnected, reauthRequired, changed };
}
