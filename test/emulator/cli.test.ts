/** `npm run emulator` (emulator/cli.ts) as a child process: serving with its flags, stopping cleanly, refusing bad flags. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = 'emulator/cli.ts';
const run = (args: string[]) => spawn(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });

async function finished(child: ReturnType<typeof run>) {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

describe('emulator CLI', () => {
  it('serves on 127.0.0.1, prints the base URL and key, honours its flags, and stops cleanly on SIGTERM', async () => {
    const child = run(['--port', '0', '--api-key', 'cli-key', '--limit', '3', '--latency', '5', '--connect-page-url', 'https://connect.example']);
    const exit = finished(child);
    try {
      let printed = '';
      const baseUrl = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk) => {
          printed += chunk;
          const match = /(http:\/\/127\.0\.0\.1:\d+\/api)\b/.exec(printed);
          if (match && printed.includes('cli-key')) resolve(match[1]!);
        });
        child.once('exit', () => reject(new Error(`the CLI exited early: ${printed}`)));
      });
      const auth = { Authorization: 'Apikey cli-key' };
      const list = await fetch(`${baseUrl}/uploadposts/users`, { headers: auth });
      assert.equal(list.status, 200);
      assert.equal((await list.json()).limit, 3);
      assert.equal((await fetch(`${baseUrl}/uploadposts/users`, { headers: { Authorization: 'Apikey other' } })).status, 401);
      const faults = await fetch(new URL('/__emulator/faults', baseUrl));
      assert.equal((await faults.json()).latencyMs, 5);
      const created = await fetch(`${baseUrl}/uploadposts/users`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'cli-user' }),
      });
      assert.equal(created.status, 201);
      const link = await fetch(`${baseUrl}/uploadposts/users/generate-jwt`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'cli-user' }),
      });
      assert.ok((await link.json()).access_url.startsWith('https://connect.example/connect?token='));
    } finally {
      child.kill('SIGTERM');
    }
    const { code, stderr } = await exit;
    assert.equal(code, 0);
    assert.equal(stderr, '');
  });

  it('prints the usage and exits 2 for a bad flag', async () => {
    const badRuns: Array<[string, string[]]> = [
      ['an unknown flag', ['--port', '0', '--api-key', 'k', '--bogus']],
      ['a port that is not a number', ['--port', 'eighty', '--api-key', 'k']],
      ['a missing --api-key', ['--port', '0']],
      ['a negative limit', ['--port', '0', '--api-key', 'k', '--limit', '-1']],
      ['a connect page URL that is not http(s)', ['--port', '0', '--api-key', 'k', '--connect-page-url', 'ftp://connect.example']],
    ];
    // Started together: each run pays tsx's start-up, and they do not depend on each other.
    const results = await Promise.all(badRuns.map(([, args]) => finished(run(args))));
    results.forEach(({ code, stdout, stderr }, index) => {
      const label = badRuns[index]![0];
      assert.equal(code, 2, label);
      assert.match(stderr, /^Usage: upload-post-emulator --port P --api-key K/m, label);
      assert.equal(stdout, '', label);
    });
  });
});
