/** `/__emulator`: controls only the emulator has (faults, reset, plan limit, seeded accounts, served variations), for tests and the demo. */
import { Hono } from 'hono';
import { z } from 'zod';
import { formatIssue } from '../lib/zod-issues.ts';
import { createVariationRoutes } from './admin-variation-routes.ts';
import { adminRequestGuard } from './admin-guard.ts';
import { faultSettingsSchema, type Faults } from './faults.ts';
import { EmulatorHttpError, jsonErrorHandler } from './http-error.ts';
import { limitBodySize, parseWith, readJsonObject } from './request-body.ts';
import type { EmulatorStore } from './store.ts';
import type { AccountWebhooks } from './webhooks/account-webhooks.ts';
import { addWebhookAdminRoutes } from './webhooks/admin-routes.ts';

export interface AdminRoutesOptions {
  store: EmulatorStore;
  faults: Faults;
  webhooks: AccountWebhooks;
  /** Back to a fresh state (the emulator's own reset: store, limit and faults). */
  reset: () => void;
}

const ADMIN_BODY_LIMIT_BYTES = 64 * 1024;

const limitBody = z.strictObject({ limit: z.number().int().min(0) });

/**
 * A linked account as the documentation shows one. Extra fields pass through (e.g. TikTok's
 * `capabilities`), so tests can seed the variations clients must tolerate.
 */
const accountBody = z.looseObject({
  username: z.string().min(1),
  display_name: z.string().min(1),
  social_images: z.string().optional(),
});

/**
 * Any lowercase id is accepted, not only the known platforms: seeding one the element has never
 * heard of is how its "unknown platforms are shown generically" rule gets tested.
 */
const platformParam = z.string().regex(/^[a-z0-9_]{1,40}$/, 'must be a lowercase platform id');

/**
 * Unauthenticated on purpose (the CLI listens on 127.0.0.1 only), never behind the fault injector
 * (a test must always be able to switch faults off), and strict: an unknown field is a 400, so a
 * typo in a test's setup fails loudly instead of silently doing nothing.
 */
export function createAdminRoutes({ store, faults, webhooks, reset }: AdminRoutesOptions): Hono {
  const app = new Hono();
  app.onError(jsonErrorHandler);
  app.use('*', adminRequestGuard(), limitBodySize(ADMIN_BODY_LIMIT_BYTES));

  app.get('/faults', (c) => c.json(faults.settings));

  app.put('/faults', async (c) => {
    const change = parseWith(faultSettingsSchema.partial(), await readJsonObject(c));
    return c.json(faults.set(change));
  });

  app.post('/reset', (c) => {
    reset();
    return c.json({ success: true });
  });

  app.put('/limit', async (c) => {
    const { limit } = parseWith(limitBody, await readJsonObject(c));
    store.profileLimit = limit;
    return c.json({ limit, success: true });
  });

  app.put('/profiles/:username/accounts/:platform', async (c) => {
    const platform = parseWith(platformParam, c.req.param('platform'), (issue) => `Invalid platform: ${formatIssue(issue)}`);
    const { social_images = '', ...account } = parseWith(accountBody, await readJsonObject(c));
    const username = c.req.param('username');
    if (!store.connectAccount(username, platform, { ...account, social_images })) {
      throw new EmulatorHttpError(404, 'Profile not found');
    }
    return c.json({ profile: store.getProfile(username), success: true });
  });

  app.delete('/profiles/:username/accounts/:platform', (c) => {
    const username = c.req.param('username');
    if (!store.getProfile(username)) throw new EmulatorHttpError(404, 'Profile not found');
    if (!store.disconnectAccount(username, c.req.param('platform'))) {
      throw new EmulatorHttpError(404, 'No such account on this profile');
    }
    return c.json({ profile: store.getProfile(username), success: true });
  });

  // Odd slots, unknown platforms, other created_at formats: a file of their own.
  app.route('/', createVariationRoutes({ store }));
  addWebhookAdminRoutes(app, { store, webhooks });

  app.all('*', () => {
    throw new EmulatorHttpError(404, 'Not Found');
  });
  return app;
}
