/**
 * A fetch handler served on a free port of 127.0.0.1: how the node and e2e tests run the emulator,
 * token servers and the pages around them over real sockets.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { serve } from '@hono/node-server';

export interface LoopbackServer {
  /** Node's server, e.g. to count its sockets. */
  server: Server;
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  port: number;
  /** Sockets open right now, idle keep-alive ones included. */
  connections: () => Promise<number>;
  /** Stops listening and ends every connection, idle keep-alive ones included. */
  close: () => Promise<void>;
}

/** `@hono/node-server`'s handler type: the request, and Node's request and response as `env`. */
export type FetchHandler = Parameters<typeof serve>[0]['fetch'];

export function serveOnLoopback(fetch: FetchHandler): Promise<LoopbackServer> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        server,
        url: `http://127.0.0.1:${info.port}`,
        port: info.port,
        connections: () => new Promise((done, fail) => server.getConnections((error, count) => (error ? fail(error) : done(count)))),
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    }) as Server;
  });
}

/**
 * A port of 127.0.0.1 free right now, for a process that must be told its port before it starts
 * (another process may take it meanwhile: callers that can, retry).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
