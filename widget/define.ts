/**
 * Registers `<upload-post-connect>` on import. Safe to run twice (a script tag included twice, or
 * both the script and the ESM build on one page) and safe to import where there is no DOM
 * (server-side rendering): it then does nothing.
 */
import { UploadPostConnectElement } from './upload-post-connect.ts';

export const TAG_NAME = 'upload-post-connect';

/** Registers the element under `tagName` unless that name is taken already; returns whether it did. */
export function defineUploadPostConnect(tagName = TAG_NAME, registry = globalThis.customElements): boolean {
  if (!registry || registry.get(tagName)) return false;
  try {
    // A class can be registered once per registry: another name needs its own subclass.
    registry.define(tagName, registry.getName?.(UploadPostConnectElement) ? class extends UploadPostConnectElement {} : UploadPostConnectElement);
    return true;
  } catch {
    // Lost a race with another copy of this file: someone else's definition stands.
    return false;
  }
}

defineUploadPostConnect();
