/**
 * What the script-tag bundle is made of: each byte of `dist/browser/upload-post-connect.min.js`
 * attributed, through the source map the build writes beside it, to the source it came from, and
 * the sources grouped into Lit, styles, icons, strings and our own code.
 *
 * gzip compresses across parts, so a part has no exact compressed size of its own: each part's
 * bytes are gzipped alone, and the bundle's real min+gzip is shared out in proportion to those.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

export const PARTS = ['Lit', 'styles', 'icons', 'strings', 'our code', 'bundler glue'] as const;
export type Part = (typeof PARTS)[number];

export interface PartSize {
  part: Part;
  /** Minified bytes (UTF-8). */
  min: number;
  /** The bundle's min+gzip shared out in proportion to this part gzipped alone. */
  gzipShare: number;
  /** The sources that made it, by path relative to the repository. */
  sources: string[];
}

/** Which part a source of the bundle belongs to, by its path. */
export function partOf(source: string): Part {
  if (/node_modules\/(lit|lit-html|lit-element|@lit)\//.test(source)) return 'Lit';
  if (/widget\/styles\.ts$/.test(source)) return 'styles';
  if (/platform-icons\.ts$/.test(source)) return 'icons';
  if (/widget\/strings\//.test(source)) return 'strings';
  return 'our code';
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** One line of a source map's `mappings`: each segment's generated column and source index (or none). */
function decodeLine(line: string, state: { source: number }): { column: number; source: number | undefined }[] {
  const segments: { column: number; source: number | undefined }[] = [];
  let column = 0;
  for (const segment of line.split(',')) {
    if (segment === '') continue;
    const fields: number[] = [];
    let value = 0;
    let shift = 0;
    for (const char of segment) {
      const digit = BASE64.indexOf(char);
      value += (digit & 31) << shift;
      if (digit & 32) {
        shift += 5;
        continue;
      }
      fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
    column += fields[0]!;
    if (fields.length > 1) state.source += fields[1]!;
    segments.push({ column, source: fields.length > 1 ? state.source : undefined });
  }
  return segments;
}

/** The bundle at `file` (its map at `file.map`) split into its parts. */
export function bundleParts(file: string): { parts: PartSize[]; gzip: number } {
  const code = readFileSync(file, 'utf8');
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[]; mappings: string };
  const sources = map.sources.map((source) => source.replace(/^(\.\.\/)+/, ''));
  const text = new Map<Part, string[]>(PARTS.map((part) => [part, []]));
  const used = new Map<Part, Set<string>>(PARTS.map((part) => [part, new Set()]));
  const state = { source: 0 };
  const mappingLines = map.mappings.split(';');
  code.split('\n').forEach((line, index) => {
    const segments = decodeLine(mappingLines[index] ?? '', state);
    // What no segment maps (the IIFE's opening, the source map comment, the line breaks) is the bundler's.
    text.get('bundler glue')!.push(index > 0 ? '\n' : '', line.slice(0, segments[0]?.column ?? line.length));
    segments.forEach((segment, i) => {
      const slice = line.slice(segment.column, segments[i + 1]?.column ?? line.length);
      const part = segment.source === undefined ? 'bundler glue' : partOf(sources[segment.source]!);
      text.get(part)!.push(slice);
      if (segment.source !== undefined) used.get(part)!.add(sources[segment.source]!);
    });
  });
  const gzip = gzipSync(Buffer.from(code), { level: 9 }).length;
  const alone = PARTS.map((part) => {
    const bytes = Buffer.from(text.get(part)!.join(''));
    return { part, min: bytes.length, gzipAlone: bytes.length ? gzipSync(bytes, { level: 9 }).length : 0 };
  });
  const totalAlone = alone.reduce((sum, part) => sum + part.gzipAlone, 0);
  return {
    gzip,
    parts: alone.map(({ part, min, gzipAlone }) => ({ part, min, gzipShare: (gzip * gzipAlone) / totalAlone, sources: [...used.get(part)!].sort() })),
  };
}
