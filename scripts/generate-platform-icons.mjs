#!/usr/bin/env node
/**
 * Writes lib/platform-icons.ts: the SVG paths of the platforms, taken from simple-icons (CC0) so a
 * bundle carries only the handful it needs, not the whole set. The element and the emulator's
 * connect page both draw from it, so a platform looks the same in both.
 * LinkedIn and Google Business are not in simple-icons (their owners asked to be left out), so
 * they get neutral hand-drawn glyphs (a briefcase, a storefront) instead of their logos.
 *
 * Run again after upgrading simple-icons: `node scripts/generate-platform-icons.mjs`.
 */
import { writeFileSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import * as icons from 'simple-icons';

const fromSimpleIcons = {
  tiktok: 'siTiktok',
  instagram: 'siInstagram',
  youtube: 'siYoutube',
  facebook: 'siFacebook',
  x: 'siX',
  threads: 'siThreads',
  bluesky: 'siBluesky',
};

// Named by the official SDK, not by the documentation: a separate export, which the element's
// script bundle leaves out (it shows them with the neutral glyph in their brand colour).
const extraFromSimpleIcons = {
  pinterest: 'siPinterest',
  reddit: 'siReddit',
  discord: 'siDiscord',
  telegram: 'siTelegram',
};

// 24×24 glyphs drawn for this package (MIT, like the rest of it): not anyone's logo.
const handDrawn = {
  // A briefcase: "work profile", in LinkedIn's colour.
  linkedin:
    'M9 3h6a2 2 0 0 1 2 2v1h3a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2h3V5a2 2 0 0 1 2-2Zm0 2v1h6V5H9Zm-5 7v7h16v-7h-6v1a1 1 0 0 1-1 1h-2a1 1 0 0 1-1-1v-1H4Z',
  // A storefront with an awning: a business listing, in Google's blue.
  google_business:
    'M4 3h16l2 6a3 3 0 0 1-1 2.24V20a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1v-8.76A3 3 0 0 1 2 9l2-6Zm1 9v7h4v-4h6v4h4v-7a3 3 0 0 1-2.5-1.34A3 3 0 0 1 14 12a3 3 0 0 1-2-.77A3 3 0 0 1 10 12a3 3 0 0 1-2.5-1.34A3 3 0 0 1 5 12Z',
};

// A chain link, for platforms this version does not know.
const unknown =
  'M10.6 13.4a1 1 0 0 1 0-1.4l3.5-3.5a1 1 0 1 1 1.4 1.4L12 13.4a1 1 0 0 1-1.4 0ZM13 6.3l1.1-1.1a4.5 4.5 0 0 1 6.4 6.4l-2.1 2.1a4.5 4.5 0 0 1-6.4 0 1 1 0 0 1 1.4-1.4 2.5 2.5 0 0 0 3.6 0l2.1-2.1a2.5 2.5 0 0 0-3.6-3.6l-1.1 1.1A1 1 0 0 1 13 6.3Zm-2 11.4-1.1 1.1a4.5 4.5 0 0 1-6.4-6.4l2.1-2.1a4.5 4.5 0 0 1 6.4 0 1 1 0 1 1-1.4 1.4 2.5 2.5 0 0 0-3.6 0l-2.1 2.1a2.5 2.5 0 0 0 3.6 3.6l1.1-1.1A1 1 0 0 1 11 17.7Z';

/**
 * Rounds a path to one decimal of its 24-unit box (0.1 unit is 0.08 px at the element's 20 px):
 * it takes about a fifth off the gzipped icons. Relative commands carry the rounding error
 * forward (each step is rounded against where the previous rounded step really ended), so long
 * outlines do not drift. Parsed, not regex-replaced: arc flags may be packed (`a1 1 0 01.5.5`).
 */
const DECIMALS = 1;
function roundPath(path) {
  const arity = { m: 2, l: 2, h: 1, v: 1, c: 6, s: 4, q: 4, t: 2, a: 7, z: 0 };
  const number = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/;
  const scale = 10 ** DECIMALS;
  const round = (value) => Math.round(value * scale) / scale;
  const show = (value) => String(round(value) + 0).replace(/^(-?)0\./, '$1.');
  // Exact and emitted current points, and the start of the subpath (for Z).
  let exact = [0, 0];
  let emitted = [0, 0];
  let start = [
    [0, 0],
    [0, 0],
  ];
  let rest = path.trim();
  let out = '';
  let last = '';
  const put = (token) => {
    const glued = last === '' || /[a-z]$/i.test(last) || token.startsWith('-') || /^[a-z]/i.test(token) || (token.startsWith('.') && /\.\d*$/.test(last));
    out += glued ? token : ` ${token}`;
    last = token;
  };
  while (rest) {
    const command = rest[0];
    if (!/[a-z]/i.test(command)) throw new Error(`Unexpected "${rest.slice(0, 10)}" in a path.`);
    rest = rest.slice(1);
    const lower = command.toLowerCase();
    const relative = command === lower;
    const values = [];
    for (;;) {
      rest = rest.replace(/^[\s,]+/, '');
      const index = values.length % (arity[lower] || 1);
      if (lower === 'a' && (index === 3 || index === 4) && /^[01]/.test(rest)) {
        values.push(Number(rest[0]));
        rest = rest.slice(1);
        continue;
      }
      const match = number.exec(rest);
      if (!match) break;
      values.push(Number(match[0]));
      rest = rest.slice(match[0].length);
    }
    put(command);
    if (lower === 'z') {
      exact = [...start[0]];
      emitted = [...start[1]];
      continue;
    }
    const size = arity[lower];
    for (let offset = 0; offset < values.length; offset += size) {
      const args = values.slice(offset, offset + size);
      // Which arguments are x and y coordinates (the others are radii, angles, flags).
      const axes =
        lower === 'h' ? ['x'] : lower === 'v' ? ['y'] : lower === 'a' ? [null, null, null, null, null, 'x', 'y'] : args.map((_, i) => (i % 2 ? 'y' : 'x'));
      const baseExact = relative ? exact : [0, 0];
      const baseEmitted = relative ? emitted : [0, 0];
      const endExact = [...exact];
      const endEmitted = [...emitted];
      args.forEach((value, i) => {
        const axis = axes[i];
        if (!axis) {
          put(lower === 'a' && (i === 3 || i === 4) ? String(value) : show(value));
          return;
        }
        const k = axis === 'x' ? 0 : 1;
        const target = baseExact[k] + value;
        const step = round(target - baseEmitted[k]);
        put(show(step));
        // The last pair of a command is where the pen ends.
        const isEnd = lower === 'h' || lower === 'v' || i >= args.length - 2;
        if (isEnd) {
          endExact[k] = target;
          endEmitted[k] = baseEmitted[k] + step;
        }
      });
      exact = endExact;
      emitted = endEmitted;
      if (lower === 'm' && offset === 0) start = [[...exact], [...emitted]];
    }
  }
  return out;
}

const version = JSON.parse(readFileSync(new URL('../node_modules/simple-icons/package.json', import.meta.url))).version;
const entries = (map) =>
  Object.entries(map).map(([id, name]) => {
    const icon = icons[name];
    if (!icon) throw new Error(`simple-icons ${version} has no ${name}; pick another or draw one.`);
    return `  ${id}: '${roundPath(icon.path)}',`;
  });
const lines = [...entries(fromSimpleIcons), ...Object.entries(handDrawn).map(([id, path]) => `  ${id}: '${path}',`)];
const extraLines = entries(extraFromSimpleIcons);

const target = fileURLToPath(new URL('../lib/platform-icons.ts', import.meta.url));
const source = `/**
 * SVG paths (24×24 viewBox) of the platforms' icons. GENERATED by scripts/generate-platform-icons.mjs
 * — edit that script, not this file.
 *
 * Brand icons: simple-icons ${version} (https://simpleicons.org), CC0-1.0. The brands themselves are
 * trademarks of their owners. LinkedIn and Google Business are neutral glyphs drawn for this package.
 */

/** The documented platforms. */
export const PLATFORM_ICONS: Record<string, string> = {
${lines.join('\n')}
};

/** Platforms the official SDK names beyond the documented ones. */
export const EXTRA_PLATFORM_ICONS: Record<string, string> = {
${extraLines.join('\n')}
};

/** Shown for a platform this version does not know. */
export const UNKNOWN_PLATFORM_ICON = '${unknown}';
`;
// Written as `npm run format` would leave it, so that `npm run lint` passes right after a regeneration.
writeFileSync(target, await format(source, { ...(await resolveConfig(target)), filepath: target }));
console.log(`lib/platform-icons.ts: ${lines.length + extraLines.length} icons from simple-icons ${version} and hand-drawn glyphs.`);
