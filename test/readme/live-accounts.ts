/**
 * README § "Live accounts", mounted in your backend: the README's block is this file's `snippet`
 * regions, joined by a blank line. `saveAccounts` stands for the customer's own code; the test in
 * `snippets.test.ts` runs `mountLiveAccounts` behind a session middleware and `registerOnce`.
 */
import type { Hono } from 'hono';
// #region snippet
import { createTokenServer, registerWebhook, UploadPostClient, webhookUrl } from 'upload-post-connect/server';
// #endregion
import type { AccountsChange } from 'upload-post-connect/server';

type Saved = Pick<AccountsChange, 'userId' | 'connected' | 'disconnected' | 'reauthRequired'>;

export function mountLiveAccounts(app: Hono<{ Variables: { session?: { userId: string } } }>, saveAccounts: (change: Saved) => Promise<void>): void {
  // #region snippet
  app.route(
    '/upload-post',
    createTokenServer({
      apiKey: process.env.UPLOAD_POST_API_KEY,
      identity: { getUser: (c) => c.get('session')?.userId },
      allowedOrigins: ['https://app.example.com'],
      profileName: (userId) => `acme_${userId}`,
      userIdOf: (profile) => (profile.startsWith('acme_') ? profile.slice('acme_'.length) : undefined),
      webhookSecret: process.env.UPLOAD_POST_WEBHOOK_SECRET,
      // Called after Upload-Post's webhook was answered, with what really changed (re-read, not believed).
      onAccountsChange: async ({ userId, connected, disconnected, reauthRequired }) => {
        await saveAccounts({ userId, connected, disconnected, reauthRequired });
      },
    }),
  );
  // #endregion
}

export async function registerOnce(): Promise<string> {
  // #region snippet
  // Once, at deploy time: idempotent, and it refuses to replace another webhook URL unless told to.
  const client = new UploadPostClient({ apiKey: process.env.UPLOAD_POST_API_KEY! });
  const result = await registerWebhook(client, webhookUrl('https://app.example.com/upload-post', process.env.UPLOAD_POST_WEBHOOK_SECRET!));
  // #endregion
  return result.status;
}
