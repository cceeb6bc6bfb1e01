/** @module What the token server passes on of an upstream's free text: trimmed, bounded, non-empty. */

const MAX_TEXT = 200;

/** A trimmed, bounded, non-empty string, or nothing. */
export function boundedText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed.slice(0, MAX_TEXT);
}
