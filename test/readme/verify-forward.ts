/**
 * README § "Live accounts", the standalone server's signed forward received by your backend: the
 * README's block is this file's `snippet` regions. `onChange` stands for the customer's own code.
 */
import type { Hono } from 'hono';
// #region snippet
import { verifyForwardSignature, type AccountsChange } from 'upload-post-connect/server';
// #endregion

export function addForwardReceiver(app: Hono, onChange: (change: AccountsChange) => Promise<void>): void {
  // #region snippet
  app.post('/hooks/upload-post', async (c) => {
    const body = await c.req.text(); // verify the raw body, before parsing it
    const check = await verifyForwardSignature(body, c.req.header('Upload-Post-Connect-Signature'), process.env.UPLOAD_POST_FORWARD_SECRET!);
    if (!check.ok) return c.text(check.reason, 401);
    const change = JSON.parse(body) as AccountsChange; // delivered at least once: skip an `id` already handled
    await onChange(change);
    return c.body(null, 204);
  });
  // #endregion
}
