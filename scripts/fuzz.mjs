#!/usr/bin/env node
/**
 * `npm run fuzz`: the property-based fuzz tests of `npm test` (test/node/fuzz-*.test.ts), with a
 * random seed and many more runs. The seed is printed first, so a failure can be replayed exactly:
 *
 *   npm run fuzz                          # random seed, 5000 runs per property
 *   npm run fuzz -- --seed 123 --runs 20000
 *   FUZZ_SEED=123 FUZZ_RUNS=20000 npm run fuzz
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const option = (name) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const seed = Number(option('seed') ?? process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const runs = Number(option('runs') ?? process.env.FUZZ_RUNS ?? 5000);
if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(runs) || runs <= 0) {
  console.error('Usage: npm run fuzz -- [--seed <integer>] [--runs <positive integer>]');
  process.exit(2);
}
const files = readdirSync(join(root, 'test/node')).filter((name) => /^fuzz-.*\.test\.ts$/.test(name)).sort().map((name) => join('test/node', name));
if (files.length === 0) {
  console.error('No test/node/fuzz-*.test.ts file found.');
  process.exit(1);
}

console.log(`fuzz: seed ${seed}, ${runs} runs per property, ${files.length} files`);
console.log(`fuzz: replay with  npm run fuzz -- --seed ${seed} --runs ${runs}\n`);
const child = spawn('node', ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-timeout=1800000', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, FUZZ_SEED: String(seed), FUZZ_RUNS: String(runs) },
});
child.on('close', (code) => {
  if (code !== 0) console.error(`\nfuzz: FAILED with seed ${seed} — replay: npm run fuzz -- --seed ${seed} --runs ${runs}`);
  process.exit(code ?? 1);
});
