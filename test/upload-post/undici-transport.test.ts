/**
 * The undici transport: its pool is reused and left clean after errors, timeouts and aborts (against
 * the emulator over a socket), `close()` is safe to call twice and leaves a borrowed dispatcher open,
 * and `destroy()` cuts calls in flight (a shutdown's grace period is over).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createEmulator, type Emulator } from '../../emulator/app.ts';
import { UploadPostClient } from '../../upload-post/index.ts';
import { createUndiciTransport, type UndiciTransport } from '../../upload-post/undici-transport.ts';
import { serveOnLoopback, type LoopbackServer } from '../helpers/loopback.ts';
import { failure, KEY } from '../helpers/upload-post-fakes.ts';

describe('the undici transport', () => {
  let emulator: Emulator;
  let server: LoopbackServer;
  let baseUrl: string;

  before(async () => {
    emulator = createEmulator({ apiKey: KEY, profileLimit: 3 });
    server = await serveOnLoopback(emulator.app.fetch);
    baseUrl = `${server.url}/api`;
  });

  after(() => server.close());

  test('reuses connections, and releases them after errors, timeouts and aborts', async () => {
    const transport = createUndiciTransport();
    try {
      const upload = new UploadPostClient({ apiKey: KEY, baseUrl, transport, retries: 0 });
      await upload.createProfile('ana');
      for (let index = 0; index < 20; index++) {
        await failure(upload.getProfile(`nobody-${index}`));
        await upload.getProfile('ana');
      }
      // 41 sequential calls, 20 of them errors: a socket or two for all of them.
      const afterErrors = (transport.dispatcher as unknown as { stats: Record<string, { connected: number }> }).stats[new URL(baseUrl).origin];
      assert.ok(afterErrors && afterErrors.connected <= 2, `${afterErrors?.connected} sockets after error answers`);
      emulator.faults.set({ latencyMs: 5_000 });
      assert.equal((await failure(new UploadPostClient({ apiKey: KEY, baseUrl, transport, timeoutMs: 50, retries: 0 }).listProfiles())).kind, 'timeout');
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 20);
      assert.equal((await failure(upload.listProfiles(controller.signal))).kind, 'aborted');
      emulator.faults.clear();
      for (let index = 0; index < 5; index++) await upload.listProfiles();

      const origin = new URL(baseUrl).origin;
      const poolStats = () =>
        (transport.dispatcher as unknown as { stats: Record<string, { connected: number; free: number; running: number; pending: number }> }).stats[origin];
      // A socket destroyed by the timeout or the abort leaves the pool a moment later, not at once:
      // give it up to a second (a half-read socket would stay for good).
      for (let waited = 0; (poolStats()?.connected ?? 0) > (poolStats()?.free ?? 0) && waited < 1000; waited += 20) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const stats = poolStats();
      assert.ok(stats, 'the agent has a pool for the emulator');
      assert.equal(stats.running, 0);
      assert.equal(stats.pending, 0);
      // The timed-out and aborted calls' sockets were destroyed rather than left half-read in the
      // pool: every socket still there is free for the next call, and there are few of them (the
      // replacements of the destroyed ones may outnumber them by one while being marked free).
      assert.equal(stats.free, stats.connected, 'a socket in the pool is neither busy nor free: half-read');
      assert.ok(stats.connected >= 1 && stats.connected <= 3, `${stats.connected} sockets`);
    } finally {
      await transport.close();
    }
  });

  test('leaves a dispatcher it was given open on close()', async () => {
    const owned = createUndiciTransport();
    const { Agent } = await import('undici');
    const given = new Agent();
    const borrowed: UndiciTransport = createUndiciTransport({ dispatcher: given });
    await borrowed.close();
    assert.equal(given.closed, false);
    await given.close();
    await owned.close();
    assert.equal((owned.dispatcher as unknown as { closed: boolean }).closed, true);
  });

  test('settles close() twice (an undici Agent closed twice never does)', async () => {
    const transport = createUndiciTransport();
    const timeout = (ms: number) => new Promise((_, reject) => setTimeout(() => reject(new Error('close() did not settle')), ms).unref());
    await Promise.race([transport.close(), timeout(2000)]);
    await Promise.race([transport.close(), timeout(2000)]);
  });

  test('destroy() fails a call in flight at once and closes its socket, where close() would wait for it', async () => {
    const transport = createUndiciTransport();
    emulator.faults.set({ latencyMs: 60_000 });
    try {
      const upload = new UploadPostClient({ apiKey: KEY, baseUrl, transport, retries: 0, timeoutMs: 60_000 });
      const call = failure(upload.listProfiles());
      while ((await server.connections()) === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const started = performance.now();
      await transport.destroy();
      const error = await call;
      assert.equal(error.kind, 'network');
      assert.ok(performance.now() - started < 2_000);
      while ((await server.connections()) > 0) await new Promise((resolve) => setTimeout(resolve, 5));
      await transport.destroy();
      await transport.close();
    } finally {
      emulator.faults.clear();
    }
  });
});
