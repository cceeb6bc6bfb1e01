/** The emulator's one error answer, `{ success: false, message, error_code? }` as Upload-Post sends it. */
import type { ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** A request failure the emulator answers on purpose, with the upstream's optional `error_code`. */
export class EmulatorHttpError extends HTTPException {
  readonly errorCode: string | undefined;

  constructor(status: ContentfulStatusCode, message: string, errorCode?: string) {
    super(status, { message });
    this.errorCode = errorCode;
  }
}

interface EmulatorErrorBody {
  success: false;
  message: string;
  error_code?: string;
}

export function errorBody(message: string, errorCode?: string): EmulatorErrorBody {
  return errorCode === undefined ? { success: false, message } : { success: false, message, error_code: errorCode };
}

/**
 * Maps every failure to the JSON error shape. `HTTPException`s thrown by Hono's own middleware
 * carry no useful message, so the status text stands in. Anything else is a bug in the emulator:
 * logged, answered 500 without details.
 */
export const jsonErrorHandler: ErrorHandler = (error, c) => {
  if (error instanceof HTTPException) {
    const status = error.status;
    const errorCode = error instanceof EmulatorHttpError ? error.errorCode : undefined;
    const message = error.message || (status === 413 ? 'Payload Too Large' : 'Request failed');
    // After a 413 @hono/node-server drops the rest of the upload and closes the socket; saying so
    // keeps keep-alive clients from reusing a connection that is about to disappear.
    if (status === 413) c.header('Connection', 'close');
    return c.json(errorBody(message, errorCode), status);
  }
  console.error('upload-post emulator: unexpected error', error);
  return c.json(errorBody('Internal Server Error'), 500);
};
