/**
 * zod schemas of what the client sends to Upload-Post (strict) and of what it reads back (lenient),
 * after `reference/upload-post-user-profiles-api.txt` and the official SDK.
 */
import { z } from 'zod';
import { profileNameProblem } from './profile-name.ts';
import { httpUrlSchema } from '../lib/zod-issues.ts';
import { LANGUAGES, PLATFORM_IDS } from '../protocol/platforms.ts';
import { parseUpstreamDate } from './upstream-date.ts';
import type {
  GeneratedJwt,
  GenerateJwtOptions,
  JwtValidation,
  UpstreamAccount,
  UpstreamAccountDetails,
  UpstreamFacebookPage,
  UpstreamProfile,
  UpstreamProfileList,
} from './types.ts';

// Answers, lenient: unknown fields are kept, and so are every documented way of saying "connected"
// and the aliases public clients use. What nobody documented fails with an issue whose path says
// where, which the client reports as an `UploadPostError` of kind 'shape'.

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** zod error callback: "missing (expected X)" or "expected X, got a number". */
function expected(what: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? `missing (expected ${what})` : `expected ${what}, got ${typeName(issue.input)}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const DETAIL_STRING_FIELDS = ['username', 'display_name', 'social_images'] as const;

/**
 * The known detail fields keep their documented types; a field of another type (a `null`
 * display name, say) is left out of `details` rather than failing the whole profile list over
 * one cosmetic field. The untouched value stays available in the slot's `raw`.
 */
function accountDetails(value: Record<string, unknown>): UpstreamAccountDetails {
  // A known field of the wrong type is left out.
  const details: UpstreamAccountDetails = Object.fromEntries(
    Object.entries(value).filter(([field, item]) => !(DETAIL_STRING_FIELDS as readonly string[]).includes(field) || typeof item === 'string'),
  );
  if ('capabilities' in details && !(Array.isArray(details.capabilities) && details.capabilities.every((item) => typeof item === 'string'))) {
    delete details.capabilities;
  }
  return details;
}

/**
 * JSON's emptiness: what an odd slot (one the documentation never showed) says about "connected".
 * `false`, `0` and `[]` read as "nothing here", like `""` and `null`; `true`, any other number and a
 * non-empty array as "something is linked", of which nothing more can be read.
 */
function isEmptyValue(value: unknown): boolean {
  return value === false || value === 0 || (Array.isArray(value) && value.length === 0);
}

/**
 * One platform's slot in `social_accounts`, read on its own: it never fails, so one slot nobody
 * documented cannot hide the others. The documentation shows an object with details (connected),
 * a bare non-empty string (validate-jwt's example: connected), `""` (added, not yet connected) and
 * `null` (not connected). Anything else follows `types.ts`'s `UpstreamAccount` rule; `raw` keeps
 * the value as sent.
 */
function readUpstreamAccount(value: unknown): UpstreamAccount {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '') || isEmptyValue(value)) {
    return { connected: false, raw: value };
  }
  if (isPlainObject(value)) return { connected: true, details: accountDetails(value), raw: value };
  return { connected: true, details: {}, raw: value };
}

export const upstreamAccountSchema = z.unknown().transform(readUpstreamAccount);

/** A profile as list, get, create and validate-jwt show it. */
export const upstreamProfileSchema = z
  .looseObject({
    username: z.string({ error: expected("the profile's username as a string") }),
    // Cosmetic: a `created_at` that is not a string (a Unix time, say) is left out, never fatal.
    created_at: z.unknown().optional(),
    // Documented on every profile, typed optional by the official SDK: absent means "none".
    social_accounts: z
      .record(z.string(), z.unknown(), {
        error: expected('an object keyed by platform'),
      })
      .nullish(),
  })
  .transform((profile): UpstreamProfile => {
    const { created_at, social_accounts, ...rest } = profile;
    // Each slot read here, as upstreamAccountSchema reads one: a zod pipe per slot costs more than the reading.
    const slots: Record<string, UpstreamAccount> = {};
    for (const platform in social_accounts) slots[platform] = readUpstreamAccount(social_accounts[platform]);
    const result: UpstreamProfile = { ...rest, social_accounts: slots };
    if (typeof created_at === 'string') {
      result.created_at = created_at;
      const date = parseUpstreamDate(created_at);
      if (date) result.created_at_date = date;
    }
    return result;
  });

/**
 * `success` is `true` on every documented 2xx; a 2xx that says `success: false` is an answer no one
 * documented, and reading it as success would hide a failure.
 */
const successFlag = z
  .boolean({ error: expected('a boolean') })
  .refine((value) => value, { error: 'the answer says success: false' })
  .optional();

/**
 * A collection key (`profiles`, `pages`) may only be missing when the answer says `success: true`
 * (the official SDK types both as optional): then it means "none". Without that, an empty `{}`
 * would read as an empty list.
 */
function requireCollection(key: string) {
  return (value: { success?: boolean | undefined } & Record<string, unknown>, ctx: z.RefinementCtx) => {
    if (value[key] === undefined && value.success !== true) {
      ctx.addIssue({ code: 'custom', path: [key], message: `missing (expected an array)` });
    }
  };
}

/** `GET /uploadposts/users` */
export const listProfilesResponseSchema = z
  .looseObject({
    limit: z.number().nullish(),
    plan: z.string().nullish(),
    profiles: z.array(upstreamProfileSchema).optional(),
    success: successFlag,
  })
  .superRefine(requireCollection('profiles'))
  .transform((answer): UpstreamProfileList => {
    const { limit, plan, profiles, success: _success, ...rest } = answer;
    const result: UpstreamProfileList = { ...rest, profiles: profiles ?? [] };
    if (typeof limit === 'number') result.limit = limit;
    if (typeof plan === 'string') result.plan = plan;
    return result;
  });

/** `POST /uploadposts/users` (201) and `GET /uploadposts/users/{username}` (200). */
export const profileResponseSchema = z
  .looseObject({
    profile: upstreamProfileSchema,
    success: successFlag,
  })
  .transform((answer) => answer.profile);

/** `DELETE /uploadposts/users`: `{ message, success }`; we only need to know it succeeded. */
export const deleteProfileResponseSchema = z.looseObject({
  message: z.string().nullish(),
  success: successFlag,
});

/** Every URL here ends up in a browser (the access URL, the redirect, the logo): http(s) only, never `javascript:`. */
const httpUrl = httpUrlSchema('expected an http(s) URL');

function tokenInUrl(url: string): string | undefined {
  try {
    return new URL(url).searchParams.get('token') || undefined;
  } catch {
    return undefined;
  }
}

/**
 * `POST /uploadposts/users/generate-jwt`. Documented: `access_url`, `duration`, `success`; the
 * official SDK types `connection_url` and `jwt` instead. Either URL name is accepted and
 * normalised to `access_url`; `jwt` is the field when given, else the link's `token` parameter.
 */
export const generateJwtResponseSchema = z
  .looseObject({
    access_url: httpUrl.optional(),
    connection_url: httpUrl.optional(),
    duration: z.string().nullish(),
    jwt: z.string().min(1).nullish(),
    success: successFlag,
  })
  .superRefine((answer, ctx) => {
    if (answer.access_url === undefined && answer.connection_url === undefined) {
      ctx.addIssue({ code: 'custom', path: ['access_url'], message: 'missing (neither access_url nor connection_url was given)' });
    }
  })
  .transform((answer): GeneratedJwt & Record<string, unknown> => {
    const { access_url, connection_url, duration, jwt, success: _success, ...rest } = answer;
    const url = (access_url ?? connection_url)!;
    const result: GeneratedJwt & Record<string, unknown> = { ...rest, access_url: url };
    if (typeof duration === 'string') result.duration = duration;
    const token = jwt ?? tokenInUrl(url);
    if (token) result.jwt = token;
    return result;
  });

type ValidatedProfile = Extract<JwtValidation, { valid: true }>['profile'];

function isStringRecord(value: unknown): value is Record<string, string> {
  return isPlainObject(value) && Object.values(value).every((item) => typeof item === 'string');
}

/**
 * validate-jwt's profile: a profile plus what the official SDK says is echoed back from
 * generate-jwt (`language`, `ui_labels`). The echoes are cosmetic: a mistyped one is left out
 * rather than failing the validation.
 */
const validatedProfileSchema = upstreamProfileSchema.transform((profile): ValidatedProfile => {
  const result: ValidatedProfile = { ...profile };
  if ('language' in result && typeof result.language !== 'string') delete result.language;
  if ('ui_labels' in result && !isStringRecord(result.ui_labels)) delete result.ui_labels;
  return result;
});

/**
 * `POST|GET /uploadposts/users/validate-jwt`, 200. Two documented answers: the profile (valid) or
 * `{ isValid: false, reason }`; the official SDK types the refusal as `{ valid: false, reason }`,
 * so both names are read. `isValid: true` or `valid: true` next to a profile is accepted too.
 */
export const validateJwtResponseSchema = z
  .looseObject({
    isValid: z.boolean().optional(),
    valid: z.boolean().optional(),
    reason: z.string().nullish(),
    message: z.string().nullish(),
    profile: z.unknown().optional(),
    success: z.boolean().optional(),
  })
  .transform((answer, ctx): JwtValidation => {
    if (answer.isValid === false || answer.valid === false || answer.success === false) {
      return { valid: false, reason: answer.reason || answer.message || 'Upload-Post says the token is not valid' };
    }
    if (answer.profile === undefined) {
      ctx.addIssue({ code: 'custom', path: ['profile'], message: 'missing (expected a profile, or isValid / valid: false)' });
      return z.NEVER;
    }
    const profile = validatedProfileSchema.safeParse(answer.profile);
    if (!profile.success) {
      for (const issue of profile.error.issues) {
        ctx.addIssue({ code: 'custom', path: ['profile', ...issue.path], message: issue.message });
      }
      return z.NEVER;
    }
    return { valid: true, profile: profile.data };
  });

/** Page ids are numeric strings; an id sent as a JSON number is accepted and kept as text. */
const pageId = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);

/**
 * One Facebook page. Documented as `page_id` / `page_name`; the official SDK and the n8n node read
 * `id` / `name`. Output carries only the documented names, so callers never check both.
 */
export const upstreamFacebookPageSchema = z
  .looseObject({
    page_id: pageId.optional(),
    id: pageId.optional(),
    page_name: z.string().nullish(),
    name: z.string().nullish(),
    profile: z.string().nullish(),
  })
  .superRefine((page, ctx) => {
    if (page.page_id === undefined && page.id === undefined) {
      ctx.addIssue({ code: 'custom', path: ['page_id'], message: 'missing (neither page_id nor id was given)' });
    }
  })
  .transform((page): UpstreamFacebookPage => {
    const { page_id, id, page_name, name, profile, ...rest } = page;
    const result: UpstreamFacebookPage = { ...rest, page_id: (page_id ?? id)! };
    const displayName = page_name ?? name;
    if (typeof displayName === 'string') result.page_name = displayName;
    if (typeof profile === 'string') result.profile = profile;
    return result;
  });

/** `GET /uploadposts/facebook/pages[?profile=…]` */
export const facebookPagesResponseSchema = z
  .looseObject({
    pages: z.array(upstreamFacebookPageSchema).optional(),
    success: successFlag,
  })
  .superRefine(requireCollection('pages'))
  .transform((answer) => answer.pages ?? []);

/**
 * The body of a non-2xx answer, read only to word the error: `message` is documented (404),
 * `error_code` too (403, 404); `error` and `detail` are what other Upload-Post endpoints and the
 * official SDK's error handler look at. Never fails: an odd error body still yields an error.
 */
export const upstreamErrorBodySchema = z
  .looseObject({
    message: z.string().optional().catch(undefined),
    error: z.string().optional().catch(undefined),
    detail: z.string().optional().catch(undefined),
    error_code: z.string().optional().catch(undefined),
    reason: z.string().optional().catch(undefined),
  })
  .catch({});

// Requests, strict: `strictObject`s, so a misspelt option fails here instead of being silently
// ignored upstream; values are checked against what the documentation and the official SDK accept.

/** A profile's username, by the rules of `profile-name.ts` (the token server applies the same). */
export const usernameSchema = z.string({ error: 'the username must be a string' }).superRefine((value, ctx) => {
  const problem = profileNameProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: `the username ${problem}` });
});

export const createProfileRequestSchema = z.strictObject({ username: usernameSchema });
export const deleteProfileRequestSchema = z.strictObject({ username: usernameSchema });

const platformIdSchema = z.enum(PLATFORM_IDS as [string, ...string[]], {
  error: (issue) => `unknown platform ${JSON.stringify(issue.input)} (known: ${PLATFORM_IDS.join(', ')})`,
});

const languageSchema = z.enum(LANGUAGES, {
  error: (issue) => `unsupported language ${JSON.stringify(issue.input)} (supported: ${LANGUAGES.join(', ')})`,
});

const UI_LABEL_KEY = /^[a-zA-Z0-9_.]+$/;
export const UI_LABELS_MAX_KEYS = 100;
export const UI_LABEL_MAX_LENGTH = 300;

/** The official SDK's limits: at most 100 keys matching `^[a-zA-Z0-9_.]+$`, values ≤ 300 characters. */
export const uiLabelsSchema = z
  .record(
    z.string().regex(UI_LABEL_KEY, 'ui_labels keys may only contain letters, digits, "_" and "."'),
    z.string({ error: 'ui_labels values must be strings' }).max(UI_LABEL_MAX_LENGTH, `ui_labels values must be at most ${UI_LABEL_MAX_LENGTH} characters`),
  )
  .refine((labels) => Object.keys(labels).length <= UI_LABELS_MAX_KEYS, `ui_labels may have at most ${UI_LABELS_MAX_KEYS} keys`);

const pageText = z.string().min(1, 'must not be empty (leave it out to use the default)');
const flag = z.boolean({ error: expected('true or false') });

/** Body of `POST /uploadposts/users/generate-jwt`: the documented options plus the SDK's two. */
export const generateJwtRequestSchema = z.strictObject({
  username: usernameSchema,
  redirect_url: httpUrl.optional(),
  logo_image: httpUrl.optional(),
  redirect_button_text: pageText.optional(),
  connect_title: pageText.optional(),
  connect_description: pageText.optional(),
  platforms: z
    .array(platformIdSchema)
    .min(1, 'platforms must not be empty (leave it out to offer every platform)')
    .refine((list) => new Set(list).size === list.length, 'platforms must not repeat a platform')
    .optional(),
  show_calendar: flag.optional(),
  readonly_calendar: flag.optional(),
  language: languageSchema.optional(),
  ui_labels: uiLabelsSchema.optional(),
});

/** The JWT handed to validate-jwt: a non-empty token without whitespace (it goes into a header). */
export const jwtSchema = z
  .string({ error: 'the JWT must be a string' })
  .min(1, { error: 'the JWT must not be empty', abort: true })
  .regex(/^[^\s]+$/, 'the JWT must not contain whitespace');

export const validateJwtStyleSchema = z.enum(['post', 'get', 'post-body']);

/** n8n's validate-jwt body. */
export const validateJwtRequestBodySchema = z.strictObject({ jwt: jwtSchema });

/** `?profile=` of the Facebook pages route; absent means "all pages of the account". */
export const facebookPagesQuerySchema = z.strictObject({ profile: usernameSchema.optional() });

export type GenerateJwtRequest = z.output<typeof generateJwtRequestSchema>;

// Compile-time checks that the schema and `GenerateJwtOptions` in types.ts agree: a validated request
// is a valid `GenerateJwtOptions`, and every option of `GenerateJwtOptions` has a schema key.
type Assert<T extends true> = T;
export type _RequestMatchesOptions = Assert<GenerateJwtRequest extends GenerateJwtOptions ? true : false>;
export type _OptionsCovered = Assert<Exclude<keyof GenerateJwtOptions, keyof GenerateJwtRequest> extends never ? true : false>;
