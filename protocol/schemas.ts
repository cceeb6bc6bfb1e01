/**
 * zod schemas of the widget ↔ token-server contract (`token-server-api.ts`): the token server
 * validates what a browser sends with them, and its tests check what it answers.
 *
 * The types in `token-server-api.ts` stay the source of truth — the element imports them for free —
 * and the `Same<…>` checks at the bottom fail the type check the moment a schema and its type drift.
 */
import { z } from 'zod';
import { httpUrlSchema } from '../lib/zod-issues.ts';
import { LANGUAGES, PLATFORM_IDS } from './platforms.ts';
import {
  ERROR_CODES,
  type AccountsResponse,
  type ConnectUrlRequest,
  type ConnectUrlResponse,
  type ConnectSessionResponse,
  type DoneMessage,
  type ErrorBody,
  type ErrorCode,
  type FacebookPagesResponse,
  type StreamEnd,
  type TokenServerEventName,
  type TokenServerEvents,
} from './token-server-api.ts';

const platformId = z.enum(PLATFORM_IDS as [(typeof PLATFORM_IDS)[number], ...(typeof PLATFORM_IDS)[number][]]);

/** An absolute `http:`/`https:` URL: `javascript:` and `data:` are never a place to send someone. */
const httpUrl = httpUrlSchema();

/**
 * `POST /connect-url` body. Strict: an unknown key (a smuggled `username`, a misspelt option) is a
 * 400, never silently ignored — the user is whoever the server's identity says.
 */
export const connectUrlRequestSchema = z.strictObject({
  platforms: z.array(platformId).min(1).max(PLATFORM_IDS.length).optional(),
  view: z.enum(['connect', 'calendar']).optional(),
  language: z.enum(LANGUAGES).optional(),
  returnUrl: httpUrl.optional(),
  prefetch: z.boolean().optional(),
});

export const accountSchema = z.strictObject({
  platform: z.string().min(1),
  connected: z.boolean(),
  displayName: z.string().optional(),
  handle: z.string().optional(),
  avatarUrl: httpUrl.optional(),
  reauthRequired: z.boolean().optional(),
});

export const accountsEventSchema = z.strictObject({ accounts: z.array(accountSchema) });

export const accountsResponseSchema = accountsEventSchema.extend({ events: z.literal(true).optional() });

export const connectUrlResponseSchema = z.strictObject({
  url: httpUrl,
  expiresAt: z.iso.datetime(),
  session: z
    .string()
    .regex(/^[A-Za-z0-9_-]{22}$/)
    .optional(),
  sessionExpiresAt: z.iso.datetime().optional(),
});

export const connectSessionResponseSchema = z.strictObject({ status: z.enum(['pending', 'done']) });

export const facebookPagesResponseSchema = z.strictObject({
  pages: z.array(z.strictObject({ id: z.string().min(1), name: z.string().optional() })),
});

export const streamEndSchema = z.strictObject({ reason: z.enum(['session-expired', 'shutdown']) });

/** The `data` of each `GET /events` event, by event name. */
export const tokenServerEventSchemas = { accounts: accountsEventSchema, end: streamEndSchema } satisfies Record<TokenServerEventName, z.ZodType>;

export const originCheckResponseSchema = z.strictObject({ origin: z.string().nullable(), allowed: z.boolean(), credentials: z.boolean() });

export const doneMessageSchema = z.strictObject({ type: z.literal('upload-post:done') });

const errorCodes = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

export const errorBodySchema = z.strictObject({
  error: z.strictObject({
    code: z.enum(errorCodes),
    message: z.string().min(1),
    requestId: z.string().optional(),
  }),
});

// Compile-time checks: each schema's output is exactly its contract type.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <T extends true>(): T => true as T;
same<Same<z.infer<typeof connectUrlRequestSchema>, ConnectUrlRequest>>();
same<Same<z.infer<typeof accountsResponseSchema>, AccountsResponse>>();
same<Same<z.infer<typeof connectUrlResponseSchema>, ConnectUrlResponse>>();
same<Same<z.infer<typeof connectSessionResponseSchema>, ConnectSessionResponse>>();
same<Same<z.infer<typeof facebookPagesResponseSchema>, FacebookPagesResponse>>();
same<Same<z.infer<typeof doneMessageSchema>, DoneMessage>>();
same<Same<z.infer<typeof streamEndSchema>, StreamEnd>>();
same<Same<{ [Name in TokenServerEventName]: z.infer<(typeof tokenServerEventSchemas)[Name]> }, TokenServerEvents>>();
same<Same<z.infer<typeof errorBodySchema>, ErrorBody>>();
