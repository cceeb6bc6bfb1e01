/** The forward's signature: what `verifyForwardSignature` accepts and, for each way it can be wrong, refuses. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createHmac } from 'node:crypto';
import { signForward, verifyForwardSignature } from '../../../token-server/live/forward-signature.ts';

const SECRET = 'forward-signature-test-secret-01';
const BODY = '{"id":"chg_1","type":"accounts.changed"}';
const NOW = Date.parse('2026-01-01T00:00:00Z');
const T = NOW / 1000;
const at = (ms: number) => ({ now: () => ms });

describe('the forward signature', () => {
  test('is t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">, as any HMAC library computes it', async () => {
    const header = await signForward(BODY, SECRET, T);
    assert.equal(header, `t=${T},v1=${createHmac('sha256', SECRET).update(`${T}.${BODY}`).digest('hex')}`);
    assert.deepEqual(await verifyForwardSignature(BODY, header, SECRET, at(NOW)), { ok: true, timestamp: T });
  });

  test('refuses a changed body, another secret, no header, a malformed one, and an old or future time', async () => {
    const header = await signForward(BODY, SECRET, T);
    const refused = async (body: string, value: string | undefined, secret: string, now: number, reason: RegExp) => {
      const result = await verifyForwardSignature(body, value, secret, at(now));
      assert.equal(result.ok, false);
      assert.match((result as { reason: string }).reason, reason);
    };
    await refused(`${BODY} `, header, SECRET, NOW, /does not match/);
    await refused(BODY, header, 'another-secret-0123456789abcdef', NOW, /does not match/);
    await refused(BODY, undefined, SECRET, NOW, /No Upload-Post-Connect-Signature header/);
    await refused(BODY, 'v1=abc', SECRET, NOW, /malformed/);
    await refused(BODY, `t=${T}`, SECRET, NOW, /malformed/);
    await refused(BODY, header, SECRET, NOW + 301_000, /too old/);
    await refused(BODY, header, SECRET, NOW - 301_000, /too old/);
    await refused(BODY, header, '', NOW, /No secret/);
  });

  test('accepts any of several v1 (a secret being rotated) and a custom tolerance', async () => {
    const old = await signForward(BODY, 'the-old-secret-0123456789abcdef', T);
    const current = await signForward(BODY, SECRET, T);
    const both = `${old},${current.split(',')[1]!}`;
    assert.equal((await verifyForwardSignature(BODY, both, SECRET, at(NOW))).ok, true);
    assert.equal((await verifyForwardSignature(BODY, current, SECRET, { now: () => NOW + 10_000, toleranceSeconds: 5 })).ok, false);
  });
});
