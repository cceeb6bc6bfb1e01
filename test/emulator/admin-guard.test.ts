/**
 * The admin routes refuse what a web page on another origin can send (a no-cors `text/plain` POST,
 * with or without a body, marked by `Origin` and `Sec-Fetch-Site`), and bodies not declared JSON;
 * tests and scripts, which send neither header, are served as before.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emulatorSnapshot } from '../helpers/fuzz-invariants.ts';
import { assertError, json, ORIGIN, setupEmulator, type CallInit } from '../helpers/emulator.ts';

/** An emulator with something to lose: a profile, a linked account, a fault. */
async function populated() {
  const setup = setupEmulator();
  await setup.createProfile('alice');
  await setup.admin('/profiles/alice/accounts/tiktok', { method: 'PUT', json: { username: 'a', display_name: 'A' } });
  await setup.admin('/faults', { method: 'PUT', json: { latencyMs: 1 } });
  return setup;
}

/** What a browser sends for `fetch(url, { method, mode: 'no-cors', body })` from a page on `origin`. */
function fromPage(origin: string, site: string, method: string, body?: string): CallInit {
  return {
    method,
    headers: {
      Origin: origin,
      'Sec-Fetch-Site': site,
      'Sec-Fetch-Mode': 'no-cors',
      ...(body === undefined ? {} : { 'Content-Type': 'text/plain;charset=UTF-8' }),
    },
    ...(body === undefined ? {} : { body }),
  };
}

describe('the emulator’s admin routes against web pages', () => {
  const pages: [string, string, string][] = [
    ['another site', 'https://evil.example', 'cross-site'],
    ['another port of this machine', 'http://127.0.0.1:3000', 'same-site'],
    ['a sandboxed or file: page', 'null', 'cross-site'],
  ];
  for (const [label, origin, site] of pages) {
    it(`refuse ${label}: POST /reset (no body, or text/plain), PUT /faults, DELETE an account — nothing changes`, async () => {
      const { emulator, admin } = await populated();
      const before = emulatorSnapshot(emulator);
      for (const [path, init] of [
        ['/reset', fromPage(origin, site, 'POST')],
        ['/reset', fromPage(origin, site, 'POST', 'x')],
        ['/faults', fromPage(origin, site, 'PUT', '{"latencyMs":0}')],
        ['/limit', fromPage(origin, site, 'PUT', '{"limit":0}')],
        ['/profiles/alice/accounts/tiktok', fromPage(origin, site, 'DELETE')],
      ] as const) {
        await assertError(await admin(path, init), 403);
      }
      assert.equal(emulatorSnapshot(emulator), before);
    });
  }

  it('refuse a body not declared JSON with 415, from anyone', async () => {
    const { emulator, admin } = await populated();
    const before = emulatorSnapshot(emulator);
    await assertError(await admin('/faults', { method: 'PUT', body: '{"latencyMs":0}', headers: { 'Content-Type': 'text/plain' } }), 415);
    await assertError(await admin('/reset', { method: 'POST', body: '', headers: { 'Content-Type': 'text/plain' } }), 415);
    await assertError(await admin('/limit', { method: 'PUT', body: '{"limit":0}' }), 415);
    assert.equal(emulatorSnapshot(emulator), before);
  });

  it('serve tests and scripts (no Origin), and pages of the emulator’s own origin', async () => {
    const { emulator, admin } = await populated();
    assert.equal((await admin('/faults', { method: 'PUT', json: { latencyMs: 0 }, headers: { Origin: ORIGIN, 'Sec-Fetch-Site': 'same-origin' } })).status, 200);
    assert.deepEqual((await json(await admin('/faults'))).latencyMs, 0);
    assert.equal((await admin('/faults', { headers: { 'Sec-Fetch-Site': 'none' } })).status, 200);
    const reset = await admin('/reset', { method: 'POST' });
    assert.equal(reset.status, 200);
    assert.equal(emulator.store.getProfile('alice'), undefined);
  });
});
