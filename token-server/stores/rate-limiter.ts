/**
 * @module How many connect links one user may mint per window. Each mint is an upstream call on the
 * customer's key and hands out a 48-hour credential, so a stuck button or a script in a loop stops
 * here (429 with `Retry-After`) before it reaches Upload-Post.
 *
 * Counted in fixed windows in a `SharedStore` (in memory by default, shared by a fleet with Redis or
 * KV): up to 2 × `maxMints` can pass around a window's edge. Only links delivered count: a mint that
 * failed is given back. While the store fails, mints are refused by default (`whenStoreFails`).
 *
 * Links the element mints ahead of a click (`prefetch`) have a budget of their own, `maxPrefetches`
 * (`prefetch:<profile>`): a prefetch never spends what a click may need, so it can never make a
 * click meet a 429; a user's links per window are at most `maxMints + maxPrefetches`.
 */
import type { SharedStore } from './shared-store.ts';

export type RateLimitDecision =
  | {
      allowed: true;
      /** Gives the mint back: the link was never delivered. */
      refund: () => Promise<void>;
    }
  | {
      allowed: false;
      /** Whole seconds until a mint may succeed. */
      retryAfterSeconds: number;
      /** `limit`: the user's budget is spent; `store`: the counters cannot be read. */
      reason: 'limit' | 'store';
    };

export interface MintRateLimiterOptions {
  maxMints: number;
  /** Links minted ahead of a click per window (default half of `maxMints`, rounded up; 0: none). */
  maxPrefetches?: number;
  windowSeconds: number;
  /** Where the counters live. */
  store: SharedStore;
  now: () => number;
  /** `refuse` (default): no mint while the count is unknown; `allow`: mint without a limit. */
  whenStoreFails?: 'refuse' | 'allow';
  /** Whole seconds until the store is tried again (default 5). */
  storeRetryAfterSeconds?: () => number;
}

/** Store keys of the counters: `mint:<profile>`, and `prefetch:<profile>` for links minted ahead of a click. */
export const MINT_COUNTER_PREFIX = 'mint:';
export const PREFETCH_COUNTER_PREFIX = 'prefetch:';

/** The prefetch budget when none is configured: half the clicks', so prefetching at most adds half again to a user's links. */
export const defaultMaxPrefetches = (maxMints: number): number => Math.ceil(maxMints / 2);

const NOTHING_TO_REFUND = async () => undefined;

export class MintRateLimiter {
  constructor(private readonly options: MintRateLimiterOptions) {}

  /** Counts a mint for `key` (a prefetch in its own budget) and says whether it is within the limit. */
  async consume(key: string, prefetch = false): Promise<RateLimitDecision> {
    const { store, windowSeconds, now } = this.options;
    const maxMints = prefetch ? (this.options.maxPrefetches ?? defaultMaxPrefetches(this.options.maxMints)) : this.options.maxMints;
    // No budget at all: refused without touching the store.
    if (maxMints === 0) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(windowSeconds)), reason: 'limit' };
    const counter = (prefetch ? PREFETCH_COUNTER_PREFIX : MINT_COUNTER_PREFIX) + key;
    let window;
    try {
      window = await store.increment(counter, windowSeconds);
    } catch {
      // The store reported the failure itself (guarded-store.ts); here only the policy is applied.
      if (this.options.whenStoreFails === 'allow') return { allowed: true, refund: NOTHING_TO_REFUND };
      return { allowed: false, retryAfterSeconds: Math.max(1, this.options.storeRetryAfterSeconds?.() ?? 5), reason: 'store' };
    }
    if (window.count <= maxMints) {
      return { allowed: true, refund: () => store.decrement?.(counter).catch(() => undefined) ?? Promise.resolve() };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.resetAt - now()) / 1000)), reason: 'limit' };
  }
}
