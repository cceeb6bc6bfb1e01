/**
 * `npm run bench` — every benchmark in one run, then `bench/RESULTS.md` written from its output.
 *
 *   npm run bench                     all of them; writes bench/RESULTS.md
 *   npm run bench -- size throughput  only those (RESULTS.md is left alone)
 *
 * Prepares what the benchmarks need first: the element's build (only when dist/ is missing) and
 * the peers' browser SDKs, installed into bench/.peers/ (git-ignored, never the product's
 * dependencies). Everything listens on 127.0.0.1. Exits 1 when a check or target fails.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { BenchFailure, PEERS_DIR, ROOT, type Section } from './lib.ts';
import { PEER_PACKAGES } from './size.ts';

/** Benchmarks that measure the built element. */
const BUILT = ['size', 'click', 'first-paint', 'connect-return'];

const BENCHMARKS: Record<string, () => Promise<{ run(): Promise<Section> }>> = {
  size: () => import('./size.ts'),
  click: () => import('./click-to-connect.ts'),
  'first-paint': () => import('./first-paint.ts'),
  throughput: () => import('./throughput.ts'),
  'cold-start': () => import('./cold-start.ts'),
  streams: () => import('./streams.ts'),
  live: () => import('./live-paths.ts'),
  'connect-return': () => import('./connect-return.ts'),
  store: () => import('./store-bound.ts'),
};

/** The newest modification time of the files under `dirs` (the sources the browser build is made of). */
function newestSource(dirs: readonly string[]): number {
  const newest = (path: string): number =>
    statSync(path).isDirectory() ? Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name)))) : statSync(path).mtimeMs;
  return Math.max(...dirs.map((dir) => newest(join(ROOT, dir))));
}

/** Only what the benchmarks asked for need: the build (size and the browser ones), the peers' SDKs (size). */
function prepare(names: readonly string[]): void {
  const quiet = { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] as ['ignore', 'ignore', 'inherit'] };
  const needsBuild = names.some((name) => BUILT.includes(name));
  const built = [join(ROOT, 'dist/browser/upload-post-connect.min.js'), join(ROOT, 'dist/index.js')];
  // A build older than the element's sources would measure yesterday's element.
  const stale = () => Math.min(...built.map((file) => statSync(file).mtimeMs)) < newestSource(['widget', 'protocol', 'lib']);
  if (needsBuild && (!built.every((file) => existsSync(file)) || stale())) {
    execFileSync('node', ['scripts/build.mjs'], quiet);
  }
  const missing = PEER_PACKAGES.filter((name) => !existsSync(join(PEERS_DIR, 'node_modules', name, 'package.json')));
  if (names.includes('size') && missing.length) {
    execFileSync('npm', ['install', '--prefix', PEERS_DIR, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', ...PEER_PACKAGES], quiet);
  }
}

function machine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const cores = execFileSync('nproc', { encoding: 'utf8' }).trim();
  return `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · ${cores} cores (nproc) · ${cpu} · Node ${process.version} · ${process.platform}/${process.arch}`;
}

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in BENCHMARKS));
if (unknown.length) {
  process.stderr.write(`Unknown benchmark ${unknown.join(', ')}; choose among ${Object.keys(BENCHMARKS).join(', ')}.\n`);
  process.exit(2);
}
const names = asked.length ? asked : Object.keys(BENCHMARKS);
const started = performance.now();
// The machine is shared: how busy it was is part of reading the absolute numbers.
const loadBefore = loadavg()[0]!;
prepare(names);

const sections: Section[] = [];
let crashed: unknown;
for (const name of names) {
  try {
    const section = await (await BENCHMARKS[name]!()).run();
    sections.push(section);
    console.log(`\n## ${section.title}\n\n${section.markdown}\n`);
  } catch (error) {
    // One broken benchmark must not hide the others' numbers; the run still fails at the end.
    crashed ??= error;
    const message = error instanceof BenchFailure ? error.message : ((error as Error).stack ?? String(error));
    sections.push({ title: name, markdown: `**Failed:** ${message}`, checks: [{ name: `${name} ran`, ok: false, detail: message.split('\n')[0]! }] });
    console.log(`\n## ${name}\n\n**Failed:** ${message}\n`);
  }
}

const checks = sections.flatMap((section) => section.checks);
const elapsed = (performance.now() - started) / 1000;
const summary = [
  '| check | result | detail |',
  '| --- | --- | --- |',
  ...checks.map((check) => `| ${check.name} | ${check.ok ? 'met' : check.aim ? 'missed (aim only)' : '**MISSED**'} | ${check.detail} |`),
].join('\n');
console.log(
  `## Checks and targets\n\n${summary}\n\n${checks.filter((check) => check.ok).length} met, ${checks.filter((check) => !check.ok).length} missed · ${elapsed.toFixed(0)} s`,
);

if (!asked.length) {
  const results = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` (${elapsed.toFixed(0)} s). ${machine()}. ` +
      `Load average (1 min) ${loadBefore.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end, on ${cpus().length} CPUs.`,
    "Every ratio is against a baseline measured in the same run; absolute times are this machine's only. See `bench/README.md` for what each number means.",
    '',
    '## Checks and targets',
    '',
    summary,
    '',
    ...sections.flatMap((section) => [`## ${section.title}`, '', section.markdown, '']),
  ].join('\n');
  writeFileSync(join(ROOT, 'bench/RESULTS.md'), results);
}
process.exitCode = crashed || checks.some((check) => !check.ok && !check.aim) ? 1 : 0;
