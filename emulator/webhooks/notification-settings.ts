/**
 * The emulated account's notification settings (`/users/notifications`): which channels are on, where
 * the webhook goes, which events it carries. Read and changed by the API, consulted by the sender.
 */
import { z } from 'zod';
import { httpUrlSchema } from '../../lib/zod-issues.ts';
import { WEBHOOK_EVENTS } from '../../upload-post/index.ts';

export interface NotificationSettings {
  channels: Record<string, boolean>;
  webhook_url: string | null;
  telegram_chat_id: string | null;
  webhook_events: Record<string, boolean>;
}

/**
 * What `POST /users/notifications` accepts: the documented fields, `webhook_events` as an object of
 * booleans or (the official SDK's typings) an array of names. Unknown fields are ignored, as the
 * real API most likely does.
 */
export const notificationSettingsBody = z.object({
  channels: z.record(z.string(), z.boolean()).optional(),
  webhook_url: z.union([httpUrlSchema('must be an absolute http(s) URL'), z.literal(''), z.null()]).optional(),
  telegram_chat_id: z.union([z.string(), z.number(), z.null()]).optional(),
  webhook_events: z.union([z.record(z.string(), z.boolean()), z.array(z.string())]).optional(),
});
export type NotificationSettingsChange = z.output<typeof notificationSettingsBody>;

function defaults(): NotificationSettings {
  // The documentation: every event is on when `webhook_events` is omitted.
  return {
    channels: { webhook: false, telegram: false },
    webhook_url: null,
    telegram_chat_id: null,
    webhook_events: Object.fromEntries(WEBHOOK_EVENTS.map((event) => [event, true])),
  };
}

export class NotificationSettingsState {
  private current = defaults();

  get settings(): NotificationSettings {
    return structuredClone(this.current);
  }

  /** Fields given replace (channels and events merge); fields left out stay. */
  update(change: NotificationSettingsChange): NotificationSettings {
    const next = this.settings;
    if (change.channels) next.channels = { ...next.channels, ...change.channels };
    if (change.webhook_url !== undefined) next.webhook_url = change.webhook_url || null;
    if (change.telegram_chat_id !== undefined) next.telegram_chat_id = change.telegram_chat_id === null ? null : String(change.telegram_chat_id);
    if (Array.isArray(change.webhook_events)) {
      const listed = change.webhook_events;
      next.webhook_events = Object.fromEntries([...new Set([...Object.keys(next.webhook_events), ...listed])].map((event) => [event, listed.includes(event)]));
    } else if (change.webhook_events) {
      next.webhook_events = { ...next.webhook_events, ...change.webhook_events };
    }
    this.current = next;
    return this.settings;
  }

  /** Where a webhook for `event` goes now, or undefined when none should be sent. */
  webhookTarget(event: string): string | undefined {
    const { channels, webhook_url, webhook_events } = this.current;
    if (channels.webhook !== true || !webhook_url) return undefined;
    return webhook_events[event] === false ? undefined : webhook_url;
  }

  reset(): void {
    this.current = defaults();
  }
}
