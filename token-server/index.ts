/**
 * @module The token server's public surface, runtime-neutral (nothing here imports Node); the
 * Node CLI is `upload-post-connect/server/cli`, undici's transport `upload-post-connect/server/undici`.
 */
export { createTokenServer, type TokenServerApp } from './app.ts';
export {
  createSessionToken,
  verifySessionToken,
  type CreateSessionTokenOptions,
  type SessionTokenResult,
  type VerifySessionTokenOptions,
} from './identity/session-token.ts';
export {
  TokenServerConfigError,
  type DemoIdentity,
  type GetUserIdentity,
  type IdentityOption,
  type LinkDefaults,
  type SessionTokenIdentity,
  type TokenServerOptions,
  type TokenServerUser,
} from './options.ts';
export { mountTokenServer, MOUNT_PATH } from './mount.ts';
export { TokenServerError } from './errors.ts';
export { jsonLineSink, type LogRecord, type LogSink, type RequestLogRecord } from './log.ts';
export { INTEGRITY_HEADER } from './routes/widget-script.ts';
export { widgetScriptIntegrity } from './widget-bundle.ts';
export type { SharedStore, CounterWindow } from './stores/shared-store.ts';
export type { SharedPubSub, Unsubscribe } from './stores/shared-pubsub.ts';
export { MemoryPubSub } from './stores/memory-pubsub.ts';
export type { AccountsChange } from './live/accounts-change.ts';
export { FORWARD_SIGNATURE_HEADER, verifyForwardSignature, type ForwardSignatureResult, type VerifyForwardSignatureOptions } from './live/forward-signature.ts';
export { registerWebhook, webhookUrl, type RegisterWebhookOptions, type RegisterWebhookResult } from './live/register-webhook.ts';
export { MemoryStore } from './stores/memory-store.ts';
export { RedisStore, type RedisCommand, type RedisStoreOptions } from './stores/redis-store.ts';
export { KvStore, type KvNamespaceLike, type KvStoreOptions } from './stores/kv-store.ts';
export {
  UploadPostClient,
  UploadPostError,
  type GenerateJwtOptions,
  type Transport,
  type UploadPostApi,
  type UploadPostClientOptions,
  type UploadPostErrorKind,
} from '../upload-post/index.ts';
