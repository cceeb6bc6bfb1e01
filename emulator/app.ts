/**
 * `createEmulator()`: the offline Upload-Post (API, connect page, admin routes) on one Hono app with
 * an in-memory store, the default upstream of the demo and of every test.
 */
import { Hono, type Context } from 'hono';
import { basePath } from 'hono/route';
import { createApiRoutes } from './api/api-routes.ts';
import { createAdminRoutes } from './admin-routes.ts';
import { createConnectPage } from './connect-page/routes.ts';
import { Faults, type FaultSettings } from './faults.ts';
import { bounceHeaders, bounceRoute } from './network/bounce.ts';
import { createNetwork } from './network/routes.ts';
import { EmulatorStore, randomIdentifier } from './store.ts';
import { createAccountWebhooks, type AccountWebhooks } from './webhooks/account-webhooks.ts';
import type { DeliveryFaultSettings } from './webhooks/delivery-faults.ts';

export interface EmulatorOptions extends Partial<FaultSettings> {
  /** The key clients must send as `Authorization: Apikey …`. */
  apiKey?: string;
  /** Signs the connect links' JWTs; random per process by default. */
  jwtSecret?: string;
  /** Profiles allowed by the emulated plan (the documentation's `limit`). */
  profileLimit?: number;
  plan?: string;
  /**
   * Origin (and optional path prefix) of the connect page in minted `access_url`s, e.g.
   * `http://127.0.0.1:8788`. Defaults to the origin the generate-jwt request arrived on.
   */
  connectPageUrl?: string;
  /** Largest request body accepted, in bytes. */
  bodyLimitBytes?: number;
  /** The emulator's clock, in milliseconds since the epoch; tests move time with it. */
  now?: () => number;
  /** Source of randomness for the fault injector's error rate and the consent page's defaults. */
  random?: () => number;
  /**
   * The consent step goes through the emulated network's screen (`network`), served with
   * `Cross-Origin-Opener-Policy: same-origin` as Meta's and Google's are. Default true; false keeps
   * the consent on the connect page's own origin, without the hop.
   */
  oauthHop?: boolean;
  /**
   * Where `network` is served, e.g. `http://127.0.0.1:8789` (an origin of its own, as in reality).
   * Default: `/network` beside the connect page, on the same app (`setNetworkUrl` changes it later).
   */
  networkUrl?: string;
  /** Webhook delivery: waits before each retry (default 1 s, 4 s, 16 s, 64 s), attempt timeout, faults. */
  webhooks?: { retryDelaysMs?: readonly number[]; timeoutMs?: number; faults?: Partial<DeliveryFaultSettings> };
}

export interface Emulator {
  /** The API, the connect page, the admin routes, and the network under `/network`. */
  app: Hono;
  /** The network's consent screens alone, to serve on an origin of their own. */
  network: Hono;
  /** Where the network is served from now on (once its listener knows its port). */
  setNetworkUrl(url: string | undefined): void;
  store: EmulatorStore;
  faults: Faults;
  /** Notification settings, the webhook sender (its deliveries, `whenIdle()`), delivery faults. */
  webhooks: AccountWebhooks;
  apiKey: string;
  /** Back to a fresh state: no profiles, links or sessions, no faults, no notification settings or deliveries. */
  reset(): void;
}

export const DEFAULT_EMULATOR_API_KEY = 'emulator-api-key';

/**
 * @example
 *   const emulator = createEmulator({ apiKey: 'test-key' });
 *   await emulator.app.request('/api/uploadposts/users', { headers: { Authorization: 'Apikey test-key' } });
 */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const apiKey = options.apiKey ?? DEFAULT_EMULATOR_API_KEY;
  const jwtSecret = options.jwtSecret ?? randomIdentifier() + randomIdentifier();
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const store = new EmulatorStore({ profileLimit: options.profileLimit, plan: options.plan, now });
  const initialLimit = store.profileLimit;
  const faults = new Faults(options, random);
  const webhooks = createAccountWebhooks({ store, now, random, ...options.webhooks });
  const reset = () => {
    store.reset();
    store.profileLimit = initialLimit;
    faults.clear();
    webhooks.reset();
  };

  let networkBase = options.networkUrl?.replace(/\/+$/, '');
  const network = createNetwork({ secret: jwtSecret, now, random });
  // Beside the connect page on the same app when no other origin serves it.
  const networkUrl = (c: Context) => networkBase ?? new URL(`${basePath(c).replace(/\/connect$/, '')}/network`, c.req.url).href;

  const app = new Hono();
  app.route('/__emulator', createAdminRoutes({ store, faults, webhooks, reset }));
  app.get('/api/uploadposts/oauth/bounce', bounceHeaders, bounceRoute(jwtSecret, now));
  app.route(
    '/api/uploadposts',
    createApiRoutes({
      store,
      faults,
      webhooks,
      apiKey,
      jwtSecret,
      now,
      connectPageUrl: options.connectPageUrl,
      bodyLimitBytes: options.bodyLimitBytes ?? 64 * 1024,
    }),
  );
  app.route('/connect', createConnectPage({ store, jwtSecret, now, random, networkUrl: options.oauthHop === false ? undefined : networkUrl }));
  app.route('/network', network);
  return {
    app,
    network,
    setNetworkUrl: (url) => {
      networkBase = url?.replace(/\/+$/, '');
    },
    store,
    faults,
    webhooks,
    apiKey,
    reset,
  };
}
