/** Fault injection on the emulated API: latency that ends when the client leaves, forced and random 5xx, broken 200s. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEmulator } from '../../emulator/index.ts';
import { API, assertError, json, KEY, setupEmulator } from '../helpers/emulator.ts';
import { serveOnLoopback } from '../helpers/loopback.ts';

/** Deterministic [0, 1) numbers from a seed (mulberry32). */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('emulator fault injection', () => {
  describe('latency', () => {
    it('is added before the answer', async () => {
      const { api, admin } = setupEmulator();
      assert.equal((await admin('/faults', { method: 'PUT', json: { latencyMs: 150 } })).status, 200);
      const started = performance.now();
      const response = await api('/users');
      const elapsed = performance.now() - started;
      assert.equal(response.status, 200);
      assert.ok(elapsed >= 145, `took ${elapsed} ms`);
    });

    it('stops when the client goes away, and the route still runs', async () => {
      const { emulator } = setupEmulator({ latencyMs: 20_000 });
      const controller = new AbortController();
      const started = performance.now();
      setTimeout(() => controller.abort(), 30);
      const response = await emulator.app.request(
        new Request(`${API}/users`, {
          method: 'POST',
          headers: { Authorization: `Apikey ${KEY}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ username: 'impatient' }),
          signal: controller.signal,
        }),
      );
      const elapsed = performance.now() - started;
      assert.ok(elapsed < 5000, `took ${elapsed} ms`);
      assert.equal(response.status, 201);
      assert.ok(emulator.store.getProfile('impatient'));
    });

    it('over a real socket, ends at once when the client hangs up (no timer outlives the request)', async () => {
      const { emulator } = setupEmulator({ latencyMs: 5000 });
      const controller = new AbortController();
      let started = Infinity;
      // Hang up only once the request has reached the server, so that there is a wait to end.
      const server = await serveOnLoopback((request, env) => {
        started = performance.now();
        setTimeout(() => controller.abort(), 50);
        return emulator.app.fetch(request, env);
      });
      try {
        await assert.rejects(
          fetch(`${server.url}/api/uploadposts/users`, {
            method: 'POST',
            headers: { Authorization: `Apikey ${KEY}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({ username: 'hung-up' }),
            signal: controller.signal,
          }),
          { name: 'AbortError' },
        );
        // The route runs as soon as the wait ends: well before the 5 s of latency.
        while (!emulator.store.getProfile('hung-up') && performance.now() - started < 2500) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        assert.ok(emulator.store.getProfile('hung-up'), 'the wait ended when the client left');
      } finally {
        await server.close();
      }
    });

    it('over a real socket, ends for a GET too (Node close event, not the signal)', async () => {
      const { emulator } = setupEmulator({ latencyMs: 5000 });
      const controller = new AbortController();
      let answered: Promise<number> | undefined;
      const server = await serveOnLoopback((request, env) => {
        const started = performance.now();
        setTimeout(() => controller.abort(), 50);
        const response = emulator.app.fetch(request, env) as Promise<Response>;
        answered = response.then(() => performance.now() - started);
        return response;
      });
      try {
        await assert.rejects(
          fetch(`${server.url}/api/uploadposts/users`, {
            headers: { Authorization: `Apikey ${KEY}` },
            signal: controller.signal,
          }),
          { name: 'AbortError' },
        );
        const waited = await answered!;
        assert.ok(waited < 2500, `the route answered ${Math.round(waited)} ms after the request arrived, not at once after the hang-up`);
      } finally {
        await server.close();
      }
    });
  });

  it('answers a forced status with a JSON error, before authentication', async () => {
    const { api, admin, emulator } = setupEmulator();
    await admin('/faults', { method: 'PUT', json: { forcedStatus: 503 } });
    await assertError(await api('/users', { method: 'POST', json: { username: 'a' } }), 503);
    await assertError(await api('/users', { auth: null }), 503);
    await assertError(await api('/users/validate-jwt', { method: 'POST', auth: 'Bearer x' }), 503);
    assert.equal(emulator.store.listProfiles().length, 0, 'the route did not run');
    // The admin routes are never faulted, so the fault can be lifted.
    await admin('/faults', { method: 'PUT', json: { forcedStatus: null } });
    assert.equal((await api('/users')).status, 200);
  });

  describe('the error rate', () => {
    it('fails requests drawing from the given random source', async () => {
      // Scripted draws: below the rate fails (then one draw picks the status), above passes.
      const draws = [0.1, 0.99, 0.9, 0.25, 0.0, 0.5];
      const { api, emulator } = setupEmulator({ errorRate: 0.3, random: () => draws.shift() ?? 1 });
      const first = await api('/users');
      assert.ok(first.status >= 500 && first.status <= 599, String(first.status));
      await assertError(first, first.status);
      assert.equal((await api('/users')).status, 200);
      const third = await api('/users', { method: 'POST', json: { username: 'flaky' } });
      assert.ok(third.status >= 500 && third.status <= 599, String(third.status));
      assert.equal(emulator.store.getProfile('flaky'), undefined, 'a failed request did not reach the route');
      assert.equal((await api('/users')).status, 200);
      assert.equal(draws.length, 0);
    });

    it('with a seeded random source, decides the share of failures', async () => {
      const { api } = setupEmulator({ errorRate: 0.25, random: seededRandom(42) });
      const statuses: number[] = [];
      for (let index = 0; index < 200; index += 1) statuses.push((await api('/users')).status);
      const failed = statuses.filter((status) => status >= 500).length;
      assert.ok(failed >= 30 && failed <= 70, `${failed} of 200 failed`);
      assert.ok(statuses.every((status) => status === 200 || (status >= 500 && status <= 599)));
      // Never at rate 0, always at rate 1.
      const never = setupEmulator({ errorRate: 0, random: () => 0 });
      assert.equal((await never.api('/users')).status, 200);
      const always = setupEmulator({ errorRate: 1, random: () => 0.999 });
      assert.ok((await always.api('/users')).status >= 500);
    });
  });

  describe('garbage answers a 200 the client cannot use', () => {
    it('"truncated": JSON that does not parse; the route still ran', async () => {
      const { api, emulator } = setupEmulator({ garbage: 'truncated' });
      const response = await api('/users', { method: 'POST', json: { username: 'half' } });
      assert.equal(response.status, 200);
      const text = await response.text();
      assert.throws(() => JSON.parse(text));
      assert.ok(emulator.store.getProfile('half'));
    });

    it('"html": an HTML page', async () => {
      const { api } = setupEmulator({ garbage: 'html' });
      const response = await api('/users');
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(await response.text(), /^<!DOCTYPE html>/);
    });

    it('"wrong-shape": a JSON object whose fields have the wrong types', async () => {
      const { api } = setupEmulator({ garbage: 'wrong-shape' });
      const response = await api('/users');
      assert.equal(response.status, 200);
      const body = await json(response);
      assert.ok(!Array.isArray(body.profiles));
      assert.notEqual(body.success, true);
    });
  });

  it('refuses an invalid initial setting at start-up, naming the field', () => {
    assert.throws(() => createEmulator({ errorRate: 2 }), /errorRate/);
    assert.throws(() => createEmulator({ forcedStatus: 200 }), /forcedStatus/);
  });
});
