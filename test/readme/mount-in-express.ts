/**
 * README § 2, Express: the README's block is this file's `snippet` regions, joined by a blank line.
 * `app` is the customer's Express app, whose session middleware (Passport) runs before the mount.
 */
import type { Express } from 'express';
// #region snippet
import { uploadPostConnect } from 'upload-post-connect/server/express';
// #endregion

export function mountInExpress(app: Express): void {
  // #region snippet
  // After your session middleware; before or after express.json(), either works.
  app.use(
    '/upload-post',
    uploadPostConnect({
      apiKey: process.env.UPLOAD_POST_API_KEY,
      // `c.env.incoming` is Express's req, as your middleware left it (Passport: req.user).
      identity: { getUser: (c) => c.env.incoming.user?.id },
      allowedOrigins: ['https://app.example.com'],
    }),
  );
  // #endregion
}
