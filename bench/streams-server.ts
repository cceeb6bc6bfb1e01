/**
 * The server for `streams.ts` and `live-paths.ts`, in its own process (run with `--expose-gc`):
 *
 *   token-server   live accounts on, its upstream a fake in memory (only the streams and connect
 *                  sessions are measured, no upstream call is), users u0…u(N-1)
 *   bare-sse       a Hono app whose `/upload-post/events` is `streamSSE` writing one event and
 *                  holding: the floor of any SSE stream served by Hono on Node
 *
 * Over IPC it answers `memory` (after a full GC) and `link` (every user's TikTok becomes linked, as
 * Upload-Post would then say by webhook).
 */
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { createTokenServer } from '../token-server/app.ts';
import type { UploadPostApi, UpstreamProfile } from '../upload-post/index.ts';
import { BENCH_SESSION_SECRET } from './lib.ts';

export const BENCH_WEBHOOK_SECRET = 'bench-webhook-secret-0123456789';

const mode = process.argv[2];
const users = Number(process.argv[3] ?? 0);
const profiles = new Map<string, UpstreamProfile>();
for (let i = 0; i < users; i++) profiles.set(`u${i}`, { username: `u${i}`, social_accounts: {} });

let minted = 0;
const notUsed = () => Promise.reject(new Error('not used by the streams bench'));
const upstream: UploadPostApi = {
  getProfile: async (username) => profiles.get(username) ?? Promise.reject(new Error(`no profile ${username}`)),
  createProfile: notUsed,
  listProfiles: notUsed,
  deleteProfile: notUsed,
  // A link per mint, as Upload-Post answers: only the connect session it opens is measured.
  generateJwt: async (options) => ({ access_url: `http://127.0.0.1:9/connect?token=${options.username}.${++minted}`, duration: '48h' }),
  validateJwt: notUsed,
  facebookPages: async () => [],
};

const app = createTokenServer({
  upstream,
  identity: { sessionSecret: BENCH_SESSION_SECRET },
  webhookSecret: BENCH_WEBHOOK_SECRET,
  // The bench opens five per user; the total bound must not be what it measures.
  events: { maxStreams: 100_000 },
  log: () => undefined,
});
const root = new Hono();
if (mode === 'bare-sse') {
  root.get('/upload-post/events', (c) =>
    streamSSE(c, async (stream) => {
      await stream.write('event: accounts\ndata: {"accounts":[]}\n\n');
      await new Promise<void>((resolve) => stream.onAbort(resolve));
    }),
  );
  root.get('/upload-post/healthz', (c) => c.json({ status: 'ok' }));
} else {
  root.route('/upload-post', app);
}
const server = await new Promise<Server>((resolve) => {
  const started = serve({ fetch: root.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started as Server));
});

const gc = (globalThis as { gc?: () => void }).gc;
process.on('message', (message: { type: string; id: number }) => {
  if (message.type === 'memory') {
    gc?.();
    gc?.();
    const { heapUsed, rss, external, arrayBuffers } = process.memoryUsage();
    process.send!({ type: 'memory', id: message.id, heapUsed, rss, external, arrayBuffers, connections: -1 });
  } else if (message.type === 'link') {
    for (const [username, profile] of profiles) {
      profile.social_accounts = { tiktok: { connected: true, details: { username: `${username}_tt` }, raw: {} } };
    }
    process.send!({ type: 'linked', id: message.id });
  }
});
const stop = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('disconnect', stop);
const { port } = server.address() as { port: number };
process.send!({ type: 'listening', url: `http://127.0.0.1:${port}` });
