/**
 * The Upload-Post client's public surface, for the token server and the emulator. Runtime-neutral:
 * the Node-only undici transport is imported from `./undici-transport.ts` by whoever wants it.
 */
export { UploadPostClient } from './client.ts';
export { DEFAULT_UPLOAD_POST_BASE_URL, type UploadPostClientOptions } from './options.ts';
export {
  isProfileNotFound,
  isUploadPostError,
  UploadPostError,
  type KnownUpstreamErrorCode,
  type UploadPostErrorInit,
  type UploadPostErrorKind,
} from './errors.ts';
export {
  createProfileRequestSchema,
  deleteProfileRequestSchema,
  deleteProfileResponseSchema,
  facebookPagesQuerySchema,
  facebookPagesResponseSchema,
  generateJwtRequestSchema,
  generateJwtResponseSchema,
  jwtSchema,
  listProfilesResponseSchema,
  profileResponseSchema,
  uiLabelsSchema,
  UI_LABEL_MAX_LENGTH,
  UI_LABELS_MAX_KEYS,
  upstreamAccountSchema,
  upstreamErrorBodySchema,
  upstreamFacebookPageSchema,
  upstreamProfileSchema,
  usernameSchema,
  validateJwtRequestBodySchema,
  validateJwtResponseSchema,
  validateJwtStyleSchema,
  type GenerateJwtRequest,
} from './schemas.ts';
export { parseUpstreamDate } from './upstream-date.ts';
export {
  ACCOUNT_WEBHOOK_EVENTS,
  isWebhookEventOn,
  notificationConfigResponseSchema,
  notificationConfigUpdateSchema,
  notificationTestResponseSchema,
  WEBHOOK_EVENTS,
  type AccountWebhookEvent,
  type NotificationConfig,
  type NotificationConfigUpdate,
  type NotificationTestResult,
  type WebhookEvent,
} from './notification-schemas.ts';
export { accountNeedsReauth } from './account-status.ts';
export { MAX_PROFILE_NAME_LENGTH, profileNameProblem, RESERVED_PROFILE_NAMES } from './profile-name.ts';
export type {
  GeneratedJwt,
  GenerateJwtOptions,
  JwtValidation,
  Transport,
  TransportResponse,
  UploadPostApi,
  UpstreamAccount,
  UpstreamAccountDetails,
  UpstreamFacebookPage,
  UpstreamProfile,
  UpstreamProfileList,
  ValidateJwtStyle,
} from './types.ts';
