/** `inBackground`: work after the answer handed to the runtime's `waitUntil` where there is one, and nothing asked of Node. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import { inBackground } from '../../../token-server/live/background.ts';

function appHandingOver(work: () => Promise<void>) {
  const app = new Hono();
  app.get('/', (c) => {
    inBackground(c, work);
    return c.text('answered');
  });
  return app;
}

describe('inBackground', () => {
  it("hands the work to the execution context's waitUntil (Workers)", async () => {
    const handed: Promise<unknown>[] = [];
    const executionCtx = { waitUntil: (promise: Promise<unknown>) => handed.push(promise), passThroughOnException: () => undefined, props: {} };
    let asked = 0;
    const response = await appHandingOver(async () => {
      asked++;
    }).request('/', undefined, {}, executionCtx);
    assert.equal(await response.text(), 'answered');
    assert.equal(asked, 1);
    assert.equal(handed.length, 1);
  });

  it('without one (Node), never asks for the work, and leaves the stack trace limit as it found it', async () => {
    let asked = 0;
    const limit = Error.stackTraceLimit;
    const response = await appHandingOver(async () => {
      asked++;
    }).request('/');
    assert.equal(await response.text(), 'answered');
    assert.equal(asked, 0);
    assert.equal(Error.stackTraceLimit, limit);
    assert.ok(new Error('after').stack?.includes('\n    at '), 'errors made afterwards still have their stack');
  });
});
