/**
 * A receiver of webhooks on a loopback socket: records every POST (raw body, headers, when), answers
 * with the status the test sets, and lets a test wait until it has seen what it expects (no sleeps).
 */
import { Hono } from 'hono';
import { serveOnLoopback, type LoopbackServer } from './loopback.ts';
import { withTimeout } from './with-timeout.ts';

export interface Received {
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests assert the payload's shape themselves
  json: any;
  at: number;
  /** The status it was answered with. */
  status: number;
}

export interface WebhookReceiver {
  url: string;
  received: Received[];
  /** The status the next requests get (default 200). */
  status: number;
  /** Resolves once `count` requests (matching `filter`) have arrived. */
  waitFor(count: number, filter?: (request: Received) => boolean, ms?: number): Promise<Received[]>;
  close(): Promise<void>;
  server: LoopbackServer;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const waiters = new Set<() => void>();
  const receiver = { received: [] as Received[], status: 200 } as WebhookReceiver;
  const app = new Hono();
  app.post('*', async (c) => {
    const body = await c.req.text();
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
    const url = new URL(c.req.url);
    const status = receiver.status;
    receiver.received.push({ path: url.pathname, query: url.search, headers: Object.fromEntries(c.req.raw.headers), body, json, at: Date.now(), status });
    for (const wake of [...waiters]) wake();
    return c.body(null, status as 200);
  });
  const server = await serveOnLoopback(app.fetch);
  receiver.server = server;
  receiver.url = server.url;
  receiver.close = () => server.close();
  receiver.waitFor = (count, filter = () => true, ms = 5_000) =>
    withTimeout(
      new Promise<Received[]>((resolve) => {
        const check = () => {
          const matching = receiver.received.filter(filter);
          if (matching.length >= count) {
            waiters.delete(check);
            resolve(matching);
          }
        };
        waiters.add(check);
        check();
      }),
      ms,
      `${count} webhook(s) at the receiver`,
    );
  return receiver;
}
