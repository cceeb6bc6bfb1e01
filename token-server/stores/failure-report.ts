/**
 * @module What the operator hears of a failing shared store: a warning with the total so far, at most
 * one line per interval however many requests meet the outage.
 */
import type { LogSink } from '../log.ts';

export function reportStoreFailures(log: LogSink, now: () => number, intervalMs = 10_000): (operation: string, error: unknown) => void {
  let failures = 0;
  let unreported = 0;
  let lastReport = Number.NEGATIVE_INFINITY;
  return (operation, error) => {
    failures += 1;
    unreported += 1;
    if (now() - lastReport < intervalMs) return;
    log({
      time: new Date(now()).toISOString(),
      level: 'warn',
      msg: 'shared store failed: reads go to Upload-Post, mints are refused (rateLimit.whenStoreFails) until it answers again',
      operation,
      error: error instanceof Error ? error.message : String(error),
      failures,
      sinceLastReport: unreported,
    });
    lastReport = now();
    unreported = 0;
  };
}
