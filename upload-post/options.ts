/**
 * The client's options, checked and defaulted once: a bad one throws at construction with a sentence
 * that says what to set, never a request later.
 */
import { toHttpUrl } from '../lib/http-url.ts';
import { honouringAbort, sleepUnlessAborted, type EngineSettings } from './request.ts';
import type { Transport } from './types.ts';

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

export interface ResolvedClientOptions extends EngineSettings {
  apiKey: string;
  /** Without a trailing slash. */
  baseUrl: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RETRIES = 2;
const MAX_RETRIES = 10;
const DEFAULT_RETRY_DELAY_MS = 200;
const DEFAULT_MAX_RETRY_DELAY_MS = 2_000;
// setTimeout fires at once for delays above 2^31 - 1 ms.
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Looked up per call, not captured: a `fetch` installed or mocked later is honoured.
 * `redirect: 'manual'`: the API never redirects, and following one would carry the Authorization
 * header to wherever it points; a 3xx is reported as an answer instead.
 */
const fetchWithoutRedirects: Transport = honouringAbort((url, init) => globalThis.fetch(url, { ...init, redirect: 'manual' }));

export function resolveClientOptions(options: UploadPostClientOptions): ResolvedClientOptions {
  if (typeof (options as unknown) !== 'object' || (options as unknown) === null) {
    throw new TypeError('UploadPostClient needs options: pass { apiKey } (your Upload-Post API key).');
  }
  return {
    apiKey: checkApiKey(options.apiKey),
    baseUrl: checkBaseUrl(options.baseUrl ?? DEFAULT_UPLOAD_POST_BASE_URL),
    timeoutMs: checkMilliseconds('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    retries: checkRetries(options.retries ?? DEFAULT_RETRIES),
    retryDelayMs: checkMilliseconds('retryDelayMs', options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS),
    maxRetryDelayMs: checkMilliseconds('maxRetryDelayMs', options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS),
    transport: options.transport ?? fetchWithoutRedirects,
    random: options.random ?? Math.random,
    sleep: options.sleep ?? sleepUnlessAborted,
    now: options.now ?? (() => performance.now()),
  };
}

function checkApiKey(apiKey: unknown): string {
  if (typeof apiKey !== 'string' || apiKey.trim() === '') {
    throw new TypeError(
      'UploadPostClient needs an API key: set the `apiKey` option to your Upload-Post API key (e.g. from the UPLOAD_POST_API_KEY environment variable).',
    );
  }
  // The key goes into a header verbatim; whitespace or control characters there would make
  // every request fail with an obscure transport error. The message never echoes the key.
  if (!/^[\x21-\x7e]+$/.test(apiKey)) {
    throw new TypeError(
      'UploadPostClient: the `apiKey` option contains whitespace or non-ASCII characters; set it to the key exactly as Upload-Post shows it.',
    );
  }
  return apiKey;
}

function checkBaseUrl(value: unknown): string {
  const href = toHttpUrl(String(value));
  if (href === undefined) {
    throw new TypeError(`UploadPostClient: set \`baseUrl\` to an absolute http(s) URL such as ${DEFAULT_UPLOAD_POST_BASE_URL}.`);
  }
  const url = new URL(href);
  if (url.username || url.password || url.search || url.hash) {
    throw new TypeError('UploadPostClient: set `baseUrl` without credentials, query or fragment; the API key goes in `apiKey`.');
  }
  return href.replace(/\/+$/, '');
}

function checkMilliseconds(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS) {
    throw new RangeError(`UploadPostClient: set \`${name}\` to a number of milliseconds greater than 0 and at most ${MAX_TIMER_MS}.`);
  }
  return value;
}

function checkRetries(retries: number): number {
  if (!Number.isInteger(retries) || retries < 0 || retries > MAX_RETRIES) {
    throw new RangeError(`UploadPostClient: set \`retries\` to a whole number from 0 to ${MAX_RETRIES}.`);
  }
  return retries;
}
