/**
 * README § 2, Fastify: the README's block is this file's `snippet` regions, joined by a blank line.
 * `app` is the customer's Fastify app, whose hooks put the signed-in `user` on the request.
 */
import type { FastifyInstance } from 'fastify';
// #region snippet
import { uploadPostConnect } from 'upload-post-connect/server/fastify';
// #endregion

export async function mountInFastify(app: FastifyInstance): Promise<void> {
  // #region snippet
  await app.register(
    uploadPostConnect({
      apiKey: process.env.UPLOAD_POST_API_KEY,
      // `c.env.request` is Fastify's request, as your hooks left it.
      identity: { getUser: (c) => c.env.request.user?.id },
      allowedOrigins: ['https://app.example.com'],
    }),
    { prefix: '/upload-post' },
  );
  // #endregion
}
