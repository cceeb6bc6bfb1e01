/**
 * README § 2 "Mount the token server in your backend", the Hono example: the README's block is this
 * file's `snippet` regions, joined by a blank line (`test/node/readme-snippets.test.ts` holds them
 * equal and runs `mountInHono`). Its session — `c.get('session')` — is the customer's own, set by
 * their middleware in front of this app.
 */
// #region snippet
import { Hono } from 'hono';
import { createTokenServer } from 'upload-post-connect/server';
// #endregion

export function mountInHono(): Hono {
  // #region snippet
  const app = new Hono();
  app.route(
    '/upload-post',
    createTokenServer({
      apiKey: process.env.UPLOAD_POST_API_KEY,
      // Your own session decides who the user is; the browser never names the profile.
      identity: { getUser: (c) => c.get('session')?.userId },
      allowedOrigins: ['https://app.example.com'],
      profileName: (userId) => `acme_${userId}`,
      linkDefaults: { logo_image: 'https://app.example.com/logo.png', connect_title: 'Connect your channels' },
    }),
  );
  // #endregion
  return app;
}
