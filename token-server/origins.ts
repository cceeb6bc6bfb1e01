/**
 * @module Which browser origins may act through the token server, and where it is reachable: the
 * configured `allowedOrigins` plus its own origin (from `publicUrl`, else the request's URL).
 */
import type { Context } from 'hono';

export interface Origins {
  /** Whether a page on `origin` may call the user routes, receive `/done`'s message and be returned to. */
  isAllowed: (origin: string, c: Context) => boolean;
  /** This app's base URL as browsers reach it (mount path included): `publicUrl`, or the request's URL minus `route`. */
  baseUrl: (c: Context, route: string) => string;
}

export function createOrigins(allowedOrigins: ReadonlySet<string>, publicUrl: string | undefined): Origins {
  const publicOrigin = publicUrl ? new URL(publicUrl).origin : undefined;
  // Behind a proxy the request URL may be internal: `publicUrl` says what browsers see.
  const ownOrigin = (c: Context) => publicOrigin ?? new URL(c.req.url).origin;
  return {
    isAllowed: (origin, c) => allowedOrigins.has(origin) || origin === ownOrigin(c),
    baseUrl: (c, route) => {
      if (publicUrl) return publicUrl;
      const url = new URL(c.req.url);
      return url.origin + url.pathname.slice(0, url.pathname.length - route.length);
    },
  };
}
