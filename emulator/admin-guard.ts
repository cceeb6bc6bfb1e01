/**
 * @module Keeps web pages off the emulator's admin routes. The emulator listens on this machine, where
 * any page the developer opens can send it requests; a browser marks them (`Origin` on every POST, PUT
 * and DELETE, no-cors ones included; `Sec-Fetch-Site` on all), tests and scripts send neither. And a
 * body must be declared JSON, which a page on another origin can only send after a CORS preflight
 * these routes never grant. (Hono's `csrf()` looks only at form-like bodies: a no-cors POST with no
 * body at all passes it.)
 */
import type { MiddlewareHandler } from 'hono';
import { EmulatorHttpError } from './http-error.ts';
import { isBodiless, isJsonContentType } from './request-body.ts';

/** What a browser says of a request its own origin made (`none`: typed in the address bar). */
const SAME_ORIGIN_SITES = new Set(['same-origin', 'none']);

export function adminRequestGuard(): MiddlewareHandler {
  return async function guardAdmin(c, next) {
    const origin = c.req.header('Origin');
    const site = c.req.header('Sec-Fetch-Site');
    if ((origin !== undefined && origin !== new URL(c.req.url).origin) || (site !== undefined && !SAME_ORIGIN_SITES.has(site))) {
      throw new EmulatorHttpError(403, 'The admin routes answer tests and scripts, not web pages of another origin');
    }
    if (!isBodiless(c)) {
      const type = c.req.header('Content-Type');
      const length = c.req.header('Content-Length');
      const hasBody = (length !== undefined && length !== '0') || c.req.header('Transfer-Encoding') !== undefined;
      if ((type !== undefined || hasBody) && !isJsonContentType(type)) {
        throw new EmulatorHttpError(415, 'Content-Type must be application/json');
      }
    }
    await next();
  };
}
