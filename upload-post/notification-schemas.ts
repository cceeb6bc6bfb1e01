/**
 * zod schemas of Upload-Post's notification settings (`/uploadposts/users/notifications`), after its
 * "Webhooks & Notifications" page and the official SDK: strict in what is sent, lenient in what is
 * read (`webhook_events` comes as an object of booleans or, in the SDK's typings, an array of names).
 */
import { z } from 'zod';
import { httpUrlSchema } from '../lib/zod-issues.ts';

/** The events a webhook can carry, as the documentation names them. */
export const WEBHOOK_EVENTS = ['upload_completed', 'social_account_connected', 'social_account_disconnected', 'social_account_reauth_required'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** The events about linked accounts: what the token server listens to. */
export const ACCOUNT_WEBHOOK_EVENTS = ['social_account_connected', 'social_account_disconnected', 'social_account_reauth_required'] as const;
export type AccountWebhookEvent = (typeof ACCOUNT_WEBHOOK_EVENTS)[number];

/** The notification settings as read back, aliases resolved; unknown fields pass through. */
export interface NotificationConfig {
  /** Which channels are on, e.g. `{ webhook: true, telegram: false }`; unknown channels are kept. */
  channels: Record<string, boolean>;
  /** Absent when none is set. */
  webhook_url?: string;
  telegram_chat_id?: string;
  /** Which events the webhook carries. Absent means every event (the documented default). */
  webhook_events?: Record<string, boolean>;
  [extra: string]: unknown;
}

/** What `updateNotificationConfig` sends; fields left out are left as they are upstream. */
export interface NotificationConfigUpdate {
  channels?: { webhook?: boolean; telegram?: boolean };
  webhook_url?: string;
  telegram_chat_id?: string;
  /** An object of booleans (documented) or the list of events to turn on (the others go off); sent as the object. */
  webhook_events?: Partial<Record<WebhookEvent, boolean>> | WebhookEvent[];
}

export interface NotificationTestResult {
  message?: string;
  [extra: string]: unknown;
}

// ── answers, lenient ─────────────────────────────────────────────────────────────────────────

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Only boolean values are kept: a flag of another type says nothing usable, and must not fail the read. */
function booleansOf(value: Record<string, unknown>): Record<string, boolean> {
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, boolean] => typeof entry[1] === 'boolean'));
}

const flagsAnswer = z
  .unknown()
  .transform((value): Record<string, boolean> | undefined => {
    if (Array.isArray(value)) return Object.fromEntries(value.filter((item): item is string => typeof item === 'string').map((name) => [name, true]));
    return isPlainObject(value) ? booleansOf(value) : undefined;
  })
  .optional();

const optionalText = z
  .unknown()
  .transform((value) => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined))
  .optional();

const CONFIG_FIELDS = ['channels', 'webhook_url', 'telegram_chat_id', 'webhook_events'];

/** The settings object: every documented field optional, since the upstream may leave any out. */
const notificationConfigSchema = z
  .looseObject({ channels: flagsAnswer, webhook_url: optionalText, telegram_chat_id: optionalText, webhook_events: flagsAnswer })
  .transform((config): NotificationConfig => {
    const { channels, webhook_url, telegram_chat_id, webhook_events, ...rest } = config;
    const result: NotificationConfig = { ...rest, channels: channels ?? {} };
    if (webhook_url !== undefined) result.webhook_url = webhook_url;
    if (telegram_chat_id !== undefined) result.telegram_chat_id = telegram_chat_id;
    if (webhook_events !== undefined) result.webhook_events = webhook_events;
    return result;
  });

const successFlag = z
  .boolean()
  .refine((value) => value, { error: 'the answer says success: false' })
  .optional();

/**
 * `GET` and `POST /uploadposts/users/notifications`: the settings under `notifications`, as documented;
 * settings at the top level are read too. An answer with neither is a shape error, not empty settings.
 */
export const notificationConfigResponseSchema = z
  .looseObject({ success: successFlag, notifications: z.unknown().optional() })
  .transform((answer, ctx): NotificationConfig => {
    const source = answer.notifications ?? (CONFIG_FIELDS.some((field) => field in answer) ? answer : undefined);
    if (!isPlainObject(source)) {
      ctx.addIssue({ code: 'custom', path: ['notifications'], message: 'missing (expected the notification settings as an object)' });
      return z.NEVER;
    }
    const { success: _success, ...config } = source;
    // Every field of the settings is optional and lenient: this parse cannot fail.
    return notificationConfigSchema.parse(config);
  });

/** `POST /uploadposts/users/notifications/test` */
export const notificationTestResponseSchema = z
  .looseObject({ success: successFlag, message: z.string().nullish().catch(undefined) })
  .transform((answer): NotificationTestResult => {
    const { success: _success, message, ...rest } = answer;
    return typeof message === 'string' ? { ...rest, message } : rest;
  });

// ── requests, strict ─────────────────────────────────────────────────────────────────────────

const flag = z.boolean({ error: 'expected true or false' });
const eventName = z.enum(WEBHOOK_EVENTS, { error: (issue) => `unknown event ${JSON.stringify(issue.input)} (known: ${WEBHOOK_EVENTS.join(', ')})` });

/** Body of `POST /uploadposts/users/notifications`. The event list form becomes the documented object. */
export const notificationConfigUpdateSchema = z.strictObject({
  channels: z.strictObject({ webhook: flag.optional(), telegram: flag.optional() }).optional(),
  webhook_url: httpUrlSchema('webhook_url must be an absolute http(s) URL').optional(),
  telegram_chat_id: z.string().min(1).optional(),
  webhook_events: z
    .union([
      z.strictObject(Object.fromEntries(WEBHOOK_EVENTS.map((event) => [event, flag.optional()])) as Record<WebhookEvent, z.ZodOptional<typeof flag>>),
      z
        .array(eventName)
        .transform((list): Partial<Record<WebhookEvent, boolean>> => Object.fromEntries(WEBHOOK_EVENTS.map((event) => [event, list.includes(event)]))),
    ])
    .optional(),
});

/** Whether `event` reaches the webhook under `config`: events left out of `webhook_events` are on. */
export function isWebhookEventOn(config: Pick<NotificationConfig, 'webhook_events'>, event: string): boolean {
  return config.webhook_events?.[event] ?? true;
}
