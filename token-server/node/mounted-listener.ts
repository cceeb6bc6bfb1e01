/**
 * @module The token server behind a Node framework that mounts it under a path (Express's
 * `app.use('/upload-post', …)`, a Fastify plugin's prefix): each request reaches the app with its
 * whole public URL, as the framework sees it (mount path included, scheme and host after the
 * framework's proxy settings), so routes match and `/done` links point where browsers can go,
 * without `publicUrl`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { createTokenServer } from '../app.ts';
import type { TokenServerOptions } from '../options.ts';

export interface MountedRequest {
  /** Where the framework mounted the token server, e.g. `/upload-post` (`''` at the root). */
  mountPath: string;
  /** How browsers addressed the request, as the framework sees it (after its proxy settings). */
  protocol: string;
  /** `Host` (or a trusted `X-Forwarded-Host`): `app.example.com`, `127.0.0.1:8787`. */
  host: string;
  /** The path and query, mount path included: `/upload-post/accounts?…`. */
  path: string;
  /** The framework's own request object, given to `getUser` as `c.env.request`. */
  frameworkRequest: unknown;
  /** A body a framework parser already read from the stream (`express.json()`), if one did. */
  parsedBody?: unknown;
}

/** Node's request as @hono/node-server reads it: `url`, and `rawBody` for a body already read. */
type ListenedRequest = IncomingMessage & { rawBody?: Buffer };

/** A host a URL can be built from without changing its meaning: a name or address, and a port. */
const HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** `protocol://host/path` when each part is what it claims to be; a `Host: evil.example/x?` is not. */
function publicUrlOf({ protocol, host, path }: MountedRequest): string | undefined {
  if ((protocol !== 'http' && protocol !== 'https') || !HOST.test(host) || !path.startsWith('/')) return undefined;
  return `${protocol}://${host}${path}`;
}

function rawBodyOf(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
}

/** Serves requests the framework hands over; one token server, whatever path it is mounted at. */
export function mountedTokenServer(
  options: TokenServerOptions,
): (incoming: IncomingMessage, outgoing: ServerResponse, mounted: MountedRequest) => Promise<void> {
  const tokenServer = createTokenServer(options);
  const frameworkRequests = new WeakMap<object, unknown>();
  const listeners = new Map<string, ReturnType<typeof getRequestListener>>();
  const listenerAt = (mountPath: string) => {
    let listener = listeners.get(mountPath);
    if (!listener) {
      const site = new Hono().route(mountPath || '/', tokenServer);
      listener = getRequestListener((request, env) => site.fetch(request, { ...env, request: frameworkRequests.get(env.incoming) }));
      listeners.set(mountPath, listener);
    }
    return listener;
  };

  return async (incoming, outgoing, mounted) => {
    const publicUrl = publicUrlOf(mounted);
    if (!publicUrl) {
      // As @hono/node-server answers a Host it cannot build a URL from.
      outgoing.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }).end('Bad Request: invalid Host header');
      return;
    }
    const listened = incoming as ListenedRequest;
    const frameworkUrl = listened.url;
    // @hono/node-server builds the Request from `url`; an absolute one is taken as it is.
    listened.url = publicUrl;
    // A parser mounted before us consumed the stream: hand the app what it read.
    if (mounted.parsedBody !== undefined && incoming.readableEnded && listened.rawBody === undefined) listened.rawBody = rawBodyOf(mounted.parsedBody);
    frameworkRequests.set(incoming, mounted.frameworkRequest);
    try {
      await listenerAt(mounted.mountPath)(listened, outgoing);
    } finally {
      listened.url = frameworkUrl;
    }
  };
}
