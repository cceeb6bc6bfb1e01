/**
 * How many connect links one user may mint per window. Each mint is an upstream call on the
 * customer's API key and hands out a 48-hour credential, so a stuck button or a script in a loop
 * is stopped here (429 with `Retry-After`) before it reaches Upload-Post.
 *
 * Two ways to count, chosen by whether a `SharedStore` is given:
 *
 * - Without one: a sliding window per user in memory — exact, and small (at most `maxMints`
 *   timestamps per active user), but per process/isolate: N instances allow N × `maxMints`.
 * - With one (`shared-state.ts`): a fixed window counted in the store, shared by every instance.
 *   A fixed window can let up to 2 × `maxMints` through around a window's edge, and the store's
 *   consistency bounds the rest (KV: approximate; Redis: exact). If the store fails, the mint is
 *   allowed and `onStoreError` is told: the limit guards against runaway clients, and an outage
 *   of the store should not take minting down with it.
 */
import type { SharedStore } from './shared-store.ts';

export interface RateLimitDecision {
  allowed: boolean;
  /** Whole seconds until the next mint would be allowed; 0 when allowed. */
  retryAfterSeconds: number;
}

export interface MintRateLimiterOptions {
  /** Count in this store, shared across instances; default: in memory, per instance. */
  store?: SharedStore;
  /** Told about a store failure (the mint was allowed); default: ignored. */
  onStoreError?: (error: unknown) => void;
}

/** Store keys of the counters: `mint:<profile>`. */
export const MINT_COUNTER_PREFIX = 'mint:';

export class MintRateLimiter {
  private readonly windowMs: number;
  private readonly hits = new Map<string, number[]>();
  private readonly store: SharedStore | undefined;
  private readonly onStoreError: (error: unknown) => void;
  private sweeps = 0;

  constructor(
    private readonly maxMints: number,
    private readonly windowSeconds: number,
    private readonly now: () => number,
    options: MintRateLimiterOptions = {},
  ) {
    this.windowMs = windowSeconds * 1000;
    this.store = options.store;
    this.onStoreError = options.onStoreError ?? (() => undefined);
  }

  /** Records a mint for `key` when allowed — through the shared store when there is one. */
  async consume(key: string): Promise<RateLimitDecision> {
    if (!this.store) return this.take(key);
    let window;
    try {
      window = await this.store.increment(MINT_COUNTER_PREFIX + key, this.windowSeconds);
    } catch (error) {
      this.onStoreError(error);
      return { allowed: true, retryAfterSeconds: 0 };
    }
    if (window.count <= this.maxMints) return { allowed: true, retryAfterSeconds: 0 };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.resetAt - this.now()) / 1000)) };
  }

  /**
   * The in-memory sliding window, synchronously. With a shared store configured this would count
   * beside the store, not in it, so it refuses: use `consume()`.
   */
  take(key: string): RateLimitDecision {
    if (this.store) throw new TypeError('MintRateLimiter: a shared store is configured; call consume(), which counts in it.');
    const now = this.now();
    const recent = (this.hits.get(key) ?? []).filter((time) => time > now - this.windowMs);
    if (recent.length >= this.maxMints) {
      this.hits.set(key, recent);
      const retryAfterMs = recent[0]! + this.windowMs - now;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
    }
    recent.push(now);
    this.hits.set(key, recent);
    this.sweep(now);
    return { allowed: true, retryAfterSeconds: 0 };
  }

  /** Forgets users whose window has passed, now and then, so memory follows active users only. */
  private sweep(now: number): void {
    if (++this.sweeps % 256 !== 0) return;
    for (const [key, times] of this.hits) {
      if (times.every((time) => time <= now - this.windowMs)) this.hits.delete(key);
    }
  }
}
