/**
 * @module Structured log records and where they go: a pluggable sink (default one JSON line on
 * stdout), behind `safeSink`, which scrubs every configured secret from every string of a record.
 * Hono's `logger()` writes free text; a log pipeline needs fields.
 */
import type { LoggedError } from './errors.ts';

export interface LogRecord {
  time: string;
  level: 'info' | 'warn' | 'error';
  msg: string;
  [field: string]: unknown;
}

export interface RequestLogRecord extends LogRecord {
  msg: 'request';
  requestId: string;
  method: string;
  /** Without the query string. */
  path: string;
  status: number;
  durationMs: number;
  userId?: string;
  error?: LoggedError;
}

export type LogSink = (record: LogRecord) => void;

/** The default sink: one JSON line per record on stdout (`console` exists on every runtime). */
export const jsonLineSink: LogSink = (record) => console.log(JSON.stringify(record));

/** Replaces every occurrence of each secret, in every string of the record, by `[redacted]`. */
export function redact<T>(value: T, secrets: readonly string[]): T {
  // Almost no record holds a secret: then it is passed on as it is, without a copy. (Called for
  // every request's log record, so nothing here allocates before that answer is known.)
  if (!holdsSecret(value, secrets, 0)) return value;
  const scrub = (input: unknown): unknown => {
    if (typeof input === 'string') {
      let output = input;
      for (const secret of secrets) if (secret !== '') output = output.replaceAll(secret, '[redacted]');
      return output;
    }
    if (Array.isArray(input)) return input.map(scrub);
    if (typeof input === 'object' && input !== null) {
      return Object.fromEntries(Object.entries(input).map(([key, item]) => [scrub(key), scrub(item)]));
    }
    return input;
  };
  return scrub(value) as T;
}

/** Whether any string in `value` (keys included, a few levels deep) contains a secret; allocates nothing. */
function holdsSecret(value: unknown, secrets: readonly string[], depth: number): boolean {
  if (typeof value === 'string') {
    // An empty secret is in every string and protects nothing: skipped.
    for (const secret of secrets) if (secret !== '' && value.includes(secret)) return true;
    return false;
  }
  if (typeof value !== 'object' || value === null) return false;
  // Deeper than any record this module writes: assume the worst and let the copy scrub it.
  if (depth > 8) return true;
  for (const key in value) {
    if (holdsSecret(key, secrets, depth) || holdsSecret((value as Record<string, unknown>)[key], secrets, depth + 1)) return true;
  }
  return false;
}

/** A sink that never lets a secret through and never lets a throwing sink break a request. */
export function safeSink(sink: LogSink, secrets: readonly string[]): LogSink {
  return (record) => {
    try {
      sink(redact(record, secrets));
    } catch {
      // Logging must not turn a served request into a failed one.
    }
  };
}
