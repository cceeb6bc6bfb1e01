/**
 * The one error the Upload-Post client throws, and how each `kind` is worded: on the way (network,
 * timeout, aborted), said by the upstream (http), or an answer nobody documented (shape).
 */
export type UploadPostErrorKind = 'http' | 'timeout' | 'network' | 'shape' | 'aborted';

/** Error codes the documentation names; others the upstream sends are kept as they come. */
export type KnownUpstreamErrorCode = 'PROFILE_LIMIT_REACHED' | 'PROFILE_BLOCKED' | 'PROFILE_NOT_FOUND';

export interface UploadPostErrorInit {
  kind: UploadPostErrorKind;
  message: string;
  /** `GET /uploadposts/users`, for logs: never the base URL's credentials, never the key. */
  operation: string;
  status?: number;
  errorCode?: KnownUpstreamErrorCode | (string & {});
  /** kind 'http': the answer's `Retry-After`, in whole seconds from when it came, if it gave a readable one. */
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class UploadPostError extends Error {
  override readonly name = 'UploadPostError';
  readonly kind: UploadPostErrorKind;
  readonly operation: string;
  readonly status: number | undefined;
  readonly errorCode: string | undefined;
  /** How long the upstream asked us to wait (its `Retry-After`, e.g. on a 429), in whole seconds. */
  readonly retryAfterSeconds: number | undefined;

  constructor(init: UploadPostErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.operation = init.operation;
    this.status = init.status;
    this.errorCode = init.errorCode;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

export function isUploadPostError(value: unknown): value is UploadPostError {
  return value instanceof UploadPostError;
}

/** The documentation's "Profile not found" (reads, generate-jwt) and "No profile found …" (its error tables). */
const PROFILE_NOT_FOUND_TEXT = /\b(?:profile not found|no profile found)\b/i;

/**
 * Whether the upstream said "no such profile": a 404 with the documented `PROFILE_NOT_FOUND` code or
 * the documented message. Any other 404 is not: a wrong base URL answers 404 to every path too.
 */
export function isProfileNotFound(error: unknown): boolean {
  return (
    isUploadPostError(error) &&
    error.kind === 'http' &&
    error.status === 404 &&
    (error.errorCode === 'PROFILE_NOT_FOUND' || PROFILE_NOT_FOUND_TEXT.test(error.message))
  );
}

// The descriptions below take text that is already sanitised: `redact.ts` builds the error from them.

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** What the upstream said in a non-2xx answer. */
export interface UpstreamRefusal {
  status: number;
  /** Its `message` (or `error`, `detail`, `reason`), when it gave one. */
  text: string | undefined;
  errorCode: string | undefined;
  /** The API key was the call's credential, so a 401 is about the key. */
  sentApiKey: boolean;
  /** Its `Retry-After`, read (`retry-after.ts`). */
  retryAfterSeconds?: number;
}

/** kind 'http': the upstream's own words when it gave some, the status's reason phrase otherwise. */
export function describeRefusal(operation: string, refusal: UpstreamRefusal): UploadPostErrorInit {
  const { status, text, errorCode } = refusal;
  const verb = status >= 500 ? 'failed' : status >= 400 ? 'refused' : 'answered';
  const tag = errorCode ? `${status} ${errorCode}` : text || !STATUS_TEXT[status] ? `${status}` : `${status} ${STATUS_TEXT[status]}`;
  const hint = status === 401 && refusal.sentApiKey ? ': check the API key' : '';
  return {
    kind: 'http',
    operation,
    status,
    errorCode,
    ...(refusal.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: refusal.retryAfterSeconds }),
    message: text ? `Upload-Post ${verb}: ${text} (${tag})${hint}` : `Upload-Post ${verb} ${operation} (${tag})${hint}`,
  };
}

/** kind 'shape': a 2xx whose body is not JSON. */
export function describeNotJson(operation: string, status: number, contentType: string | undefined): UploadPostErrorInit {
  return {
    kind: 'shape',
    operation,
    status,
    message: `Upload-Post answered ${operation} with a body that is not JSON (${status}, ${contentType ?? 'no content type'})`,
  };
}

/** kind 'shape': a 2xx of a shape nobody documented; `issues` says where, never what came back. */
export function describeUnexpectedShape(operation: string, status: number, issues: string): UploadPostErrorInit {
  return { kind: 'shape', operation, status, message: `Upload-Post answered ${operation} with an unexpected shape: ${issues}` };
}

/** kind 'network': the transport failed; its error code (ECONNREFUSED, …) is named. */
export function describeUnreachable(operation: string, cause: unknown): UploadPostErrorInit {
  const code = errorCodeOf(cause);
  return { kind: 'network', operation, message: `Could not reach Upload-Post for ${operation}${code ? ` (${code})` : ''}`, cause };
}

/** kind 'timeout': the call's deadline passed, retries included. */
export function describeTimeout(operation: string, timeoutMs: number, attempts: number, cause: unknown): UploadPostErrorInit {
  const tries = attempts > 1 ? ` (${attempts} attempts)` : '';
  return { kind: 'timeout', operation, message: `Upload-Post did not answer ${operation} within ${timeoutMs} ms${tries}`, cause };
}

/** kind 'aborted': the caller's signal ended the call. */
export function describeAbort(operation: string, cause: unknown): UploadPostErrorInit {
  return { kind: 'aborted', operation, message: `The call to Upload-Post (${operation}) was aborted`, cause };
}

/** An error code such as ECONNREFUSED or UND_ERR_SOCKET: an identifier, safe to show. */
function errorCodeOf(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; isRecord(current) && depth < 4; current = current.cause, depth++) {
    const code = current.code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(code)) return code;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
