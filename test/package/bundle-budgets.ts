/**
 * The most the script-tag bundle and each module beside it may weigh, min+gzip: held by
 * `bundle-size.test.ts` and reported by `bench/size.ts`.
 */
export const SCRIPT_TAG_BUDGET = 12 * 1024;

/** The modules the script loads from beside itself. The connect flow carries the links minted on intent (connect-prefetch.ts). */
export const MODULE_BUDGETS = { view: 7.5 * 1024, connect: 3.5 * 1024, pages: 1024, live: 1024, diagnostics: 1.5 * 1024 };
