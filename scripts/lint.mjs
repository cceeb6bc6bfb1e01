#!/usr/bin/env node
/**
 * `npm run lint`: ESLint and Prettier's check side by side (ESLint spends most of its time building
 * the TypeScript program on one core, so Prettier fits beside it), each one's output shown whole,
 * and a failure of either fails the run.
 */
import { spawn } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;

function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [command, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code, signal) => resolve({ ok: code === 0 && !signal, output }));
  });
}

const checks = await Promise.all([run('node_modules/eslint/bin/eslint.js', ['.']), run('node_modules/prettier/bin/prettier.cjs', ['--check', '.'])]);
for (const { output } of checks) if (output) process.stdout.write(output);
process.exit(checks.every((check) => check.ok) ? 0 : 1);
