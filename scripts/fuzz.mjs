#!/usr/bin/env node
/**
 * `npm run fuzz`: the property-based fuzz tests of `npm test` (every `fuzz.test.ts`), with a random
 * seed and many more runs. The seed is printed first, so a failure can be replayed exactly:
 *
 *   npm run fuzz                          # random seed, 5000 runs per property
 *   npm run fuzz -- --seed 123 --runs 20000
 *   FUZZ_SEED=123 FUZZ_RUNS=20000 npm run fuzz
 */
import { spawn } from 'node:child_process';

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

console.log(`fuzz: seed ${seed}, ${runs} runs per property`);
console.log(`fuzz: replay with  npm run fuzz -- --seed ${seed} --runs ${runs}\n`);
const child = spawn(process.execPath, ['scripts/node-tests.mjs', 'fuzz', '--test-timeout=1800000'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, FUZZ_SEED: String(seed), FUZZ_RUNS: String(runs) },
});
child.on('close', (code) => {
  if (code !== 0) console.error(`\nfuzz: FAILED with seed ${seed} — replay: npm run fuzz -- --seed ${seed} --runs ${runs}`);
  process.exit(code ?? 1);
});
