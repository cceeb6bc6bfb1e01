/**
 * What every benchmark shares: statistics, markdown tables, child servers (each in its own
 * process, so the load generator never shares an event loop with the server under test) and the
 * bench's own scratch folder `bench/.peers/` (git-ignored; never the product's dependencies).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const PEERS_DIR = fileURLToPath(new URL('./.peers/', import.meta.url));
export const SCRATCH_DIR = fileURLToPath(new URL('./.peers/build/', import.meta.url));
mkdirSync(SCRATCH_DIR, { recursive: true });

/** A benchmark's contribution to the report: markdown, plus the targets it checked. */
export interface Section {
  title: string;
  markdown: string;
  checks: Check[];
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  /** An aim rather than a target: reported, but missing it does not fail the run. */
  aim?: boolean;
}

export class BenchFailure extends Error {
  override readonly name = 'BenchFailure';
}

// ── statistics ─────────────────────────────────────────────────────────────────────────────

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest-rank: with few samples an interpolated p90 would report a value nobody measured.
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

export const median = (values: readonly number[]) => quantile(values, 0.5);

// ── formatting ─────────────────────────────────────────────────────────────────────────────

export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const ms = (value: number, digits = 1) => `${value.toFixed(digits)} ms`;
export const ratio = (value: number, digits = 2) => `${value.toFixed(digits)}×`;
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

// ── ports and child servers ────────────────────────────────────────────────────────────────

/** A port free right now on 127.0.0.1 (for processes that must be told their port up front). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface ChildStats {
  /** Requests counted by the child (the emulator counts only its API, not its connect page). */
  count: number;
  /** Method and path of what was counted since the previous `stats()` (at most 100). */
  recent: string[];
  rss: number;
  /** CPU time the child has used since it started (user + system), in microseconds. */
  cpuMicros: number;
}

/** A server running `bench/server-process.ts` in its own Node process, driven over IPC. */
export interface ChildServer {
  url: string;
  process: ChildProcess;
  stats(): Promise<ChildStats>;
  stop(): Promise<void>;
}

const SERVER_PROCESS = fileURLToPath(new URL('./server-process.ts', import.meta.url));

/**
 * `BENCH_CPU_PROF=<dir>`: every child server writes a V8 CPU profile there when it stops
 * (in `<dir>/<mode>/`, readable in Chrome DevTools), to find what a request spends its time on.
 */
function profileArgs(mode: string): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${join(dir, mode)}`] : [];
}

export function startChild(mode: string, config: Record<string, unknown> = {}): Promise<ChildServer> {
  return new Promise((resolve, reject) => {
    const child = fork(SERVER_PROCESS, [mode, JSON.stringify(config)], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx', ...profileArgs(mode)],
      // Servers under test stay quiet; their stderr is kept only to explain a failure.
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const pending = new Map<number, (stats: ChildStats) => void>();
    let nextId = 0;
    const onExit = (code: number | null) => reject(new BenchFailure(`bench server "${mode}" exited (${code ?? 'signal'}) before listening:\n${stderr}`));
    child.once('exit', onExit);
    child.on('message', (message: { type: string; url?: string; id?: number; count?: number; recent?: string[]; rss?: number; cpuMicros?: number }) => {
      if (message.type === 'listening') {
        child.off('exit', onExit);
        resolve({
          url: message.url!,
          process: child,
          stats: () =>
            new Promise((done) => {
              const id = nextId++;
              pending.set(id, done);
              child.send({ type: 'stats', id });
            }),
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) {
                done();
                return;
              }
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      } else if (message.type === 'stats') {
        pending.get(message.id!)?.({ count: message.count!, recent: message.recent ?? [], rss: message.rss!, cpuMicros: message.cpuMicros! });
        pending.delete(message.id!);
      }
    });
  });
}

/** Starts every child, or stops those started and rethrows. */
export async function startAll(specs: [string, Record<string, unknown>][]): Promise<ChildServer[]> {
  const started: ChildServer[] = [];
  try {
    for (const [mode, config] of specs) started.push(await startChild(mode, config));
    return started;
  } catch (error) {
    await Promise.all(started.map((child) => child.stop()));
    throw error;
  }
}

/** Emulator latency through its admin route, as a test would change it. */
export async function setUpstreamLatency(emulatorUrl: string, latencyMs: number): Promise<void> {
  const response = await fetch(`${emulatorUrl}/__emulator/faults`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ latencyMs }),
  });
  if (!response.ok) throw new BenchFailure(`Setting the emulator's latency failed: ${response.status} ${await response.text()}`);
}

/** Shared fixed credentials: these only ever guard servers on 127.0.0.1 during a bench run. */
export const BENCH_API_KEY = 'bench-api-key';
export const BENCH_SESSION_SECRET = 'bench-session-secret-0123456789abcdef';
