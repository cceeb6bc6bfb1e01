/**
 * Fetches the connect flow (opening the connect page and watching it), which the first paint does
 * not need: the element asks for it on the first sign of intent. In the ESM build it is a chunk the
 * application's bundler places; the script-tag build uses `import-sibling.ts` instead.
 */
export type ConnectModule = typeof import('../connect-controller.ts');

export const importConnect = (): Promise<ConnectModule> => import('../connect-controller.ts');
