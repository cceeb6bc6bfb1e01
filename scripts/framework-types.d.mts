/** Types of scripts/framework-types.mjs, for the tests that import it. */
export declare function frameworkTypes(manifest: unknown): Record<'element-api.d.ts' | 'vue.d.ts' | 'svelte.d.ts' | 'jsx.d.ts', string>;
export declare function writeFrameworkTypes(root: string): void;
