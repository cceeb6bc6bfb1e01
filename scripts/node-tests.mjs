#!/usr/bin/env node
/**
 * `node scripts/node-tests.mjs <suite> [flags for node --test]`: runs one suite of Node tests.
 * Node 20's `--test` expands no globs and silently runs nothing when given none, so the files are
 * listed here: `unit` is every `test/**\/*.test.ts` outside `test/widget` (browser) and `test/e2e`;
 * `e2e` is `test/e2e`; `fuzz` is every `fuzz.test.ts`. A suite that finds no file fails. Besides the
 * spec output it writes the suite's counts to `.test-results/<suite>.json` for scripts/test.mjs.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function testFiles(dir) {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.test.ts'))
    .map((entry) => relative(root, join(entry.parentPath ?? entry.path, entry.name)))
    .sort();
}

const SUITES = {
  unit: () => testFiles('test').filter((file) => !/^test\/(widget|e2e)\//.test(file)),
  e2e: () => testFiles('test/e2e'),
  fuzz: () => testFiles('test').filter((file) => file.endsWith('/fuzz.test.ts')),
};

const [suite, ...flags] = process.argv.slice(2);
const files = SUITES[suite]?.();
if (!files) {
  console.error(`Usage: node scripts/node-tests.mjs <${Object.keys(SUITES).join('|')}> [node --test flags]`);
  process.exit(2);
}
if (files.length === 0) {
  console.error(`No test file found for the ${suite} suite: that is a failure, not a pass.`);
  process.exit(1);
}

// The spec reporter for people; the counts (`.test-results/<suite>.json`) for scripts/test.mjs.
mkdirSync(join(root, '.test-results'), { recursive: true });
const reporters = [
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  '--test-reporter=./scripts/test-counts/node-reporter.mjs',
  `--test-reporter-destination=.test-results/${suite}.json`,
];
// `source`: the package's own entries (`upload-post-connect/server`, …) resolve to the sources.
const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', '--test', ...reporters, ...flags, ...files], {
  cwd: root,
  stdio: 'inherit',
});
child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
