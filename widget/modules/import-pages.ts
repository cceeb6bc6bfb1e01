/**
 * Fetches the Facebook page picker's logic, which only a page with a connected Facebook account
 * needs. A chunk in the ESM build; the script-tag build uses `import-sibling.ts` instead.
 */
export type PagesModule = typeof import('../facebook-pages.ts');

export const importPages = (): Promise<PagesModule> => import('../facebook-pages.ts');
