/**
 * Why the browser refused a request to the token server, which it reports to the page only as a
 * network error: the token server's `/origin-check` (readable by any page) says whether this origin
 * is on its allow-list and whether it takes cookies. The fix goes to the console, once per cause.
 */
import type { UploadPostErrorCode } from './events.ts';
import { UploadPostConnectError } from './errors.ts';
import { warnOnce } from './warn-once.ts';

/** `cookies`: the request identified the user by the page's cookies (no session token). */
export async function diagnoseRefusal(endpoint: string, cookies: boolean): Promise<UploadPostConnectError> {
  let check: { origin?: unknown; allowed?: unknown; credentials?: unknown } | undefined;
  try {
    const response = await fetch(`${endpoint}/origin-check`, { credentials: 'omit', cache: 'no-store' });
    if (response.ok) check = (await response.json()) as typeof check;
  } catch {
    // Not answered either: the server is down or the URL is wrong, which NETWORK_ERROR says.
  }
  const origin = location.origin;
  // A same-origin request sends no Origin (the check says `origin: null`): CORS cannot be the cause.
  if (check?.allowed === false && check.origin === origin) {
    return tell(
      'ORIGIN_NOT_ALLOWED',
      `The token server at ${endpoint} refused this page's origin, ${origin}: add it to the server's allowedOrigins (UPLOAD_POST_ALLOWED_ORIGINS).`,
    );
  }
  if (check?.allowed === true && check.origin === origin && check.credentials === false && cookies) {
    return tell(
      'CREDENTIALS_NOT_ALLOWED',
      `The token server at ${endpoint} takes no cookies from ${origin} (allowCredentials is off, as it is with session tokens): give the element sessionToken or fetchSessionToken.`,
    );
  }
  return new UploadPostConnectError('NETWORK_ERROR', `${endpoint} could not be reached.`);
}

function tell(code: UploadPostErrorCode, message: string): UploadPostConnectError {
  warnOnce(`${code}: ${message}`);
  return new UploadPostConnectError(code, message);
}
