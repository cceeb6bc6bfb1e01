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
 *
 * `GET /widget.<language>.js` — the element's other languages. The script-tag bundle carries only
 * English and imports a language module from beside its own URL when a page needs it, so the
 * loader is also asked for those (`source(language)`); a string source has none and the element
 * stays English.
 *
 * Both are public files fetched cross-origin in CORS mode (`<script integrity crossorigin>`, and
 * `import()` of a module), hence `Access-Control-Allow-Origin: *`: they carry no user data.
 */
import type { Handler } from 'hono';
import { LANGUAGES, type Language } from '../../protocol/platforms.ts';
import { fail } from '../errors.ts';
import type { TokenServerEnv } from '../context.ts';

export const INTEGRITY_HEADER = 'X-Upload-Post-Integrity';

/** A language module other than the bundled English one. */
export type WidgetLanguage = Exclude<Language, 'en'>;

/** The bundle's text, or a loader of the bundle (no argument) and of its language modules. */
export type WidgetScriptSource = string | ((language?: WidgetLanguage) => Promise<string | null | undefined> | string | null | undefined);

export const WIDGET_LANGUAGES = LANGUAGES.filter((language): language is WidgetLanguage => language !== 'en');

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

/**
 * Loads the bundle (or a language module) once it exists; absence is not remembered, so a build
 * after start-up is picked up.
 */
export function widgetScriptLoader(source: WidgetScriptSource | undefined): (language?: WidgetLanguage) => Promise<WidgetScript | undefined> {
  const loaded = new Map<string, Promise<WidgetScript>>();
  return async (language) => {
    const key = language ?? 'en';
    const cached = loaded.get(key);
    if (cached) return cached;
    if (source === undefined || (typeof source === 'string' && language)) return undefined;
    const text = typeof source === 'string' ? source : await source(language);
    if (typeof text !== 'string' || text === '') return undefined;
    const described = describeWidgetScript(text);
    loaded.set(key, described);
    return described;
  };
}

/** Each file the token server serves the widget as: `widget.js`, and `widget.<language>.js` per other language. */
export const WIDGET_FILES: readonly { file: string; language?: WidgetLanguage }[] = [
  { file: 'widget.js' },
  ...WIDGET_LANGUAGES.map((language) => ({ file: `widget.${language}.js`, language })),
];

/** Serves the bundle, or one language module of it, with its integrity and cache headers. */
export function widgetScriptHandler(
  load: (language?: WidgetLanguage) => Promise<WidgetScript | undefined>,
  language?: WidgetLanguage,
): Handler<TokenServerEnv> {
  return async (c) => {
    const script = await load(language);
    if (!script) {
      fail('NOT_FOUND', language
        ? `The widget's ${language} strings are not available: the element stays in English. Build with \`npm run build\` to get them.`
        : 'The widget bundle is not built: run `npm run build` (it writes dist/browser/upload-post-connect.min.js), then reload.');
    }
    const versioned = c.req.query('v') === script.version;
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300, must-revalidate');
    c.header('ETag', `"${script.version}"`);
    c.header(INTEGRITY_HEADER, script.integrity);
    // Loaded by other sites' <script crossorigin> and import(): a public file, readable from anywhere.
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    c.header('Access-Control-Allow-Origin', '*');
    return c.body(script.source);
  };
}
