/**
 * README § 3, the customer's session-token route: the README's block is this file's `snippet`
 * regions, joined by a blank line. `yourSessionMiddleware` stands for the customer's own, which puts
 * the signed-in `user` on the context.
 */
import type { MiddlewareHandler } from 'hono';
// #region snippet
import { Hono } from 'hono';
import { createSessionToken } from 'upload-post-connect/server';
// #endregion

export function sessionApp(yourSessionMiddleware: MiddlewareHandler<{ Variables: { user: { id: string } } }>) {
  // #region snippet
  // `user` is what your session middleware puts on the context: c.set('user', { id }).
  const app = new Hono<{ Variables: { user: { id: string } } }>();
  app.use(yourSessionMiddleware);
  app.post('/demo/session', async (c) => {
    const token = await createSessionToken({ userId: c.get('user').id, secret: process.env.UPLOAD_POST_SESSION_SECRET!, ttl: 600 });
    return c.json({ token });
  });
  // #endregion
  return app;
}
