/**
 * @module The token server as a whole site: its routes under `/upload-post`, `/` redirecting to its
 * health check, anything else answered in its error shape. Used by the CLI and the Worker.
 */
import { Hono } from 'hono';
import type { TokenServerApp } from './app.ts';
import type { TokenServerEnv } from './context.ts';
import { notFound } from './errors.ts';

export const MOUNT_PATH = '/upload-post';

/** `routes` adds routes of your own beside the mount (registered before the `/` redirect, so they win). */
export function mountTokenServer(tokenServer: TokenServerApp, routes?: (site: Hono) => void): Hono<TokenServerEnv> {
  const root = new Hono<TokenServerEnv>();
  root.route(MOUNT_PATH, tokenServer);
  if (routes) {
    const site = new Hono();
    routes(site);
    root.route('/', site);
  }
  root.get('/', (c) => c.redirect(`${MOUNT_PATH}/healthz`));
  root.notFound(notFound);
  return root;
}
