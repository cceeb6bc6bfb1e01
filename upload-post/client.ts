/**
 * The typed client of Upload-Post's User Profiles API: the only code that holds the API key and
 * talks to the upstream. Every answer is validated by the zod schemas in `schemas.ts`; every
 * failure is an `UploadPostError` whose `kind` says whether the upstream said no ('http'), said
 * something nobody documented ('shape'), or could not be reached in time ('network', 'timeout'),
 * or whether the caller gave up ('aborted').
 *
 * Runs wherever `fetch` and `AbortController` exist (Node, Workers, Deno): no Node imports here.
 * On Node, `createUndiciTransport()` (its own file) is the faster transport.
 */
import type { z } from 'zod';
import { describeIssues } from '../lib/zod-issues.ts';
import { UploadPostError, type UploadPostErrorKind } from './errors.ts';
import {
  createProfileRequestSchema,
  deleteProfileRequestSchema,
  deleteProfileResponseSchema,
  facebookPagesQuerySchema,
  facebookPagesResponseSchema,
  generateJwtRequestSchema,
  generateJwtResponseSchema,
  jwtSchema,
  listProfilesResponseSchema,
  profileResponseSchema,
  upstreamErrorBodySchema,
  usernameSchema,
  validateJwtResponseSchema,
  validateJwtStyleSchema,
} from './schemas.ts';
import type {
  GeneratedJwt,
  GenerateJwtOptions,
  JwtValidation,
  Transport,
  UploadPostApi,
  UpstreamFacebookPage,
  UpstreamProfile,
  UpstreamProfileList,
  ValidateJwtStyle,
} from './types.ts';

export const DEFAULT_UPLOAD_POST_BASE_URL = 'https://api.upload-post.com/api';

export interface UploadPostClientOptions {
  /** Sent as `Authorization: Apikey …`. Required. */
  apiKey: string;
  /** Where the API lives, without a trailing slash. Default `https://api.upload-post.com/api`. */
  baseUrl?: string;
  /** One deadline for a whole call, retries and backoff included. Default 10 000 ms. */
  timeoutMs?: number;
  /**
   * Extra attempts for reads (list, get, Facebook pages, validate-jwt) after a network error or
   * a 5xx. Writes are never retried: a create whose answer was lost may have happened. Default 2.
   */
  retries?: number;
  /** First backoff step; doubles per attempt. Default 200 ms. */
  retryDelayMs?: number;
  /** Largest backoff step. Default 2 000 ms. */
  maxRetryDelayMs?: number;
  /** How requests go out. Default: the global `fetch`. */
  transport?: Transport;
  /** Source of the backoff jitter, in [0, 1). Default `Math.random`; tests pass their own. */
  random?: () => number;
  /** How backoff waits. Default: a timer that stops when `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Clock for the deadline checks of the backoff, in ms. Default `performance.now`. */
  now?: () => number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RETRIES = 2;
const DEFAULT_RETRY_DELAY_MS = 200;
const DEFAULT_MAX_RETRY_DELAY_MS = 2_000;
// setTimeout fires at once for delays above 2^31 - 1 ms.
const MAX_TIMER_MS = 2_147_483_647;

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  409: 'Conflict', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity',
  429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

type Method = 'GET' | 'POST' | 'DELETE';

interface CallSpec<T> {
  /** `GET /uploadposts/users/{username}`: the route's template, never the username or the key. */
  operation: string;
  method: Method;
  /** Path and query under the base URL, already encoded. */
  path: string;
  body?: unknown;
  /** Replaces `Apikey …` (validate-jwt sends the user's JWT instead). */
  authorization?: string;
  /** Reads only: see `retries`. */
  retry: boolean;
  schema: z.ZodType<T>;
  /** A 2xx without a body is a success worth this value (delete). */
  emptyBody?: T;
  /** Turns some non-2xx answers into a result instead of an error (validate-jwt's 401). */
  fromErrorStatus?: (status: number, upstreamText: string | undefined) => T | undefined;
  /** Credentials besides the API key that must never appear in an error (the JWT being validated). */
  secrets?: string[];
}

type Attempt =
  | { ok: true; status: number; contentType: string | null; text: string }
  | { ok: false; error: unknown };

/** The reason `interrupt()` gives when the deadline passes, so that the catch can tell our deadline from the caller's signal. */
class DeadlineReached extends Error {}

const REDACTED = '[redacted]';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Control characters out, whitespace collapsed, bounded: upstream text goes into logs. */
function tidy(text: string, max = 200): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** An error code such as ECONNREFUSED or UND_ERR_SOCKET: an identifier, safe to show. */
function errorCodeOf(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; isRecord(current) && depth < 4; current = current.cause, depth++) {
    const code = current.code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(code)) return code;
  }
  return undefined;
}

export class UploadPostClient implements UploadPostApi {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly retries: number;
  // `#` fields: the key cannot be read off the instance, logged by `console.log(client)` or
  // serialised by `JSON.stringify(client)`.
  readonly #apiKey: string;
  readonly #transport: Transport;
  readonly #random: () => number;
  readonly #sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly #now: () => number;
  readonly #retryDelayMs: number;
  readonly #maxRetryDelayMs: number;

  constructor(options: UploadPostClientOptions) {
    if (!isRecord(options)) {
      throw new TypeError('UploadPostClient needs options: pass { apiKey } (your Upload-Post API key).');
    }
    const { apiKey } = options;
    if (typeof apiKey !== 'string' || apiKey.trim() === '') {
      throw new TypeError(
        'UploadPostClient needs an API key: set the `apiKey` option to your Upload-Post API key (e.g. from the UPLOAD_POST_API_KEY environment variable).',
      );
    }
    // The key goes into a header verbatim; whitespace or control characters there would make
    // every request fail with an obscure transport error.
    if (!/^[\x21-\x7e]+$/.test(apiKey)) {
      throw new TypeError(
        'UploadPostClient: the `apiKey` option contains whitespace or non-ASCII characters; set it to the key exactly as Upload-Post shows it.',
      );
    }
    this.#apiKey = apiKey;
    this.baseUrl = parseBaseUrl(options.baseUrl ?? DEFAULT_UPLOAD_POST_BASE_URL);
    this.timeoutMs = positiveNumber('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS, MAX_TIMER_MS);
    const retries = options.retries ?? DEFAULT_RETRIES;
    if (!Number.isInteger(retries) || retries < 0 || retries > 10) {
      throw new RangeError('UploadPostClient: set `retries` to a whole number from 0 to 10.');
    }
    this.retries = retries;
    this.#retryDelayMs = positiveNumber('retryDelayMs', options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS, MAX_TIMER_MS);
    this.#maxRetryDelayMs = positiveNumber('maxRetryDelayMs', options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS, MAX_TIMER_MS);
    // Looked up per call, not captured: a `fetch` installed or mocked later is honoured.
    // `redirect: 'manual'`: the API never redirects, and following one would carry the
    // Authorization header to wherever it points; a 3xx is reported as an answer instead.
    this.#transport = options.transport ?? ((url, init) => globalThis.fetch(url, { ...init, redirect: 'manual' }));
    this.#random = options.random ?? Math.random;
    this.#sleep = options.sleep ?? sleepUnlessAborted;
    this.#now = options.now ?? (() => performance.now());
  }

  async createProfile(username: string, signal?: AbortSignal): Promise<UpstreamProfile> {
    const body = validRequest(createProfileRequestSchema, { username }, 'createProfile');
    return this.#call({
      operation: 'POST /uploadposts/users',
      method: 'POST',
      path: '/uploadposts/users',
      body,
      retry: false,
      schema: profileResponseSchema,
    }, signal);
  }

  async listProfiles(signal?: AbortSignal): Promise<UpstreamProfileList> {
    return this.#call({
      operation: 'GET /uploadposts/users',
      method: 'GET',
      path: '/uploadposts/users',
      retry: true,
      schema: listProfilesResponseSchema,
    }, signal);
  }

  async getProfile(username: string, signal?: AbortSignal): Promise<UpstreamProfile> {
    validRequest(usernameSchema, username, 'getProfile');
    // A 404 stays an error (kind 'http', status 404) with the upstream's error_code, if any: the
    // documented body has none, and inventing one would hide what the upstream actually said.
    return this.#call({
      operation: 'GET /uploadposts/users/{username}',
      method: 'GET',
      path: `/uploadposts/users/${encodeURIComponent(username)}`,
      retry: true,
      schema: profileResponseSchema,
    }, signal);
  }

  async deleteProfile(username: string, signal?: AbortSignal): Promise<void> {
    const body = validRequest(deleteProfileRequestSchema, { username }, 'deleteProfile');
    await this.#call({
      operation: 'DELETE /uploadposts/users',
      method: 'DELETE',
      path: '/uploadposts/users',
      body,
      retry: false,
      schema: deleteProfileResponseSchema,
      emptyBody: {},
    }, signal);
  }

  async generateJwt(options: GenerateJwtOptions, signal?: AbortSignal): Promise<GeneratedJwt> {
    const body = validRequest(generateJwtRequestSchema, options, 'generateJwt');
    return this.#call({
      operation: 'POST /uploadposts/users/generate-jwt',
      method: 'POST',
      path: '/uploadposts/users/generate-jwt',
      body,
      // Each call mints a new single-use link: harmless to repeat, but the brief keeps retries
      // to reads, and the caller can simply ask again.
      retry: false,
      schema: generateJwtResponseSchema,
    }, signal);
  }

  /**
   * Asks Upload-Post whether a connect JWT is valid, in one of the three ways public clients do:
   *
   * - `'post'` (default; the documentation): `POST`, `Authorization: Bearer <jwt>`, no body.
   * - `'get'` (the official SDK `upload-post@2.14.0`): `GET`, `Authorization: Bearer <jwt>`.
   * - `'post-body'` (`n8n-nodes-upload-post@0.1.32`): `POST` with `{"jwt": …}` and
   *   `Authorization: Apikey <key>`. The node sets a Bearer header too, but n8n's generic
   *   credential authentication writes `headers.Authorization` last, so the API key is what
   *   actually goes out.
   *
   * A 401 means "not valid" for the two Bearer styles: there the JWT is the request's only
   * credential, so the documented 401 ("Invalid, expired, or missing JWT token") can only be about
   * the token, and a caller asking "is it valid?" wants `false`, not an exception. With
   * `'post-body'` the Authorization header carries the API key, so a 401 may just as well mean a
   * wrong key; turning that into "token invalid" would hide a misconfiguration, so it stays an
   * `UploadPostError` (kind 'http', status 401).
   */
  async validateJwt(jwt: string, style: ValidateJwtStyle = 'post', signal?: AbortSignal): Promise<JwtValidation> {
    validRequest(jwtSchema, jwt, 'validateJwt');
    validRequest(validateJwtStyleSchema, style, 'validateJwt');
    const bearer = style !== 'post-body';
    return this.#call<JwtValidation>({
      operation: `${style === 'get' ? 'GET' : 'POST'} /uploadposts/users/validate-jwt`,
      method: style === 'get' ? 'GET' : 'POST',
      path: '/uploadposts/users/validate-jwt',
      ...(bearer ? { authorization: `Bearer ${jwt}` } : { body: { jwt } }),
      // Validation changes nothing upstream, whatever the method: safe to repeat.
      retry: true,
      schema: validateJwtResponseSchema,
      fromErrorStatus: bearer
        ? (status, upstreamText) =>
          status === 401 ? { valid: false, reason: upstreamText ?? 'Upload-Post rejected the token (401)' } : undefined
        : undefined,
      secrets: [jwt],
    }, signal);
  }

  async facebookPages(profile?: string, signal?: AbortSignal): Promise<UpstreamFacebookPage[]> {
    validRequest(facebookPagesQuerySchema, profile === undefined ? {} : { profile }, 'facebookPages');
    const query = profile === undefined ? '' : `?profile=${encodeURIComponent(profile)}`;
    return this.#call({
      operation: 'GET /uploadposts/facebook/pages',
      method: 'GET',
      path: `/uploadposts/facebook/pages${query}`,
      retry: true,
      schema: facebookPagesResponseSchema,
    }, signal);
  }

  // -------------------------------------------------------------------------------------------

  async #call<T>(spec: CallSpec<T>, signal: AbortSignal | undefined): Promise<T> {
    if (signal?.aborted) throw this.#abortedError(spec, signal);

    // One interruption per call: the deadline and the caller's signal both trigger it; its signal
    // is what the transport and the backoff wait on.
    const interruption = new Interruption();
    const controller = interruption.controller;
    const deadline = this.#now() + this.timeoutMs;
    const timer = setTimeout(() => interruption.interrupt(new DeadlineReached()), this.timeoutMs);
    const forwardAbort = () => interruption.interrupt(signal?.reason);
    signal?.addEventListener('abort', forwardAbort, { once: true });

    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: spec.authorization ?? `Apikey ${this.#apiKey}`,
    };
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const url = this.baseUrl + spec.path;

    let attempts = 0;
    try {
      for (;;) {
        attempts++;
        const attempt = await this.#attempt(url, spec.method, headers, body, interruption);
        if (!attempt.ok && controller.signal.aborted) {
          throw this.#interruptedError(spec, controller.signal, signal, attempts, attempt.error);
        }
        const retryable = spec.retry && attempts <= this.retries && (!attempt.ok || attempt.status >= 500);
        if (retryable) {
          const delay = this.#backoff(attempts - 1);
          // Never sleep past the deadline: a retry that cannot finish in time only turns the real
          // failure (a 503, a reset) into a less informative timeout.
          if (this.#now() + delay < deadline) {
            try {
              await interruption.race(this.#sleep(delay, controller.signal));
            } catch (error) {
              throw this.#interruptedError(spec, controller.signal, signal, attempts, error);
            }
            continue;
          }
        }
        return this.#settle(spec, attempt);
      }
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', forwardAbort);
    }
  }

  async #attempt(
    url: string, method: Method, headers: Record<string, string>, body: string | undefined, interruption: Interruption,
  ): Promise<Attempt> {
    const { signal } = interruption.controller;
    try {
      // Raced against the interruption so that a transport that ignores the signal still cannot
      // outlive the deadline; fetch and undici do honour it, and then release the connection themselves.
      const response = await interruption.race(
        this.#transport(url, { method, headers: { ...headers }, ...(body === undefined ? {} : { body }), signal }),
      );
      const text = await interruption.race(response.text());
      return { ok: true, status: response.status, contentType: response.headers.get('content-type'), text };
    } catch (error) {
      return { ok: false, error };
    }
  }

  /** Equal-jitter exponential backoff: between half and all of min(max, base · 2^n). */
  #backoff(retryIndex: number): number {
    const ceiling = Math.min(this.#maxRetryDelayMs, this.#retryDelayMs * 2 ** retryIndex);
    const jitter = Math.min(Math.max(this.#random(), 0), 1);
    return ceiling / 2 + (jitter * ceiling) / 2;
  }

  #settle<T>(spec: CallSpec<T>, attempt: Attempt): T {
    if (!attempt.ok) {
      const code = errorCodeOf(attempt.error);
      throw this.#error(spec, {
        kind: 'network',
        message: `Could not reach Upload-Post for ${spec.operation}${code ? ` (${code})` : ''}`,
        cause: attempt.error,
      });
    }
    const { status, text, contentType } = attempt;
    if (status < 200 || status > 299) {
      const parsedBody = upstreamErrorBodySchema.parse(parseJson(text) ?? {});
      const upstreamText = [parsedBody.message, parsedBody.error, parsedBody.detail, parsedBody.reason]
        .find((value): value is string => typeof value === 'string' && value.trim() !== '');
      const cleanText = upstreamText === undefined ? undefined : this.#redact(tidy(upstreamText), spec);
      const handled = spec.fromErrorStatus?.(status, cleanText);
      if (handled !== undefined) return handled;
      const errorCode = parsedBody.error_code ? this.#redact(tidy(parsedBody.error_code, 64), spec) : undefined;
      const verb = status >= 500 ? 'failed' : status >= 400 ? 'refused' : 'answered';
      // The upstream's own words when it gave some, the status's reason phrase otherwise.
      const tag = errorCode
        ? `${status} ${errorCode}`
        : cleanText || !STATUS_TEXT[status] ? `${status}` : `${status} ${STATUS_TEXT[status]}`;
      const hint = status === 401 && spec.authorization === undefined ? ': check the API key' : '';
      throw this.#error(spec, {
        kind: 'http',
        status,
        errorCode,
        message: cleanText
          ? `Upload-Post ${verb}: ${cleanText} (${tag})${hint}`
          : `Upload-Post ${verb} ${spec.operation} (${tag})${hint}`,
      });
    }
    if (text.trim() === '' && spec.emptyBody !== undefined) return spec.emptyBody;
    const json = parseJson(text);
    if (json === undefined) {
      const type = contentType ? tidy(contentType, 60) : 'no content type';
      throw this.#error(spec, {
        kind: 'shape',
        status,
        message: `Upload-Post answered ${spec.operation} with a body that is not JSON (${status}, ${type})`,
      });
    }
    const result = spec.schema.safeParse(json);
    if (!result.success) {
      throw this.#error(spec, {
        kind: 'shape',
        status,
        message: `Upload-Post answered ${spec.operation} with an unexpected shape: ${describeIssues(result.error)}`,
      });
    }
    return result.data;
  }

  /** After the controller aborted: our deadline, or the caller's signal. */
  #interruptedError(
    spec: CallSpec<unknown>, controllerSignal: AbortSignal, callerSignal: AbortSignal | undefined,
    attempts: number, error: unknown,
  ): UploadPostError {
    if (controllerSignal.reason instanceof DeadlineReached) {
      const tries = attempts > 1 ? ` (${attempts} attempts)` : '';
      return this.#error(spec, {
        kind: 'timeout',
        message: `Upload-Post did not answer ${spec.operation} within ${this.timeoutMs} ms${tries}`,
        cause: error,
      });
    }
    return this.#abortedError(spec, callerSignal);
  }

  #abortedError(spec: CallSpec<unknown>, signal: AbortSignal | undefined): UploadPostError {
    return this.#error(spec, {
      kind: 'aborted',
      message: `The call to Upload-Post (${spec.operation}) was aborted`,
      cause: signal?.reason,
    });
  }

  /** Every error leaves through here: message, code and cause are redacted once more. */
  #error(
    spec: CallSpec<unknown>,
    init: { kind: UploadPostErrorKind; message: string; status?: number; errorCode?: string; cause?: unknown },
  ): UploadPostError {
    const cause = this.#safeCause(init.cause, spec, 0);
    return new UploadPostError({
      kind: init.kind,
      operation: spec.operation,
      message: this.#redact(init.message, spec),
      ...(init.status === undefined ? {} : { status: init.status }),
      ...(init.errorCode === undefined ? {} : { errorCode: this.#redact(init.errorCode, spec) }),
      ...(cause === undefined ? {} : { cause }),
    });
  }

  /**
   * A copy of a transport error that keeps what helps debugging (name, message, code, the chain
   * of causes) and nothing else: errors from custom transports may carry the request's headers.
   */
  #safeCause(value: unknown, spec: CallSpec<unknown>, depth: number): unknown {
    if (value === undefined || value === null || depth > 3) return undefined;
    if (value instanceof DeadlineReached) return undefined;
    if (typeof value === 'string') return this.#redact(value, spec);
    if (!(value instanceof Error) && !isRecord(value)) return value;
    const source = value as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown };
    const copy = new Error(this.#redact(typeof source.message === 'string' ? source.message : String(value), spec));
    if (typeof source.name === 'string') copy.name = this.#redact(source.name, spec);
    if (typeof source.code === 'string' || typeof source.code === 'number') {
      (copy as Error & { code?: unknown }).code = typeof source.code === 'string' ? this.#redact(source.code, spec) : source.code;
    }
    const inner = this.#safeCause(source.cause, spec, depth + 1);
    if (inner !== undefined) copy.cause = inner;
    // The copy's stack names only this file: the original's could embed an unredacted message.
    copy.stack = `${copy.name}: ${copy.message}`;
    return copy;
  }

  /** The API key, the call's other secrets and anything after `Apikey`/`Bearer` become [redacted]. */
  #redact(text: string, spec: CallSpec<unknown>): string {
    let result = text;
    for (const secret of [this.#apiKey, ...(spec.secrets ?? [])]) result = redactSecret(result, secret);
    return result.replace(/\b(Apikey|Bearer)(\s+)(?!\[redacted\])[^\s"',;)]+/gi, `$1$2${REDACTED}`);
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * Real keys and JWTs are long, so any occurrence is cut out. A short one (a test key such as `k`)
 * is cut out only where it stands alone as a token: replacing every `k` would mangle the message
 * without protecting anything.
 */
function redactSecret(text: string, secret: string): string {
  if (!secret) return text;
  if (secret.length >= 8) return text.split(secret).join(REDACTED);
  const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`(?<![\\w.~+/=-])${escaped}(?![\\w.~+/=-])`, 'g'), REDACTED);
}

function parseBaseUrl(value: unknown): string {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new TypeError(`UploadPostClient: set \`baseUrl\` to an absolute http(s) URL such as ${DEFAULT_UPLOAD_POST_BASE_URL}.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`UploadPostClient: set \`baseUrl\` to an http(s) URL such as ${DEFAULT_UPLOAD_POST_BASE_URL}.`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new TypeError('UploadPostClient: set `baseUrl` without credentials, query or fragment; the API key goes in `apiKey`.');
  }
  return url.href.replace(/\/+$/, '');
}

function positiveNumber(name: string, value: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max) {
    throw new RangeError(`UploadPostClient: set \`${name}\` to a number of milliseconds greater than 0 and at most ${max}.`);
  }
  return value;
}

/**
 * Checks what is about to be sent. A bad argument is the caller's bug, not an upstream failure,
 * so it is a `TypeError` naming the method and the field, and no request goes out.
 */
function validRequest<S extends z.ZodType>(schema: S, value: unknown, method: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new TypeError(`UploadPostClient.${method}: ${describeIssues(result.error)}.`);
  }
  return result.data;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('aborted');
}

/**
 * A call's abort: its controller, and one promise that rejects when the call is interrupted, to race
 * what a transport might not cancel. Racing that one promise costs an await nothing more; an abort
 * listener added and removed around each await cost every upstream call two listener pairs on an
 * EventTarget, a measurable share of the token server's CPU per request in a profile under load.
 */
class Interruption {
  readonly controller = new AbortController();
  readonly #interrupted: Promise<never>;
  #reject!: (reason: unknown) => void;

  constructor() {
    this.#interrupted = new Promise<never>((_, reject) => {
      this.#reject = reject;
    });
    // Only ever raced against something else, which handles it.
    this.#interrupted.catch(() => undefined);
  }

  /** Aborts the signal (cancelling the transport) and rejects every race, now and later. */
  interrupt(reason: unknown): void {
    this.controller.abort(reason);
    this.#reject(abortReason(this.controller.signal));
  }

  /** Settles with `promise`, or rejects as soon as the call is interrupted, whichever comes first. */
  race<T>(promise: Promise<T>): Promise<T> {
    if (this.controller.signal.aborted) {
      promise.catch(() => undefined);
      return Promise.reject(abortReason(this.controller.signal));
    }
    return Promise.race([promise, this.#interrupted]);
  }
}

function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
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
