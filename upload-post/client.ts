/**
 * The typed client of Upload-Post's User Profiles API, the only code that sends the API key. Each
 * endpoint says its operation, method, path and schemas; `request.ts` sends it, `answer.ts` reads it.
 */
import type { z } from 'zod';
import { describeIssues } from '../lib/zod-issues.ts';
import { resolveClientOptions, type UploadPostClientOptions } from './options.ts';
import {
  notificationConfigResponseSchema,
  notificationConfigUpdateSchema,
  notificationTestResponseSchema,
  type NotificationConfig,
  type NotificationConfigUpdate,
  type NotificationTestResult,
} from './notification-schemas.ts';
import { profileNameProblem } from './profile-name.ts';
import { RequestEngine, type RequestSpec } from './request.ts';
import {
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
  usernameSchema,
  validateJwtResponseSchema,
  validateJwtStyleSchema,
} from './schemas.ts';
import type {
  GeneratedJwt,
  GenerateJwtOptions,
  JwtValidation,
  UploadPostApi,
  UpstreamFacebookPage,
  UpstreamProfile,
  UpstreamProfileList,
  ValidateJwtStyle,
} from './types.ts';

/** One endpoint call; the client adds the URL, the credential and the secrets to keep out of errors. */
type Endpoint<T> = Omit<RequestSpec<T>, 'url' | 'authorization' | 'retry' | 'secrets' | 'sentApiKey'> & {
  /** Path and query under the base URL, already encoded. */
  path: string;
  /** Sent as `Bearer …` instead of the API key (validate-jwt's Bearer styles), and kept out of errors. */
  bearer?: string;
  /** GETs are retried; a POST that changes nothing upstream says so here. */
  safeToRepeat?: boolean;
  /** Credentials besides the API key that must never appear in an error. */
  secrets?: string[];
};

export class UploadPostClient implements UploadPostApi {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly retries: number;
  // `#` fields: the key cannot be read off the instance, logged by `console.log(client)` or
  // serialised by `JSON.stringify(client)`.
  readonly #apiKey: string;
  readonly #apiKeyAuthorization: string;
  readonly #apiKeyOnly: readonly string[];
  readonly #engine: RequestEngine;

  constructor(options: UploadPostClientOptions) {
    const { apiKey, baseUrl, ...engineSettings } = resolveClientOptions(options);
    this.#apiKey = apiKey;
    this.#apiKeyAuthorization = `Apikey ${apiKey}`;
    this.#apiKeyOnly = [apiKey];
    this.baseUrl = baseUrl;
    this.timeoutMs = engineSettings.timeoutMs;
    this.retries = engineSettings.retries;
    this.#engine = new RequestEngine(engineSettings);
  }

  async createProfile(username: string, signal?: AbortSignal): Promise<UpstreamProfile> {
    const body = validRequest(createProfileRequestSchema, { username }, 'createProfile');
    return this.#request(
      {
        operation: 'POST /uploadposts/users',
        method: 'POST',
        path: '/uploadposts/users',
        body,
        schema: profileResponseSchema,
      },
      signal,
    );
  }

  async listProfiles(signal?: AbortSignal): Promise<UpstreamProfileList> {
    return this.#request(
      {
        operation: 'GET /uploadposts/users',
        method: 'GET',
        path: '/uploadposts/users',
        schema: listProfilesResponseSchema,
      },
      signal,
    );
  }

  async getProfile(username: string, signal?: AbortSignal): Promise<UpstreamProfile> {
    // The schema's own check, without zod's machinery for the name that passes (every read's).
    if (profileNameProblem(username) !== undefined) validRequest(usernameSchema, username, 'getProfile');
    // A 404 stays an error (kind 'http', status 404) with the upstream's error_code, if any: the
    // documented body has none, and inventing one would hide what the upstream actually said.
    return this.#request(
      {
        operation: 'GET /uploadposts/users/{username}',
        method: 'GET',
        path: `/uploadposts/users/${encodeURIComponent(username)}`,
        schema: profileResponseSchema,
      },
      signal,
    );
  }

  async deleteProfile(username: string, signal?: AbortSignal): Promise<void> {
    const body = validRequest(deleteProfileRequestSchema, { username }, 'deleteProfile');
    await this.#request(
      {
        operation: 'DELETE /uploadposts/users',
        method: 'DELETE',
        path: '/uploadposts/users',
        body,
        schema: deleteProfileResponseSchema,
        emptyBody: {},
      },
      signal,
    );
  }

  async generateJwt(options: GenerateJwtOptions, signal?: AbortSignal): Promise<GeneratedJwt> {
    const body = validRequest(generateJwtRequestSchema, options, 'generateJwt');
    // Never retried: each call mints a new single-use link, and the caller can simply ask again.
    return this.#request(
      {
        operation: 'POST /uploadposts/users/generate-jwt',
        method: 'POST',
        path: '/uploadposts/users/generate-jwt',
        body,
        schema: generateJwtResponseSchema,
      },
      signal,
    );
  }

  /**
   * Asks Upload-Post whether a connect JWT is valid, in one of the three ways public clients do:
   *
   * - `'post'` (default; the documentation): `POST`, `Authorization: Bearer <jwt>`, no body.
   * - `'get'` (the official SDK `upload-post@2.14.0`): `GET`, `Authorization: Bearer <jwt>`.
   * - `'post-body'` (`n8n-nodes-upload-post@0.1.32`): `POST` with `{"jwt": …}` and
   *   `Authorization: Apikey <key>`. The node sets a Bearer header too, but n8n's generic
   *   credential authentication writes `headers.Authorization` last, so the API key is what
   *   actually goes out.
   *
   * A 401 means "not valid" for the two Bearer styles: there the JWT is the request's only
   * credential, so the documented 401 ("Invalid, expired, or missing JWT token") can only be about
   * the token, and a caller asking "is it valid?" wants `false`, not an exception. With
   * `'post-body'` the Authorization header carries the API key, so a 401 may just as well mean a
   * wrong key; turning that into "token invalid" would hide a misconfiguration, so it stays an
   * `UploadPostError` (kind 'http', status 401).
   */
  async validateJwt(jwt: string, style: ValidateJwtStyle = 'post', signal?: AbortSignal): Promise<JwtValidation> {
    validRequest(jwtSchema, jwt, 'validateJwt');
    validRequest(validateJwtStyleSchema, style, 'validateJwt');
    const bearer = style !== 'post-body';
    return this.#request<JwtValidation>(
      {
        operation: `${style === 'get' ? 'GET' : 'POST'} /uploadposts/users/validate-jwt`,
        method: style === 'get' ? 'GET' : 'POST',
        path: '/uploadposts/users/validate-jwt',
        ...(bearer ? { bearer: jwt } : { body: { jwt } }),
        // Validation changes nothing upstream, whatever the method.
        safeToRepeat: true,
        schema: validateJwtResponseSchema,
        fromErrorStatus: bearer
          ? (status, upstreamText) => (status === 401 ? { valid: false, reason: upstreamText ?? 'Upload-Post rejected the token (401)' } : undefined)
          : undefined,
        secrets: [jwt],
      },
      signal,
    );
  }

  async facebookPages(profile?: string, signal?: AbortSignal): Promise<UpstreamFacebookPage[]> {
    validRequest(facebookPagesQuerySchema, profile === undefined ? {} : { profile }, 'facebookPages');
    const query = profile === undefined ? '' : `?profile=${encodeURIComponent(profile)}`;
    return this.#request(
      {
        operation: 'GET /uploadposts/facebook/pages',
        method: 'GET',
        path: `/uploadposts/facebook/pages${query}`,
        schema: facebookPagesResponseSchema,
      },
      signal,
    );
  }

  /** The account's notification settings: channels, webhook URL, the events the webhook carries. */
  async getNotificationConfig(signal?: AbortSignal): Promise<NotificationConfig> {
    return this.#request(
      {
        operation: 'GET /uploadposts/users/notifications',
        method: 'GET',
        path: '/uploadposts/users/notifications',
        schema: notificationConfigResponseSchema,
      },
      signal,
    );
  }

  /** Changes the fields given (an event list is sent as the documented object) and answers the settings now in force. */
  async updateNotificationConfig(update: NotificationConfigUpdate, signal?: AbortSignal): Promise<NotificationConfig> {
    const body = validRequest(notificationConfigUpdateSchema, update, 'updateNotificationConfig');
    return this.#request(
      {
        operation: 'POST /uploadposts/users/notifications',
        method: 'POST',
        path: '/uploadposts/users/notifications',
        body,
        // Idempotent: the same body sets the same settings, so a lost answer may be asked again.
        safeToRepeat: true,
        schema: notificationConfigResponseSchema,
      },
      signal,
    );
  }

  /** Asks Upload-Post to send a test notification on the configured channels. Never retried: each call sends one. */
  async testNotifications(signal?: AbortSignal): Promise<NotificationTestResult> {
    return this.#request(
      {
        operation: 'POST /uploadposts/users/notifications/test',
        method: 'POST',
        path: '/uploadposts/users/notifications/test',
        schema: notificationTestResponseSchema,
      },
      signal,
    );
  }

  #request<T>(endpoint: Endpoint<T>, signal: AbortSignal | undefined): Promise<T> {
    const { path, bearer, safeToRepeat, secrets } = endpoint;
    // Built field by field, not by spreading the endpoint: this runs for every upstream call.
    const spec: RequestSpec<T> = {
      operation: endpoint.operation,
      method: endpoint.method,
      schema: endpoint.schema,
      body: endpoint.body,
      emptyBody: endpoint.emptyBody,
      fromErrorStatus: endpoint.fromErrorStatus,
      url: this.baseUrl + path,
      authorization: bearer === undefined ? this.#apiKeyAuthorization : `Bearer ${bearer}`,
      sentApiKey: bearer === undefined,
      // Reads only: a write whose answer was lost may have happened.
      retry: endpoint.method === 'GET' || safeToRepeat === true,
      secrets: secrets === undefined ? this.#apiKeyOnly : [this.#apiKey, ...secrets],
    };
    return this.#engine.request(spec, signal);
  }
}

/**
 * Checks what is about to be sent. A bad argument is the caller's bug, not an upstream failure,
 * so it is a `TypeError` naming the method and the field, and no request goes out.
 */
function validRequest<S extends z.ZodType>(schema: S, value: unknown, method: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new TypeError(`UploadPostClient.${method}: ${describeIssues(result.error)}.`);
  }
  return result.data;
}
