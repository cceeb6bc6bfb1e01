/**
 * Bindings that reached the element in a shape it cannot use: a framework that set
 * `fetchSessionToken` as an attribute (Vue's `:fetch-session-token`, plain HTML), or a session
 * token that is not a string (a Promise, a stringified object). Found by the list's module, which
 * every element loads; told with the fix by `misuse-warnings.ts`, loaded only when there is something
 * to tell. Looked for when the element first renders and whenever its token properties change.
 */
/** What was wrong, with the value as it was then (the warning is written once its module loads). */
export type Misuse = { kind: 'function-attribute' } | { kind: 'function-type' | 'token-type'; value: unknown };

/** The attributes `fetchSessionToken` turns into when bound as one (HTML lowercases them). */
export const FUNCTION_ATTRIBUTES = ['fetch-session-token', 'fetchsessiontoken'];

export interface Bound {
  sessionToken?: unknown;
  fetchSessionToken?: unknown;
  hasAttribute(name: string): boolean;
}

export function findMisuse(element: Bound): Misuse[] {
  const { sessionToken, fetchSessionToken } = element;
  const found: Misuse[] = [];
  if (FUNCTION_ATTRIBUTES.some((name) => element.hasAttribute(name))) found.push({ kind: 'function-attribute' });
  if (fetchSessionToken !== undefined && typeof fetchSessionToken !== 'function') found.push({ kind: 'function-type', value: fetchSessionToken });
  if (sessionToken !== undefined && (typeof sessionToken !== 'string' || /^(\[object \w+\]|undefined|null|true|false)$/.test(sessionToken))) {
    found.push({ kind: 'token-type', value: sessionToken });
  }
  return found;
}
