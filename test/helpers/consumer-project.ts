/**
 * The package as a customer gets it: `npm pack`ed once per build, installed from the tarball into
 * throwaway projects in the temp directory, then imported, started and type-checked there. Used by
 * the tests under test/package/; a React, Vue or Svelte consumer is one more createConsumerProject().
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
/** The repository's own TypeScript: consumers type-check with it, nothing extra is installed. */
export const TSC = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');

/** What `npm pack` reads from the repository's package.json. */
export interface PackageManifest {
  name: string;
  version: string;
  exports: Record<string, string | Record<string, string>>;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  files?: string[];
}

export function readManifest(dir = REPO_ROOT): PackageManifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageManifest;
}

/** The tests on the package need the build; say so instead of testing a stale or missing one. */
export function assertBuilt(): void {
  for (const file of ['dist/index.js', 'dist/server/token-server/index.js', 'dist/types/widget/index.d.ts', 'custom-elements.json']) {
    assert.ok(existsSync(join(REPO_ROOT, file)), `${file} is missing: run npm run build first (npm test does).`);
  }
}

/**
 * The environment of a customer's shell: without the `npm_*` variables of the `npm run` this test
 * runs under (npm would read them as its own configuration, e.g. the repository as prefix) and
 * without NODE_OPTIONS (no tsx, no `source` condition: the compiled package only).
 */
export function customerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig']);
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.toLowerCase().startsWith('npm_') && !keep.has(key.toLowerCase())) continue;
    if (key === 'NODE_OPTIONS' || key === 'INIT_CWD') continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; a failure carries its output in the message. */
export async function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
  try {
    const { stdout, stderr } = await execFileAsync(command, args, {
      cwd: options.cwd,
      env: options.env ?? customerEnv(),
      timeout: options.timeoutMs ?? 120_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { stdout, stderr };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${options.cwd}:\n${stdout}\n${stderr}`, { cause: error });
  }
}

// ── the tarball ───────────────────────────────────────────────────────────────────────────────

export interface PackedPackage {
  /** Absolute path of the `.tgz`. */
  tarball: string;
  manifest: PackageManifest;
}

const PACK_CACHE = join(tmpdir(), 'upload-post-connect-pack');
let packing: Promise<PackedPackage> | undefined;

/** Every file `npm pack` may take (package.json's `files`, plus what npm always adds), with sizes and times. */
function shippedFilesFingerprint(manifest: PackageManifest): string {
  const hash = createHash('sha256');
  const visit = (path: string): void => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) visit(join(path, name));
      return;
    }
    hash.update(`${relative(REPO_ROOT, path)}\0${stat.size}\0${stat.mtimeMs}\n`);
  };
  for (const entry of [...(manifest.files ?? []), 'package.json', 'README.md', 'LICENSE']) visit(join(REPO_ROOT, entry));
  return hash.digest('hex').slice(0, 16);
}

/**
 * The package packed by `npm pack`, once per build: test files run in their own processes, so the
 * tarball is kept in the temp directory under a fingerprint of the files it is made of, and the
 * next test file (or the next run, until the next build) reuses it.
 */
export function packedPackage(): Promise<PackedPackage> {
  packing ??= (async () => {
    assertBuilt();
    const manifest = readManifest();
    const tarball = join(PACK_CACHE, `${manifest.name}-${manifest.version}-${shippedFilesFingerprint(manifest)}.tgz`);
    if (!existsSync(tarball)) {
      mkdirSync(PACK_CACHE, { recursive: true });
      const scratch = mkdtempSync(join(PACK_CACHE, 'packing-'));
      try {
        const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], { cwd: REPO_ROOT });
        const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
        // A rename is atomic: a test file packing at the same moment finds a whole tarball or none.
        renameSync(join(scratch, filename), tarball);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
      for (const name of readdirSync(PACK_CACHE)) {
        if (name.endsWith('.tgz') && join(PACK_CACHE, name) !== tarball) rmSync(join(PACK_CACHE, name), { force: true });
      }
    }
    return { tarball, manifest };
  })();
  return packing;
}

// ── a consumer project ────────────────────────────────────────────────────────────────────────

export interface InstallFootprint {
  /** Installed packages, the package itself included. */
  packages: number;
  /** Bytes of every file under node_modules (as listed, not as allocated on disk). */
  bytes: number;
  /** Per package, largest first. */
  byPackage: { name: string; bytes: number }[];
}

function directoryBytes(path: string): number {
  let total = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) total += directoryBytes(child);
    else if (entry.isFile()) total += lstatSync(child).size;
  }
  return total;
}

/** Packages and bytes under a node_modules folder, nested node_modules included. */
export function measureFootprint(nodeModules: string): InstallFootprint {
  const byPackage: { name: string; bytes: number }[] = [];
  const visit = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      if (entry.name.startsWith('@')) {
        visit(path);
        continue;
      }
      if (!existsSync(join(path, 'package.json'))) continue;
      const name = relative(nodeModules, path).replace(/(^|\/)node_modules\//g, '$1');
      const nested = join(path, 'node_modules');
      const bytes = directoryBytes(path) - (existsSync(nested) ? directoryBytes(nested) : 0);
      byPackage.push({ name, bytes });
      if (existsSync(nested)) visit(nested);
    }
  };
  visit(nodeModules);
  byPackage.sort((a, b) => b.bytes - a.bytes);
  return { packages: byPackage.length, bytes: directoryBytes(nodeModules), byPackage };
}

export function describeFootprint(footprint: InstallFootprint, top = 8): string {
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
  const largest = footprint.byPackage.slice(0, top).map(({ name, bytes }) => `${name} ${mb(bytes)}`);
  return `${footprint.packages} packages, ${mb(footprint.bytes)} (largest: ${largest.join(', ')})`;
}

export interface TypecheckResult {
  /** tsc printed nothing. */
  ok: boolean;
  /** tsc's error lines, `file.ts(line,column): error TSnnnn: …`, paths relative to the project. */
  diagnostics: string[];
  /** Everything tsc printed. */
  output: string;
}

export interface ConsumerProject {
  dir: string;
  packed: PackedPackage;
  /** The package's manifest as installed in the project. */
  installedManifest(): PackageManifest;
  /** `npm install` more packages into the project (from npm's cache where it can). */
  install(...specs: string[]): Promise<void>;
  /**
   * Links packages of the repository's node_modules (its devDependencies: vue, svelte, …) into the
   * project's, as a customer's own install would provide them: no registry, no download.
   * Link after the last `install`, which would prune them.
   */
  link(...names: string[]): void;
  /** Writes a file (folders created), returns its absolute path. */
  writeFile(path: string, text: string): string;
  /** Runs a command in the project with a customer's environment. */
  run(command: string, args: string[], options?: { env?: Record<string, string>; timeoutMs?: number }): Promise<RunResult>;
  /** Runs an ES module's source in plain Node in the project; its stdout. */
  node(source: string): Promise<string>;
  /** Type-checks `files` (written into the project) with the repository's TypeScript. */
  typecheck(files: Record<string, string>, compilerOptions: Record<string, unknown>): Promise<TypecheckResult>;
  footprint(): InstallFootprint;
  remove(): void;
}

const INSTALL_FLAGS = ['--no-audit', '--no-fund', '--prefer-offline', '--no-package-lock', '--loglevel=error'];

/**
 * A fresh project in the temp directory with the packed package installed by `npm install` (the
 * registry for its dependencies, npm's cache first), as a customer's `npm install
 * upload-post-connect` would, plus `dependencies` of the customer's own.
 */
export async function createConsumerProject(options: { name?: string; dependencies?: string[] } = {}): Promise<ConsumerProject> {
  const packed = await packedPackage();
  const dir = mkdtempSync(join(tmpdir(), `${options.name ?? 'consumer'}-`));
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: options.name ?? 'consumer', private: true, type: 'module' }, null, 2)}\n`);

  const project: ConsumerProject = {
    dir,
    packed,
    installedManifest: () => readManifest(join(dir, 'node_modules', packed.manifest.name)),
    install: async (...specs) => {
      await run('npm', ['install', ...INSTALL_FLAGS, ...specs], { cwd: dir });
    },
    link: (...names) => {
      for (const name of names) {
        const target = join(REPO_ROOT, 'node_modules', name);
        assert.ok(existsSync(target), `${name} is not in the repository's node_modules: add it to devDependencies`);
        const path = join(dir, 'node_modules', name);
        mkdirSync(dirname(path), { recursive: true });
        rmSync(path, { recursive: true, force: true });
        symlinkSync(target, path, 'dir');
      }
    },
    writeFile: (path, text) => {
      const file = join(dir, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      return file;
    },
    run: (command, args, runOptions = {}) => run(command, args, { cwd: dir, env: customerEnv(runOptions.env), timeoutMs: runOptions.timeoutMs ?? 60_000 }),
    node: async (source) => (await project.run(process.execPath, ['--input-type=module', '--eval', source])).stdout,
    typecheck: async (files, compilerOptions) => {
      const names = Object.keys(files);
      for (const [path, text] of Object.entries(files)) project.writeFile(path, text);
      const config = project.writeFile(
        `tsconfig.${createHash('sha256')
          .update(JSON.stringify([names, compilerOptions]))
          .digest('hex')
          .slice(0, 8)}.json`,
        JSON.stringify({ compilerOptions: { noEmit: true, ...compilerOptions }, files: names }, null, 2),
      );
      const args = [TSC, '-p', config, '--pretty', 'false'];
      const output = await execFileAsync(process.execPath, args, { cwd: dir, env: customerEnv(), timeout: 120_000 }).then(
        ({ stdout }) => stdout,
        (error: unknown) => {
          const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
          return `${stdout}${stderr}` || String(error);
        },
      );
      const diagnostics = output.split('\n').filter((line) => /error TS\d+/.test(line));
      return { ok: output.trim() === '', diagnostics, output };
    },
    footprint: () => measureFootprint(join(dir, 'node_modules')),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };

  await project.install(packed.tarball, ...(options.dependencies ?? []));
  return project;
}

// ── processes that serve ──────────────────────────────────────────────────────────────────────

export interface StartedProcess {
  /** What matched `ready`. */
  match: RegExpMatchArray;
  /** Everything printed so far, stdout and stderr. */
  output(): string;
  /** SIGTERM, then its exit code (null if it was killed by a signal). */
  stop(): Promise<number | null>;
}

/** Starts a command and waits until its output matches `ready`; fails with the output if it exits or times out first. */
export async function startProcess(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; ready: RegExp; timeoutMs?: number },
): Promise<StartedProcess> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? customerEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} printed nothing matching ${String(options.ready)} in ${options.timeoutMs ?? 15_000} ms:\n${output}`));
    }, options.timeoutMs ?? 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = options.ready.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${command} ${args.join(' ')} exited (${String(code)}) before it was ready:\n${output}`));
    });
  });
  return {
    match,
    output: () => output,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
