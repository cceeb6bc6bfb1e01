/**
 * `uploadPostConnect()` for Express 5, in a real Express app over a real socket, with the app's own
 * session middleware and `express.json()` in front of it, as most apps have them.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import { uploadPostConnect } from '../../../token-server/node/express.ts';
import { APP_ROUTE, describeFrameworkMount, TEST_USER_HEADER } from '../../helpers/framework-mount.ts';

declare module 'express-serve-static-core' {
  interface Request {
    user?: { id: string };
  }
}

describeFrameworkMount('Express 5', async (options, { trustProxy }) => {
  const app = express();
  if (trustProxy) app.set('trust proxy', 'loopback');
  // The app's session middleware (Passport would set req.user).
  app.use((req, _res, next) => {
    const id = req.get(TEST_USER_HEADER);
    if (id) req.user = { id };
    next();
  });
  app.use(express.json());
  app.use('/upload-post', uploadPostConnect({ ...options, identity: { getUser: (c) => (c.env as { incoming: express.Request }).incoming.user?.id } }));
  app.get(APP_ROUTE.path, (_req, res) => {
    res.send(APP_ROUTE.body);
  });
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
});
