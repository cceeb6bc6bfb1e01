/** The API key check: `Authorization: Apikey KEY`, the scheme in any case, compared in constant time. */
import type { MiddlewareHandler } from 'hono';
import { timingSafeEqual } from 'hono/utils/buffer';
import { EmulatorHttpError } from '../http-error.ts';
import { INVALID_API_KEY } from './messages.ts';

export interface ApiKeyCheck {
  /** Whether an `Authorization` header carries the right key. */
  matches(authorization: string | undefined): Promise<boolean>;
  /** Answers 401 unless the request carries the right key. */
  require: MiddlewareHandler;
}

export function apiKeyCheck(apiKey: string): ApiKeyCheck {
  if (apiKey.trim() === '' || /\s/.test(apiKey)) {
    throw new TypeError('The emulator needs an API key without spaces: set the apiKey option.');
  }
  const expected = `Apikey ${apiKey}`;

  const matches = async (authorization: string | undefined): Promise<boolean> => {
    if (!authorization) return false;
    const sent = /^apikey\s+(.*)$/i.exec(authorization.trim())?.[1];
    if (sent === undefined) return false;
    // The identity as "hash": Hono's default hashes both sides with SHA-256 first, which costs the
    // emulator throughput. Only the key's length can leak, nothing worth hiding for an emulator.
    return timingSafeEqual(`Apikey ${sent}`, expected, (value) => value);
  };

  const require: MiddlewareHandler = async (c, next) => {
    if (!(await matches(c.req.header('authorization')))) throw new EmulatorHttpError(401, INVALID_API_KEY);
    await next();
  };

  return { matches, require };
}
