/**
 * @module `uploadPostConnect(options)` for Fastify 5, registered the obvious way:
 *
 *     await app.register(uploadPostConnect({ apiKey, identity: { getUser: (c) => c.env.request.user?.id } }), { prefix: '/upload-post' });
 *
 * Every method and path under the prefix is the token server's; it reads its own bodies (the
 * plugin's scope parses none), and gets the whole public URL (`request.protocol`, `request.host`,
 * so `trustProxy` applies). `c.env.request` is Fastify's request, `c.env.incoming` Node's.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TokenServerOptions } from '../options.ts';
import { mountedTokenServer } from './mounted-listener.ts';

export function uploadPostConnect(options: TokenServerOptions): FastifyPluginAsync {
  const serve = mountedTokenServer(options);
  return async function uploadPostConnectPlugin(fastify) {
    // The token server reads (and limits) bodies itself: leave the stream unread.
    fastify.removeAllContentTypeParsers();
    fastify.addContentTypeParser('*', (_request, _payload, done) => {
      done(null);
    });
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      reply.hijack();
      await serve(request.raw, reply.raw, {
        mountPath: fastify.prefix,
        protocol: request.protocol,
        host: request.host,
        path: request.url,
        frameworkRequest: request,
      });
    };
    fastify.all('/', handler);
    fastify.all('/*', handler);
  };
}
