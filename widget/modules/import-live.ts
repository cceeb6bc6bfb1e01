/**
 * Fetches the listener of the token server's event stream, which only a server with live accounts
 * on needs. A chunk in the ESM build; the script-tag build uses `import-sibling.ts` instead.
 */
export type LiveModule = typeof import('../accounts-stream.ts');

export const importLive = (): Promise<LiveModule> => import('../accounts-stream.ts');
