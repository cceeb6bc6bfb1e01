/**
 * Live accounts end to end, over real sockets: the emulator (short webhook retries), one or more
 * token servers receiving its webhooks, a forward receiver standing for the customer's backend, and
 * the webhook registered as a customer would (`registerWebhook`). Everything said is captured.
 */
import { createEmulator, type Emulator } from '../../emulator/index.ts';
import { createTokenServer } from '../../token-server/app.ts';
import { createSessionToken } from '../../token-server/identity/session-token.ts';
import { registerWebhook, webhookUrl } from '../../token-server/live/register-webhook.ts';
import { mountTokenServer } from '../../token-server/mount.ts';
import type { TokenServerOptions } from '../../token-server/options.ts';
import { MemoryPubSub } from '../../token-server/stores/memory-pubsub.ts';
import { MemoryStore } from '../../token-server/stores/memory-store.ts';
import type { SharedPubSub } from '../../token-server/stores/shared-pubsub.ts';
import { UploadPostClient } from '../../upload-post/index.ts';
import { serveOnLoopback, type LoopbackServer } from './loopback.ts';
import { API_KEY, APP_ORIGIN, Capture, SESSION_SECRET } from './token-server-fixtures.ts';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.ts';

export const WEBHOOK_SECRET = 'webhook-secret-for-tests-7c1e2a9b';
export const FORWARD_SECRET = 'forward-secret-for-tests-3d8f6b0a';

/** A MemoryStore that also fans out: two token servers in one process sharing it behave as a fleet on Redis would. */
export class SharedMemory extends MemoryStore implements SharedPubSub {
  private readonly channels = new MemoryPubSub();
  publish(channel: string, message: string) {
    return this.channels.publish(channel, message);
  }
  subscribe(channel: string, listener: (message: string) => void) {
    return this.channels.subscribe(channel, listener);
  }
}

export interface TokenServerInstance {
  /** `http://127.0.0.1:<port>/upload-post` */
  url: string;
  shutdown: AbortController;
  server: LoopbackServer;
}

export interface LiveStack {
  emulator: Emulator;
  emulatorServer: LoopbackServer;
  client: UploadPostClient;
  backend: WebhookReceiver;
  capture: Capture;
  /** A token server with live accounts on, forwarding to `backend`. */
  start(overrides?: Partial<TokenServerOptions>): Promise<TokenServerInstance>;
  /** Registers `instance`'s webhook URL with the emulator. */
  register(instance: TokenServerInstance): Promise<void>;
  /** `/events` URL for `userId`, the session token in the query. */
  eventsUrl(instance: TokenServerInstance, userId: string, query?: string): Promise<string>;
  /** An emulator admin call. */
  admin(path: string, method: string, body?: unknown): Promise<Response>;
  close(): Promise<void>;
}

export async function startLiveStack(): Promise<LiveStack> {
  const capture = new Capture();
  const emulator = createEmulator({ apiKey: API_KEY, webhooks: { retryDelaysMs: [20, 50, 100] } });
  const emulatorServer = await serveOnLoopback(emulator.app.fetch);
  const client = new UploadPostClient({ apiKey: API_KEY, baseUrl: `${emulatorServer.url}/api`, timeoutMs: 2_000 });
  const backend = await startWebhookReceiver();
  const instances: TokenServerInstance[] = [];
  return {
    emulator,
    emulatorServer,
    client,
    backend,
    capture,
    async start(overrides = {}) {
      const shutdown = new AbortController();
      const app = createTokenServer({
        upstream: client,
        identity: { sessionSecret: SESSION_SECRET },
        allowedOrigins: [APP_ORIGIN],
        webhookSecret: WEBHOOK_SECRET,
        forward: { url: `${backend.url}/hooks/upload-post`, secret: FORWARD_SECRET, retryDelayMs: 20 },
        log: capture.sink,
        secrets: [API_KEY],
        shutdownSignal: shutdown.signal,
        ...overrides,
      });
      const server = await serveOnLoopback(mountTokenServer(app).fetch);
      const instance = { url: `${server.url}/upload-post`, shutdown, server };
      instances.push(instance);
      return instance;
    },
    async register(instance) {
      const result = await registerWebhook(client, webhookUrl(instance.url, WEBHOOK_SECRET), { replace: true });
      if (result.status === 'conflict') throw new Error('registration refused');
    },
    async eventsUrl(instance, userId, query = '') {
      const token = await createSessionToken({ userId, secret: SESSION_SECRET, ttl: 600 });
      return `${instance.url}/events?session_token=${token}${query}`;
    },
    admin: async (path, method, body) =>
      emulator.app.request(`/__emulator${path}`, {
        method,
        ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
      }),
    async close() {
      for (const instance of instances) instance.shutdown.abort();
      emulator.reset();
      await Promise.all([...instances.map((instance) => instance.server.close()), emulatorServer.close(), backend.close()]);
    },
  };
}

export { API_KEY, APP_ORIGIN, SESSION_SECRET };
