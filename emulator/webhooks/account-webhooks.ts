/**
 * The emulator's webhooks: every account change in the store, whatever caused it, becomes the
 * matching event, sent to the configured URL when the settings ask for it. The payload follows the
 * documented `upload_completed` one (`event`, `profile_username`, `platform`, `created_at`) plus a
 * `delivery_id`; Upload-Post documents no signature, so none is sent.
 */
import type { AccountWebhookEvent } from '../../upload-post/index.ts';
import type { AccountChange, EmulatorStore } from '../store.ts';
import { DeliveryFaults, type DeliveryFaultSettings } from './delivery-faults.ts';
import { NotificationSettingsState } from './notification-settings.ts';
import { WebhookSender, type WebhookDelivery } from './webhook-sender.ts';

export interface AccountWebhooksOptions {
  store: EmulatorStore;
  now: () => number;
  random: () => number;
  faults?: Partial<DeliveryFaultSettings>;
  /** Waits before each retry of a failed delivery (default 1 s, 4 s, 16 s, 64 s). */
  retryDelaysMs?: readonly number[];
  /** How long one attempt may take (default 10 s). */
  timeoutMs?: number;
}

export interface AccountWebhooks {
  settings: NotificationSettingsState;
  faults: DeliveryFaults;
  sender: WebhookSender;
  /** Sends the test notification; undefined when no webhook is configured. */
  sendTest(): WebhookDelivery | undefined;
  reset(): void;
}

const EVENT_OF: Record<AccountChange['kind'], AccountWebhookEvent> = {
  connected: 'social_account_connected',
  disconnected: 'social_account_disconnected',
  reauth_required: 'social_account_reauth_required',
};

/** As the documented payload writes it: ISO 8601 without a zone, in microseconds (`2024-03-15T14:30:00.000000`). */
export function webhookTimestamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, -1)}000`;
}

export function createAccountWebhooks(options: AccountWebhooksOptions): AccountWebhooks {
  const { store, now, random } = options;
  const settings = new NotificationSettingsState();
  const faults = new DeliveryFaults(options.faults);
  const sender = new WebhookSender({ faults, now, random, retryDelaysMs: options.retryDelaysMs, timeoutMs: options.timeoutMs });

  store.onAccountChange((change) => {
    const event = EVENT_OF[change.kind];
    const url = settings.webhookTarget(event);
    if (url === undefined) return;
    sender.send(url, event, { event, profile_username: change.username, platform: change.platform, created_at: webhookTimestamp(now()) });
  });

  return {
    settings,
    faults,
    sender,
    sendTest: () => {
      const url = settings.webhookTarget('test');
      if (url === undefined) return undefined;
      return sender.send(url, 'test', { event: 'test', message: 'Test notification from Upload-Post', created_at: webhookTimestamp(now()) });
    },
    reset: () => {
      sender.reset();
      settings.reset();
      faults.clear();
    },
  };
}
