/**
 * JSON in and out for the emulator's routes: the one error shape Upload-Post answers with
 * (`{ success: false, message, error_code? }`), the `onError` that produces it from any thrown
 * `HTTPException`, and the strict reading of JSON request bodies (the documentation's 400s).
 *
 * Shared by the API routes and the admin routes so both fail the same way.
 */
import type { Context, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { formatIssue } from '../lib/zod-issues.ts';

/** A request failure the emulator answers on purpose, with the upstream's optional `error_code`. */
export class EmulatorHttpError extends HTTPException {
  readonly errorCode: string | undefined;

  constructor(status: ContentfulStatusCode, message: string, errorCode?: string) {
    super(status, { message });
    this.errorCode = errorCode;
  }
}

interface EmulatorErrorBody {
  success: false;
  message: string;
  error_code?: string;
}

export function errorBody(message: string, errorCode?: string): EmulatorErrorBody {
  return errorCode === undefined ? { success: false, message } : { success: false, message, error_code: errorCode };
}

/**
 * Maps every failure to the JSON error shape. `HTTPException`s thrown by Hono's own middleware
 * (body limit) carry no useful message, so the status text stands in. Anything else is a bug in
 * the emulator: logged, answered 500 without details.
 */
export const jsonErrorHandler: ErrorHandler = (error, c) => {
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    const errorCode = error instanceof EmulatorHttpError ? error.errorCode : undefined;
    const message = error.message || (status === 413 ? 'Payload Too Large' : 'Request failed');
    // After a 413 @hono/node-server drops the rest of the upload and closes the socket; saying so
    // keeps keep-alive clients from reusing a connection that is about to disappear.
    if (status === 413) c.header('Connection', 'close');
    return c.json(errorBody(message, errorCode), status);
  }
  console.error('upload-post emulator: unexpected error', error);
  return c.json(errorBody('Internal Server Error'), 500);
};

/**
 * A GET or HEAD: no route reads its body. Checked before anything that would look at the body,
 * because under @hono/node-server merely asking for it builds a full `Request` (see faults.ts).
 */
export function isBodiless(c: Context): boolean {
  return c.req.method === 'GET' || c.req.method === 'HEAD';
}

/** `application/json`, with or without parameters, and `+json` media types. */
function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false;
  const mediaType = value.split(';', 1)[0]!.trim().toLowerCase();
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

/**
 * Reads the body as a JSON object. Answers 400 for a body that is not declared as JSON (the
 * documentation lists `Content-Type: application/json` as a required header), is not JSON, or is
 * JSON but not an object. `undefined` when the body is empty and `optional` is set.
 */
export async function readJsonObject(c: Context, { optional = false } = {}): Promise<Record<string, unknown> | undefined> {
  const text = await c.req.text();
  if (text.trim() === '') {
    if (optional) return undefined;
    throw new EmulatorHttpError(400, 'Request body must be a JSON object');
  }
  if (!isJsonContentType(c.req.header('content-type'))) {
    throw new EmulatorHttpError(400, 'Content-Type must be application/json');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new EmulatorHttpError(400, 'Request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new EmulatorHttpError(400, 'Request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/**
 * Validates a parsed body against a schema; the first problem becomes a 400. `describe` lets a
 * route word the message the way the documentation does (e.g. "Missing or invalid username").
 */
export function parseWith<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  describe: (issue: z.core.$ZodIssue) => string = describeIssue,
): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new EmulatorHttpError(400, describe(result.error.issues[0]!));
}

/** `Invalid ui_labels["a b"]: …`, or `Invalid request body: …` for a problem with the body itself. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  return issue.path.length > 0 ? `Invalid ${formatIssue(issue)}` : `Invalid request body: ${formatIssue(issue)}`;
}
