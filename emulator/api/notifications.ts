/**
 * `/users/notifications` (read and change the notification settings) and `/users/notifications/test`.
 * Mounted before `/users/{username}`, which would otherwise read "notifications" as a profile name.
 */
import { Hono } from 'hono';
import { EmulatorHttpError } from '../http-error.ts';
import { parseWith, readJsonObject } from '../request-body.ts';
import type { AccountWebhooks } from '../webhooks/account-webhooks.ts';
import { notificationSettingsBody } from '../webhooks/notification-settings.ts';
import type { ApiKeyCheck } from './api-key.ts';

export interface NotificationRoutesOptions {
  webhooks: AccountWebhooks;
  apiKey: ApiKeyCheck;
}

export const NO_CHANNEL = 'No notification channel is configured: set channels.webhook and webhook_url first';

export function createNotificationRoutes({ webhooks, apiKey }: NotificationRoutesOptions): Hono {
  const app = new Hono();

  app.get('/users/notifications', apiKey.require, (c) => c.json({ success: true, notifications: webhooks.settings.settings }));

  app.post('/users/notifications', apiKey.require, async (c) => {
    const change = parseWith(notificationSettingsBody, await readJsonObject(c));
    return c.json({ success: true, notifications: webhooks.settings.update(change) });
  });

  app.post('/users/notifications/test', apiKey.require, (c) => {
    const delivery = webhooks.sendTest();
    if (!delivery) throw new EmulatorHttpError(400, NO_CHANNEL);
    return c.json({ success: true, message: 'Test notification sent' });
  });

  return app;
}
