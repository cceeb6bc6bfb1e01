/**
 * Fetches the list (rows, chips, icons and their styles), asked for when the element first reads
 * the accounts, so that both travel at once. A chunk in the ESM build; the script-tag build uses
 * `import-sibling.ts` instead.
 */
export type ViewModule = typeof import('../list-view.ts');

export const importView = (): Promise<ViewModule> => import('../list-view.ts');
