/**
 * @module How many connect links one user may mint per window. Each mint is an upstream call on the
 * customer's key and hands out a 48-hour credential, so a stuck button or a script in a loop stops
 * here (429 with `Retry-After`) before it reaches Upload-Post.
 *
 * Counted in fixed windows in a `SharedStore` (in memory by default, shared by a fleet with Redis or
 * KV): up to 2 × `maxMints` can pass around a window's edge. If the store fails the mint is allowed
 * and `onStoreError` is told: the limit guards against runaway clients, and a store outage should
 * not take minting down with it.
 */
import type { SharedStore } from './shared-store.ts';

export interface RateLimitDecision {
  allowed: boolean;
  /** Whole seconds until the next mint would be allowed; 0 when allowed. */
  retryAfterSeconds: number;
}

export interface MintRateLimiterOptions {
  maxMints: number;
  windowSeconds: number;
  /** Where the counters live. */
  store: SharedStore;
  now: () => number;
  /** Told about a store failure (the mint was allowed); default: ignored. */
  onStoreError?: (error: unknown) => void;
}

/** Store keys of the counters: `mint:<profile>`. */
export const MINT_COUNTER_PREFIX = 'mint:';

export class MintRateLimiter {
  constructor(private readonly options: MintRateLimiterOptions) {}

  /** Counts a mint for `key` and says whether it is within the limit. */
  async consume(key: string): Promise<RateLimitDecision> {
    const { store, maxMints, windowSeconds, now, onStoreError } = this.options;
    let window;
    try {
      window = await store.increment(MINT_COUNTER_PREFIX + key, windowSeconds);
    } catch (error) {
      onStoreError?.(error);
      return { allowed: true, retryAfterSeconds: 0 };
    }
    if (window.count <= maxMints) return { allowed: true, retryAfterSeconds: 0 };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.resetAt - now()) / 1000)) };
  }
}
