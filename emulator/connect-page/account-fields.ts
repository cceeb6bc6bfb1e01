/**
 * The simulated consent form's two fields (handle, display name): validated, since both reach the
 * store, the API's answers and every page; and suggested, so the demo can click "Allow" at once.
 */

/** Letters, digits and `._-`, which every platform's handles fit (Bluesky's `name.bsky.social` too). */
const HANDLE_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
const DISPLAY_NAME_MAX = 80;

export function isValidHandle(value: string): boolean {
  return HANDLE_PATTERN.test(value);
}

/** Any text of 1–80 characters (code points, not UTF-16 units), without control characters. */
function isValidDisplayName(value: string): boolean {
  const length = Array.from(value).length;
  return length >= 1 && length <= DISPLAY_NAME_MAX && !/\p{Cc}/u.test(value);
}

export interface AccountFields {
  handle: string;
  displayName: string;
}

export type AccountFieldsCheck = { ok: true; fields: AccountFields } | { ok: false; fields: AccountFields; invalid: { handle: boolean; displayName: boolean } };

/** Reads the consent form's fields; a leading `@` is forgiven because people type it. */
export function readAccountFields(form: Record<string, unknown>): AccountFieldsCheck {
  const handle = typeof form.handle === 'string' ? form.handle.trim().replace(/^@/, '') : '';
  const displayName = typeof form.display_name === 'string' ? form.display_name.trim() : '';
  const fields = { handle, displayName };
  const invalid = { handle: !isValidHandle(handle), displayName: !isValidDisplayName(displayName) };
  return invalid.handle || invalid.displayName ? { ok: false, fields, invalid } : { ok: true, fields };
}

const FIRST_NAMES = ['Alex', 'Maya', 'Jordan', 'Lucía', 'Noah', 'Emma', 'Kenji', 'Sofia', 'Omar', 'Zoe', 'Mateo', 'Ines'];
const LAST_NAMES = ['Rivera', 'Chen', 'Novak', 'García', 'Okafor', 'Schmidt', 'Dubois', 'Silva', 'Kowalski', 'Yilmaz'];

function pick<T>(list: readonly T[], random: () => number): T {
  return list[Math.floor(random() * list.length) % list.length]!;
}

/**
 * A plausible account for the consent form's prefilled values, so the demo can click "Allow"
 * straight away. Bluesky handles are domains, the others are plain names.
 */
export function suggestAccountFields(platform: string, random: () => number): AccountFields {
  const first = pick(FIRST_NAMES, random);
  const last = pick(LAST_NAMES, random);
  const number = 10 + Math.floor(random() * 90);
  const base = `${first}.${last}`
    .normalize('NFD')
    .replace(/[^A-Za-z.]/g, '')
    .toLowerCase();
  const handle = platform === 'bluesky' ? `${base}.bsky.social` : `${base}${number}`;
  return { handle, displayName: `${first} ${last}` };
}
