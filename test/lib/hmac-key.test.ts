/** `hmacKey()` (token-server/hmac-key.ts): one import per secret, and a failed import is not kept. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sign, verify } from 'hono/jwt';
import { hmacKey } from '../../lib/hmac-key.ts';

describe('hmacKey()', () => {
  it('imports a secret once, and the key signs and verifies as the string secret does', async () => {
    const secret = 'hmac-key-test-secret-0123456789abcdef';
    assert.equal(hmacKey(secret), hmacKey(secret), 'the same import is reused');
    const key = await hmacKey(secret);
    assert.equal(key.type, 'secret');
    assert.equal(key.extractable, false);
    const payload = { sub: 'u1', exp: Math.floor(Date.now() / 1000) + 60 };
    const withKey = await sign(payload, key, 'HS256');
    assert.equal(withKey, await sign(payload, secret, 'HS256'), 'HS256 over the same secret gives the same token');
    assert.deepEqual(await verify(withKey, key, { alg: 'HS256' }), payload);
    await assert.rejects(verify(withKey, await hmacKey(`${secret}-other`), { alg: 'HS256' }), { name: 'JwtTokenSignatureMismatched' });
  });

  it('forgets a failed import, so the next call tries again instead of failing forever', async () => {
    // Web Crypto refuses an empty HMAC key.
    const first = hmacKey('');
    await assert.rejects(first, { name: 'DataError' });
    const second = hmacKey('');
    assert.notEqual(second, first);
    await assert.rejects(second, { name: 'DataError' });
  });
});
