/**
 * @module State every instance of the token server shares: the mint counters and the settled
 * upstream-read cache, so a fleet limits and caches as one server up to the store's consistency
 * (`MemoryStore`: per instance; `RedisStore`: shared, exact; `KvStore`: shared, eventual). Values
 * must survive JSON: remote stores serialise them (`stored-value.ts`).
 */

/** A fixed-window counter after one increment. */
export interface CounterWindow {
  /** Increments seen in the current window, this one included (≥ 1). */
  count: number;
  /** When the current window ends, in milliseconds since the epoch; the count starts over then. */
  resetAt: number;
}

export interface SharedStore {
  /**
   * Adds one to `key`'s counter. The first increment opens a window of `windowSeconds`; later
   * ones within it count up; after `resetAt` the next increment opens a new window at 1.
   */
  increment(key: string, windowSeconds: number): Promise<CounterWindow>;
  /**
   * Takes one back from `key`'s counter in its current window (a mint that delivered no link), never
   * below zero and never opening a window. Optional: without it such mints stay counted.
   */
  decrement?(key: string): Promise<void>;
  /** The value set under `key`, or undefined when there is none or its TTL has passed. */
  get<T>(key: string): Promise<T | undefined>;
  /** Keeps `value` under `key` for `ttlMs` milliseconds (remote stores may round it up). */
  set<T>(key: string, value: T, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}

/** True for an object that implements `SharedStore` — for option validation. */
export function isSharedStore(value: unknown): value is SharedStore {
  return (
    typeof value === 'object' &&
    value !== null &&
    ['increment', 'get', 'set', 'delete'].every((method) => typeof (value as Record<string, unknown>)[method] === 'function')
  );
}
