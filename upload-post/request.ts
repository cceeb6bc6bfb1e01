/**
 * The request engine: one deadline per call, retries of reads with jittered backoff, the caller's
 * abort. What the transport could not deliver becomes a 'network', 'timeout' or 'aborted' error.
 */
import { readAnswer, type Answer, type AnswerRules } from './answer.ts';
import { describeAbort, describeTimeout, describeUnreachable } from './errors.ts';
import { createRedactor, redactedError } from './redact.ts';
import { parseRetryAfter } from './retry-after.ts';
import type { Transport, TransportResponse } from './types.ts';

export interface RequestSpec<T> extends AnswerRules<T> {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  /** The whole `Authorization` header. */
  authorization: string;
  body?: unknown;
  /** Safe to repeat: retried after a network error or a 5xx. */
  retry: boolean;
  /** Credentials that must never appear in an error (the API key, the JWT being validated). */
  secrets: readonly string[];
}

/** The client's options that concern the engine, checked and defaulted (see `options.ts`). */
export interface EngineSettings {
  timeoutMs: number;
  retries: number;
  retryDelayMs: number;
  maxRetryDelayMs: number;
  transport: Transport;
  random: () => number;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  now: () => number;
}

type Attempt = { ok: true; answer: Answer } | { ok: false; error: unknown };

const HONOURS_ABORT = Symbol('honoursAbort');

/**
 * Marks a transport that stops (rejects, releasing its connection) as soon as its signal aborts,
 * body included, as `fetch` and undici's `request()` do: the engine then awaits it without racing
 * it against the deadline.
 */
export function honouringAbort<T extends Transport>(transport: T): T {
  return Object.defineProperty(transport, HONOURS_ABORT, { value: true });
}

function honoursAbort(transport: Transport): boolean {
  return (transport as Transport & { [HONOURS_ABORT]?: boolean })[HONOURS_ABORT] === true;
}

/** The reason `interrupt()` gives when the deadline passes, so that the catch can tell our deadline from the caller's signal. */
class DeadlineReached extends Error {}

export class RequestEngine {
  readonly #settings: EngineSettings;

  constructor(settings: EngineSettings) {
    this.#settings = settings;
  }

  async request<T>(spec: RequestSpec<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw redactedError(describeAbort(spec.operation, signal.reason), createRedactor(spec.secrets));
    const { timeoutMs, retries, now, sleep } = this.#settings;

    // One interruption per call: the deadline and the caller's signal both trigger it; its signal
    // is what the transport and the backoff wait on.
    const interruption = new Interruption();
    const deadline = now() + timeoutMs;
    const timer = setTimeout(() => interruption.interrupt(new DeadlineReached()), timeoutMs);
    const forwardAbort = signal && (() => interruption.interrupt(signal.reason));
    if (forwardAbort) signal.addEventListener('abort', forwardAbort, { once: true });

    const headers: Record<string, string> = { Accept: 'application/json', Authorization: spec.authorization };
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    if (body !== undefined) headers['Content-Type'] = 'application/json';

    let attempts = 0;
    try {
      for (;;) {
        attempts++;
        const attempt = await this.#attempt(spec.url, spec.method, headers, body, interruption);
        if (!attempt.ok && interruption.controller.signal.aborted) throw this.#interrupted(spec, interruption, attempts, attempt.error, signal);
        const retryable = spec.retry && attempts <= retries && (!attempt.ok || attempt.answer.status >= 500);
        if (retryable) {
          // A server that said when to come back (a 503's Retry-After) is not asked again sooner.
          // Read against the wall clock: an HTTP date is absolute, and `now` may be a monotonic one.
          const asked = attempt.ok ? parseRetryAfter(attempt.answer.retryAfter, Date.now()) : undefined;
          const delay = Math.max(this.#backoff(attempts - 1), (asked ?? 0) * 1000);
          // Never sleep past the deadline: a retry that cannot finish in time only turns the real
          // failure (a 503, a reset) into a less informative timeout.
          if (now() + delay < deadline) {
            try {
              await interruption.race(sleep(delay, interruption.controller.signal));
            } catch (error) {
              throw this.#interrupted(spec, interruption, attempts, error, signal);
            }
            continue;
          }
        }
        if (!attempt.ok) throw redactedError(describeUnreachable(spec.operation, attempt.error), createRedactor(spec.secrets));
        return readAnswer(spec, attempt.answer, createRedactor(spec.secrets));
      }
    } finally {
      clearTimeout(timer);
      if (forwardAbort) signal.removeEventListener('abort', forwardAbort);
    }
  }

  /** After the interruption: our deadline, or the caller's signal. */
  #interrupted(spec: RequestSpec<unknown>, interruption: Interruption, attempts: number, error: unknown, signal: AbortSignal | undefined): Error {
    const { timeoutMs } = this.#settings;
    return redactedError(
      interruption.controller.signal.reason instanceof DeadlineReached
        ? describeTimeout(spec.operation, timeoutMs, attempts, error instanceof DeadlineReached ? undefined : error)
        : describeAbort(spec.operation, signal?.reason),
      createRedactor(spec.secrets),
    );
  }

  async #attempt(url: string, method: string, headers: Record<string, string>, body: string | undefined, interruption: Interruption): Promise<Attempt> {
    const { signal } = interruption.controller;
    // Called unbound: a transport such as the global `fetch` throws when called on another object.
    const { transport } = this.#settings;
    try {
      // Raced against the interruption so that a transport that ignores the signal still cannot
      // outlive the deadline. The built-in transports (fetch, undici) honour it and then release
      // the connection themselves: they are not raced, which saves two races per call.
      // A copy of the headers for each attempt: a transport may change what it is given.
      const init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal } = { method, headers: { ...headers }, signal };
      if (body !== undefined) init.body = body;
      if (honoursAbort(transport)) {
        const response = await transport(url, init);
        return { ok: true, answer: answerOf(response, await response.text()) };
      }
      const response = await interruption.race(transport(url, init));
      return { ok: true, answer: answerOf(response, await interruption.race(response.text())) };
    } catch (error) {
      return { ok: false, error };
    }
  }

  /** Equal-jitter exponential backoff: between half and all of min(max, base · 2^n). */
  #backoff(retryIndex: number): number {
    const { retryDelayMs, maxRetryDelayMs, random } = this.#settings;
    const ceiling = Math.min(maxRetryDelayMs, retryDelayMs * 2 ** retryIndex);
    const jitter = Math.min(Math.max(random(), 0), 1);
    return ceiling / 2 + (jitter * ceiling) / 2;
  }
}

/** What the answer readers need of a response: its status, type, `Retry-After` and body. */
function answerOf(response: TransportResponse, text: string): Answer {
  const { headers } = response;
  return { status: response.status, contentType: headers.get('content-type'), retryAfter: headers.get('retry-after'), text };
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('aborted');
}

/**
 * A call's abort: its controller, and one promise that rejects when the call is interrupted, to
 * race what a transport might not cancel. One shared promise instead of an abort listener added
 * and removed around each await, which costs a listener pair per await on every upstream call;
 * made at the first race, which most calls never run.
 */
class Interruption {
  readonly controller = new AbortController();
  #interrupted: Promise<never> | undefined;
  #reject: ((reason: unknown) => void) | undefined;

  /** Aborts the signal (cancelling the transport) and rejects every race, now and later. */
  interrupt(reason: unknown): void {
    this.controller.abort(reason);
    this.#reject?.(abortReason(this.controller.signal));
  }

  /** Settles with `promise`, or rejects as soon as the call is interrupted, whichever comes first. */
  race<T>(promise: Promise<T>): Promise<T> {
    if (this.controller.signal.aborted) {
      promise.catch(() => undefined);
      return Promise.reject(abortReason(this.controller.signal));
    }
    if (!this.#interrupted) {
      this.#interrupted = new Promise<never>((_, reject) => {
        this.#reject = reject;
      });
      // Only ever raced against something else, which handles it.
      this.#interrupted.catch(() => undefined);
    }
    return Promise.race([promise, this.#interrupted]);
  }
}

/** The default backoff wait: a timer that stops, rejecting, when `signal` aborts. */
export function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
