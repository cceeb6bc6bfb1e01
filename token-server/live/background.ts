/**
 * @module Work that goes on after the answer: on Workers it must be handed to `waitUntil` or the
 * isolate may stop it; elsewhere the promise simply runs on. The work must never reject; `work` is
 * asked for only where there is something to extend, so that Node pays nothing for it.
 */
import type { Context } from 'hono';

export function inBackground(c: Context, work: () => Promise<void>): void {
  let executionCtx;
  try {
    executionCtx = c.executionCtx;
  } catch {
    // Hono throws when the runtime passed no execution context (Node): nothing to extend.
    return;
  }
  executionCtx.waitUntil(work());
}
