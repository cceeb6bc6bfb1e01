/**
 * Cold start: from spawning a process to its first answer on /healthz (polled every 2 ms), the
 * median of several starts. The baseline is a bare node:http server started the same way.
 *
 *   token server, bundled   token-server/node/cli.ts bundled by esbuild into one file, run by plain
 *                           `node` — what a deployment would run — vs bare node:http by `node`
 *   token server, tsx       `tsx token-server/node/cli.ts`, what `npm run token-server` runs (TypeScript
 *                           compiled at start) — vs the bare server started through tsx too
 *
 * The token server starts as in production: an API key and a session secret set (so no embedded
 * emulator), nothing called upstream before the first answer.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import { build } from 'esbuild';
import { BENCH_API_KEY, BENCH_SESSION_SECRET, freePort, median, ms, ratio, ROOT, SCRATCH_DIR, table, type Section } from './lib.ts';

const STARTS = 5;
const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');

const BARE_SERVER = `
import { createServer } from 'node:http';
createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end('{"status":"ok"}');
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** Milliseconds from spawn to the first 200 on `path`. */
async function coldStart(args: string[], path: string, env: Record<string, string> = {}): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: 'ignore',
    // Its own process group: tsx runs the server in a child process of its own, which a kill of
    // tsx alone would leave running (and listening) after the bench.
    detached: true,
  });
  try {
    const deadline = started + 30_000;
    while (performance.now() < deadline) {
      if (await answers(`http://127.0.0.1:${port}${path}`)) return performance.now() - started;
      if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode} before answering`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    throw new Error(`${args.join(' ')} did not answer ${path} within 30 s`);
  } finally {
    const exited = new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once('exit', resolve)));
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // The group is gone already.
    }
    await exited;
  }
}

export async function run(): Promise<Section> {
  const bare = join(SCRATCH_DIR, 'bare-server.mjs');
  writeFileSync(bare, BARE_SERVER);
  const bundled = join(SCRATCH_DIR, 'token-server-cli.mjs');
  await build({
    entryPoints: [join(ROOT, 'token-server/node/cli.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: bundled,
    // Some dependencies still call require(); an ESM bundle needs it provided.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'silent',
  });
  const env = {
    UPLOAD_POST_API_KEY: BENCH_API_KEY,
    UPLOAD_POST_SESSION_SECRET: BENCH_SESSION_SECRET,
    UPLOAD_POST_PUBLIC_URL: 'http://127.0.0.1/upload-post',
    // Never called before the first answer; a closed local port in case it were.
    UPLOAD_POST_API_URL: 'http://127.0.0.1:9/api',
    UPLOAD_POST_WIDGET_FILE: join(ROOT, 'dist/browser/upload-post-connect.min.js'),
  };
  type Kind = 'bare' | 'bundled' | 'bareTsx' | 'tsx';
  const times: Record<Kind, number[]> = { bare: [], bundled: [], bareTsx: [], tsx: [] };
  // Interleaved, so a burst of load elsewhere on the machine hits every kind alike; one unrecorded
  // round first warms the file system cache.
  for (let round = -1; round < STARTS; round++) {
    const sample = {
      bare: await coldStart([bare], '/healthz'),
      bundled: await coldStart([bundled], '/upload-post/healthz', env),
      bareTsx: await coldStart([TSX, bare], '/healthz'),
      tsx: await coldStart([TSX, 'token-server/node/cli.ts'], '/upload-post/healthz', env),
    };
    if (round < 0) continue;
    for (const kind of Object.keys(times) as Kind[]) times[kind].push(sample[kind]);
  }
  const m = { bare: median(times.bare), bundled: median(times.bundled), bareTsx: median(times.bareTsx), tsx: median(times.tsx) };
  const markdown = [
    `Spawn → first 200 from /healthz, median of ${STARTS} interleaved starts (after one unrecorded round).`,
    '',
    table(
      ['process', 'median', 'min–max', '÷ bare node:http started the same way'],
      [
        ['bare node:http (`node bare.mjs`)', ms(m.bare, 0), `${ms(Math.min(...times.bare), 0)}–${ms(Math.max(...times.bare), 0)}`, ratio(1)],
        [
          'token server, esbuild bundle (`node token-server-cli.mjs`)',
          ms(m.bundled, 0),
          `${ms(Math.min(...times.bundled), 0)}–${ms(Math.max(...times.bundled), 0)}`,
          `**${ratio(m.bundled / m.bare)}**`,
        ],
        ['bare node:http through tsx', ms(m.bareTsx, 0), `${ms(Math.min(...times.bareTsx), 0)}–${ms(Math.max(...times.bareTsx), 0)}`, ratio(1)],
        [
          'token server through tsx (`npm run token-server`)',
          ms(m.tsx, 0),
          `${ms(Math.min(...times.tsx), 0)}–${ms(Math.max(...times.tsx), 0)}`,
          `**${ratio(m.tsx / m.bareTsx)}**`,
        ],
      ],
    ),
  ].join('\n');
  return { title: 'Cold start', markdown, checks: [] };
}
