/** Reading request bodies as the API and admin routes do: size limit, strict JSON object, schema check. */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import { formatIssue } from '../lib/zod-issues.ts';
import { EmulatorHttpError } from './http-error.ts';

/**
 * A GET or HEAD: no route reads its body. Checked before anything that would look at the body,
 * because under @hono/node-server merely asking for it builds a full `Request`, which is costly.
 */
export function isBodiless(c: Context): boolean {
  return c.req.method === 'GET' || c.req.method === 'HEAD';
}

/** Answers 413 for a body over `maxBytes`; GET and HEAD pass unchecked (see `isBodiless`). */
export function limitBodySize(maxBytes: number): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new EmulatorHttpError(413, `Request body larger than ${maxBytes} bytes`);
    },
  });
  return (c, next) => (isBodiless(c) ? next() : limit(c, next));
}

/** `application/json`, with or without parameters, and `+json` media types. */
export function isJsonContentType(value: string | undefined): boolean {
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

/** `Invalid ui_labels["a b"]: …`, or `Invalid request body: …` for a problem with the body itself. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  return issue.path.length > 0 ? `Invalid ${formatIssue(issue)}` : `Invalid request body: ${formatIssue(issue)}`;
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
