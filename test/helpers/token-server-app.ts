/**
 * The token server under test through `app.request()`, with a fake upstream, every log record and
 * answer captured (each file asserts at the end that none holds a secret), and every error answer
 * checked against the one `ErrorBody` shape.
 */
import assert from 'node:assert/strict';
import { errorBodySchema } from '../../protocol/schemas.ts';
import { createTokenServer } from '../../token-server/app.ts';
import { createSessionToken } from '../../token-server/identity/session-token.ts';
import type { TokenServerOptions } from '../../token-server/options.ts';
import { API_KEY, APP_ORIGIN, Capture, FakeUpstream, SESSION_SECRET, type Answer } from './token-server-fixtures.ts';

/** A token server on a fresh fake upstream; `call` answers with the captured, shape-checked answer. */
export function tokenServerUnderTest(capture: Capture, overrides: Partial<TokenServerOptions> = {}) {
  const upstream = new FakeUpstream();
  const app = createTokenServer({
    upstream,
    identity: { sessionSecret: SESSION_SECRET },
    allowedOrigins: [APP_ORIGIN],
    log: capture.sink,
    // The fake never sees the key, but the server must still scrub it wherever it might appear.
    secrets: [API_KEY],
    ...overrides,
  });
  const call = async (path: string, init: RequestInit = {}): Promise<Answer> => {
    const answer = await capture.answer(await app.request(path, init));
    if (answer.status >= 400) assert.ok(errorBodySchema.safeParse(answer.json).success, `not an ErrorBody: ${answer.text}`);
    return answer;
  };
  return { app, upstream, call };
}

export const bearer = async (userId: string) => ({ Authorization: `Bearer ${await createSessionToken({ userId, secret: SESSION_SECRET })}` });

export const postJson = async (userId: string, body: unknown, extra: Record<string, string> = {}): Promise<RequestInit> => ({
  method: 'POST',
  headers: { ...(await bearer(userId)), 'Content-Type': 'application/json', Origin: APP_ORIGIN, ...extra },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
