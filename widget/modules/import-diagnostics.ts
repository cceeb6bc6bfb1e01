/**
 * Fetches the diagnostics (a refused request's cause, a misused binding's fix), which only a page
 * set up wrong needs. A chunk in the ESM build; the script-tag build uses `import-sibling.ts` instead.
 */
export type DiagnosticsModule = typeof import('../diagnostics.ts');

export const importDiagnostics = (): Promise<DiagnosticsModule> => import('../diagnostics.ts');
