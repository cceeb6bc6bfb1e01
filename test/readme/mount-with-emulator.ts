/**
 * README § 2, local development against the emulator: the README's block is this file's `snippet`
 * regions, joined by a blank line. `app` is the customer's Hono app, as in the Hono example.
 */
import type { Hono } from 'hono';
// #region snippet
import { createTokenServer } from 'upload-post-connect/server';
// #endregion

export function mountForDevelopment(app: Hono): void {
  // #region snippet
  // Locally, with `npx upload-post-emulator --port 8788 --api-key dev-key` in another terminal:
  // the same routes and connect page, offline, and no real account touched.
  const local = process.env.NODE_ENV !== 'production';
  app.route(
    '/upload-post',
    createTokenServer({
      apiKey: local ? 'dev-key' : process.env.UPLOAD_POST_API_KEY,
      client: local ? { baseUrl: 'http://127.0.0.1:8788/api' } : undefined,
      identity: { getUser: (c) => c.get('session')?.userId },
      allowedOrigins: ['http://localhost:5173'],
    }),
  );
  // #endregion
}
