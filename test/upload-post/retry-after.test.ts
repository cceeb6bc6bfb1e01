/** `Retry-After` as RFC 9110 writes it, read by `parseRetryAfter` and kept on the client's `UploadPostError`. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseRetryAfter } from '../../upload-post/retry-after.ts';
import { clientOver, failure, scripted } from '../helpers/upload-post-fakes.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('parseRetryAfter', () => {
  test('reads delay-seconds', () => {
    assert.equal(parseRetryAfter('120', NOW), 120);
    assert.equal(parseRetryAfter(' 0 ', NOW), 0);
  });

  test('reads the three HTTP date forms as GMT, in seconds from now, 0 once past', () => {
    assert.equal(parseRetryAfter('Sun, 01 Mar 2026 12:01:30 GMT', NOW), 90);
    assert.equal(parseRetryAfter('Sunday, 01-Mar-26 12:00:10 GMT', NOW), 10);
    assert.equal(parseRetryAfter('Sun Mar  1 12:00:05 2026', NOW), 5);
    assert.equal(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', NOW), 0);
  });

  test('gives no advice for anything else', () => {
    for (const value of [undefined, null, '', '-5', '1.5', 'soon', '1e3', '2026-03-01T12:01:00Z', 'Sun, 01 Mar 2026 12:01:30 PST', '9'.repeat(30)]) {
      assert.equal(parseRetryAfter(value, NOW), undefined, String(value));
    }
  });
});

describe('the client keeps the upstream’s Retry-After', () => {
  test('on a 429, in seconds or as a date', async () => {
    const seconds = await failure(
      clientOver(scripted({ status: 429, body: { message: 'Too many requests' }, headers: { 'Retry-After': '42' } })).getProfile('u1'),
    );
    assert.equal(seconds.status, 429);
    assert.equal(seconds.retryAfterSeconds, 42);

    const inAMinute = new Date(Date.now() + 60_000).toUTCString();
    const dated = await failure(clientOver(scripted({ status: 429, headers: { 'Retry-After': inAMinute } })).generateJwt({ username: 'u1' }));
    assert.ok(dated.retryAfterSeconds !== undefined && dated.retryAfterSeconds >= 58 && dated.retryAfterSeconds <= 60, String(dated.retryAfterSeconds));
  });

  test('on a 503 that says when, after the read’s retries', async () => {
    const error = await failure(clientOver(scripted({ status: 503, headers: { 'Retry-After': '7' } }), { retries: 1 }).getProfile('u1'));
    assert.equal(error.retryAfterSeconds, 7);
  });

  test('undefined when the answer gave none, or gave garbage', async () => {
    assert.equal((await failure(clientOver(scripted({ status: 429 })).getProfile('u1'))).retryAfterSeconds, undefined);
    assert.equal((await failure(clientOver(scripted({ status: 429, headers: { 'Retry-After': 'later' } })).getProfile('u1'))).retryAfterSeconds, undefined);
  });
});
