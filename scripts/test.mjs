#!/usr/bin/env node
/**
 * `npm test`: the `lint`, `typecheck`, `build`, `test:unit`, `test:browser` and `test:e2e` scripts
 * in order, each with its own output, stopping at the first failure; then one closing line
 * `N passed, N failed` added up from the counts the test runners' reporters wrote
 * (`.test-results/*.json`). A test stage that ran no test fails.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const STAGES = [
  { script: 'lint' },
  { script: 'typecheck' },
  { script: 'build' },
  { script: 'test:unit', counts: 'unit' },
  { script: 'test:browser', counts: 'browser' },
  { script: 'test:e2e', counts: 'e2e' },
];

let passed = 0;
let failed = 0;
const finish = (code) => {
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(code);
};

rmSync(new URL('.test-results', `file://${root}`), { recursive: true, force: true });
for (const { script, counts } of STAGES) {
  console.log(`\n━━ ${script} ━━`);
  const { status } = spawnSync('npm', ['run', '-s', script], { cwd: root, stdio: 'inherit' });
  if (counts) {
    let result;
    try {
      result = JSON.parse(readFileSync(`${root}.test-results/${counts}.json`, 'utf8'));
    } catch {
      result = { passed: 0, failed: 0 };
    }
    passed += result.passed;
    failed += result.failed;
    if (result.passed === 0) {
      console.error(`\n${script}: no test ran — that is a failure, not a pass.`);
      failed = Math.max(failed, 1);
      finish(1);
    }
  }
  if (status !== 0) {
    console.error(`\n${script}: failed (exit ${status}).`);
    failed = Math.max(failed, 1);
    finish(1);
  }
}
finish(0);
