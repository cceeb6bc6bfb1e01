/**
 * @module Work that goes on after the answer: on Workers it must be handed to `waitUntil` or the
 * isolate may stop it; elsewhere the promise simply runs on. The work must never reject; `work` is
 * asked for only where there is something to extend, so that Node pays nothing for it.
 */
import type { Context } from 'hono';

export function inBackground(c: Context, work: () => Promise<void>): void {
  const executionCtx = executionContextOf(c);
  if (executionCtx) executionCtx.waitUntil(work());
}

/**
 * The runtime's execution context, if it passed one (Workers do, Node does not). Hono's getter is
 * the only way to ask, and it throws without one: asked with stack traces off, so that the error
 * does not capture one on every such read (on Node, most of what live accounts cost a read).
 */
function executionContextOf(c: Context): Context['executionCtx'] | undefined {
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return c.executionCtx;
  } catch {
    return undefined;
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}
