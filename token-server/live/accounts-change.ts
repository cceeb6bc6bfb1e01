/**
 * @module `AccountsChange`: what the customer's backend is told when a user's accounts change, as
 * `onAccountsChange`'s argument and as the body of the signed forward. Its `id` is derived from the
 * transition itself, so two instances that witness the same change report the same id.
 */
import type { Account } from '../../protocol/token-server-api.ts';
import type { AccountsDiff } from './accounts-diff.ts';

export interface AccountsChange extends AccountsDiff {
  /** The same for the same change, whoever reports it: deliveries are at least once, deduplicate with it. */
  id: string;
  type: 'accounts.changed';
  /** ISO 8601: when this server learnt of the change. */
  createdAt: string;
  /** Your user id (`profileName` inverted, or `userIdOf`); null when this server cannot tell. */
  userId: string | null;
  /** The Upload-Post profile username. */
  profile: string;
  /** Every account of the profile now, every offered platform first, as `GET /accounts` answers. */
  accounts: Account[];
}

export interface ChangeInput {
  profile: string;
  userId: string | null;
  diff: AccountsDiff;
  /** The reading compared with (absent for none) and the new one. */
  before: { accounts: readonly Account[]; readAt: number } | undefined;
  accounts: Account[];
  now: number;
}

export async function accountsChange({ profile, userId, diff, before, accounts, now }: ChangeInput): Promise<AccountsChange> {
  // The earlier reading's time tells A→B apart from a later, real A→B again.
  const transition = JSON.stringify([profile, before?.readAt ?? null, before?.accounts ?? null, accounts]);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(transition)));
  const id = `chg_${Array.from(digest.subarray(0, 16), (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
  return { id, type: 'accounts.changed', createdAt: new Date(now).toISOString(), userId, profile, ...diff, accounts };
}
