/**
 * @module `registerWebhook(client, url)`: makes Upload-Post send account events to the token server's
 * webhook URL, idempotently: the settings are read first and changed only when they differ. Upload-Post
 * keeps one webhook URL per account; another one already there is replaced only when asked.
 */
import {
  ACCOUNT_WEBHOOK_EVENTS,
  isWebhookEventOn,
  type NotificationConfig,
  type NotificationConfigUpdate,
  type UploadPostClient,
  type WebhookEvent,
} from '../../upload-post/index.ts';
import { WEBHOOK_PATH, WEBHOOK_SECRET_QUERY } from '../routes/webhooks.ts';

export interface RegisterWebhookOptions {
  /** Events to turn on (default: the three account events); others are left as they are. */
  events?: readonly WebhookEvent[];
  /** Replace a different webhook URL already registered (default: refuse, and say which). */
  replace?: boolean;
  signal?: AbortSignal;
}

export type RegisterWebhookResult =
  | { status: 'unchanged' | 'registered'; config: NotificationConfig; previousUrl?: string }
  | { status: 'conflict'; config: NotificationConfig; previousUrl: string };

/** `{publicUrl}/webhooks/upload-post?secret=…`: the URL to register for a token server at `publicUrl` (its mount path included). */
export function webhookUrl(publicUrl: string, secret: string): string {
  const url = new URL(`${publicUrl.replace(/\/+$/, '')}${WEBHOOK_PATH}`);
  url.searchParams.set(WEBHOOK_SECRET_QUERY, secret);
  return url.href;
}

export async function registerWebhook(
  client: Pick<UploadPostClient, 'getNotificationConfig' | 'updateNotificationConfig'>,
  url: string,
  options: RegisterWebhookOptions = {},
): Promise<RegisterWebhookResult> {
  const events = options.events ?? ACCOUNT_WEBHOOK_EVENTS;
  const config = await client.getNotificationConfig(options.signal);
  const previousUrl = config.webhook_url;
  const sameUrl = previousUrl === url;
  if (sameUrl && config.channels.webhook === true && events.every((event) => isWebhookEventOn(config, event))) {
    return { status: 'unchanged', config };
  }
  if (previousUrl !== undefined && !sameUrl && options.replace !== true) return { status: 'conflict', config, previousUrl };
  const update: NotificationConfigUpdate = {
    channels: { webhook: true },
    webhook_url: url,
    webhook_events: Object.fromEntries(events.map((event) => [event, true])),
  };
  const updated = await client.updateNotificationConfig(update, options.signal);
  return previousUrl !== undefined && !sameUrl ? { status: 'registered', config: updated, previousUrl } : { status: 'registered', config: updated };
}
