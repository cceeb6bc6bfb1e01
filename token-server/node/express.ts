/**
 * @module `uploadPostConnect(options)` for Express 5, mounted the obvious way:
 *
 *     app.use('/upload-post', uploadPostConnect({ apiKey, identity: { getUser: (c) => c.env.incoming.user?.id } }));
 *
 * Express strips the mount path from `req.url`; the token server gets the whole URL back
 * (`req.protocol`, `req.host` and `req.originalUrl`, so `trust proxy` applies), and a body an
 * earlier `express.json()` already read. `c.env.incoming` (and `c.env.request`) is Express's `req`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TokenServerOptions } from '../options.ts';
import { mountedTokenServer } from './mounted-listener.ts';

/** What the handler reads of Express's `req` (so the package needs no Express types). */
export interface ExpressRequestLike extends IncomingMessage {
  originalUrl: string;
  baseUrl: string;
  protocol: string;
  /** Express 5's `req.host`: the `Host` (or, with `trust proxy`, `X-Forwarded-Host`) with its port. */
  host: string;
  body?: unknown;
}

export type ExpressHandler = (req: ExpressRequestLike, res: ServerResponse, next: (error?: unknown) => void) => void;

export function uploadPostConnect(options: TokenServerOptions): ExpressHandler {
  const serve = mountedTokenServer(options);
  return function uploadPostConnectHandler(req, res, next) {
    serve(req, res, {
      mountPath: req.baseUrl,
      protocol: req.protocol,
      host: req.host,
      path: req.originalUrl,
      frameworkRequest: req,
      parsedBody: req.body,
    }).catch(next);
  };
}
