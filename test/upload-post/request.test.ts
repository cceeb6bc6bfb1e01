/**
 * The client's request engine, through the client over fake transports: retries and their backoff,
 * the one deadline per call, the caller's abort, and transport failures.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Transport, UploadPostClient } from '../../upload-post/index.ts';
import { honouringAbort } from '../../upload-post/request.ts';
import { clientOver, failure, hanging, PROFILE, scripted, type Reply } from '../helpers/upload-post-fakes.ts';

/** A backoff wait that waits for nothing and notes how long it was asked to wait. */
function recordedSleeps() {
  const sleeps: number[] = [];
  const sleep = async (ms: number) => {
    sleeps.push(ms);
  };
  return { sleeps, sleep };
}

describe('the request engine', () => {
  describe('retrying', () => {
    test('retries a read after a 5xx or a network error, then succeeds', async () => {
      const transport = scripted({ status: 503, body: { message: 'busy' } }, new TypeError('fetch failed'), {
        status: 200,
        body: { profiles: [], success: true },
      });
      assert.deepEqual(await clientOver(transport).listProfiles(), { profiles: [] });
      assert.equal(transport.sent.length, 3);
    });

    test('retries every read: get, Facebook pages, validate-jwt', async () => {
      const answers: [string, Reply][] = [
        ['getProfile', { status: 200, body: { profile: PROFILE } }],
        ['facebookPages', { status: 200, body: { pages: [] } }],
        ['validateJwt', { status: 200, body: { profile: PROFILE } }],
      ];
      for (const [method, ok] of answers) {
        const transport = scripted({ status: 502 }, ok);
        const upload = clientOver(transport) as unknown as Record<string, (arg: string) => Promise<unknown>>;
        await upload[method]!('u1');
        assert.equal(transport.sent.length, 2, method);
      }
    });

    test('makes at most retries + 1 attempts, then reports the last failure', async () => {
      const transport = scripted({ status: 503, body: { message: 'busy' } });
      const error = await failure(clientOver(transport, { retries: 3 }).listProfiles());
      assert.equal(transport.sent.length, 4);
      assert.equal(error.kind, 'http');
      assert.equal(error.status, 503);
      assert.equal(error.message, 'Upload-Post failed: busy (503)');
    });

    test('never retries a 4xx, a 2xx shape error or a write', async () => {
      for (const reply of [
        { status: 404, body: { message: 'Profile not found' } },
        { status: 200, body: '<html>' },
      ]) {
        const transport = scripted(reply);
        await failure(clientOver(transport).getProfile('u1'));
        assert.equal(transport.sent.length, 1);
      }
      for (const call of [
        (upload: UploadPostClient) => upload.createProfile('u1'),
        (upload: UploadPostClient) => upload.deleteProfile('u1'),
        (upload: UploadPostClient) => upload.generateJwt({ username: 'u1' }),
      ]) {
        for (const reply of [{ status: 503 }, new TypeError('fetch failed')]) {
          const transport = scripted(reply);
          await failure(call(clientOver(transport)));
          assert.equal(transport.sent.length, 1);
        }
      }
    });

    test('makes one attempt when retries is 0', async () => {
      const transport = scripted({ status: 500 });
      await failure(clientOver(transport, { retries: 0 }).listProfiles());
      assert.equal(transport.sent.length, 1);
    });

    test('doubles the backoff up to its cap, with jitter between half and all of each step', async () => {
      const steps = [100, 200, 400, 800, 1000];
      for (const jitter of [0, 0.5, 0.999999]) {
        const { sleeps, sleep } = recordedSleeps();
        const upload = clientOver(scripted({ status: 503 }), {
          retries: 5,
          retryDelayMs: 100,
          maxRetryDelayMs: 1000,
          timeoutMs: 60_000,
          random: () => jitter,
          sleep,
        });
        await failure(upload.listProfiles());
        assert.equal(sleeps.length, 5);
        sleeps.forEach((ms, index) => {
          const step = steps[index]!;
          assert.ok(ms >= step / 2 && ms <= step, `retry ${index}: ${ms} ms outside [${step / 2}, ${step}]`);
          assert.ok(Math.abs(ms - (step / 2 + (jitter * step) / 2)) < 1e-6);
        });
      }
    });

    test('keeps a wait within its step even when the random source leaves [0, 1)', async () => {
      const { sleeps, sleep } = recordedSleeps();
      const upload = clientOver(scripted({ status: 503 }), { retries: 2, retryDelayMs: 100, random: () => 7, sleep });
      await failure(upload.listProfiles());
      assert.deepEqual(sleeps, [100, 200]);
    });

    test("waits at least the answer's Retry-After before asking again, and gives up when that wait would pass the deadline", async () => {
      const { sleeps, sleep } = recordedSleeps();
      const settings = { timeoutMs: 10_000, retries: 2, retryDelayMs: 100, sleep };
      const recovers = scripted({ status: 503, headers: { 'retry-after': '2' } }, { status: 200, body: { profiles: [] } });
      await clientOver(recovers, settings).listProfiles();
      assert.equal(recovers.sent.length, 2);
      assert.deepEqual(sleeps, [2000]);

      sleeps.length = 0;
      const later = scripted({ status: 503, headers: { 'retry-after': '60' } });
      const error = await failure(clientOver(later, settings).listProfiles());
      assert.equal(later.sent.length, 1, 'a minute is past a 10 s deadline: no retry');
      assert.deepEqual(sleeps, []);
      assert.equal(error.status, 503);
      assert.equal(error.retryAfterSeconds, 60, 'the wait is passed on');
    });

    test('reads a Retry-After date against the wall clock, whatever clock times the deadline', async () => {
      const { sleeps, sleep } = recordedSleeps();
      // The engine's default clock is `performance.now()`, milliseconds since the process started:
      // an HTTP date measured against it would be decades away.
      const settings = { timeoutMs: 10_000, retries: 2, retryDelayMs: 100, now: () => performance.now(), sleep };
      const inThreeSeconds = new Date(Date.now() + 3000).toUTCString();
      const recovers = scripted({ status: 503, headers: { 'retry-after': inThreeSeconds } }, { status: 200, body: { profiles: [] } });
      await clientOver(recovers, settings).listProfiles();
      assert.equal(recovers.sent.length, 2, 'a date three seconds away is within a 10 s deadline: asked again');
      assert.equal(sleeps.length, 1);
      // Whole seconds, rounded up from what is left of the three: 2 or 3 s.
      assert.ok(sleeps[0]! >= 2000 && sleeps[0]! <= 3000, `slept ${sleeps[0]} ms`);
    });

    test('never sleeps past the deadline: reports the real failure instead of a timeout', async () => {
      let clock = 0;
      const sleeps: number[] = [];
      const answers = scripted({ status: 503, body: { message: 'busy' } });
      const transport: Transport = async (url, init) => {
        clock += 10;
        return answers(url, init);
      };
      const upload = clientOver(transport, {
        timeoutMs: 1000,
        retries: 10,
        retryDelayMs: 300,
        maxRetryDelayMs: 5000,
        random: () => 0.999999,
        now: () => clock,
        sleep: async (ms) => {
          sleeps.push(ms);
          clock += ms;
        },
      });
      const error = await failure(upload.listProfiles());
      // 10 → sleep ≈300 → 320 → sleep ≈600 → 930; the next step (≈1200) would end past 1000.
      assert.equal(answers.sent.length, 3);
      assert.equal(sleeps.length, 2);
      assert.ok(clock <= 1000, `clock ${clock}`);
      assert.equal(error.kind, 'http');
      assert.equal(error.status, 503);
    });
  });

  describe('the deadline, aborts and transport failures', () => {
    test('times out at the deadline when the transport never answers', async () => {
      const transport = hanging();
      const started = performance.now();
      const error = await failure(clientOver(transport, { timeoutMs: 60 }).listProfiles());
      const elapsed = performance.now() - started;
      assert.equal(error.kind, 'timeout');
      assert.equal(error.message, 'Upload-Post did not answer GET /uploadposts/users within 60 ms');
      assert.ok(elapsed >= 55 && elapsed < 1000, `${elapsed} ms`);
    });

    test('ends at the deadline even when the transport ignores the signal', async () => {
      const transport: Transport = () => new Promise(() => {});
      const started = performance.now();
      const error = await failure(clientOver(transport, { timeoutMs: 50 }).getProfile('u'));
      assert.equal(error.kind, 'timeout');
      assert.ok(performance.now() - started < 1000);
    });

    test('awaits a transport marked as honouring its signal without racing it, and still ends at the deadline and on abort', async () => {
      const timedOut = await failure(clientOver(honouringAbort(hanging()), { timeoutMs: 50 }).getProfile('u'));
      assert.equal(timedOut.kind, 'timeout');
      const controller = new AbortController();
      const pending = failure(clientOver(honouringAbort(hanging())).getProfile('u', controller.signal));
      controller.abort(new Error('gone'));
      assert.equal((await pending).kind, 'aborted');
    });

    test('counts reading the body against the deadline', async () => {
      const transport: Transport = async () => ({ status: 200, headers: new Headers(), text: () => new Promise(() => {}) });
      const error = await failure(clientOver(transport, { timeoutMs: 50 }).listProfiles());
      assert.equal(error.kind, 'timeout');
    });

    test('gives the whole call one deadline, not one per retry', async () => {
      const transport = hanging();
      // Every attempt would hang forever; the call still ends at ~80 ms, after one attempt.
      const error = await failure(clientOver(transport, { timeoutMs: 80, retries: 5, sleep: undefined }).listProfiles());
      assert.equal(error.kind, 'timeout');
      assert.equal(transport.calls, 1);
    });

    test('sends nothing when the signal is already aborted', async () => {
      const transport = scripted({ status: 200, body: { profiles: [] } });
      const error = await failure(clientOver(transport).listProfiles(AbortSignal.abort()));
      assert.equal(error.kind, 'aborted');
      assert.equal(transport.sent.length, 0);
    });

    test('fails with kind aborted when aborted in flight, on every method', async () => {
      const calls: ((upload: UploadPostClient, signal: AbortSignal) => Promise<unknown>)[] = [
        (upload, signal) => upload.createProfile('u', signal),
        (upload, signal) => upload.listProfiles(signal),
        (upload, signal) => upload.getProfile('u', signal),
        (upload, signal) => upload.deleteProfile('u', signal),
        (upload, signal) => upload.generateJwt({ username: 'u' }, signal),
        (upload, signal) => upload.validateJwt('t', 'post', signal),
        (upload, signal) => upload.facebookPages(undefined, signal),
      ];
      for (const call of calls) {
        const controller = new AbortController();
        const pending = failure(call(clientOver(hanging(), { timeoutMs: 5_000 }), controller.signal));
        setTimeout(() => controller.abort(), 5);
        const error = await pending;
        assert.equal(error.kind, 'aborted');
        assert.match(error.message, /^The call to Upload-Post \(.+\) was aborted$/);
      }
    });

    test('stops at once when aborted during the backoff wait', async () => {
      const controller = new AbortController();
      const transport = scripted({ status: 503 });
      const upload = clientOver(transport, { retryDelayMs: 30_000, maxRetryDelayMs: 30_000, timeoutMs: 60_000, sleep: undefined });
      const started = performance.now();
      setTimeout(() => controller.abort(), 30);
      const error = await failure(upload.listProfiles(controller.signal));
      assert.equal(error.kind, 'aborted');
      assert.equal(transport.sent.length, 1);
      assert.ok(performance.now() - started < 1000);
    });

    test('turns a rejected transport into a network error carrying its code, not the raw error', async () => {
      const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' });
      const error = await failure(clientOver(scripted(new TypeError('fetch failed', { cause: refused })), { retries: 0 }).listProfiles());
      assert.equal(error.kind, 'network');
      assert.equal(error.message, 'Could not reach Upload-Post for GET /uploadposts/users (ECONNREFUSED)');
      const cause = error.cause as Error & { cause: Error & { code: string } };
      assert.equal(cause.message, 'fetch failed');
      assert.equal(cause.cause.code, 'ECONNREFUSED');
      assert.equal(error.status, undefined);
    });

    test('calls the transport unbound, as a bare `fetch` needs on browsers and Workers', async () => {
      const answers = scripted({ status: 200, body: { profiles: [] } });
      const receivers: unknown[] = [];
      const transport: Transport = function (this: unknown, url, init) {
        receivers.push(this);
        return answers(url, init);
      };
      await clientOver(transport).listProfiles();
      assert.deepEqual(receivers, [undefined]);
    });
  });
});
