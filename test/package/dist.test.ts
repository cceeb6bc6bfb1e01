/**
 * The package as a customer installs it: what `npm pack` ships, its server entries imported by
 * plain Node (no tsx, no `source` condition: the compiled dist/server), and the `bin` started as
 * npm would start it. Needs `npm run build` (the build stage of `npm test` runs it first).
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

const root = new URL('../..', import.meta.url).pathname;
const run = promisify(execFile);

function assertBuilt(): void {
  assert.ok(existsSync(`${root}dist/server/token-server/index.js`), 'dist/server is missing: run npm run build');
}

/** Plain `node`, without the test runner's `--import tsx` and `--conditions=source`. */
const plainNodeEnv = () => {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return env;
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

describe('the published package', () => {
  it('ships the builds, the bins and no TypeScript sources or tests', async () => {
    assertBuilt();
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, env: plainNodeEnv() });
    const files = (JSON.parse(stdout) as [{ files: { path: string }[] }])[0].files.map((file) => file.path);
    for (const expected of [
      'dist/server/token-server/index.js',
      'dist/server/token-server/index.d.ts',
      'dist/server/token-server/node/cli.js',
      'dist/server/emulator/index.js',
      'dist/browser/upload-post-connect.min.js',
      'dist/index.js',
      'bin/upload-post-token-server.js',
      'custom-elements.json',
      'README.md',
    ])
      assert.ok(files.includes(expected), `${expected} is not in the package`);
    const sources = files.filter((path) => /^(token-server|upload-post|emulator|lib|widget|protocol|test|demo|bench)\//.test(path));
    assert.deepEqual(sources, [], 'sources, tests or the demo are in the package');
    assert.ok(!files.some((path) => path.endsWith('.ts') && !path.endsWith('.d.ts')), 'a .ts file is in the package');
  });

  it('imports the server entries in plain Node, and their declarations point at .js files', async () => {
    assertBuilt();
    const script = `
      import { createTokenServer, createSessionToken } from 'upload-post-connect/server';
      import { createEmulator } from 'upload-post-connect/emulator';
      import { ERROR_CODES } from 'upload-post-connect/protocol';
      const emulator = createEmulator({ apiKey: 'package-test-key' });
      const secret = 'a-session-secret-of-at-least-32-characters';
      const app = createTokenServer({
        apiKey: 'package-test-key',
        client: {
          baseUrl: 'http://emulator.invalid/api',
          transport: (url, init) => emulator.app.request(url.replace('http://emulator.invalid', ''), init),
        },
        identity: { sessionSecret: secret },
        log: () => {},
      });
      const token = await createSessionToken({ userId: 'pkg-user', secret, ttl: 60 });
      const accounts = await app.request('/accounts', { headers: { Authorization: 'Bearer ' + token } });
      const refused = await app.request('/accounts');
      console.log(JSON.stringify({ accounts: accounts.status, refused: refused.status, code: ERROR_CODES.UNAUTHENTICATED }));
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root, env: plainNodeEnv() });
    assert.deepEqual(JSON.parse(stdout.trim().split('\n').at(-1)!), { accounts: 200, refused: 401, code: 401 });
    const { stdout: declarations } = await run('grep', ['-rlE', "from '\\.{1,2}/[^']+\\.ts'", `${root}dist/server`]).catch(() => ({ stdout: '' }));
    assert.equal(declarations, '', 'a declaration still imports a .ts path');
  });

  it('starts the token-server bin from the build, serving the built widget, and stops on SIGTERM', async () => {
    assertBuilt();
    const port = await freePort();
    const child = spawn(process.execPath, [`${root}bin/upload-post-token-server.js`], {
      cwd: '/',
      env: { ...plainNodeEnv(), PORT: String(port), UPLOAD_POST_EMULATOR_PORT: '0', UPLOAD_POST_API_KEY: '', UPLOAD_POST_SESSION_SECRET: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    try {
      const deadline = Date.now() + 15_000;
      while (!/"msg":"listening"/.test(output)) {
        assert.ok(Date.now() < deadline && child.exitCode === null, `the bin did not start:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const base = `http://127.0.0.1:${port}/upload-post`;
      assert.equal((await fetch(`${base}/healthz`, { headers: { Connection: 'close' } })).status, 200);
      // Run from / and from dist/server, it still finds dist/browser beside it.
      const widget = await fetch(`${base}/widget.js`, { headers: { Connection: 'close' } });
      assert.equal(widget.status, 200, output);
      assert.match(await widget.text(), /upload-post-connect/);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      assert.equal(await exited, 0, output);
    }
  });
});
