/**
 * zod failures as sentences, the same way on every side: `path: what was wrong`, paths written as
 * code would write them (`ui_labels["connect.title"]`, `platforms[2]`). Each caller adds its own
 * frame (an option name, a variable, an HTTP answer) around these.
 */
import { z } from 'zod';
import { MAX_HTTP_URL_LENGTH } from './http-url.ts';

/** `['a', 0, 'b.c']` → `a[0]["b.c"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) text += text ? `.${key}` : key;
    // Keys such as `connect.title` or `a-b` are quoted so the path stays unambiguous.
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text;
}

/** An issue's message without zod's "Invalid input:" preamble; a missing key says "missing". */
export function issueMessage(issue: z.core.$ZodIssue): string {
  // A record key's own problem is nested one level down; zod's outer message is only "Invalid key in record".
  const inner = issue.code === 'invalid_key' ? issue.issues[0]?.message : undefined;
  const expected = /^Invalid input: expected (\w+), received undefined$/.exec(issue.message)?.[1];
  return inner ?? (expected ? `missing (expected ${expected})` : issue.message.replace(/^Invalid input: /, ''));
}

/** One issue as `path: message`, or the message alone at the root. */
export function formatIssue(issue: z.core.$ZodIssue): string {
  const path = formatPath(issue.path);
  return path ? `${path}: ${issueMessage(issue)}` : issueMessage(issue);
}

/** The first few issues of a failed parse, as `path: what was wrong; …`. */
export function describeIssues(error: z.ZodError, max = 3): string {
  const shown = error.issues.slice(0, max).map(formatIssue);
  const more = error.issues.length - shown.length;
  return shown.join('; ') + (more > 0 ? ` (and ${more} more)` : '');
}

/** An absolute http(s) URL (the zod form of `toHttpUrl`), at most `MAX_HTTP_URL_LENGTH` characters. */
export function httpUrlSchema(error = 'must be an absolute http(s) URL') {
  return z.url({ protocol: /^https?$/, error }).max(MAX_HTTP_URL_LENGTH, { error });
}
