/** A wait that ends early when the client hangs up, so that no timer outlives its request. */
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import { isBodiless } from './request-body.ts';

interface HangUpSource {
  gone: boolean;
  on(listener: () => void): void;
  off(listener: () => void): void;
}

/**
 * The request's `signal` says when the client left on every runtime, but under @hono/node-server
 * reading it builds a full `Request`, which is costly; so a GET or HEAD on Node listens to the
 * response's `close` instead. A request with a body keeps the signal: building the `Request` is
 * also what buffers the body, which the route must still be able to read after the client has gone.
 */
function hangUpSource(c: Context): HangUpSource {
  // What @hono/node-server passes as `c.env`; absent under `app.request()` and other runtimes.
  const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
  if (isBodiless(c) && outgoing && typeof outgoing.once === 'function') {
    return {
      gone: outgoing.destroyed,
      on: (listener) => outgoing.once('close', listener),
      off: (listener) => outgoing.off('close', listener),
    };
  }
  const signal = c.req.raw.signal;
  return {
    gone: signal.aborted,
    on: (listener) => signal.addEventListener('abort', listener, { once: true }),
    off: (listener) => signal.removeEventListener('abort', listener),
  };
}

/** Resolves after `ms`, or as soon as the client of `c` goes away. */
export function delayUnlessHungUp(ms: number, c: Context): Promise<void> {
  const hangUp = hangUpSource(c);
  if (hangUp.gone) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      hangUp.off(done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    hangUp.on(done);
  });
}
