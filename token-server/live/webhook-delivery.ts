/**
 * @module What a webhook delivery from Upload-Post asks of the token server, read leniently: its
 * payload for account events is not documented, so the profile, event, platform and delivery id are
 * looked for under the names Upload-Post uses elsewhere (`profile_username`, `event`, `platform`)
 * and the usual alternatives, at the top or in a `data` envelope. An array is a batch.
 */
import { ACCOUNT_WEBHOOK_EVENTS, profileNameProblem, type AccountWebhookEvent } from '../../upload-post/index.ts';
import type { WebhookHint } from './accounts-watch.ts';

export type WebhookAction =
  | { action: 'refresh'; profile: string; hint: WebhookHint }
  /** `expected`: an event that is not about accounts; otherwise a shape this server did not expect. */
  | { action: 'ignore'; reason: string; expected: boolean };

const PROFILE_FIELDS = ['profile_username', 'profileUsername', 'username', 'profile', 'user_username', 'user'];
const EVENT_FIELDS = ['event', 'type', 'event_type', 'eventType'];
const PLATFORM_FIELDS = ['platform', 'social_network', 'network', 'provider'];
const ID_FIELDS = ['delivery_id', 'deliveryId', 'event_id', 'eventId', 'id'];
/** Events that say nothing about accounts: no re-read. */
const OTHER_EVENTS = new Set(['upload_completed', 'test', 'test_notification', 'ping']);
/** Larger batches are cut: Upload-Post sends one event per delivery as far as is known. */
const MAX_BATCH = 50;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first of `names` holding a non-empty string (or a number) in the first of `sources` that has one. */
function field(sources: readonly unknown[], names: readonly string[]): string | undefined {
  for (const source of sources) {
    if (!isObject(source)) continue;
    for (const name of names) {
      const value = source[name];
      if (typeof value === 'string' && value.trim() !== '') return value.trim();
      if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    }
  }
  return undefined;
}

function readOne(payload: unknown): WebhookAction {
  if (!isObject(payload)) return { action: 'ignore', reason: 'the delivery is not a JSON object', expected: false };
  // `data` is an envelope's body; `account.username` is a social handle, never the profile.
  const envelope = [payload, payload.data];
  const event = field(envelope, EVENT_FIELDS)?.toLowerCase();
  if (event !== undefined && OTHER_EVENTS.has(event)) return { action: 'ignore', reason: `event ${event} is not about accounts`, expected: true };
  const nestedProfile = isObject(payload.data) ? payload.data.profile : undefined;
  const profile = field(envelope, PROFILE_FIELDS) ?? field([payload.profile, nestedProfile], ['username', 'name']);
  if (profile === undefined) return { action: 'ignore', reason: 'no profile username in the delivery', expected: false };
  if (profileNameProblem(profile)) return { action: 'ignore', reason: 'the profile username cannot name a profile', expected: false };
  const platform = field([...envelope, payload.account], PLATFORM_FIELDS)?.toLowerCase();
  const deliveryId = field([payload], ID_FIELDS);
  const hint: WebhookHint = {};
  // Unknown events still cause a re-read (a new account event, say); only known ones are hints.
  if (event !== undefined && (ACCOUNT_WEBHOOK_EVENTS as readonly string[]).includes(event) && platform !== undefined) {
    hint.event = event as AccountWebhookEvent;
    hint.platform = platform;
  }
  if (deliveryId !== undefined && deliveryId.length <= 200) hint.deliveryId = deliveryId;
  return { action: 'refresh', profile, hint };
}

export function readWebhookDelivery(json: unknown): WebhookAction[] {
  return Array.isArray(json) ? json.slice(0, MAX_BATCH).map(readOne) : [readOne(json)];
}
