/** The emulator's public entry (`upload-post-connect/emulator`): for tests, the demo and local development. */
export { createEmulator, DEFAULT_EMULATOR_API_KEY, type Emulator, type EmulatorOptions } from './app.ts';
export { Faults, GARBAGE_MODES, MAX_LATENCY_MS, type FaultSettings, type GarbageMode } from './faults.ts';
export {
  EmulatorStore,
  type AccountChange,
  type ConnectLink,
  type ConnectLinkOptions,
  type EmulatedAccount,
  type EmulatedAccountSlot,
  type EmulatedFacebookPage,
  type EmulatedProfile,
} from './store.ts';
export { CONNECT_TOKEN_TTL_MS } from './connect-token.ts';
export { webhookTimestamp, type AccountWebhooks } from './webhooks/account-webhooks.ts';
export { DeliveryFaults, type DeliveryFaultSettings } from './webhooks/delivery-faults.ts';
export { DEFAULT_WEBHOOK_RETRY_DELAYS_MS, type DeliveryAttempt, type DeliveryStatus, type WebhookDelivery } from './webhooks/webhook-sender.ts';
export type { NotificationSettings } from './webhooks/notification-settings.ts';
