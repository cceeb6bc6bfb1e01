/**
 * `createEmulator()`: the offline Upload-Post (API, connect page, admin routes) on one Hono app with
 * an in-memory store, the default upstream of the demo and of every test.
 */
import { Hono } from 'hono';
import { createApiRoutes } from './api/api-routes.ts';
import { createAdminRoutes } from './admin-routes.ts';
import { createConnectPage } from './connect-page/routes.ts';
import { Faults, type FaultSettings } from './faults.ts';
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
  /** Webhook delivery: waits before each retry (default 1 s, 4 s, 16 s, 64 s), attempt timeout, faults. */
  webhooks?: { retryDelaysMs?: readonly number[]; timeoutMs?: number; faults?: Partial<DeliveryFaultSettings> };
}

export interface Emulator {
  app: Hono;
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

  const app = new Hono();
  app.route('/__emulator', createAdminRoutes({ store, faults, webhooks, reset }));
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
  app.route('/connect', createConnectPage({ store, jwtSecret, now, random }));
  return { app, store, faults, webhooks, apiKey, reset };
}
