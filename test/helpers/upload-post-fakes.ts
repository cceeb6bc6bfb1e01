/**
 * Shared by the Upload-Post client's tests: fake transports that answer on cue (scripted, hanging),
 * a client wired to them, and the check that no view of an error contains a secret.
 */
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { UploadPostClient, UploadPostError, type Transport, type TransportResponse, type UploadPostClientOptions } from '../../upload-post/index.ts';

export const KEY = 'test-key-3f9a1c0d7e';

/** A profile as the upstream sends it. */
export const PROFILE = { username: 'u1', created_at: 'Fri, 02 May 2025 21:43:14 GMT', social_accounts: { tiktok: '' } };

export interface SentRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** One scripted answer: a status with a body (a string is sent as is, anything else as JSON), or a transport failure. */
export type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | Error;

function transportResponse(status: number, body: unknown, headers: Record<string, string> = {}): TransportResponse {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const contentType = typeof body === 'string' ? 'text/plain' : 'application/json';
  return { status, headers: new Headers({ 'content-type': contentType, ...headers }), text: async () => text };
}

/** A transport answering from a script (the last reply repeats), recording what was sent. */
export function scripted(...replies: Reply[]): Transport & { sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  const transport = async (url: string, init: Parameters<Transport>[1]) => {
    sent.push({ url, method: init.method, headers: init.headers, body: init.body });
    const reply = replies[Math.min(sent.length - 1, replies.length - 1)]!;
    if (reply instanceof Error) throw reply;
    return transportResponse(reply.status, reply.body, reply.headers);
  };
  return Object.assign(transport, { sent });
}

/** A transport that answers only when the signal aborts (then it rejects, as fetch does). */
export function hanging(): Transport & { calls: number } {
  const transport = (_url: string, init: Parameters<Transport>[1]) => {
    transport.calls++;
    return new Promise<TransportResponse>((_resolve, reject) => {
      init.signal.addEventListener('abort', () => reject(init.signal.reason as Error), { once: true });
    });
  };
  transport.calls = 0;
  return transport;
}

/** A client of `https://upstream.test/api` over `transport`, whose backoff does not wait. */
export function clientOver(transport: Transport, options: Partial<UploadPostClientOptions> = {}): UploadPostClient {
  return new UploadPostClient({ apiKey: KEY, baseUrl: 'https://upstream.test/api', transport, sleep: async () => {}, ...options });
}

/** The `UploadPostError` the call fails with; fails the test if it succeeds or throws anything else. */
export async function failure(promise: Promise<unknown>): Promise<UploadPostError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof UploadPostError, `expected an UploadPostError, got ${inspect(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

/** Every way an error can reach a log: none of them may contain `secret`. */
export function assertNoLeak(error: unknown, secret: string): void {
  const views = [
    String(error),
    (error as Error).message,
    (error as Error).stack ?? '',
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
    inspect((error as Error).cause, { depth: 10, showHidden: true }),
    JSON.stringify((error as Error).cause ?? null),
    String((error as Error).cause),
  ];
  for (const view of views) assert.ok(!view.includes(secret), `leaked in: ${view}`);
}
