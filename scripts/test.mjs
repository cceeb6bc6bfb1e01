#!/usr/bin/env node
/**
 * `npm test`: every stage in order, stopping at the first failure, each runner's own output left
 * visible, then one closing line `N passed, N failed` summed over the runners.
 *
 * A stage that ran no test fails: an empty glob or a runner that found nothing must never pass.
 * `npm test -- node` (or `typecheck`, `build`, `browser`, `e2e`) runs one stage.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function testFiles(dir) {
  const files = [];
  const walk = (folder) => {
    for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.test.ts')) files.push(path);
    }
  };
  walk(dir);
  return files.sort();
}

/** Reads a runner's counts from its own summary, so that nothing is counted twice or guessed. */
const countReaders = {
  // node --test, spec reporter: "ℹ pass 12" / "ℹ fail 0"
  node: (output) => ({
    passed: Number(/^ℹ pass (\d+)$/m.exec(output)?.[1] ?? NaN),
    failed: Number(/^ℹ fail (\d+)$/m.exec(output)?.[1] ?? NaN),
  }),
  // @web/test-runner redraws "… | 12 passed, 0 failed" as it goes: the last one is the total.
  wtr: (output) => {
    const last = [...output.matchAll(/(\d+) passed, (\d+) failed/g)].at(-1);
    return { passed: Number(last?.[1] ?? NaN), failed: Number(last?.[2] ?? NaN) };
  },
  none: () => ({ passed: 0, failed: 0 }),
};

const stages = [
  { name: 'typecheck', command: 'npx', args: ['tsc', '--noEmit', '-p', '.'], counts: 'none' },
  // The size-budget test, the token server's /widget.js and the end-to-end tests use the built bundles.
  { name: 'build', command: 'npm', args: ['run', '-s', 'build'], counts: 'none' },
  {
    name: 'node',
    command: 'node',
    // `source`: the package's own entries (`upload-post-connect/server`, …) resolve to the sources.
    args: ['--conditions=source', '--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...testFiles('test/node')],
    counts: 'node',
  },
  {
    name: 'browser',
    command: 'npx',
    args: ['web-test-runner', '--config', 'web-test-runner.config.js'],
    counts: 'wtr',
  },
  {
    name: 'e2e',
    command: 'node',
    args: ['--conditions=source', '--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...testFiles('test/e2e')],
    counts: 'node',
  },
];

function run(stage) {
  return new Promise((resolve) => {
    const child = spawn(stage.command, stage.args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let output = '';
    const tee = (stream, sink) => stream.on('data', (chunk) => { output += chunk; sink.write(chunk); });
    tee(child.stdout, process.stdout);
    tee(child.stderr, process.stderr);
    child.on('close', (code) => resolve({ code, output }));
  });
}

const only = process.argv[2];
const selected = only ? stages.filter((stage) => stage.name === only) : stages;
if (selected.length === 0) {
  console.error(`No stage named "${only}". Stages: ${stages.map((stage) => stage.name).join(', ')}.`);
  process.exit(2);
}

let passed = 0;
let failed = 0;
for (const stage of selected) {
  console.log(`\n━━ ${stage.name} ━━`);
  const { code, output } = await run(stage);
  const counts = countReaders[stage.counts](output);
  if (stage.counts !== 'none' && !(counts.passed > 0)) {
    console.error(`\n${stage.name}: no test ran — that is a failure, not a pass.`);
    console.log(`${passed} passed, ${failed + 1} failed`);
    process.exit(1);
  }
  passed += Number.isNaN(counts.passed) ? 0 : counts.passed;
  failed += Number.isNaN(counts.failed) ? 0 : counts.failed;
  if (code !== 0) {
    console.error(`\n${stage.name}: failed (exit ${code}).`);
    console.log(`${passed} passed, ${Math.max(failed, 1)} failed`);
    process.exit(1);
  }
}
console.log(`\n${passed} passed, ${failed} failed`);
