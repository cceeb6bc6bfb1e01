/**
 * @module The element's script-tag bundle as the token server serves it: loaded once from the
 * `widgetScript` loader, with its Subresource Integrity value and a version.
 */
import { LANGUAGES, type Language } from '../protocol/platforms.ts';

/**
 * A module the bundle loads from beside itself when a page needs it: the list (`view`, with the
 * first read), a language other than the bundled English, the connect flow (loaded on the first sign of intent), the Facebook page picker
 * (`pages`), the event-stream listener (`live`), the diagnostics of a page set up wrong (`diagnostics`).
 */
export type WidgetModule = Exclude<Language, 'en'> | 'view' | 'connect' | 'pages' | 'live' | 'diagnostics';

/** A loader of the bundle (no argument) and of its modules; null or undefined while one is not there. */
export type WidgetScriptSource = (module?: WidgetModule) => Promise<string | null | undefined> | string | null | undefined;

export const WIDGET_MODULES: readonly WidgetModule[] = [
  ...LANGUAGES.filter((language) => language !== 'en'),
  'view',
  'connect',
  'pages',
  'live',
  'diagnostics',
];

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
  const version = integrity
    .slice('sha384-'.length, 'sha384-'.length + 16)
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
  return { source, integrity, version };
}

/**
 * Loads the bundle (or one of its modules) once it exists; absence is not remembered, so a build
 * after start-up is picked up.
 */
export function widgetScriptLoader(source: WidgetScriptSource | undefined): (module?: WidgetModule) => Promise<WidgetScript | undefined> {
  const loaded = new Map<string, Promise<WidgetScript>>();
  return async (module) => {
    const key = module ?? '';
    const cached = loaded.get(key);
    if (cached) return cached;
    if (source === undefined) return undefined;
    const text = await source(module);
    if (typeof text !== 'string' || text === '') return undefined;
    const described = describeWidgetScript(text);
    loaded.set(key, described);
    return described;
  };
}
