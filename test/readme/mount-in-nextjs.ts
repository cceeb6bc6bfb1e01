/**
 * README § 2, Next.js (App Router): the README's block is this file's `snippet` regions, joined by
 * a blank line. In an app this is `app/upload-post/[...route]/route.ts`; Next calls the exported
 * handlers with the Web `Request`. `getSession` stands for the app's own session lookup.
 * `test/node/readme-snippets.test.ts` imports this module once the environment has a key, as Next
 * would load it, and calls the handlers.
 */
// #region snippet
// app/upload-post/[...route]/route.ts
import { Hono } from 'hono';
import { createTokenServer } from 'upload-post-connect/server';
// #endregion
import { getSession } from './next-session.ts';

// #region snippet
const app = new Hono().basePath('/upload-post').route(
  '/',
  createTokenServer({
    apiKey: process.env.UPLOAD_POST_API_KEY,
    // getSession: your app's own session lookup (Auth.js `auth()`, iron-session, …).
    identity: { getUser: async (c) => (await getSession(c.req.raw))?.userId },
    allowedOrigins: ['https://app.example.com'],
  }),
);

// Next hands each method's handler the Web `Request`; the Hono app answers it.
export const GET = (request: Request) => app.fetch(request);
export const POST = GET;
export const OPTIONS = GET;
// #endregion
