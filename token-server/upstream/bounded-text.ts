/** @module What the token server passes on of an upstream's free text: trimmed, bounded, non-empty. */

const MAX_TEXT = 200;

/** A trimmed, bounded, non-empty string, or nothing. */
export function boundedText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (trimmed.length <= MAX_TEXT) return trimmed;
  // Never cut an emoji (a surrogate pair) in half: a lone surrogate is not text any page can show.
  const cut = trimmed.slice(0, MAX_TEXT);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
