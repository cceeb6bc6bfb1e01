/**
 * The element's one error type: every failure (the token server's answer, the network, a blocked
 * popup, `fetchSessionToken`) becomes one, and its `code` is what `upload-post-error` reports.
 * Named apart from the token server's `TokenServerError`, which is an HTTP exception of another shape.
 */
import type { UploadPostErrorCode } from './events.ts';

export class UploadPostConnectError extends Error {
  constructor(
    readonly code: UploadPostErrorCode,
    message: string,
    /** The token server's request id, when it sent one: it finds the request in the server's log. */
    readonly requestId?: string,
  ) {
    super(message);
  }
}
