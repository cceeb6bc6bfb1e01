/** The emulated User Profiles API, mounted at `/api/uploadposts`: its checks in order, its route groups, 405 and 404. */
import { Hono } from 'hono';
import type { Faults } from '../faults.ts';
import { EmulatorHttpError, jsonErrorHandler } from '../http-error.ts';
import { limitBodySize } from '../request-body.ts';
import type { EmulatorStore } from '../store.ts';
import { apiKeyCheck } from './api-key.ts';
import { createConnectLinkRoutes } from './connect-links.ts';
import { createFacebookPagesRoutes } from './facebook-pages.ts';
import { createNotificationRoutes } from './notifications.ts';
import type { AccountWebhooks } from '../webhooks/account-webhooks.ts';
import { createProfileRoutes } from './profiles.ts';

export interface ApiRoutesOptions {
  store: EmulatorStore;
  faults: Faults;
  /** The notification settings and the webhook sender. */
  webhooks: AccountWebhooks;
  /** The key clients must send as `Authorization: Apikey …`. */
  apiKey: string;
  /** Signs and checks the connect JWTs (shared with the connect page). */
  jwtSecret: string;
  now: () => number;
  /** Origin (and optional path prefix) of the connect page; the request's origin when absent. */
  connectPageUrl?: string | undefined;
  /** Largest request body accepted, in bytes; larger ones get a 413. */
  bodyLimitBytes: number;
}

/** The methods each path answers; any other gets a 405 with this `Allow`. */
const ALLOWED_METHODS: Record<string, string> = {
  '/users': 'GET, POST, DELETE',
  '/users/generate-jwt': 'POST',
  '/users/validate-jwt': 'GET, POST',
  '/users/notifications': 'GET, POST',
  '/users/notifications/test': 'POST',
  '/users/:username': 'GET',
  '/facebook/pages': 'GET',
};

export function createApiRoutes(options: ApiRoutesOptions): Hono {
  const { store, faults, webhooks, jwtSecret, now, connectPageUrl, bodyLimitBytes } = options;
  const apiKey = apiKeyCheck(options.apiKey);
  if (!Number.isSafeInteger(bodyLimitBytes) || bodyLimitBytes <= 0) {
    throw new TypeError(`bodyLimitBytes must be a positive whole number of bytes, got ${bodyLimitBytes}.`);
  }

  const app = new Hono();
  app.onError(jsonErrorHandler);
  // Faults → body size → API key (per route) → body validation → route. Faults come first: an
  // upstream that is down or slow is so for everyone, authenticated or not.
  app.use('*', faults.middleware());
  app.use('*', limitBodySize(bodyLimitBytes));

  // Connect links and notifications before profiles, whose `/users/:username` would take
  // `/users/validate-jwt` and `/users/notifications`.
  app.route('/', createConnectLinkRoutes({ store, apiKey, jwtSecret, now, connectPageUrl }));
  app.route('/', createNotificationRoutes({ webhooks, apiKey }));
  app.route('/', createProfileRoutes({ store, apiKey }));
  app.route('/', createFacebookPagesRoutes({ store, apiKey }));

  for (const [path, methods] of Object.entries(ALLOWED_METHODS)) {
    app.all(path, (c) => {
      c.header('Allow', methods);
      throw new EmulatorHttpError(405, 'Method Not Allowed');
    });
  }
  app.all('*', () => {
    throw new EmulatorHttpError(404, 'Not Found');
  });
  return app;
}
