/**
 * The one error the Upload-Post client throws. `kind` keeps apart what went wrong on the way
 * (timeout, network) from what the upstream said (http) and from an answer nobody documented
 * (shape), as zod-fetch does; callers switch on `kind`, then on `status` / `errorCode`.
 */
export type UploadPostErrorKind = 'http' | 'timeout' | 'network' | 'shape' | 'aborted';

/** Error codes the documentation names; others the upstream sends are kept as they come. */
export type KnownUpstreamErrorCode = 'PROFILE_LIMIT_REACHED' | 'PROFILE_BLOCKED' | 'PROFILE_NOT_FOUND';

export interface UploadPostErrorInit {
  kind: UploadPostErrorKind;
  message: string;
  /** `GET /uploadposts/users`, for logs: never the base URL's credentials, never the key. */
  operation: string;
  status?: number;
  errorCode?: KnownUpstreamErrorCode | (string & {});
  cause?: unknown;
}

export class UploadPostError extends Error {
  override readonly name = 'UploadPostError';
  readonly kind: UploadPostErrorKind;
  readonly operation: string;
  readonly status: number | undefined;
  readonly errorCode: string | undefined;

  constructor(init: UploadPostErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.operation = init.operation;
    this.status = init.status;
    this.errorCode = init.errorCode;
  }
}

export function isUploadPostError(value: unknown): value is UploadPostError {
  return value instanceof UploadPostError;
}
