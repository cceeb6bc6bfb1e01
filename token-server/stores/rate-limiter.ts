/**
 * @module How many connect links one user may mint per window. Each mint is an upstream call on the
 * customer's key and hands out a 48-hour credential, so a stuck button or a script in a loop stops
 * here (429 with `Retry-After`) before it reaches Upload-Post.
 *
 * Counted in fixed windows in a `SharedStore` (in memory by default, shared by a fleet with Redis or
 * KV): up to 2 × `maxMints` can pass around a window's edge. Only links delivered count: a mint that
 * failed is given back. While the store fails, mints are refused by default (`whenStoreFails`).
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
  windowSeconds: number;
  /** Where the counters live. */
  store: SharedStore;
  now: () => number;
  /** `refuse` (default): no mint while the count is unknown; `allow`: mint without a limit. */
  whenStoreFails?: 'refuse' | 'allow';
  /** Whole seconds until the store is tried again (default 5). */
  storeRetryAfterSeconds?: () => number;
}

/** Store keys of the counters: `mint:<profile>`. */
export const MINT_COUNTER_PREFIX = 'mint:';

const NOTHING_TO_REFUND = async () => undefined;

export class MintRateLimiter {
  constructor(private readonly options: MintRateLimiterOptions) {}

  /** Counts a mint for `key` and says whether it is within the limit. */
  async consume(key: string): Promise<RateLimitDecision> {
    const { store, maxMints, windowSeconds, now } = this.options;
    const counter = MINT_COUNTER_PREFIX + key;
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
