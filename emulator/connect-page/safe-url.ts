/**
 * Customer-supplied URLs (`logo_image`, `redirect_url`) become `src` and `href` attributes; escaping
 * stops them breaking out of the attribute, and this stops `javascript:`, `data:` and friends from
 * running inside it. Only absolute http(s) URLs pass.
 */
export function safeHttpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
