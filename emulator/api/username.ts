/** The `username` every profile route reads from its body, and the documented 400 when it is wrong. */
import { z } from 'zod';
import { describeIssue } from '../request-body.ts';
import { INVALID_USERNAME } from './messages.ts';

/** Any non-blank string: the real API's own rules are not documented, so the emulator accepts widely. */
export const usernameSchema = z.string().refine((value) => value.trim() !== '', 'must not be empty');

/** Username problems are worded as the documentation words them; the rest name the field. */
export function describeBodyIssue(issue: z.core.$ZodIssue): string {
  return issue.path[0] === 'username' ? INVALID_USERNAME : describeIssue(issue);
}
