/** The demo's stand-in customer backend: another site cannot switch the signed-in demo user. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import { mountCustomerBackend, SESSION_COOKIE } from '../../demo/customer-backend.ts';

const SECRET = 'demo-backend-test-secret-0123456789abcdef';

function backend() {
  const app = new Hono();
  mountCustomerBackend(app, SECRET);
  return app;
}

describe('the demo customer backend', () => {
  it('signs in with a JSON body from the page itself', async () => {
    const answer = await backend().request('http://demo.test/demo/sign-in', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'http://demo.test' },
      body: JSON.stringify({ user: 'bob' }),
    });
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('Set-Cookie') ?? '', new RegExp(`^${SESSION_COOKIE}=bob;.*HttpOnly.*SameSite=Strict`));
  });

  it('refuses a cross-site text/plain post (a form or a no-cors fetch on another site) and sets no cookie', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
      const answer = await backend().request('http://demo.test/demo/sign-in', {
        method: 'POST',
        headers: { 'Content-Type': contentType, Origin: 'https://evil.example' },
        body: JSON.stringify({ user: 'carol' }),
      });
      assert.equal(answer.status, 403, contentType);
      assert.equal(answer.headers.get('Set-Cookie'), null, contentType);
    }
  });

  it('takes only JSON, so no simple cross-site request can sign anyone in', async () => {
    const answer = await backend().request('http://demo.test/demo/sign-in', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Origin: 'http://demo.test' },
      body: JSON.stringify({ user: 'carol' }),
    });
    assert.equal(answer.status, 415);
    assert.equal(answer.headers.get('Set-Cookie'), null);
  });
});
