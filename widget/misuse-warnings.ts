/** What `misuse.ts` found, said in the console with the fix; once each. */
import type { Misuse } from './misuse.ts';
import { warnOnce } from './warn-once.ts';

/** `the string "…"`, or `of type Promise` (its class, which says more than `typeof`). */
const describe = (value: unknown) =>
  typeof value === 'string' ? `the string "${value.slice(0, 40)}"` : `of type ${Object.prototype.toString.call(value).slice(8, -1)}`;

export function warnMisuse(found: readonly Misuse[]): void {
  for (const misuse of found) {
    const message =
      misuse.kind === 'function-attribute'
        ? 'fetchSessionToken arrived as an attribute, a string: set it as a property holding a function (Vue: :fetchSessionToken or :fetch-session-token.prop; Svelte 5 and Lit set properties; React: the wrapper from upload-post-connect/react).'
        : misuse.kind === 'function-type'
          ? `fetchSessionToken must be a function returning a Promise of the token; it is ${describe(misuse.value)}.`
          : `sessionToken must be the token string your backend signed; it is ${describe(misuse.value)} (a Promise must be awaited first).`;
    warnOnce(message);
  }
}
