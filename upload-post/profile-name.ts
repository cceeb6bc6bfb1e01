/**
 * @module Which strings can name an Upload-Post profile. A username travels in a URL path
 * (`/users/{username}`), so besides being printable it must not be a dot segment or one of the API's
 * own routes under `/users/` (`validate-jwt`, `generate-jwt`, `notifications`, `facebook`): those
 * would read another route instead of the profile.
 */

/** Path segments under `/api/uploadposts/users/` that are routes, not profiles. */
export const RESERVED_PROFILE_NAMES: readonly string[] = ['validate-jwt', 'generate-jwt', 'notifications', 'facebook'];
export const MAX_PROFILE_NAME_LENGTH = 256;

/**
 * A C0 control character or DEL (C1 characters are printable enough to pass): `\p{Cc}` without
 * U+0080–U+009F, spelt as a plain class, which every read tests and a Unicode property costs more.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const ASCII_CONTROL = /[\u0000-\u001f\u007f]/;
/** Half of a surrogate pair without the other half: not text, and not encodable in a URL. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `name` cannot name a profile (a phrase completing "the username …"), or `undefined` when it can. */
export function profileNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return 'must be a string';
  if (name === '') return 'must not be empty';
  if (name.trim() === '') return 'must not be blank';
  if (name.length > MAX_PROFILE_NAME_LENGTH) return `must be at most ${MAX_PROFILE_NAME_LENGTH} characters`;
  if (name.trim() !== name) return 'must not start or end with whitespace';
  if (ASCII_CONTROL.test(name)) return 'must not contain control characters';
  if (LONE_SURROGATE.test(name)) return 'must be well-formed Unicode (it holds half of a surrogate pair)';
  if (name === '.' || name === '..') return 'must not be "." or ".."';
  if (RESERVED_PROFILE_NAMES.includes(name.toLowerCase())) return `must not be "${name}", the name of an Upload-Post route`;
  return undefined;
}
