/**
 * The element's only line to the token server: `GET /accounts`, `POST /connect-url`, the connect
 * session's wait and the Facebook pages, with the identity attached and every failure turned into
 * an `UploadPostConnectError` with a stable code; a refused request is diagnosed by the diagnostics
 * module. The answers' shapes are checked where they are used (`accounts-parse.ts`, …).
 */
import { SESSION_TOKEN_QUERY, type ErrorBody } from '../protocol/token-server-api.ts';
import { UploadPostConnectError } from './errors.ts';
import { importDiagnostics } from './modules/import-diagnostics.ts';

export interface TokenServerClientOptions {
  /** Base URL of the token server's routes, absolute or relative to the page. */
  endpoint: string;
  /** The token set by the page, if any. */
  sessionToken?: string | undefined;
  /** Asked for a token when there is none, and once more after a 401. */
  fetchSessionToken?: (() => Promise<string>) | undefined;
}

const badResponse = (message: string) => new UploadPostConnectError('BAD_RESPONSE', message);

/**
 * `Retry-After` in whole seconds (delay-seconds or an HTTP date); undefined when absent or unreadable.
 * The client's `upload-post/retry-after.ts` checks the date forms strictly, but costs the script tag
 * 110 B more: the browser's `Date.parse` reads all three.
 */
function retryAfter(header: string | null): number | undefined {
  const seconds = header ? (/^\d+$/.test(header) ? +header : Math.ceil((Date.parse(header) - Date.now()) / 1000)) : NaN;
  return Number.isNaN(seconds) ? undefined : Math.max(0, seconds);
}

export class TokenServerClient {
  /** A token obtained from `fetchSessionToken`, reused until the server refuses it. */
  #fetchedToken?: string;
  /** One `fetchSessionToken` call at a time, shared by concurrent requests. */
  #pendingToken?: Promise<string>;
  /** The page's preload is for the first read only: later reads must be fresh. */
  #preloadSought = false;

  readonly #options: TokenServerClientOptions;

  constructor(options: TokenServerClientOptions) {
    this.#options = options;
  }

  /**
   * The session token to send, if any: the page's, or `fetchSessionToken`'s (asked once and reused;
   * `refresh` asks again, the old one having run out).
   */
  async token(refresh: boolean): Promise<string | undefined> {
    const { sessionToken, fetchSessionToken } = this.#options;
    if (!fetchSessionToken) return sessionToken || undefined;
    if (!refresh && (this.#fetchedToken || sessionToken)) return this.#fetchedToken || sessionToken;
    this.#pendingToken ??= (async () => {
      try {
        const token = await fetchSessionToken();
        if (typeof token !== 'string' || token === '') throw new Error('fetchSessionToken gave no token.');
        return (this.#fetchedToken = token);
      } catch (error) {
        throw new UploadPostConnectError('SESSION_TOKEN_UNAVAILABLE', `fetchSessionToken failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        this.#pendingToken = undefined;
      }
    })();
    return this.#pendingToken;
  }

  /**
   * One call with the identity attached: a GET without `body`, a JSON POST with it. Resolves with the
   * answer's JSON; rejects with an `UploadPostConnectError` carrying the server's code.
   */
  async request(route: string, body?: unknown, signal?: AbortSignal, retried = false): Promise<unknown> {
    const token = await this.token(retried);
    const base = this.#options.endpoint.replace(/\/+$/, '');
    const cookies = !token && !this.#options.fetchSessionToken;
    const preloaded = route === 'accounts' && token ? this.#takePreload(`${base}/${route}`, token) : undefined;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (token && !preloaded) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    // Every read is a re-read of the real state, so the token server must skip its short cache.
    // A request that needs a CORS preflight anyway (a token header, a JSON body) says so with a
    // header: `cache: 'no-store'` would make Chromium skip its preflight cache too, one more round
    // trip per call. A simple request (cookie session) keeps `no-store`, which sends the same header
    // without turning the request into one that needs a preflight.
    if (headers.Authorization && body === undefined) headers['Cache-Control'] = 'no-cache';
    let response: Response;
    try {
      response = await fetch(preloaded ?? `${base}/${route}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        // A bearer token needs no cookie, so none is sent across origins (and the server needs no
        // Access-Control-Allow-Credentials). With neither token nor fetchSessionToken the identity
        // is the page's cookie session, which a token server on another origin only sees with `include`.
        credentials: cookies ? 'include' : 'same-origin',
        cache: cookies && body === undefined ? 'no-store' : 'default',
        signal: signal ?? null,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      // The browser says only "network error": the diagnostics ask the server why, if it answers.
      throw await importDiagnostics().then(
        ({ diagnoseRefusal }) => diagnoseRefusal(base, cookies),
        () => new UploadPostConnectError('NETWORK_ERROR', `${base} could not be reached.`),
      );
    }
    if (response.status === 401 && this.#options.fetchSessionToken && !retried) {
      return this.request(route, body, signal, true);
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const error = (json as { error?: Partial<ErrorBody['error']> } | undefined)?.error;
      if (error && typeof error.code === 'string') {
        const message = typeof error.message === 'string' ? error.message : '';
        const requestId = error.requestId ?? response.headers.get('X-Request-Id') ?? undefined;
        throw new UploadPostConnectError(error.code, message, requestId, retryAfter(response.headers.get('Retry-After')));
      }
      throw new UploadPostConnectError(
        response.status === 401 ? 'UNAUTHENTICATED' : 'BAD_RESPONSE',
        `${route}: HTTP ${response.status} without an error body.`,
      );
    }
    if (json === undefined) throw badResponse(`${route}: not JSON.`);
    return json;
  }

  /**
   * The first read takes the page's `<link rel=preload as=fetch>` of `/accounts` with this token in
   * its query, if there is one: the browser hands over the answer it began before this script
   * arrived (README, section 1). Its URL, or undefined; later reads are fresh ones.
   */
  #takePreload(url: string, token: string): string | undefined {
    if (this.#preloadSought) return undefined;
    this.#preloadSought = true;
    const preloaded = new URL(`${url}?${SESSION_TOKEN_QUERY}=${token}`, document.baseURI).href;
    return [...document.querySelectorAll<HTMLLinkElement>('link[rel=preload]')].some((link) => link.href === preloaded) ? preloaded : undefined;
  }
}
