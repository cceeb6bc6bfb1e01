#!/usr/bin/env node
/**
 * `npm run build`: the element's ESM build and script-tag bundle (vite.config.ts), its type
 * declarations (tsconfig.build.json), the server side as JavaScript (tsconfig.server.json),
 * the server entries Node loads (scripts/server-entries.mjs), custom-elements.json
 * (custom-elements-manifest.config.mjs) and, from it, the element's typings for
 * Vue, Svelte and JSX (scripts/framework-types.mjs).
 * Each step's own output stays visible; the first failure stops the build.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeFrameworkTypes } from './framework-types.mjs';
import { writeServerEntries } from './server-entries.mjs';

const root = new URL('..', import.meta.url).pathname;
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' });

rmSync(join(root, 'dist'), { recursive: true, force: true });
run('npx', ['vite', 'build', '--logLevel', 'warn']);
run('npx', ['vite', 'build', '--mode', 'script', '--logLevel', 'warn']);
run('npx', ['vite', 'build', '--mode', 'script-modules', '--logLevel', 'warn']);
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
