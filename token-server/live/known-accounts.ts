/**
 * @module The last reading of each profile's accounts, kept in the `sharedStore` so that every
 * instance diffs against the same one. A failing store answers "unknown", never an error.
 */
import type { Account } from '../../protocol/token-server-api.ts';
import type { SharedStore } from '../stores/shared-store.ts';

export interface KnownAccounts {
  accounts: Account[];
  /** When the read that produced them started, ms since the epoch: an older read never overwrites a newer one. */
  readAt: number;
}

/** Store keys: `known:<profile>`. */
export const KNOWN_ACCOUNTS_PREFIX = 'known:';
/** A profile nobody read for this long is compared with nothing next time (only confirmed hints count then). */
export const KNOWN_ACCOUNTS_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export interface KnownAccountsStore {
  get(profile: string): Promise<KnownAccounts | undefined>;
  set(profile: string, known: KnownAccounts): Promise<void>;
}

export function knownAccountsIn(store: SharedStore): KnownAccountsStore {
  return {
    get: (profile) => store.get<KnownAccounts>(KNOWN_ACCOUNTS_PREFIX + profile).catch(() => undefined),
    set: (profile, known) => store.set(KNOWN_ACCOUNTS_PREFIX + profile, known, KNOWN_ACCOUNTS_TTL_MS).catch(() => undefined),
  };
}
