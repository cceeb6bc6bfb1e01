/**
 * @module The signed forward of each `AccountsChange` to the customer's backend (`forward.url`): a JSON
 * `POST` signed as `forward-signature.ts` says, retried with jittered exponential backoff while the
 * receiver fails. Runs after the webhook was answered; the promise it returns never rejects. The
 * queue lives in this process: deliveries are at least once while it runs, and lost if it stops.
 */
import type { LogSink } from '../log.ts';
import type { AccountsChange } from './accounts-change.ts';
import { FORWARD_SIGNATURE_HEADER, signForward } from './forward-signature.ts';

export interface ForwarderOptions {
  url: string;
  secret: string;
  /** Attempts after the first. */
  retries: number;
  /** First wait before a retry; doubles each time, up to a minute. */
  retryDelayMs: number;
  /** Longest wait for one answer. */
  timeoutMs: number;
  log: LogSink;
  now: () => number;
  random?: () => number;
  /** Aborted on shutdown: waiting retries are given up (and said so). */
  signal?: AbortSignal;
}

const MAX_RETRY_DELAY_MS = 60_000;

/** Origin and path only: a URL's query may carry the receiver's own secret. */
function destination(url: string): string {
  const { origin, pathname } = new URL(url);
  return origin + pathname;
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    (timer as { unref?: () => void }).unref?.();
    signal?.addEventListener('abort', done, { once: true });
  });
}

export function createForwarder(options: ForwarderOptions): (change: AccountsChange) => Promise<void> {
  const { url, secret, retries, retryDelayMs, timeoutMs, log, now, signal } = options;
  const random = options.random ?? Math.random;
  const where = destination(url);
  const note = (level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown>) =>
    log({ time: new Date(now()).toISOString(), level, msg, destination: where, ...fields });

  /** One POST: undefined when the receiver took it (2xx), else what went wrong. */
  const attempt = async (body: string): Promise<{ status?: number; error?: string } | undefined> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'upload-post-connect',
          [FORWARD_SIGNATURE_HEADER]: await signForward(body, secret, Math.floor(now() / 1000)),
        },
        body,
        signal: controller.signal,
        redirect: 'manual',
      });
      await response.body?.cancel().catch(() => undefined);
      return response.status >= 200 && response.status < 300 ? undefined : { status: response.status };
    } catch (error) {
      return {
        error: controller.signal.aborted ? `no answer within ${timeoutMs} ms` : (((error as Error).cause as Error | undefined)?.message ?? String(error)),
      };
    } finally {
      clearTimeout(timer);
    }
  };

  return async (change) => {
    const body = JSON.stringify(change);
    for (let attempts = 1; ; attempts++) {
      const failure = await attempt(body).catch((error: unknown) => ({ error: String(error) }));
      if (!failure) {
        note('info', 'accounts change forwarded', { changeId: change.id, attempts });
        return;
      }
      if (attempts > retries || signal?.aborted) {
        note('error', signal?.aborted ? 'accounts change not forwarded: shutting down' : 'accounts change not forwarded: giving up', {
          changeId: change.id,
          attempts,
          ...failure,
        });
        return;
      }
      const ceiling = Math.min(MAX_RETRY_DELAY_MS, retryDelayMs * 2 ** (attempts - 1));
      const delay = Math.round(ceiling / 2 + (random() * ceiling) / 2);
      note('warn', 'accounts change forward failed; retrying', { changeId: change.id, attempts, retryInMs: delay, ...failure });
      await pause(delay, signal);
    }
  };
}
