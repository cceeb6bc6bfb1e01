/**
 * One view of the accounts per token server and identity on a page: every element showing the same
 * user shares one client, one read in flight and the last answer, and hears of each new answer at
 * once. Where the token server streams changes (`GET /events`), one stream per identity brings them.
 * Other tabs of the same origin hear that something changed (BroadcastChannel) and re-read with
 * their own identity, so nothing about one user ever reaches another's tab.
 */
import type { Account, AccountsResponse } from '../protocol/token-server-api.ts';
import { importLive } from './modules/import-live.ts';
import { importView } from './modules/import-view.ts';
import { TokenServerClient } from './token-server-client.ts';

type Listener = (accounts: Account[]) => void;
type Identity = string | (() => Promise<string>) | undefined;

const CHANNEL_NAME = 'upload-post-connect';
/** After the server refused a stream, reads alone for this long before trying again. */
const STREAM_RETRY_MS = 60_000;

export class AccountsHub {
  readonly client: TokenServerClient;
  /** The last answer, shared by every element of this identity. */
  accounts?: Account[];
  #reading?: Promise<Account[]>;
  #reader?: AbortController;
  readonly listeners = new Set<Listener>();
  /** Closes the event stream, while one is open. */
  #closeStream?: () => void;
  #streamRefusedAt = Number.NEGATIVE_INFINITY;
  readonly #fetchSessionToken: (() => Promise<string>) | undefined;

  constructor(
    readonly endpoint: string,
    sessionToken: string | undefined,
    fetchSessionToken: (() => Promise<string>) | undefined,
  ) {
    this.#fetchSessionToken = fetchSessionToken;
    this.client = new TokenServerClient({ endpoint, sessionToken, fetchSessionToken });
  }

  /** Whether the server's event stream brings the changes (so nothing need poll). */
  get live(): boolean {
    return this.#closeStream !== undefined;
  }

  /** Reads the accounts; a read already in flight is joined. Every element of the hub hears the answer. */
  read(): Promise<Account[]> {
    this.#reader ??= new AbortController();
    this.#reading ??= this.client
      .request('accounts', undefined, this.#reader.signal)
      // The answer is read by the list's module, which the element asked for beside the first read.
      .then(async (body) => {
        const accounts = (await importView()).parseAccounts(body);
        if (this.#received(accounts)) tellOtherTabs(this.endpoint);
        if ((body as AccountsResponse).events === true) this.#listen();
        return accounts;
      })
      .finally(() => {
        this.#reading = undefined;
        this.#reader = undefined;
      });
    return this.#reading;
  }

  /** Tells the other tabs that these accounts may have changed (a connect flow ended with a change). */
  announce(): void {
    tellOtherTabs(this.endpoint);
  }

  /** Nobody is left to show the answers: the read in flight is dropped, the stream closed. */
  abort(): void {
    this.#reader?.abort();
    this.#closeStream?.();
    this.#closeStream = undefined;
  }

  /** A new answer, from a read or the stream; says whether it differs from the last. */
  #received(accounts: Account[]): boolean {
    // The same parse of the same answer gives the same JSON: no need for the list's diff here.
    const changed = this.accounts !== undefined && JSON.stringify(this.accounts) !== JSON.stringify(accounts);
    this.accounts = accounts;
    for (const listener of this.listeners) listener(accounts);
    return changed;
  }

  /** Opens the event stream the server offers, unless one is open or it refused one a moment ago. */
  #listen(): void {
    if (this.#closeStream || this.listeners.size === 0 || performance.now() - this.#streamRefusedAt < STREAM_RETRY_MS) return;
    let close: (() => void) | undefined;
    let closed = false;
    // Marks the stream as open at once, so that a second answer does not open another while its module loads.
    this.#closeStream = () => {
      closed = true;
      close?.();
    };
    const gone = () => {
      this.#closeStream = undefined;
      this.#streamRefusedAt = performance.now();
    };
    importLive().then(({ openAccountsStream }) => {
      if (closed) return;
      close = openAccountsStream(this.client, this.endpoint, this.#fetchSessionToken !== undefined, {
        accounts: (accounts) => void this.#received(accounts),
        gone,
      });
    }, gone);
  }
}

/** Hubs by endpoint, then by identity (the token string, the token function, or none: cookies). */
const hubs = new Map<string, Map<Identity, AccountsHub>>();
let channel: BroadcastChannel | undefined;

function tellOtherTabs(endpoint: string): void {
  channel?.postMessage({ endpoint });
}

function listenToOtherTabs(): void {
  if (channel || typeof BroadcastChannel === 'undefined') return;
  channel = new BroadcastChannel(CHANNEL_NAME);
  channel.onmessage = (event: MessageEvent<{ endpoint?: unknown }>) => {
    for (const hub of hubs.get(String(event.data.endpoint))?.values() ?? []) void hub.read().catch(() => undefined);
  };
}

/** The hub of this endpoint and identity, joined by `listener` until the returned function leaves it. */
export function joinHub(endpoint: string, sessionToken: string | undefined, fetchSessionToken: (() => Promise<string>) | undefined, listener: Listener) {
  listenToOtherTabs();
  const absolute = new URL(endpoint, document.baseURI).href.replace(/\/+$/, '');
  const identity: Identity = fetchSessionToken ?? sessionToken;
  let byIdentity = hubs.get(absolute);
  if (!byIdentity) hubs.set(absolute, (byIdentity = new Map<Identity, AccountsHub>()));
  let hub = byIdentity.get(identity);
  if (!hub) byIdentity.set(identity, (hub = new AccountsHub(absolute, sessionToken, fetchSessionToken)));
  hub.listeners.add(listener);
  const joined = hub;
  return {
    hub: joined,
    leave: () => {
      joined.listeners.delete(listener);
      if (joined.listeners.size > 0) return;
      joined.abort();
      if (byIdentity.get(identity) === joined) byIdentity.delete(identity);
    },
  };
}
