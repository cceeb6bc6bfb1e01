/**
 * Registers `<upload-post-connect>` on import, through `UploadPostConnectElement.define()`: safe to
 * import twice (a script tag included twice, or the script and the ESM build on one page) and where
 * there is no DOM (server-side rendering), where it does nothing.
 */
import { TAG_NAME, UploadPostConnectElement } from './upload-post-connect.ts';

export { TAG_NAME };
// The element's events (declared in GlobalEventHandlersEventMap there) come with the registration.
export type * from './events.ts';

/** `UploadPostConnectElement.define(tagName, registry)` as a function; returns whether it registered. */
export const defineUploadPostConnect = (tagName = TAG_NAME, registry?: CustomElementRegistry): boolean => UploadPostConnectElement.define(tagName, registry);

UploadPostConnectElement.define();
