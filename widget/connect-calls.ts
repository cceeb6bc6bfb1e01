/**
 * The connect flow's calls to the token server: minting a link (`POST /connect-url`) and waiting for
 * its connect session to end (`GET /connect-sessions/:id`). Part of the connect module, which loads
 * on intent, so the first paint does not carry them.
 */
import { toHttpUrl } from '../lib/http-url.ts';
import type { ConnectSessionResponse, ConnectUrlRequest, ConnectUrlResponse } from '../protocol/token-server-api.ts';
import { isUploadPostConnectError, UploadPostConnectError } from './errors.ts';
import type { TokenServerClient } from './token-server-client.ts';

/** A link to the connect page, never anything but http(s). */
export async function mintConnectUrl(client: TokenServerClient, body: ConnectUrlRequest, signal?: AbortSignal): Promise<ConnectUrlResponse> {
  const answer = (await client.request('connect-url', body, signal)) as Partial<ConnectUrlResponse> | null;
  if (!answer || typeof answer.url !== 'string') throw new UploadPostConnectError('BAD_RESPONSE', 'connect-url: no url.');
  if (!toHttpUrl(answer.url, document.baseURI)) throw new UploadPostConnectError('UNSAFE_URL', 'connect-url: the url is not http(s).');
  return {
    url: answer.url,
    expiresAt: typeof answer.expiresAt === 'string' ? answer.expiresAt : '',
    session: typeof answer.session === 'string' && /^[\w-]{22}$/.test(answer.session) ? answer.session : undefined,
    sessionExpiresAt: typeof answer.sessionExpiresAt === 'string' ? answer.sessionExpiresAt : undefined,
  };
}

/** Waits on the token server for the connect session to end: `gone` when it does not know it (any more). */
export async function waitForConnectSession(client: TokenServerClient, id: string, signal?: AbortSignal): Promise<'pending' | 'done' | 'gone'> {
  try {
    const answer = (await client.request(`connect-sessions/${id}`, undefined, signal)) as Partial<ConnectSessionResponse> | null;
    return answer?.status === 'done' ? 'done' : 'pending';
  } catch (error) {
    if (isUploadPostConnectError(error) && error.code === 'NOT_FOUND') return 'gone';
    throw error;
  }
}
