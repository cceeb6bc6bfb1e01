/**
 * README § 2, the plain Node example (what Express, Fastify or any Node server does underneath): the
 * README's block is this file's `snippet` regions, joined by a blank line. `authenticate` stands for
 * the customer's session middleware (Passport sets `req.user`), `app` for the rest of their server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
// #region snippet
import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { createTokenServer } from 'upload-post-connect/server';
// #endregion

export function serveWithNode(authenticate: (req: IncomingMessage) => void, app: (req: IncomingMessage, res: ServerResponse) => void) {
  // #region snippet
  const uploadPost = getRequestListener(
    new Hono().route(
      '/upload-post',
      createTokenServer({
        apiKey: process.env.UPLOAD_POST_API_KEY,
        // `c.env.incoming` is Node's request, as your middleware left it.
        identity: { getUser: (c) => c.env.incoming.user?.id },
      }),
    ).fetch,
  );

  const server = createServer((req, res) => {
    authenticate(req); // your session middleware, e.g. Passport: sets req.user
    if (req.url?.startsWith('/upload-post/')) void uploadPost(req, res);
    else app(req, res);
  });
  // #endregion
  return server;
}
