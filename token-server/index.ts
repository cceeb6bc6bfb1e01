/**
 * The token server's public surface (runtime-neutral: nothing here imports Node). The CLI, which
 * is Node-only, is `token-server/cli.ts`.
 */
export { createTokenServer, type TokenServerApp } from './create-token-server.ts';
export {
  createSessionToken,
  verifySessionToken,
  type CreateSessionTokenOptions,
  type SessionTokenResult,
  type VerifySessionTokenOptions,
} from './session-token.ts';
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
export { TokenServerError } from './errors.ts';
export { jsonLineSink, type LogRecord, type LogSink, type RequestLogRecord } from './logger.ts';
export { widgetScriptIntegrity, INTEGRITY_HEADER } from './widget-script.ts';
export type { UploadPostApi, GenerateJwtOptions, Transport } from './upload-post/types.ts';
export { MemoryStore, type SharedStore, type CounterWindow } from './shared-state.ts';
export { RedisStore, type RedisCommand, type RedisStoreOptions } from './redis-store.ts';
export { KvStore, type KvNamespaceLike, type KvStoreOptions } from './edge/kv-store.ts';
export { UploadPostClient, type UploadPostClientOptions } from './upload-post/client.ts';
export { UploadPostError, type UploadPostErrorKind } from './upload-post/errors.ts';
