/**
 * @module What the user routes read from a request besides the identity: a closed query string,
 * the browser's "read it fresh", and a strictly parsed JSON body.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { formatPath, issueMessage } from '../../lib/zod-issues.ts';
import { DEMO_USER_QUERY } from '../identity/identify.ts';
import { fail } from '../errors.ts';

/**
 * Refuses any query parameter but `allowed` (and the demo user's, in demo mode): nobody may believe
 * they chose the user through `?username=`.
 */
export function rejectUnknownQuery(c: Context, allowed: readonly string[], demo: boolean): void {
  // Most requests carry no query string: nothing to parse then.
  if (!c.req.url.includes('?')) return;
  const names = demo ? [...allowed, DEMO_USER_QUERY] : allowed;
  for (const name of Object.keys(c.req.queries())) {
    if (!names.includes(name)) {
      fail(
        'INVALID_REQUEST',
        `Unknown query parameter \`${name}\`${names.length ? ` (accepted: ${names.join(', ')})` : ''}: the user is decided by the server's identity.`,
      );
    }
  }
}

/** The browser's fetch with `cache: 'no-store'` sends these; so does a developer's "hard" re-read. */
export function wantsFresh(c: Context): boolean {
  const cacheControl = c.req.header('Cache-Control') ?? '';
  return /\b(no-cache|no-store|max-age=0)\b/i.test(cacheControl) || /\bno-cache\b/i.test(c.req.header('Pragma') ?? '');
}

/**
 * The body as JSON validated by `schema` (an empty body is `{}`); a 400 naming the first problem
 * otherwise. `unknownKeys` words the answer to a field the schema does not accept.
 */
export async function readJsonBody<S extends z.ZodType>(c: Context, schema: S, unknownKeys: (keys: string) => string): Promise<z.output<S>> {
  const raw = await c.req.text();
  let json: unknown = {};
  if (raw.trim() !== '') {
    if (!/^application\/json\b/i.test(c.req.header('Content-Type') ?? '')) {
      fail('INVALID_REQUEST', 'Send the body as JSON with `Content-Type: application/json`.');
    }
    try {
      json = JSON.parse(raw);
    } catch {
      fail('INVALID_REQUEST', 'The body is not valid JSON.');
    }
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') fail('INVALID_REQUEST', unknownKeys(issue.keys.map((key) => `\`${key}\``).join(', ')));
  const path = formatPath(issue.path);
  fail('INVALID_REQUEST', path ? `\`${path}\`: ${issueMessage(issue)}.` : `The body ${issueMessage(issue)}.`);
}
