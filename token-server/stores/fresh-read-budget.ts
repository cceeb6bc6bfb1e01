/**
 * @module How many reads per user and minute may skip the settled-read cache (`Cache-Control:
 * no-cache`, which every read of the element sends). Past it a fresh read is served like any other:
 * joined to a read in flight, or answered from one a couple of seconds old. One user's re-reads thus
 * cost Upload-Post a bounded number of calls. Counted in this instance's memory, never in the shared
 * store: a read must stay cheap (a fleet of N instances allows N times the budget).
 */

import { OldestFirst } from '../../lib/oldest-first.ts';

export const DEFAULT_FRESH_READS_PER_MINUTE = 20;
const WINDOW_MS = 60_000;
/** At the bound, ended windows are swept at most this often. */
const SWEEP_INTERVAL_MS = 1000;

interface Window {
  used: number;
  resetAt: number;
}

export class FreshReadBudget {
  /** In insertion order, oldest window first: what eviction drops first. */
  private readonly windows = new Map<string, Window>();
  private readonly oldest = new OldestFirst(this.windows);
  private lastSweep = -Infinity;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number,
    /** Users remembered at most; past it the ended windows go first, then the oldest. */
    private readonly maxUsers = 10_000,
  ) {}

  /** Whether `user` may have a fresh read now; the read is counted when it may. */
  take(user: string): boolean {
    if (this.perMinute === 0) return false;
    const now = this.now();
    let window = this.windows.get(user);
    if (!window || window.resetAt <= now) {
      window = { used: 0, resetAt: now + WINDOW_MS };
      this.windows.delete(user);
      this.windows.set(user, window);
      this.evict(now);
    }
    if (window.used >= this.perMinute) return false;
    window.used += 1;
    return true;
  }

  /** Users with a window in memory. */
  get size(): number {
    return this.windows.size;
  }

  private evict(now: number): void {
    if (this.windows.size <= this.maxUsers) return;
    // A sweep reads every window: at the bound (more users within a minute than it remembers), one
    // per new window would make each cost them all. So at most once a second; in between the oldest goes.
    if (now - this.lastSweep >= SWEEP_INTERVAL_MS) {
      this.lastSweep = now;
      for (const [user, window] of this.windows) if (window.resetAt <= now) this.windows.delete(user);
    }
    while (this.windows.size > this.maxUsers && this.oldest.drop());
  }
}
