/**
 * `uploadPostConnect()` for Fastify 5, registered with a prefix in a real Fastify app over a real
 * socket, after the app's own hook that finds the user.
 */
import Fastify from 'fastify';
import { uploadPostConnect } from '../../../token-server/node/fastify.ts';
import { APP_ROUTE, describeFrameworkMount, TEST_USER_HEADER } from '../../helpers/framework-mount.ts';

declare module 'fastify' {
  interface FastifyRequest {
    user?: { id: string };
  }
}

describeFrameworkMount('Fastify 5', async (options, { trustProxy }) => {
  const app = Fastify({ trustProxy: trustProxy ? '127.0.0.1' : false });
  // The app's session hook (@fastify/passport or a session plugin would set request.user).
  app.addHook('onRequest', async (request) => {
    const id = request.headers[TEST_USER_HEADER];
    if (typeof id === 'string') request.user = { id };
  });
  await app.register(
    uploadPostConnect({ ...options, identity: { getUser: (c) => (c.env as { request: import('fastify').FastifyRequest }).request.user?.id } }),
    {
      prefix: '/upload-post',
    },
  );
  app.get(APP_ROUTE.path, async () => APP_ROUTE.body);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
});
