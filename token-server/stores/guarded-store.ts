/**
 * @module A `SharedStore` that cannot hold requests hostage: every call has a deadline, and after a
 * failure the store is left alone for a cool-off (calls fail at once, then one call probes it again).
 * A frozen Redis thus costs one request the deadline, not every request the whole outage. Callers
 * apply their own policy to a failure (a read goes to the upstream, a mint is refused).
 */
import type { CounterWindow, SharedStore } from './shared-store.ts';

export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

export interface GuardedStoreOptions {
  /** Longest wait for one store call. */
  timeoutMs: number;
  /** How long calls fail at once after a failure, before the store is tried again. */
  coolOffMs: number;
  now: () => number;
  /** Told about each call that failed or timed out (not about those refused during a cool-off). */
  onFailure: (operation: string, error: unknown) => void;
}

export const DEFAULT_STORE_TIMEOUT_MS = 500;
export const DEFAULT_STORE_COOL_OFF_MS = 5_000;

export interface GuardedStore extends SharedStore {
  /** Milliseconds until the store is tried again; 0 when it is in use. */
  coolingOffFor: () => number;
}

export function guardStore(store: SharedStore, { timeoutMs, coolOffMs, now, onFailure }: GuardedStoreOptions): GuardedStore {
  let retryAt = 0;
  const guard = <T>(operation: string, call: () => Promise<T>): Promise<T> => {
    if (now() < retryAt) return Promise.reject(new StoreUnavailableError(`The shared store failed recently; it is tried again in ${retryAt - now()} ms.`));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StoreUnavailableError(`The shared store did not answer ${operation} within ${timeoutMs} ms.`)), timeoutMs);
    });
    return Promise.race([Promise.resolve().then(call), deadline])
      .catch((error: unknown) => {
        retryAt = now() + coolOffMs;
        onFailure(operation, error);
        throw error;
      })
      .finally(() => clearTimeout(timer));
  };
  const guarded: GuardedStore = {
    increment: (key, windowSeconds): Promise<CounterWindow> => guard('increment', () => store.increment(key, windowSeconds)),
    get: <T>(key: string) => guard('get', () => store.get<T>(key)),
    set: (key, value, ttlMs) => guard('set', () => store.set(key, value, ttlMs)),
    delete: (key) => guard('delete', () => store.delete(key)),
    coolingOffFor: () => Math.max(0, retryAt - now()),
  };
  if (store.decrement) guarded.decrement = (key) => guard('decrement', () => store.decrement!(key));
  return guarded;
}
