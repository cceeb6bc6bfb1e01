/** @module Sockets for the Node entries: listen on a port, say where, and shut down gracefully. */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';

/** In-flight requests get this long to finish on shutdown before their sockets are cut. */
export const SHUTDOWN_GRACE_MS = 10_000;

/**
 * How long a client may take: to send its headers, its whole request, and to reuse an idle
 * keep-alive socket. Node's defaults let a slow client hold a socket for minutes; these do not.
 */
export interface SocketTimeouts {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** How often Node looks for connections past those limits. */
  checkIntervalMs: number;
}

export const DEFAULT_SOCKET_TIMEOUTS: SocketTimeouts = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  checkIntervalMs: 1_000,
};

export function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  port: number,
  host: string,
  timeouts: SocketTimeouts = DEFAULT_SOCKET_TIMEOUTS,
): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = serve({
      fetch,
      port,
      hostname: host,
      serverOptions: {
        headersTimeout: timeouts.headersTimeoutMs,
        requestTimeout: timeouts.requestTimeoutMs,
        keepAliveTimeout: timeouts.keepAliveTimeoutMs,
        connectionsCheckingInterval: timeouts.checkIntervalMs,
      },
    }) as Server;
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

export function urlOf(server: Server, host: string): string {
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

/**
 * Graceful: no new connections, idle keep-alive sockets closed, busy ones allowed to finish within
 * `graceMs`, then cut.
 */
export function shutdown(server: Server, graceMs = SHUTDOWN_GRACE_MS): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}
