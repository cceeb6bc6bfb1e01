/**
 * Keeps credentials out of every error the client builds: the API key, the JWT being validated, and
 * anything after `Apikey`/`Bearer`, in upstream text, messages and transport errors' causes.
 */
import { UploadPostError, type UploadPostErrorInit } from './errors.ts';

const REDACTED = '[redacted]';

/** A call's redaction: the text with every secret of the call replaced by `[redacted]`. */
export type Redact = (text: string) => string;

export function createRedactor(secrets: readonly string[]): Redact {
  return (text) => {
    let result = text;
    for (const secret of secrets) result = redactSecret(result, secret);
    return result.replace(/\b(Apikey|Bearer)(\s+)(?!\[redacted\])[^\s"',;)]+/gi, `$1$2${REDACTED}`);
  };
}

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

/**
 * Upstream text fit for a message and a log line: secrets out, control characters out, whitespace
 * collapsed, at most `max` characters. Redacted before the cut, which could leave the first half of
 * a key that then no longer matches; and again after tidying, which turns `Apikey<NUL>key` into `Apikey key`.
 */
export function sanitizeUpstreamText(text: string, redact: Redact, max = 200): string {
  const clean = redact(tidy(redact(text)));
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** Control characters (C0, DEL and C1, which some terminals obey) out, whitespace collapsed. */
function tidy(text: string): string {
  return text
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every error leaves through here: its message, code and cause are redacted once more. */
export function redactedError(init: UploadPostErrorInit, redact: Redact): UploadPostError {
  const cause = redactedCause(init.cause, redact, 0);
  return new UploadPostError({
    kind: init.kind,
    operation: init.operation,
    message: redact(init.message),
    ...(init.status === undefined ? {} : { status: init.status }),
    ...(init.errorCode === undefined ? {} : { errorCode: redact(init.errorCode) }),
    ...(init.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: init.retryAfterSeconds }),
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * A copy of a transport error that keeps what helps debugging (name, message, code, the chain of
 * causes) and nothing else: errors from custom transports may carry the request's headers.
 */
function redactedCause(value: unknown, redact: Redact, depth: number): unknown {
  if (value === undefined || value === null || depth > 3) return undefined;
  if (typeof value === 'string') return redact(value);
  if (typeof value !== 'object') return value;
  const source = value as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown };
  const copy = new Error(redact(typeof source.message === 'string' ? source.message : Object.prototype.toString.call(value)));
  if (typeof source.name === 'string') copy.name = redact(source.name);
  if (typeof source.code === 'string' || typeof source.code === 'number') {
    (copy as Error & { code?: unknown }).code = typeof source.code === 'string' ? redact(source.code) : source.code;
  }
  const inner = redactedCause(source.cause, redact, depth + 1);
  if (inner !== undefined) copy.cause = inner;
  // The copy's stack names only this file: the original's could embed an unredacted message.
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}
