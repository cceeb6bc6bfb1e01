/**
 * README § 3, the customer's session-token route: the README's block is this file's `snippet`
 * regions, joined by a blank line. `app` is the customer's Hono app, whose own middleware has put
 * the signed-in `user` on the context.
 */
import type { Hono } from 'hono';
// #region snippet
import { createSessionToken } from 'upload-post-connect/server';
// #endregion

export function addSessionRoute(app: Hono<{ Variables: { user: { id: string } } }>): void {
  // #region snippet
  app.post('/demo/session', async (c) => {
    const token = await createSessionToken({ userId: c.get('user').id, secret: process.env.UPLOAD_POST_SESSION_SECRET!, ttl: 600 });
    return c.json({ token });
  });
  // #endregion
}
