import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sign } from 'hono/jwt';
import { createSessionToken, verifySessionToken } from '../../../token-server/identity/session-token.ts';

const secret = 'a-shared-secret-of-at-least-32-characters!';
const nowSeconds = () => Math.floor(Date.now() / 1000);
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('session tokens', () => {
  it('round-trips: createSessionToken signs what verifySessionToken accepts', async () => {
    const token = await createSessionToken({ userId: 'user-42', secret, ttl: 120 });
    const result = await verifySessionToken(token, { secret });
    assert.equal(result.ok, true);
    assert.equal(result.ok && result.userId, 'user-42');
    assert.ok(result.ok && result.expiresAt > nowSeconds() + 100 && result.expiresAt <= nowSeconds() + 120);
    const [header] = token.split('.');
    assert.deepEqual(JSON.parse(Buffer.from(header!, 'base64url').toString()), { alg: 'HS256', typ: 'JWT' });
  });

  it('a token verified once (its signature remembered) still expires on time, and only for its own secret', async () => {
    let now = Date.now();
    const token = await createSessionToken({ userId: 'alice', secret, ttl: 60, now: () => now });
    assert.equal((await verifySessionToken(token, { secret, now: () => now })).ok, true);
    assert.equal((await verifySessionToken(token, { secret, now: () => now })).ok, true);
    now += 61_000;
    assert.deepEqual(await verifySessionToken(token, { secret, now: () => now }), { ok: false, reason: 'The session token has expired.' });
    // A token accepted under one secret is not accepted under another because it was seen before.
    assert.deepEqual(await verifySessionToken(token, { secret: 'another-secret-of-at-least-32-characters' }), {
      ok: false,
      reason: 'The session token’s signature does not match.',
    });
  });

  it('refuses a token signed with another secret (forged)', async () => {
    const token = await createSessionToken({ userId: 'alice', secret: 'x'.repeat(40) });
    const result = await verifySessionToken(token, { secret });
    assert.deepEqual(result, { ok: false, reason: 'The session token’s signature does not match.' });
  });

  it('refuses a token whose payload was edited (user A → user B)', async () => {
    const token = await createSessionToken({ userId: 'alice', secret });
    const [header, , signature] = token.split('.');
    const payload = { sub: 'bob', iat: nowSeconds(), exp: nowSeconds() + 60 };
    const result = await verifySessionToken(`${header}.${b64(payload)}.${signature}`, { secret });
    assert.equal(result.ok, false);
  });

  it('refuses alg:none, whatever the payload', async () => {
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'alice', exp: nowSeconds() + 60 })}.`;
    const result = await verifySessionToken(unsigned, { secret });
    assert.deepEqual(result, { ok: false, reason: 'The session token must be signed with HS256.' });
  });

  it('refuses other algorithms, even correctly signed with the secret', async () => {
    const token = await sign({ sub: 'alice', exp: nowSeconds() + 60 }, secret, 'HS512');
    assert.deepEqual(await verifySessionToken(token, { secret }), { ok: false, reason: 'The session token must be signed with HS256.' });
  });

  it('refuses an expired token', async () => {
    const token = await sign({ sub: 'alice', iat: nowSeconds() - 120, exp: nowSeconds() - 60 }, secret);
    assert.deepEqual(await verifySessionToken(token, { secret }), { ok: false, reason: 'The session token has expired.' });
  });

  it('refuses a token without exp', async () => {
    const token = await sign({ sub: 'alice' }, secret);
    const result = await verifySessionToken(token, { secret });
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.reason : '', /no `exp`/);
  });

  it('refuses a token living longer than the configured maximum, with or without iat', async () => {
    const withIat = await sign({ sub: 'alice', iat: nowSeconds(), exp: nowSeconds() + 7200 }, secret);
    const withoutIat = await sign({ sub: 'alice', exp: nowSeconds() + 7200 }, secret);
    for (const token of [withIat, withoutIat]) {
      const result = await verifySessionToken(token, { secret, maxLifetimeSeconds: 3600 });
      assert.equal(result.ok, false);
      assert.match(!result.ok ? result.reason : '', /longer than the 3600 seconds/);
    }
    // The same token passes under a larger maximum: the refusal was about its lifetime.
    assert.equal((await verifySessionToken(withIat, { secret, maxLifetimeSeconds: 8000 })).ok, true);
  });

  it('refuses a token with no usable sub', async () => {
    for (const sub of [undefined, '', 42, 'x'.repeat(300)]) {
      const token = await sign({ ...(sub === undefined ? {} : { sub }), exp: nowSeconds() + 60 }, secret);
      const result = await verifySessionToken(token, { secret });
      assert.equal(result.ok, false, `sub ${JSON.stringify(sub)} was accepted`);
    }
  });

  it('refuses garbage', async () => {
    for (const token of ['', 'abc', 'a.b.c', `${b64({ alg: 'HS256' })}.!!!.###`]) {
      assert.equal((await verifySessionToken(token, { secret })).ok, false);
    }
  });

  it('honours the injected clock for expiry', async () => {
    const token = await createSessionToken({ userId: 'alice', secret, ttl: 60 });
    const later = () => Date.now() + 61_000;
    assert.deepEqual(await verifySessionToken(token, { secret, now: later }), { ok: false, reason: 'The session token has expired.' });
  });

  it('createSessionToken refuses a short secret, an empty user id and a bad ttl', async () => {
    await assert.rejects(createSessionToken({ userId: 'a', secret: 'short' }), /at least 32 characters/);
    await assert.rejects(createSessionToken({ userId: '', secret }), /userId/);
    await assert.rejects(createSessionToken({ userId: 'a', secret, ttl: 0 }), /ttl/);
    await assert.rejects(createSessionToken({ userId: 'a', secret, ttl: 1.5 }), /ttl/);
  });

  it('createSessionToken refuses a user id the token server could not map to a profile', async () => {
    for (const userId of ['alice ', ' alice', '.', '..', 'a\u0000b', '\uD800', 'validate-jwt', 'Notifications', 'x'.repeat(257)]) {
      await assert.rejects(createSessionToken({ userId, secret }), /createSessionToken: `userId` must/, JSON.stringify(userId));
    }
    assert.ok(await createSessionToken({ userId: 'ünïcode 名前 👍', secret }), 'ordinary text is fine');
  });

  it('tolerates a backend clock up to a minute ahead (iat, nbf), not more', async () => {
    for (const [claims, accepted] of [
      [{ iat: nowSeconds() + 5 }, true],
      [{ nbf: nowSeconds() + 59 }, true],
      [{ iat: nowSeconds() + 120 }, false],
      [{ nbf: nowSeconds() + 120 }, false],
      [{ iat: 'yesterday' }, false],
    ] as const) {
      const token = await sign({ sub: 'alice', exp: nowSeconds() + 300, ...claims } as Record<string, unknown>, secret);
      const result = await verifySessionToken(token, { secret });
      assert.equal(result.ok, accepted, JSON.stringify(claims) + (result.ok ? '' : `: ${result.reason}`));
    }
  });
});
