/**
 * An emulated account's profile picture: the handle's initials on a colour derived from it, served so
 * that `social_images` is a real URL any page (the widget's included) can load offline.
 */

/** Same handle, same colour: the avatar stays recognisable across pages and reloads. */
function hueOf(handle: string): number {
  let hash = 0;
  for (const char of handle) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
  return hash % 360;
}

/** Up to two letters: the first of the first two name parts (`maya.chen42` → `MC`). */
function initialsOf(handle: string): string {
  const parts = handle
    .split(/[._-]+/)
    .map((part) => part.replace(/[^A-Za-z0-9]/g, ''))
    .filter(Boolean);
  const letters = parts.length >= 2 ? parts[0]![0]! + parts[1]![0]! : (parts[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}

/**
 * The SVG document. `handle` must already be valid (`isValidHandle`): only its letters and digits
 * reach the markup, so nothing in it can be markup.
 */
export function avatarSvg(handle: string): string {
  const hue = hueOf(handle);
  const initials = initialsOf(handle).replace(/[^A-Z0-9?]/g, '');
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96" width="96" height="96">',
    '<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">',
    `<stop offset="0" stop-color="hsl(${hue} 70% 58%)"/>`,
    `<stop offset="1" stop-color="hsl(${(hue + 40) % 360} 65% 44%)"/>`,
    '</linearGradient></defs>',
    '<circle cx="48" cy="48" r="48" fill="url(#g)"/>',
    '<text x="48" y="49" dominant-baseline="central" text-anchor="middle" fill="#fff" ',
    'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="38" font-weight="600">',
    initials,
    '</text></svg>',
  ].join('');
}
