/**
 * @module The default `SharedStore`: two maps in this process or isolate, values kept as given (a
 * cached read is the very object the upstream client returned).
 */
import { OldestFirst } from '../../lib/oldest-first.ts';
import type { CounterWindow, SharedStore } from './shared-store.ts';

export interface MemoryStoreOptions {
  /** Clock in milliseconds since the epoch (default `Date.now`); tests move time with it. */
  now?: () => number;
  /** Most values kept; past it the expired go first (swept at most once a second), then the oldest. Default 10 000. */
  maxEntries?: number;
}

/** Expired values are swept at most this often once the store is at its bound. */
const SWEEP_INTERVAL_MS = 1000;

interface Stored {
  value: unknown;
  expiresAt: number;
}

/**
 * Every method does its work before its first `await`: a caller that does not wait for
 * `delete()` still sees the deletion on its next `get()`.
 */
export class MemoryStore implements SharedStore {
  private readonly values = new Map<string, Stored>();
  private readonly counters = new Map<string, CounterWindow>();
  private readonly now: () => number;
  private readonly maxEntries: number;
  private increments = 0;
  private readonly oldest = new OldestFirst(this.values);
  /** No value expires before this (a lower bound): until then a sweep for expired values finds none. */
  private earliestExpiry = Infinity;
  private lastSweep = -Infinity;

  constructor(options: MemoryStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  async increment(key: string, windowSeconds: number): Promise<CounterWindow> {
    const now = this.now();
    const current = this.counters.get(key);
    const window =
      current && current.resetAt > now ? { count: current.count + 1, resetAt: current.resetAt } : { count: 1, resetAt: now + windowSeconds * 1000 };
    this.counters.set(key, window);
    this.sweepCounters(now);
    return { ...window };
  }

  async decrement(key: string): Promise<void> {
    const current = this.counters.get(key);
    if (current && current.resetAt > this.now() && current.count > 0) current.count -= 1;
  }

  async get<T>(key: string): Promise<T | undefined> {
    const stored = this.values.get(key);
    if (!stored) return undefined;
    if (stored.expiresAt <= this.now()) {
      this.values.delete(key);
      return undefined;
    }
    return stored.value as T;
  }

  async set<T>(key: string, value: T, ttlMs: number): Promise<void> {
    // Re-inserting moves the key to the end of the map's order, which eviction reads as "newest".
    const expiresAt = this.now() + ttlMs;
    this.values.delete(key);
    this.values.set(key, { value, expiresAt });
    if (expiresAt < this.earliestExpiry) this.earliestExpiry = expiresAt;
    this.evict();
  }

  async delete(key: string): Promise<void> {
    this.values.delete(key);
    this.counters.delete(key);
  }

  /** Values currently held (expired ones included until they are swept). */
  get size(): number {
    return this.values.size;
  }

  /** Counters whose window has passed are forgotten now and then: memory follows active users. */
  private sweepCounters(now: number): void {
    if (++this.increments % 256 !== 0) return;
    for (const [key, window] of this.counters) if (window.resetAt <= now) this.counters.delete(key);
  }

  private evict(): void {
    if (this.values.size <= this.maxEntries) return;
    const now = this.now();
    // A sweep reads every value: at the bound (many users, or many pending connect sessions) one
    // per set would make each set cost the whole store. So only when a value may have expired,
    // and at most once a second.
    if (this.earliestExpiry <= now && now - this.lastSweep >= SWEEP_INTERVAL_MS) {
      this.lastSweep = now;
      let earliest = Infinity;
      this.values.forEach((stored, key) => {
        if (stored.expiresAt <= now) this.values.delete(key);
        else if (stored.expiresAt < earliest) earliest = stored.expiresAt;
      });
      this.earliestExpiry = earliest;
    }
    // What remains over the bound goes oldest first (a value set again counts as new).
    while (this.values.size > this.maxEntries && this.oldest.drop());
  }
}
