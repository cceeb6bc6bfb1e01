/**
 * The code snippets the demo page shows, cut from the very files that run on the page (between
 * `#region snippet` and `#endregion` markers), so a snippet can never drift from working code.
 * Imports of this repository's sources become the package's public entry points, which is the
 * only difference between the demo and a customer's copy.
 */
import { readFileSync } from 'node:fs';

const demoFile = (name: string) => new URL(`./${name}`, import.meta.url);

/** Repository paths → what a customer imports or serves instead. */
const PUBLIC_NAMES: [RegExp, string][] = [
  [/(['"])\.\.\/widget\/define\.ts\1/g, "'upload-post-connect/define'"],
  [/(['"])\.\.\/widget\/react\.ts\1/g, "'upload-post-connect/react'"],
  [/(['"])\.\.\/token-server\/session-token\.ts\1/g, "'upload-post-connect/server'"],
  [/(['"])\.\/session-token\.ts\1/g, "'./session-token'"],
  [/\/demo\/script-example\.js/g, '/app.js'],
];

/** The region's lines with their common indentation removed. */
function region(source: string, file: string, name: string): string {
  const pattern = new RegExp(`^[ \\t]*(?://|<!--) #region ${name}\\b.*\\n([\\s\\S]*?)^[ \\t]*(?://|<!--) #endregion`, 'm');
  const match = pattern.exec(source);
  if (!match) throw new Error(`demo/${file} has no #region ${name} … #endregion`);
  const lines = match[1]!.replace(/\s+$/, '').split('\n');
  const indent = Math.min(...lines.filter((line) => line.trim()).map((line) => /^ */.exec(line)![0].length));
  return lines.map((line) => line.slice(indent)).join('\n');
}

/** `file` (its `snippet` region) or `file#name` (its `name` region). */
export function snippet(reference: string): string {
  const [file, name = 'snippet'] = reference.split('#') as [string, string?];
  let text = region(readFileSync(demoFile(file), 'utf8'), file, name);
  for (const [pattern, replacement] of PUBLIC_NAMES) text = text.replace(pattern, replacement);
  return text;
}

/** For text content only (never an attribute value), where `&`, `<` and `>` are all that matter. */
export const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Fills every `<code data-snippet="file"></code>` of a page with that file's snippet, escaped. */
export function fillSnippets(html: string): string {
  return html.replace(/<code data-snippet="([\w.#-]+)"><\/code>/g, (_, file: string) => `<code data-snippet="${file}">${escapeHtml(snippet(file))}</code>`);
}
