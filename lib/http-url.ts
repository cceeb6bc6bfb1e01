/**
 * The one test for "a URL a browser may be sent to or load": absolute (or resolved against `base`),
 * `http:` or `https:` only, so that `javascript:` and `data:` never reach a link, an `<img>` or
 * `window.open`. Dependency-free: the element uses it too.
 */

/** Longer values are refused rather than parsed: no real avatar or link needs more. */
export const MAX_HTTP_URL_LENGTH = 2048;

/** The URL's normalised `href` when it is an http(s) URL, else `undefined`. */
export function toHttpUrl(value: unknown, base?: string): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_HTTP_URL_LENGTH) return undefined;
  try {
    const url = new URL(value, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** `toHttpUrl` as a type guard, for values kept as given. */
export function isHttpUrl(value: unknown, base?: string): value is string {
  return toHttpUrl(value, base) !== undefined;
}
