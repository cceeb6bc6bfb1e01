/** The emulated API as a whole: what it refuses to start with, paths and methods it does not serve, bodies too large. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEmulator } from '../../../emulator/index.ts';
import { assertError, KEY, setupEmulator } from '../../helpers/emulator.ts';
import { serveOnLoopback } from '../../helpers/loopback.ts';

describe('emulated API: start-up, routing and body size', () => {
  it('refuses to start without a usable key or body limit', () => {
    assert.throws(() => createEmulator({ apiKey: '' }), /apiKey/);
    assert.throws(() => createEmulator({ apiKey: 'has space' }), /apiKey/);
    assert.throws(() => createEmulator({ bodyLimitBytes: 0 }), /bodyLimitBytes/);
  });

  it('answers 404 JSON for an unknown path, 405 JSON with Allow for a wrong method', async () => {
    const { api } = setupEmulator();
    await assertError(await api('/nothing-here'), 404);
    const wrongMethod = await api('/users', { method: 'PUT', json: { username: 'a' } });
    assert.equal(wrongMethod.headers.get('allow'), 'GET, POST, DELETE');
    await assertError(wrongMethod, 405);
    const getGenerate = await api('/users/generate-jwt/extra');
    await assertError(getGenerate, 404);
  });

  describe('answers 413 JSON for a body over the limit', () => {
    it('through app.request(), and just under the limit is fine', async () => {
      const { api, emulator } = setupEmulator({ bodyLimitBytes: 200 });
      const response = await api('/users', { method: 'POST', json: { username: 'x'.repeat(300) } });
      await assertError(response, 413);
      assert.equal(emulator.store.listProfiles().length, 0);
      // Just under the limit is fine.
      assert.equal((await api('/users', { method: 'POST', json: { username: 'x'.repeat(150) } })).status, 201);
    });

    it('over a real socket, for a declared length and for a chunked body, and the server stays usable', async () => {
      const { emulator } = setupEmulator({ bodyLimitBytes: 200 });
      const server = await serveOnLoopback(emulator.app.fetch);
      const headers = { Authorization: `Apikey ${KEY}`, 'Content-Type': 'application/json', Connection: 'close' };
      try {
        const declared = await fetch(`${server.url}/api/uploadposts/users`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ username: 'y'.repeat(5000) }),
        });
        await assertError(declared, 413);

        const chunks = [`{"username":"${'z'.repeat(150)}`, `${'z'.repeat(150)}"}`];
        const chunked = await fetch(`${server.url}/api/uploadposts/users`, {
          method: 'POST',
          headers,
          body: new ReadableStream({
            pull(controller) {
              const chunk = chunks.shift();
              if (chunk === undefined) controller.close();
              else controller.enqueue(new TextEncoder().encode(chunk));
            },
          }),
          duplex: 'half',
        } as RequestInit);
        await assertError(chunked, 413);

        const after = await fetch(`${server.url}/api/uploadposts/users`, { headers: { Authorization: `Apikey ${KEY}` } });
        assert.equal(after.status, 200);
        assert.deepEqual((await after.json()).profiles, []);
      } finally {
        await server.close();
      }
    });

    it('saying Connection: close, so a keep-alive client does not reuse the dying socket', async () => {
      const { emulator } = setupEmulator({ bodyLimitBytes: 200 });
      const server = await serveOnLoopback(emulator.app.fetch);
      try {
        const big = await fetch(`${server.url}/api/uploadposts/users`, {
          method: 'POST',
          headers: { Authorization: `Apikey ${KEY}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ username: 'y'.repeat(5000) }),
        });
        assert.equal(big.status, 413);
        assert.equal(big.headers.get('connection'), 'close');
        await big.arrayBuffer();
        const next = await fetch(`${server.url}/api/uploadposts/users`, { headers: { Authorization: `Apikey ${KEY}` } });
        assert.equal(next.status, 200);
        await next.arrayBuffer();
      } finally {
        await server.close();
      }
    });
  });
});
