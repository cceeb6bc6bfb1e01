/**
 * `GET /widget.js` — the element's script-tag bundle, served by the token server so that a site
 * needs only one origin. The bundle is given as an option (its text, or a loader, so that the Node
 * CLI reads it from `dist/` and a Worker imports it); the app itself never touches a file system.
 *
 * Caching: the ETag is the content's SHA-384, so a browser revalidates cheaply (Hono's `etag()`
 * answers the 304). A URL carrying `?v=<version>` of the current content is immutable and cached
 * for a year; the bare URL is cached briefly. The Subresource Integrity value is exposed in the
 * `X-Upload-Post-Integrity` header and by `widgetScriptIntegrity()` so the README can print the
 * `<script integrity="sha384-…">` tag.
 */
import type { Handler } from 'hono';
import { fail } from './errors.ts';
import type { TokenServerEnv } from './env.ts';

export const INTEGRITY_HEADER = 'X-Upload-Post-Integrity';

export type WidgetScriptSource = string | (() => Promise<string | null | undefined> | string | null | undefined);

export interface WidgetScript {
  source: string;
  /** `sha384-<base64>`, for the `integrity` attribute. */
  integrity: string;
  /** A short URL-safe digest for `?v=`. */
  version: string;
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The SRI value of a script's text: `sha384-…` over its UTF-8 bytes (Web Crypto, any runtime). */
export async function widgetScriptIntegrity(source: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-384', new TextEncoder().encode(source));
  return `sha384-${base64(new Uint8Array(digest))}`;
}

export async function describeWidgetScript(source: string): Promise<WidgetScript> {
  const integrity = await widgetScriptIntegrity(source);
  const version = integrity.slice('sha384-'.length, 'sha384-'.length + 16).replace(/\+/g, '-').replace(/\//g, '_');
  return { source, integrity, version };
}

/** Loads the bundle once it exists; absence is not remembered, so a build after start-up is picked up. */
export function widgetScriptLoader(source: WidgetScriptSource | undefined): () => Promise<WidgetScript | undefined> {
  let loaded: Promise<WidgetScript> | undefined;
  return async () => {
    if (loaded) return loaded;
    if (source === undefined) return undefined;
    const text = typeof source === 'string' ? source : await source();
    if (typeof text !== 'string' || text === '') return undefined;
    loaded = describeWidgetScript(text);
    return loaded;
  };
}

export function widgetScriptHandler(load: () => Promise<WidgetScript | undefined>): Handler<TokenServerEnv> {
  return async (c) => {
    const script = await load();
    if (!script) {
      fail('NOT_FOUND', 'The widget bundle is not built: run `npm run build` (it writes dist/browser/upload-post-connect.min.js), then reload.');
    }
    const versioned = c.req.query('v') === script.version;
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300, must-revalidate');
    c.header('ETag', `"${script.version}"`);
    c.header(INTEGRITY_HEADER, script.integrity);
    // Loaded by other sites' <script crossorigin>: a public file, readable from anywhere.
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    return c.body(script.source);
  };
}
