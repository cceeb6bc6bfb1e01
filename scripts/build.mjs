#!/usr/bin/env node
/**
 * `npm run build`: the element's ESM build and script-tag bundle (vite.config.ts) with its sibling
 * modules (esbuild), its type declarations (tsconfig.build.json), the server side as JavaScript
 * (tsconfig.server.json), the server entries Node loads (scripts/server-entries.mjs),
 * custom-elements.json (custom-elements-manifest.config.mjs) and, from it, the element's typings for
 * Vue, Svelte and JSX (scripts/framework-types.mjs).
 * Each step's own output stays visible; the first failure stops the build.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { minify } from 'terser';
import { minifyTemplates } from './minify-templates.mjs';
import { writeFrameworkTypes } from './framework-types.mjs';
import { writeServerEntries } from './server-entries.mjs';

const root = new URL('..', import.meta.url).pathname;
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' });

rmSync(join(root, 'dist'), { recursive: true, force: true });
run('npx', ['vite', 'build', '--logLevel', 'warn']);
run('npx', ['vite', 'build', '--mode', 'script', '--logLevel', 'warn']);
await squeezeScriptTag(join(root, 'dist/browser/upload-post-connect.min.js'));
// The script's sibling modules, each self-contained (no chunk shared between them, which the
// token server would not serve): the list, other languages, the connect flow, the Facebook page
// picker, the event-stream listener, the diagnostics. Their `lit` is a stand-in (widget/modules/lit-tags.ts): the
// bundle's own Lit renders what they build. Their templates are squeezed as Vite's are.
const languages = ['es', 'de', 'fr', 'pt', 'pl', 'tr'];
const squeezeTemplates = {
  name: 'minify-templates',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]widget[\\/].*\.ts$/ }, async (args) => ({ contents: minifyTemplates(await readFile(args.path, 'utf8')), loader: 'ts' }));
  },
};
await build({
  entryPoints: {
    ...Object.fromEntries(languages.map((language) => [`upload-post-connect.min.${language}`, `widget/strings/${language}.ts`])),
    'upload-post-connect.min.view': 'widget/list-view.ts',
    'upload-post-connect.min.connect': 'widget/connect-controller.ts',
    'upload-post-connect.min.pages': 'widget/facebook-pages.ts',
    'upload-post-connect.min.live': 'widget/accounts-stream.ts',
    'upload-post-connect.min.diagnostics': 'widget/diagnostics.ts',
  },
  absWorkingDir: root,
  outdir: 'dist/browser',
  bundle: true,
  splitting: false,
  format: 'esm',
  target: 'es2022',
  minify: true,
  alias: { lit: './widget/modules/lit-tags.ts' },
  plugins: [squeezeTemplates],
  logLevel: 'warning',
});
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
// The server side (token server, its CLI, the emulator, the protocol) as JavaScript for Node and
// edge runtimes, with declarations: the published package ships no TypeScript to run.
run('npx', ['tsc', '-p', 'tsconfig.server.json']);

// The sources import with `.ts` extensions; published declarations must point at `.js` (which
// TypeScript maps to the `.d.ts` beside it) for every consumer's module resolution.
const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
for (const file of [...walk(join(root, 'dist/types')), ...walk(join(root, 'dist/server'))].filter((path) => path.endsWith('.d.ts'))) {
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace(/((?:from|import)\s*\(?\s*['"]\.{1,2}\/[^'"]+)\.ts(['"])/g, '$1.js$2'));
}

// Under Node, each server entry first checks its optional peer dependencies (hono, zod, …).
await writeServerEntries(root);

run('npx', ['custom-elements-manifest', 'analyze', '--config', 'custom-elements-manifest.config.mjs']);
writeFrameworkTypes(root);

const size = (file) => {
  const bytes = readFileSync(join(root, file));
  return `${file}: ${(bytes.length / 1024).toFixed(1)} KB min, ${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(1)} KB min+gzip`;
};
console.log(size('dist/browser/upload-post-connect.min.js'));
console.log(size('dist/index.js'));

/**
 * Terser's passes over Rolldown's minified script tag, its source map carried through: smaller than
 * either minifier alone (Vite's `minify: 'terser'` is larger; bench/RESULTS.md has the script's size).
 */
async function squeezeScriptTag(file) {
  const name = file.slice(file.lastIndexOf('/') + 1);
  const { code, map } = await minify(readFileSync(file, 'utf8'), {
    ecma: 2020,
    compress: { passes: 2 },
    sourceMap: { content: readFileSync(`${file}.map`, 'utf8'), url: `${name}.map` },
  });
  writeFileSync(file, code);
  writeFileSync(`${file}.map`, map);
}
