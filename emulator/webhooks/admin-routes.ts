/**
 * The emulator's webhook controls under `/__emulator` (added to its admin routes, behind their
 * guards): the deliveries made, their faults, releasing held ones, and marking an account as
 * needing reauth (which notifies like any other account change).
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { EmulatorHttpError } from '../http-error.ts';
import { parseWith, readJsonObject } from '../request-body.ts';
import type { EmulatorStore } from '../store.ts';
import type { AccountWebhooks } from './account-webhooks.ts';
import { deliveryFaultSettingsSchema } from './delivery-faults.ts';

const releaseBody = z.strictObject({ order: z.enum(['fifo', 'reverse']).default('fifo') });

export function addWebhookAdminRoutes(app: Hono, { store, webhooks }: { store: EmulatorStore; webhooks: AccountWebhooks }): void {
  app.get('/webhooks/deliveries', (c) => c.json({ deliveries: webhooks.sender.deliveries }));

  app.get('/webhooks/faults', (c) => c.json(webhooks.faults.settings));

  app.put('/webhooks/faults', async (c) => {
    const change = parseWith(deliveryFaultSettingsSchema.partial(), await readJsonObject(c));
    return c.json(webhooks.faults.set(change));
  });

  app.post('/webhooks/release', async (c) => {
    const { order } = parseWith(releaseBody, (await readJsonObject(c, { optional: true })) ?? {});
    return c.json({ released: await webhooks.sender.release(order), success: true });
  });

  app.post('/profiles/:username/accounts/:platform/reauth-required', (c) => {
    const username = c.req.param('username');
    if (!store.getProfile(username)) throw new EmulatorHttpError(404, 'Profile not found');
    if (!store.markReauthRequired(username, c.req.param('platform'))) throw new EmulatorHttpError(404, 'No linked account on this platform');
    return c.json({ profile: store.getProfile(username), success: true });
  });
}
