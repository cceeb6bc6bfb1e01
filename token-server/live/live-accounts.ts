/**
 * @module Live accounts, assembled from the options: the watch that diffs readings, the hub of event
 * streams, the fan-out between instances (the `sharedStore` when it also implements `SharedPubSub`,
 * else this process), and who is told of a change (`onAccountsChange`, the signed `forward`). Off
 * (undefined) unless `webhookSecret` is set.
 */
import type { MiddlewareHandler } from 'hono';
import type { LogSink } from '../log.ts';
import type { ResolvedOptions } from '../options.ts';
import { MemoryPubSub } from '../stores/memory-pubsub.ts';
import { isSharedPubSub } from '../stores/shared-pubsub.ts';
import type { SharedStore } from '../stores/shared-store.ts';
import type { UploadPostApi } from '../../upload-post/index.ts';
import type { UpstreamReads } from '../upstream/reads.ts';
import type { AccountsChange } from './accounts-change.ts';
import { AccountsWatch } from './accounts-watch.ts';
import { inBackground } from './background.ts';
import { createForwarder } from './forwarder.ts';
import { knownAccountsIn } from './known-accounts.ts';
import { observedUpstream } from './observed-upstream.ts';
import { StreamHub } from './stream-hub.ts';

export interface LiveAccounts {
  secret: string;
  watch: AccountsWatch;
  /** Undefined when `events` is false. */
  hub: StreamHub | undefined;
  /** Whether a profile belongs to one of this server's users. */
  isOurs: (profile: string) => boolean;
  /** The upstream for the reads: every real read of a profile is also a reading for the watch. */
  observe: (upstream: UploadPostApi) => UploadPostApi;
  /** Gives the watch the reads it re-reads through (they are built from `observe`'s upstream). */
  readThrough: (reads: UpstreamReads) => void;
  /**
   * For every route: any read may start work that outlives the answer (a reading applied, a backend
   * told); on Workers it is handed to the request's `waitUntil`, or the isolate would cut it short.
   */
  keepWorkAlive: MiddlewareHandler;
}

/** Store keys of delivery ids already handled: `delivery:<id>`, kept a day. */
const DELIVERY_PREFIX = 'delivery:';
const DELIVERY_TTL_MS = 24 * 60 * 60 * 1000;

type LiveOptions = Pick<
  ResolvedOptions,
  'webhookSecret' | 'onAccountsChange' | 'forward' | 'userIdOf' | 'profileName' | 'events' | 'shutdownSignal' | 'platforms' | 'now' | 'storeTimeoutMs'
> & { sharedStore?: SharedStore | undefined };

export function createLiveAccounts(options: LiveOptions, { store, log }: { store: SharedStore; log: LogSink }): LiveAccounts | undefined {
  const { webhookSecret, userIdOf, profileName, now, platforms, events, shutdownSignal } = options;
  if (webhookSecret === undefined) return undefined;

  // A user id only counts when it maps back to the same profile: a prefix that does not invert is no answer.
  const userOf = (profile: string): string | null => {
    try {
      const userId = userIdOf?.(profile);
      return typeof userId === 'string' && userId !== '' && profileName(userId) === profile ? userId : null;
    } catch {
      // The customer's mapping refused this profile: not one of theirs to name.
      return null;
    }
  };
  const pubsub = isSharedPubSub(options.sharedStore) ? options.sharedStore : new MemoryPubSub();
  const hub = events === false ? undefined : new StreamHub({ pubsub, platforms, log, now, publishTimeoutMs: options.storeTimeoutMs, ...events });
  const forward = options.forward && createForwarder({ ...options.forward, log, now, signal: shutdownSignal });
  const hook = options.onAccountsChange;
  if (userIdOf === undefined && (hook || forward)) {
    log({
      time: new Date(now()).toISOString(),
      level: 'warn',
      msg: 'profileName is set but userIdOf is not: account changes will carry userId: null. Set userIdOf to map a profile back to your user id.',
    });
  }
  const notify =
    !hook && !forward
      ? undefined
      : async (change: AccountsChange) => {
          await Promise.all([
            hook &&
              Promise.resolve()
                .then(() => hook(change))
                .catch((error: unknown) =>
                  log({ time: new Date(now()).toISOString(), level: 'error', msg: 'onAccountsChange threw', changeId: change.id, error: String(error) }),
                ),
            forward?.(change),
          ]);
        };

  let reads: UpstreamReads | undefined;
  const watch = new AccountsWatch({
    known: knownAccountsIn(store),
    platforms,
    now,
    userIdOf: userOf,
    publish: async (profile, slots) => {
      await hub?.publish(profile, slots);
    },
    notify,
    readFresh: async (profile) => {
      if (!reads) throw new Error('live accounts: no reads to refresh through');
      await reads.invalidate(profile);
      await reads.profile(profile, true);
    },
    firstDelivery: async (id) => {
      const key = DELIVERY_PREFIX + id;
      if ((await store.get<boolean>(key).catch(() => undefined)) === true) return false;
      await store.set(key, true, DELIVERY_TTL_MS).catch(() => undefined);
      return true;
    },
    log,
  });
  if (shutdownSignal && hub) {
    if (shutdownSignal.aborted) hub.closeAll();
    else shutdownSignal.addEventListener('abort', () => hub.closeAll(), { once: true });
  }

  return {
    secret: webhookSecret,
    watch,
    hub,
    // Without userIdOf no profile can be told apart: all are taken as ours.
    isOurs: (profile) => userIdOf === undefined || userOf(profile) !== null,
    observe: (upstream) => observedUpstream(upstream, (profile, reading, startedAt) => watch.observe(profile, reading, startedAt), now),
    readThrough: (built) => {
      reads = built;
    },
    keepWorkAlive: async (c, next) => {
      await next();
      if (watch.busy) inBackground(c, () => watch.settled());
    },
  };
}
