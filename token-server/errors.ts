/**
 * @module Every failure of a request becomes one `ErrorBody` with a stable code: routes throw
 * `TokenServerError`s, Hono's middleware `HTTPException`s, the client `UploadPostError`s, and
 * `onError` is the one place that turns them into the answer. The caller never sees the upstream's
 * words or a secret; the details go to the request's log line.
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ERROR_CODES, type ErrorBody, type ErrorCode } from '../protocol/token-server-api.ts';
import type { TokenServerEnv } from './context.ts';
import { StoreUnavailableError } from './stores/guarded-store.ts';
import { DEFAULT_UPLOAD_POST_BASE_URL, isProfileNotFound, isUploadPostError, type UploadPostError } from '../upload-post/index.ts';

export interface TokenServerErrorInit {
  /** Extra answer headers, e.g. `Retry-After`. */
  headers?: Record<string, string>;
  /** For the operator only: what to check, in the request's log line, never in the answer. */
  hint?: string;
  cause?: unknown;
}

export class TokenServerError extends HTTPException {
  readonly code: ErrorCode;
  readonly headers: Record<string, string>;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, init: TokenServerErrorInit = {}) {
    super(ERROR_CODES[code], { message, cause: init.cause });
    this.code = code;
    this.headers = init.headers ?? {};
    this.hint = init.hint;
  }
}

export function fail(code: ErrorCode, message: string, init?: TokenServerErrorInit): never {
  throw new TokenServerError(code, message, init);
}

/** What the request's log line says about its failure: enough to find the cause, no secret. */
export interface LoggedError {
  code: ErrorCode;
  message: string;
  /** What the operator should check (e.g. the API URL). */
  hint?: string;
  upstream?: { operation: string; kind: string; status?: number; errorCode?: string; message: string };
  /** Only for errors nobody anticipated (INTERNAL_ERROR). */
  name?: string;
  stack?: string;
}

/** Bounds of the `Retry-After` passed on from Upload-Post: a day's wait is not advice a page can use. */
export const UPSTREAM_RETRY_AFTER_SECONDS = { min: 1, max: 600, whenUnsaid: 30 } as const;

/** Upload-Post's `Retry-After` in whole seconds, bounded, for our answer's header. */
function upstreamRetryAfter(error: UploadPostError): number {
  const { min, max, whenUnsaid } = UPSTREAM_RETRY_AFTER_SECONDS;
  return Math.min(max, Math.max(min, error.retryAfterSeconds ?? whenUnsaid));
}

/**
 * Upload-Post's failure → ours. The caller learns *what kind* of trouble, not Upload-Post's words:
 * a rejected key is the operator's problem (SERVER_MISCONFIGURED), never explained to a browser.
 */
export function mapUpstreamError(error: UploadPostError): TokenServerError {
  const init = { cause: error };
  switch (error.kind) {
    case 'timeout':
      return new TokenServerError('UPSTREAM_TIMEOUT', 'Upload-Post did not answer in time. Try again shortly.', init);
    case 'aborted':
      // Aborted by the request's own deadline (`requestTimeoutMs`): a timeout all the same.
      if ((error.cause as Error | undefined)?.name === 'TimeoutError') {
        return new TokenServerError('UPSTREAM_TIMEOUT', 'Upload-Post did not answer in time. Try again shortly.', init);
      }
      return new TokenServerError('UPSTREAM_UNAVAILABLE', 'Upload-Post could not be reached. Try again shortly.', init);
    case 'network':
      return new TokenServerError('UPSTREAM_UNAVAILABLE', 'Upload-Post could not be reached. Try again shortly.', init);
    case 'shape':
      return new TokenServerError('UPSTREAM_BAD_RESPONSE', 'Upload-Post answered in a way this server does not understand.', init);
    case 'http':
      break;
  }
  if (error.errorCode === 'PROFILE_LIMIT_REACHED') {
    return new TokenServerError('PROFILE_LIMIT_REACHED', 'The Upload-Post plan allows no more profiles.', init);
  }
  if (error.errorCode === 'PROFILE_BLOCKED') {
    return new TokenServerError('PROFILE_BLOCKED', 'This Upload-Post profile is blocked by the plan’s limits.', init);
  }
  const status = error.status ?? 0;
  if (status === 404 && !isProfileNotFound(error)) {
    // Upload-Post says "Profile not found" when it means it; a bare 404 is a path it does not serve.
    return new TokenServerError(
      'SERVER_MISCONFIGURED',
      'The token server is misconfigured: Upload-Post has no such route at its configured API URL. The operator will find the request id in the server log.',
      {
        ...init,
        hint: `Upload-Post answered 404 to ${error.operation} without saying "Profile not found": check UPLOAD_POST_API_URL (the client's baseUrl); it should be ${DEFAULT_UPLOAD_POST_BASE_URL} or an equivalent.`,
      },
    );
  }
  if (status === 401 || status === 403) {
    // Deliberately vague: the browser must not learn anything about the server's credentials.
    return new TokenServerError(
      'SERVER_MISCONFIGURED',
      'The token server is misconfigured: Upload-Post refused its credentials. The operator will find the request id in the server log.',
      init,
    );
  }
  if (status === 429) {
    const seconds = upstreamRetryAfter(error);
    return new TokenServerError('UPSTREAM_RATE_LIMITED', `Upload-Post is limiting this server's requests; try again in ${seconds} s.`, {
      ...init,
      headers: { 'Retry-After': String(seconds) },
    });
  }
  if (status >= 500 || status === 408) {
    // A 503 may say when to come back; that advice is passed on too.
    const headers: Record<string, string> = error.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(upstreamRetryAfter(error)) };
    return new TokenServerError('UPSTREAM_UNAVAILABLE', `Upload-Post is unavailable (HTTP ${status}). Try again shortly.`, { ...init, headers });
  }
  return new TokenServerError('UPSTREAM_BAD_RESPONSE', `Upload-Post refused the request (HTTP ${status}).`, init);
}

/** Hono's own middleware speaks in statuses; this gives them our codes. */
function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'INVALID_REQUEST';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'ORIGIN_NOT_ALLOWED'; // csrf() is the only Hono middleware here that answers 403
    case 404:
      return 'NOT_FOUND';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 429:
      return 'RATE_LIMITED';
    default:
      return 'INTERNAL_ERROR';
  }
}

const DEFAULT_MESSAGES: Partial<Record<ErrorCode, string>> = {
  ORIGIN_NOT_ALLOWED: 'This origin is not allowed to call the token server.',
  PAYLOAD_TOO_LARGE: 'The request body is larger than the token server accepts.',
  INTERNAL_ERROR: 'Something went wrong on the token server. The request id finds it in the server log.',
};

/** The one place an error becomes an answer; also records what the log line should say. */
export function toTokenServerError(error: unknown): { error: TokenServerError; logged: LoggedError } {
  if (error instanceof TokenServerError) {
    const cause = error.cause;
    return {
      error,
      logged: {
        code: error.code,
        message: error.message,
        ...(error.hint === undefined ? {} : { hint: error.hint }),
        ...(isUploadPostError(cause) ? { upstream: upstreamForLog(cause) } : {}),
      },
    };
  }
  if (error instanceof StoreUnavailableError) {
    const mapped = new TokenServerError('STORE_UNAVAILABLE', 'The shared store is failing; try again in a few seconds.', {
      cause: error,
      headers: { 'Retry-After': '5' },
    });
    return { error: mapped, logged: { code: mapped.code, message: error.message } };
  }
  if (isUploadPostError(error)) {
    const mapped = mapUpstreamError(error);
    return {
      error: mapped,
      logged: { code: mapped.code, message: mapped.message, ...(mapped.hint === undefined ? {} : { hint: mapped.hint }), upstream: upstreamForLog(error) },
    };
  }
  if (error instanceof HTTPException && error.status < 500) {
    const code = codeForStatus(error.status);
    // Hono's messages are generic ("Payload Too Large"); ours say what happened.
    const message = DEFAULT_MESSAGES[code] ?? (error.message || `The request was refused (HTTP ${error.status}).`);
    return { error: new TokenServerError(code, message, { cause: error }), logged: { code, message } };
  }
  const unexpected = error instanceof Error ? error : new Error(String(error));
  const mapped = new TokenServerError('INTERNAL_ERROR', DEFAULT_MESSAGES.INTERNAL_ERROR!, { cause: error });
  return {
    error: mapped,
    logged: {
      code: 'INTERNAL_ERROR',
      message: unexpected.message,
      name: unexpected.name,
      ...(unexpected.stack ? { stack: unexpected.stack } : {}),
    },
  };
}

function upstreamForLog(error: UploadPostError): NonNullable<LoggedError['upstream']> {
  return {
    operation: error.operation,
    kind: error.kind,
    status: error.status,
    errorCode: error.errorCode,
    message: error.message,
  };
}

export function errorBody(code: ErrorCode, message: string, requestId?: string): ErrorBody {
  return { error: { code, message, ...(requestId ? { requestId } : {}) } };
}

function answer(c: Context<TokenServerEnv>, error: TokenServerError): Response {
  const requestId = c.get('requestId');
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  // An error answer is never cached, whatever the route would have said.
  c.header('Cache-Control', 'no-store');
  return c.json(errorBody(error.code, error.message, requestId), error.status);
}

export const onError: ErrorHandler<TokenServerEnv> = (error, c) => {
  const { error: mapped, logged } = toTokenServerError(error);
  c.set('loggedError', logged);
  return answer(c, mapped);
};

export const notFound: NotFoundHandler<TokenServerEnv> = (c) => {
  const mapped = new TokenServerError('NOT_FOUND', `No route ${c.req.method} ${c.req.path}.`);
  c.set('loggedError', { code: mapped.code, message: mapped.message });
  return answer(c, mapped);
};
