// Types for scripts/minify-templates.mjs, imported by vite.config.ts.
import type { Plugin } from 'vite';
export function minifyTemplates(source: string): string;
export function minifyTemplatesPlugin(): Plugin;
