#!/usr/bin/env node
/**
 * `npm run lint`: ESLint and Prettier's check side by side (ESLint spends most of its time building
 * the TypeScript program on one core, so Prettier fits beside it), each one's output shown whole,
 * and a failure of either fails the run.
 *
 * Prettier remembers the files it found formatted (by content, in node_modules/.cache/prettier), so
 * a run checks only what changed: formatting depends on nothing but the file. ESLint keeps no such
 * cache: its type-aware rules read other files, and a result kept for an unchanged file could be
 * stale. It gets a larger young generation instead: type checking allocates a great deal, and fewer
 * collections save a little of the run (see the commit that added this).
 */
import { spawn } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;

function run(command, args, nodeOptions = []) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeOptions, command, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code, signal) => resolve({ ok: code === 0 && !signal, output }));
  });
}

const checks = await Promise.all([
  run('node_modules/eslint/bin/eslint.js', ['.'], ['--max-semi-space-size=64']),
  run('node_modules/prettier/bin/prettier.cjs', ['--check', '--cache', '--cache-strategy', 'content', '.']),
]);
for (const { output } of checks) if (output) process.stdout.write(output);
process.exit(checks.every((check) => check.ok) ? 0 : 1);
