/**
 * The standalone server's shutdown against a slow Upload-Post, over real sockets: requests still
 * waiting on it when the grace period ends are cut, calls to Upload-Post included, and `close()`
 * (what SIGTERM runs) returns within the grace period, not when the upstream finally answers.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { startTokenServer } from '../../../token-server/node/start.ts';
import { serveOnLoopback } from '../../helpers/loopback.ts';
import { bearer, postJson } from '../../helpers/token-server-app.ts';
import { API_KEY, Capture, SESSION_SECRET } from '../../helpers/token-server-fixtures.ts';
import { withTimeout } from '../../helpers/with-timeout.ts';

const GRACE_MS = 300;
/** What close() may take on top of the grace period, with both cores busy. */
const MARGIN_MS = 1_000;
/** The client's deadline: far past the grace, as a slow upstream's answer would be. */
const UPSTREAM_TIMEOUT_MS = 60_000;

const capture = new Capture();
after(() => capture.assertNoSecret(API_KEY, SESSION_SECRET));

describe('shutdown with calls to Upload-Post in flight', () => {
  it('close() returns within the grace period, cutting the requests that still wait on Upload-Post', async (t) => {
    let received = 0;
    let upstreamReached: () => void;
    const reachedTwice = new Promise<void>((resolve) => {
      upstreamReached = resolve;
    });
    // Answers nothing, ever: the slowest Upload-Post there is.
    const slow = await serveOnLoopback(() => {
      if (++received === 2) upstreamReached();
      return new Promise<Response>(() => undefined);
    });
    t.after(() => slow.close());

    const started = await startTokenServer(
      {
        PORT: '0',
        UPLOAD_POST_API_KEY: API_KEY,
        UPLOAD_POST_API_URL: `${slow.url}/api`,
        UPLOAD_POST_SESSION_SECRET: SESSION_SECRET,
        UPLOAD_POST_PUBLIC_URL: 'https://tokens.example.com/upload-post',
        UPLOAD_POST_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS),
      },
      { log: capture.sink, shutdownGraceMs: GRACE_MS },
    );
    const read = fetch(`${started.url}/accounts`, { headers: await bearer('alice') });
    const mint = fetch(`${started.url}/connect-url`, await postJson('alice', {}, { Origin: 'https://tokens.example.com' }));
    const outcomes = Promise.allSettled([read, mint]);
    await withTimeout(reachedTwice, 10_000, 'both requests reaching the upstream');

    const closing = performance.now();
    await withTimeout(started.close(), GRACE_MS + 10_000, 'close() with calls to Upload-Post in flight');
    const took = performance.now() - closing;
    t.diagnostic(`close() returned after ${took.toFixed(0)} ms (grace ${GRACE_MS} ms) with 2 requests waiting on Upload-Post`);
    assert.ok(took < GRACE_MS + MARGIN_MS, `close() took ${took.toFixed(0)} ms with a grace period of ${GRACE_MS} ms`);

    // The requests were cut, not answered; nothing is left connected to the upstream.
    for (const outcome of await withTimeout(outcomes, 5_000, 'the cut requests to settle')) assert.equal(outcome.status, 'rejected');
    const deadline = performance.now() + 5_000;
    while ((await slow.connections()) > 0) {
      assert.ok(performance.now() < deadline, 'a socket to the upstream stayed open after close()');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await assert.rejects(fetch(`${started.url}/healthz`), 'still accepting after close()');
  });
});
