/**
 * What an answer tells the page: the events (ready, connect, disconnect, change, reauth-required,
 * close after a redirect) and the sentences for screen readers. Loaded with the list
 * (`list-view.ts`), which an answer waits for anyway. The event classes are the element's own,
 * handed in, so that the script tag's modules dispatch the very classes the script exports.
 * Redirect mode's saved accounts come from `redirect-return.ts`, which the list's module re-exports.
 */
import { platformName } from '../protocol/platforms.ts';
import type { Account } from '../protocol/token-server-api.ts';
import { diffAccounts } from './accounts-diff.ts';
import type {
  UploadPostChangeEvent,
  UploadPostCloseEvent,
  UploadPostConnectEvent,
  UploadPostDisconnectEvent,
  UploadPostReadyEvent,
  UploadPostReauthRequiredEvent,
} from './events.ts';
import type { UploadPostStrings } from './strings/en.ts';
import { format } from './strings/format.ts';

/** The classes of the events an answer gives. */
export interface AnswerEvents {
  UploadPostReadyEvent: typeof UploadPostReadyEvent;
  UploadPostChangeEvent: typeof UploadPostChangeEvent;
  UploadPostConnectEvent: typeof UploadPostConnectEvent;
  UploadPostDisconnectEvent: typeof UploadPostDisconnectEvent;
  UploadPostReauthRequiredEvent: typeof UploadPostReauthRequiredEvent;
  UploadPostCloseEvent: typeof UploadPostCloseEvent;
}

export interface AnswerHost {
  events: AnswerEvents;
  text: UploadPostStrings;
  dispatchEvent(event: Event): boolean;
  announce(text: string): void;
}

const copies = (accounts: readonly Account[]) => accounts.map((account) => ({ ...account }));

/**
 * The first answer for an identity: ready and what needs attention, never connect or disconnect.
 * `previous`: another identity's accounts, when the element showed them; `returned`: back from
 * redirect mode, the accounts shown before leaving (filtered as shown), so a popup's events follow.
 */
export function reportFirst(host: AnswerHost, previous: Account[] | undefined, accounts: Account[], returned: Account[] | undefined): void {
  const { events, text: t } = host;
  host.announce(format(t.summary, { count: accounts.filter((account) => account.connected).length, total: accounts.length }));
  host.dispatchEvent(new events.UploadPostReadyEvent({ accounts: copies(accounts) }));
  // The page shows another user's list now: that is a change, never a connect or disconnect.
  if (previous && diffAccounts(previous, accounts).changed) host.dispatchEvent(new events.UploadPostChangeEvent({ accounts: copies(accounts) }));
  // Needing attention is a state, not a change: the page hears of it on a first read too.
  reportReauth(
    host,
    accounts.filter((account) => account.reauthRequired),
  );
  if (returned) {
    const diff = reportChange(host, returned, accounts);
    host.dispatchEvent(new events.UploadPostCloseEvent({ connected: diff.connected, disconnected: diff.disconnected }));
  }
}

/** Dispatches what changed from `before` to `after`, and says it to screen readers. */
export function reportChange(host: AnswerHost, before: Account[], after: Account[]) {
  const { events, text: t } = host;
  const diff = diffAccounts(before, after);
  for (const account of diff.connected) host.dispatchEvent(new events.UploadPostConnectEvent({ account: { ...account } }));
  for (const account of diff.disconnected) host.dispatchEvent(new events.UploadPostDisconnectEvent({ account: { ...account } }));
  const changes = [
    ...diff.connected.map((account) => format(t.announceConnected, { platform: platformName(account.platform) })),
    ...diff.disconnected.map((account) => format(t.announceDisconnected, { platform: platformName(account.platform) })),
  ];
  if (changes.length) host.announce(changes.join('. '));
  reportReauth(host, diff.reauthRequired);
  if (diff.changed) host.dispatchEvent(new events.UploadPostChangeEvent({ accounts: copies(after) }));
  return diff;
}

function reportReauth(host: AnswerHost, accounts: Account[]): void {
  for (const account of accounts) host.dispatchEvent(new host.events.UploadPostReauthRequiredEvent({ account: { ...account } }));
  if (accounts.length) host.announce(accounts.map((account) => format(host.text.announceReauth, { platform: platformName(account.platform) })).join('. '));
}
