/**
 * A `Transport` over undici's `request()` with a keep-alive pool, cheaper per call on Node than the
 * global `fetch` (see bench/). Node-only, hence its own file: edge builds import the client, never this.
 */
import { Agent, request, type Dispatcher } from 'undici';
import { honouringAbort } from './request.ts';
import type { Transport, TransportResponse } from './types.ts';

export interface UndiciTransportOptions {
  /**
   * Bring your own dispatcher (an `Agent`, a `Pool`, a `MockAgent`). `close()` then leaves it
   * open: whoever made it owns it.
   */
  dispatcher?: Dispatcher;
  /**
   * Sockets per upstream origin. Default 256: bounded, so a burst cannot open thousands, and wide
   * enough that concurrent users do not queue for a socket (a narrow pool caps throughput at
   * connections ÷ upstream latency).
   */
  connections?: number;
  /** How long an idle socket is kept for reuse; the upstream's keep-alive hint may shorten it. Default 10 000 ms. */
  keepAliveTimeoutMs?: number;
  /** Largest answer body read, in bytes; bigger answers fail as network errors. Default 1 MiB. */
  maxResponseBytes?: number;
}

export interface UndiciTransport extends Transport {
  readonly dispatcher: Dispatcher;
  /** Closes the pool this transport created (waits for requests in flight); no-op for a given dispatcher. */
  close(): Promise<void>;
  /**
   * Closes the pool now, failing requests in flight: for the end of a shutdown's grace period, when
   * nobody waits for their answers any more. Call it instead of `close()`, not after (undici then
   * keeps waiting). No-op for a given dispatcher.
   */
  destroy(): Promise<void>;
}

const DEFAULT_CONNECTIONS = 256;
const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * The transport, and `close()` for shutdown:
 *
 *   const transport = createUndiciTransport();
 *   const client = new UploadPostClient({ apiKey, transport });
 *   // on shutdown:
 *   await transport.close();
 */
export function createUndiciTransport(options: UndiciTransportOptions = {}): UndiciTransport {
  const owned = options.dispatcher === undefined;
  const dispatcher =
    options.dispatcher ??
    new Agent({
      connections: options.connections ?? DEFAULT_CONNECTIONS,
      keepAliveTimeout: options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
      maxResponseSize: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    });

  const transport = honouringAbort(
    async (url: string, init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal }): Promise<TransportResponse> => {
      const options: Parameters<typeof request>[1] = { dispatcher, method: init.method, headers: init.headers, signal: init.signal };
      if (init.body !== undefined) options.body = init.body;
      const response = await request(url, options);
      // The body is read here, before returning: a caller that never calls `text()` (or throws
      // before it does) cannot leave the socket stuck on an unread body. The API's answers are small
      // JSON documents, so buffering them costs nothing.
      let text: string;
      try {
        text = await response.body.text();
      } catch (error) {
        // Aborted or failed half-way: destroying the body releases (and discards) the socket.
        response.body.destroy();
        throw error;
      }
      const { headers } = response;
      return {
        status: response.statusCode,
        headers: {
          get(name: string): string | null {
            const value = headers[name.toLowerCase()];
            if (value === undefined) return null;
            return Array.isArray(value) ? value.join(', ') : value;
          },
        },
        text: async () => text,
      };
    },
  );

  // Idempotent: a second `close()` of an undici Agent never settles, which would hang whoever
  // shuts down twice (a signal during shutdown, a test's `after` after the server's own close).
  let closing: Promise<void> | undefined;
  return Object.assign(transport, {
    dispatcher,
    close: () => (closing ??= owned ? dispatcher.close() : Promise.resolve()),
    destroy: () => (closing ??= owned ? dispatcher.destroy() : Promise.resolve()),
  });
}
