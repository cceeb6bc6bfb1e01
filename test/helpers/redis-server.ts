/**
 * A real `redis-server` for the tests: a child process on a free loopback port, without persistence
 * (`--save ''`, no AOF), that a test can kill, freeze (SIGSTOP: an outage that hangs rather than
 * refuses), thaw and restart on the same port. Every wait is for a state, never a fixed time.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { freePort } from './loopback.ts';

export interface RedisServer {
  port: number;
  /** `redis://127.0.0.1:<port>` */
  url: string;
  /** The running process's id (changes on restart). */
  readonly pid: number;
  /** SIGKILL, resolved once the process has exited: connections are refused from then on. */
  kill(): Promise<void>;
  /** SIGSTOP, resolved once the kernel reports the process stopped: connections stay open, nothing answers. */
  freeze(): Promise<void>;
  /** SIGCONT, resolved once the process runs again. */
  thaw(): Promise<void>;
  /** Kills it if it runs, then starts a fresh one (empty: nothing was persisted) on the same port. */
  restart(): Promise<void>;
  /** For `after()`: thawed and killed, whatever state the test left it in. */
  stop(): Promise<void>;
}

const READY = /Ready to accept connections/;

/** Fails with a sentence saying what to install, rather than a spawn error, on a machine without it. */
function assertInstalled(): void {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error('These tests need Debian’s redis-server on the PATH: apt-get install -y redis-server (.ci/run installs it).');
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts redis-server on `port` and resolves once it says it accepts connections. */
function launch(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (READY.test(output)) {
        child.stdout.off('data', onData);
        child.off('exit', onExit);
        // Keep draining its output, or a chatty server blocks on a full pipe.
        child.stdout.resume();
        resolve(child);
      }
    };
    const onExit = (code: number | null) => reject(new Error(`redis-server on port ${port} exited (${code}) before it was ready:\n${output}`));
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', onExit);
    child.once('error', reject);
  });
}

/** The process's scheduler state from /proc: `T` while stopped. */
function processState(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // `pid (comm) state …`: comm may contain spaces, so read after the last parenthesis.
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`redis-server: timed out waiting until ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export async function startRedisServer(): Promise<RedisServer> {
  assertInstalled();
  let port = 0;
  let child: ChildProcess | undefined;
  // Another process may take the free port between the probe and the start: try a few.
  for (let attempt = 0; !child; attempt++) {
    port = await freePort();
    try {
      child = await launch(port);
    } catch (error) {
      if (attempt >= 4) throw error;
    }
  }
  let current: ChildProcess = child;
  const kill = async () => {
    current.kill('SIGKILL');
    await exited(current);
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get pid() {
      return current.pid!;
    },
    kill,
    freeze: async () => {
      current.kill('SIGSTOP');
      await until(() => processState(current.pid!) === 'T', 'it is stopped');
    },
    thaw: async () => {
      current.kill('SIGCONT');
      await until(() => processState(current.pid!) !== 'T', 'it runs again');
    },
    restart: async () => {
      await kill();
      current = await launch(port);
    },
    stop: async () => {
      if (current.exitCode !== null || current.signalCode !== null) return;
      current.kill('SIGCONT');
      await kill();
    },
  };
}
