/**
 * The element's one error type: every failure (the token server's answer, the network, a blocked
 * popup, `fetchSessionToken`) becomes one, and its `code` is what `upload-post-error` reports.
 * Named apart from the token server's `TokenServerError`, which is an HTTP exception of another shape.
 */
import type { UploadPostErrorCode } from './events.ts';

export class UploadPostConnectError extends Error {
  override name = 'UploadPostConnectError';

  constructor(
    readonly code: UploadPostErrorCode,
    message: string,
    /** The token server's request id, when it sent one: it finds the request in the server's log. */
    readonly requestId?: string,
    /** Seconds to wait before trying again, when the server said (its `Retry-After`). */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

/**
 * Whether `error` is one of ours, by shape rather than `instanceof`: the script-tag build's lazily
 * loaded modules each carry their own copy of the class.
 */
export function isUploadPostConnectError(error: unknown): error is UploadPostConnectError {
  return (
    (error as Partial<UploadPostConnectError> | null)?.name === 'UploadPostConnectError' && typeof (error as Partial<UploadPostConnectError>).code === 'string'
  );
}
