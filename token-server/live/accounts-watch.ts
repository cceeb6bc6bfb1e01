/**
 * @module Keeps the last reading of each profile's accounts and reacts when a new one differs: the
 * open event streams are told (`publish`) and the customer's backend too (`notify`), whichever way
 * the reading came (a webhook's re-read, an element's read). A webhook is only a hint: `refresh`
 * re-reads the profile, one read at a time per profile (deliveries meanwhile cost one more read, not
 * one each), and duplicates by delivery id cost nothing. Readings of a profile are applied one after
 * the other, and one that started before the kept one is ignored: a late answer never rolls it back.
 */
import type { Account } from '../../protocol/token-server-api.ts';
import type { UpstreamProfile } from '../../upload-post/index.ts';
import type { LogSink } from '../log.ts';
import { toAccountsResponse, toSlotAccounts } from '../upstream/to-accounts.ts';
import { accountsChange, type AccountsChange } from './accounts-change.ts';
import { confirmedHints, diffAccounts, isEmptyDiff, sameAccounts, type AccountHint } from './accounts-diff.ts';
import type { KnownAccountsStore } from './known-accounts.ts';

export interface AccountsWatchOptions {
  known: KnownAccountsStore;
  /** The offered platforms: readings are kept as `GET /accounts` answers with all of them. */
  platforms: readonly string[];
  now: () => number;
  userIdOf: (profile: string) => string | null;
  /** Tells the event streams, on every instance, the profile's slots (`toSlotAccounts(profile)`). Never rejects. */
  publish: (profile: string, slots: Account[]) => Promise<void>;
  /** Tells the customer's backend (undefined: nobody to tell). Never rejects. */
  notify: ((change: AccountsChange) => Promise<void>) | undefined;
  /** Reads the profile from Upload-Post past every cache; the answer reaches `observe` on its own. */
  readFresh: (profile: string) => Promise<unknown>;
  /** True the first time a delivery id is seen (by any instance, as far as the store can tell). */
  firstDelivery: (deliveryId: string) => Promise<boolean>;
  log: LogSink;
  /** Waits before retrying a failed re-read. Default 0.5 s, 2 s, 8 s. */
  retryDelaysMs?: readonly number[];
}

export interface WebhookHint extends Partial<AccountHint> {
  deliveryId?: string;
}

interface Refresh {
  again: boolean;
  done: Promise<void>;
}

/** Hints kept per profile until a reading uses them; more are dropped (the reading is the truth anyway). */
const MAX_HINTS = 32;

export class AccountsWatch {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly refreshes = new Map<string, Refresh>();
  private readonly hints = new Map<string, { hint: AccountHint; at: number }[]>();
  private readonly notifying = new Set<Promise<void>>();
  private readonly retryDelaysMs: readonly number[];

  constructor(private readonly options: AccountsWatchOptions) {
    this.retryDelaysMs = options.retryDelaysMs ?? [500, 2_000, 8_000];
  }

  /** A reading of `profile` (null: no profile) from a read that started at `startedAt`. Applied in turn. */
  observe(profile: string, upstream: UpstreamProfile | null, startedAt: number): void {
    const { accounts } = toAccountsResponse(upstream, this.options.platforms);
    const apply = () => this.apply(profile, accounts, upstream, startedAt);
    // After the previous reading however it ended (on Workers, a promise of a request cut short
    // rejects); at once when there is none, as for almost every read.
    const previous = this.chains.get(profile);
    const next: Promise<void> = (previous ? previous.then(apply, apply) : apply()).then(
      () => this.forget(profile, next),
      (error: unknown) => {
        this.warn('applying a reading of the accounts failed', profile, error);
        this.forget(profile, next);
      },
    );
    this.chains.set(profile, next);
  }

  /** The reading `chain` ended: unless another one came after it, nothing is pending for `profile`. */
  private forget(profile: string, chain: Promise<void>): void {
    if (this.chains.get(profile) === chain) this.chains.delete(profile);
  }

  /** A webhook said something about `profile`: read it again. Resolves when that is done and told; never rejects. */
  async refresh(profile: string, hint: WebhookHint = {}): Promise<void> {
    const { deliveryId, event, platform } = hint;
    if (deliveryId !== undefined && !(await this.options.firstDelivery(deliveryId).catch(() => true))) return;
    if (event !== undefined && platform !== undefined) this.addHint(profile, { event, platform });
    const running = this.refreshes.get(profile);
    if (running) {
      running.again = true;
      return running.done;
    }
    const refresh: Refresh = { again: true, done: Promise.resolve() };
    this.refreshes.set(profile, refresh);
    refresh.done = (async () => {
      try {
        while (refresh.again) {
          refresh.again = false;
          await this.readWithRetries(profile);
          await this.chains.get(profile)?.catch(() => undefined);
        }
      } finally {
        this.refreshes.delete(profile);
        // Unused hints are for readings that failed: the next webhook brings its own.
        this.hints.delete(profile);
      }
      await Promise.allSettled(this.notifying);
    })();
    return refresh.done;
  }

  /** Whether readings are being applied or backends told: work a Worker must keep its request alive for. */
  get busy(): boolean {
    return this.chains.size > 0 || this.notifying.size > 0 || this.refreshes.size > 0;
  }

  /** Readings applied and backends told, for every profile (tests, shutdown, a Worker's `waitUntil`). Never rejects. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.refreshes.values()].map((refresh) => refresh.done));
    await Promise.allSettled(this.chains.values());
    await Promise.allSettled(this.notifying);
  }

  private async apply(profile: string, accounts: Account[], upstream: UpstreamProfile | null, startedAt: number): Promise<void> {
    const { known, now, userIdOf } = this.options;
    const before = await known.get(profile);
    if (before && startedAt < before.readAt) return;
    const hints = this.takeHints(profile, startedAt);
    if (before && sameAccounts(before.accounts, accounts)) return;
    const diff = before ? diffAccounts(before.accounts, accounts) : confirmedHints(accounts, hints);
    await known.set(profile, { accounts, readAt: startedAt });
    // Nothing to compare with and no webhook about it: a first reading, which the streams already have.
    if (!before && hints.length === 0 && !this.refreshes.has(profile)) return;
    // Each stream builds its own view from the slots, as `GET /accounts` does with its `platforms`;
    // made only for a change, since most readings change nothing.
    await this.options.publish(profile, toSlotAccounts(upstream));
    const { notify } = this.options;
    if (!notify || isEmptyDiff(diff)) return;
    const change = await accountsChange({ profile, userId: userIdOf(profile), diff, before, accounts, now: now() });
    // Not awaited by the chain: a backend that is down must not hold up the next reading.
    const told = notify(change).catch((error: unknown) => this.warn('telling the backend failed', profile, error));
    this.notifying.add(told);
    void told.then(() => this.notifying.delete(told));
  }

  private async readWithRetries(profile: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.options.readFresh(profile);
        return;
      } catch (error) {
        const delay = this.retryDelaysMs[attempt];
        if (delay === undefined) {
          this.warn('re-reading a profile after a webhook failed; its change reaches the elements at their next read', profile, error, 'error');
          return;
        }
        await new Promise<void>((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private addHint(profile: string, hint: AccountHint): void {
    const list = this.hints.get(profile) ?? [];
    if (list.length < MAX_HINTS) list.push({ hint, at: this.options.now() });
    this.hints.set(profile, list);
  }

  /** The hints received before the reading started: the reading can confirm those, not later ones. */
  private takeHints(profile: string, startedAt: number): AccountHint[] {
    const list = this.hints.get(profile);
    if (!list) return [];
    const used = list.filter((entry) => entry.at <= startedAt);
    const left = list.filter((entry) => entry.at > startedAt);
    if (left.length) this.hints.set(profile, left);
    else this.hints.delete(profile);
    return used.map((entry) => entry.hint);
  }

  private warn(msg: string, profile: string, error: unknown, level: 'warn' | 'error' = 'warn'): void {
    this.options.log({
      time: new Date(this.options.now()).toISOString(),
      level,
      msg,
      profile,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
