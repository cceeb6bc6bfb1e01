/**
 * Reads what the upstream answered: a non-2xx becomes an 'http' error in the upstream's own words;
 * a 2xx must be JSON of the endpoint's documented shape, or it becomes a 'shape' error.
 */
import type { z } from 'zod';
import { describeIssues } from '../lib/zod-issues.ts';
import { describeNotJson, describeRefusal, describeUnexpectedShape } from './errors.ts';
import { redactedError, sanitizeUpstreamText, type Redact } from './redact.ts';
import { parseRetryAfter } from './retry-after.ts';
import { upstreamErrorBodySchema } from './schemas.ts';

/** What came back from an attempt that reached the upstream. */
export interface Answer {
  status: number;
  contentType: string | null;
  /** The `Retry-After` header as sent, if any. */
  retryAfter?: string | null;
  text: string;
}

/** How one endpoint's answer is read. */
export interface AnswerRules<T> {
  /** `GET /uploadposts/users/{username}`: the route's template, never the username or the key. */
  operation: string;
  schema: z.ZodType<T>;
  /** A 2xx without a body is a success worth this value (delete). */
  emptyBody?: T;
  /** Turns some non-2xx answers into a result instead of an error (validate-jwt's 401). */
  fromErrorStatus?: (status: number, upstreamText: string | undefined) => T | undefined;
  /** The API key was the call's credential, so a 401 says to check it. */
  sentApiKey: boolean;
}

const MAX_TEXT_LENGTH = 200;
const MAX_ERROR_CODE_LENGTH = 64;
const MAX_CONTENT_TYPE_LENGTH = 60;

/** The endpoint's result, or throws the `UploadPostError` the answer amounts to. */
export function readAnswer<T>(rules: AnswerRules<T>, answer: Answer, redact: Redact): T {
  const { operation } = rules;
  const { status, text, contentType } = answer;
  if (status < 200 || status > 299) return readRefusal(rules, answer, redact);
  if (text.trim() === '' && rules.emptyBody !== undefined) return rules.emptyBody;
  const json = parseJson(text);
  if (json === undefined) {
    const type = contentType ? sanitizeUpstreamText(contentType, redact, MAX_CONTENT_TYPE_LENGTH) : undefined;
    throw redactedError(describeNotJson(operation, status, type), redact);
  }
  const result = rules.schema.safeParse(json);
  if (!result.success) {
    throw redactedError(describeUnexpectedShape(operation, status, describeIssues(result.error)), redact);
  }
  return result.data;
}

function readRefusal<T>(rules: AnswerRules<T>, answer: Answer, redact: Redact): T {
  const body = upstreamErrorBodySchema.parse(parseJson(answer.text) ?? {});
  const said = [body.message, body.error, body.detail, body.reason].find((value): value is string => typeof value === 'string' && value.trim() !== '');
  const text = said === undefined ? undefined : sanitizeUpstreamText(said, redact, MAX_TEXT_LENGTH);
  const handled = rules.fromErrorStatus?.(answer.status, text);
  if (handled !== undefined) return handled;
  const errorCode = body.error_code ? sanitizeUpstreamText(body.error_code, redact, MAX_ERROR_CODE_LENGTH) : undefined;
  // Read against the wall clock: an HTTP date is absolute (the engine's clock is a monotonic one).
  const retryAfterSeconds = parseRetryAfter(answer.retryAfter, Date.now());
  throw redactedError(
    describeRefusal(rules.operation, {
      status: answer.status,
      text,
      errorCode,
      sentApiKey: rules.sentApiKey,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    }),
    redact,
  );
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
