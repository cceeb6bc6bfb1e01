/**
 * The token server's public surface (runtime-neutral: nothing here imports Node). The CLI, which
 * is Node-only, is `token-server/cli.ts`.
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
export { TokenServerError } from './errors.ts';
export { jsonLineSink, type LogRecord, type LogSink, type RequestLogRecord } from './log.ts';
export { widgetScriptIntegrity, INTEGRITY_HEADER } from './routes/widget-script.ts';
export type { UploadPostApi, GenerateJwtOptions, Transport } from '../upload-post/types.ts';
export { MemoryStore, type SharedStore, type CounterWindow } from './stores/shared-store.ts';
export { RedisStore, type RedisCommand, type RedisStoreOptions } from './stores/redis-store.ts';
export { KvStore, type KvNamespaceLike, type KvStoreOptions } from './stores/kv-store.ts';
export { UploadPostClient, type UploadPostClientOptions } from '../upload-post/client.ts';
export { UploadPostError, type UploadPostErrorKind } from '../upload-post/errors.ts';
