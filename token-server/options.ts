/**
 * @module `createTokenServer`'s options: one zod schema, from which their types and defaults come.
 * A wrong option throws when the customer's server starts, with a sentence naming it.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { formatPath, httpUrlSchema, issueMessage } from '../lib/zod-issues.ts';
import { DOCUMENTED_PLATFORM_IDS, PLATFORM_IDS, type PlatformId } from '../protocol/platforms.ts';
import type { ConnectUrlRequest } from '../protocol/token-server-api.ts';
import { UploadPostClient, generateJwtRequestSchema, type UploadPostClientOptions, type GenerateJwtOptions, type UploadPostApi } from '../upload-post/index.ts';
import { DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, MIN_SESSION_SECRET_LENGTH } from './identity/session-token.ts';
import type { AccountsChange } from './live/accounts-change.ts';
import { redact, type LogSink } from './log.ts';
import { DEFAULT_FRESH_READS_PER_MINUTE } from './stores/fresh-read-budget.ts';
import { DEFAULT_STORE_TIMEOUT_MS } from './stores/guarded-store.ts';
import { isSharedStore, type SharedStore } from './stores/shared-store.ts';
import type { WidgetScriptSource } from './widget-bundle.ts';

/** A configuration the token server cannot start with: the message says what to set. */
export class TokenServerConfigError extends Error {
  override readonly name = 'TokenServerConfigError';
}

/** The user a request acts for. `id` is your user id; the rest is yours, handed to `connectLink`. */
export interface TokenServerUser {
  id: string;
  [extra: string]: unknown;
}

type Awaitable<T> = T | Promise<T>;

const fn = <T>(name: string) => z.custom<T>((value) => typeof value === 'function', { error: `${name} must be a function` });

/** An origin as browsers send it in `Origin`: scheme, host, port, nothing else. */
export const originSchema = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
    } catch {
      return false;
    }
  },
  {
    error: (issue) =>
      `${JSON.stringify(issue.input)} is not an origin; write it as scheme://host[:port] with no path or trailing slash, e.g. "https://app.example.com"`,
  },
);

export const UPSTREAM_METHODS = ['getProfile', 'createProfile', 'generateJwt', 'facebookPages'] as const;

const upstreamSchema = z.custom<UploadPostApi>(
  (value) =>
    typeof value === 'object' && value !== null && UPSTREAM_METHODS.every((method) => typeof (value as Record<string, unknown>)[method] === 'function'),
  { error: `must implement UploadPostApi (${UPSTREAM_METHODS.join(', ')}), e.g. an UploadPostClient` },
);

const identitySchema = z.union(
  [
    z.strictObject({
      /** Mounted in your backend: read the user from your own session; return nothing for "not logged in". */
      getUser: fn<(c: Context) => Awaitable<TokenServerUser | string | null | undefined>>('identity.getUser'),
    }),
    z.strictObject({
      /** Standalone: the HS256 secret your backend signs session tokens with (`createSessionToken`), at least 32 characters. */
      sessionSecret: z.string().min(MIN_SESSION_SECRET_LENGTH, {
        error: `identity.sessionSecret must be at least ${MIN_SESSION_SECRET_LENGTH} characters (for example the output of \`openssl rand -hex 32\`)`,
      }),
      /** Session tokens living longer than this many seconds are refused. */
      maxTokenLifetimeSeconds: z
        .number()
        .int()
        .positive()
        .max(24 * 60 * 60)
        .default(DEFAULT_MAX_TOKEN_LIFETIME_SECONDS),
    }),
    z.strictObject({
      /** Demo only: the page names the user. Refused with a real API key; the CLI uses it only with the emulator. */
      demo: z.literal(true),
      /** The user when the page names none; without it such requests are 401. */
      defaultUser: z
        .string()
        .regex(/^[a-z0-9_-]{1,32}$/)
        .optional(),
    }),
  ],
  {
    error:
      'identity must be { getUser(c) } (mounted in your backend), { sessionSecret } (session tokens signed by your backend) or, with the emulator only, { demo: true }',
  },
);

/** Branding and page options for every link, in the upstream's own field names (generate-jwt's). */
const linkDefaultsSchema = generateJwtRequestSchema.omit({ username: true, redirect_url: true, platforms: true, language: true });

const platformListSchema = z
  .array(z.enum(PLATFORM_IDS as [PlatformId, ...PlatformId[]]))
  .min(1)
  .refine((list) => new Set(list).size === list.length, { error: 'platforms lists a platform twice' })
  .readonly();

export const DEFAULT_RATE_LIMIT = { maxMints: 10, windowSeconds: 60 } as const;
export const DEFAULT_CACHE_TTL_MS = 2000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_BODY_LIMIT_BYTES = 16 * 1024;
export const DEFAULT_EVENTS = { maxStreams: 10_000, maxStreamsPerUser: 5, heartbeatMs: 15_000, retryMs: 3_000 } as const;
export const DEFAULT_FORWARD = { retries: 6, retryDelayMs: 1_000, timeoutMs: 10_000 } as const;

export const tokenServerOptionsSchema = z.strictObject({
  /** Your Upload-Post API key; an `UploadPostClient` is built with it. Either this or `upstream`. */
  apiKey: z.string().min(1, { error: 'apiKey is empty; set your Upload-Post API key' }).optional(),
  /** How the client built from `apiKey` calls Upload-Post (`baseUrl`, `transport`, `timeoutMs`, `retries`, …). */
  client: z
    .custom<Omit<UploadPostClientOptions, 'apiKey'>>((value) => typeof value === 'object' && value !== null && !('apiKey' in value), {
      error: 'client must be an object of UploadPostClient options other than apiKey',
    })
    .optional(),
  /** The Upload-Post API to call, e.g. an `UploadPostClient` you built. Either this or `apiKey`. */
  upstream: upstreamSchema.optional(),
  /** Who the user is: `{ getUser(c) }`, `{ sessionSecret }` or, with the emulator only, `{ demo: true }`. */
  identity: identitySchema,
  /** Your user id → the Upload-Post profile username (default: the id itself). */
  profileName: fn<(userId: string) => string>('profileName').default(() => (userId: string) => userId),
  /**
   * Platforms offered, in display order. Set, it also restricts every link to them (generate-jwt's
   * `platforms`); unset, the element shows the nine the documentation names and links are
   * unrestricted (Upload-Post's own default).
   */
  platforms: platformListSchema.optional(),
  /** Exact origins (`https://app.example.com`) of the pages that embed the element. The token server's own origin is always allowed. */
  allowedOrigins: z
    .array(originSchema)
    .readonly()
    .default(() => []),
  /** Let browsers send cookies cross-origin (default: true with `getUser`, false otherwise). */
  allowCredentials: z.boolean().optional(),
  /** Where this app is reachable, mount path included (`https://api.example.com/upload-post`); builds the `/done` URL. Default: derived from each request. */
  publicUrl: z
    .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  /** Branding and page options for every link. */
  linkDefaults: linkDefaultsSchema.default(() => ({})),
  /** Per-request link policy, applied last (it can override anything but the username). */
  connectLink:
    fn<(c: Context, user: TokenServerUser, request: ConnectUrlRequest) => Awaitable<Partial<GenerateJwtOptions> | undefined | void>>('connectLink').optional(),
  /**
   * Links minted per user per window (default 10 per 60 s; only delivered links count); `false`
   * disables it. `maxPrefetches`: links the element mints ahead of a click (pointer or focus on a
   * button), counted apart so that they never cost a click its link (default half of `maxMints`,
   * rounded up; 0 turns prefetching off). `whenStoreFails`: `refuse` (default) answers 503
   * STORE_UNAVAILABLE while a shared store cannot count, `allow` mints without a limit meanwhile.
   */
  rateLimit: z
    .union([
      z.literal(false),
      z.strictObject({
        maxMints: z.number().int().positive(),
        maxPrefetches: z.number().int().min(0).optional(),
        windowSeconds: z.number().positive(),
        whenStoreFails: z.enum(['refuse', 'allow']).default('refuse'),
      }),
    ])
    .default(() => ({ ...DEFAULT_RATE_LIMIT, whenStoreFails: 'refuse' as const })),
  /** Longest a request waits for Upload-Post in all, in ms (a new user's first link takes three calls). */
  requestTimeoutMs: z.number().int().positive().max(120_000).default(DEFAULT_REQUEST_TIMEOUT_MS),
  /** How long a settled upstream read is reused, in ms (0 keeps only the coalescing of concurrent reads). */
  cacheTtlMs: z
    .number()
    .int()
    .min(0)
    .max(60 * 60 * 1000)
    .default(DEFAULT_CACHE_TTL_MS),
  /**
   * Reads per user per minute that may skip the settled-read cache (the element's re-reads say
   * `no-cache`); past it they are served like other reads. Counted per instance. 0: none may.
   */
  freshReadsPerMinute: z.number().int().min(0).max(6000).default(DEFAULT_FRESH_READS_PER_MINUTE),
  /** Largest request body accepted, in bytes. */
  bodyLimitBytes: z
    .number()
    .int()
    .min(256)
    .max(1024 * 1024)
    .default(DEFAULT_BODY_LIMIT_BYTES),
  /**
   * State every instance shares: the mint counters and the settled read cache, e.g. a `KvStore` on
   * Workers or a `RedisStore` for a Node fleet. Default: in memory, per instance.
   */
  sharedStore: z
    .custom<SharedStore>(isSharedStore, { error: 'sharedStore must implement SharedStore (increment, get, set, delete), e.g. a KvStore or a RedisStore' })
    .optional(),
  /** Longest wait for one call to `sharedStore`, in ms; after a failure it is left alone for 5 s. */
  storeTimeoutMs: z.number().int().positive().max(60_000).default(DEFAULT_STORE_TIMEOUT_MS),
  /**
   * The script-tag bundle and the modules it loads from beside itself: `(module?) => text`, asked
   * with no argument for `/widget.js` and with a module's name for `/widget.<module>.js`.
   */
  widgetScript: z
    .custom<WidgetScriptSource>((value) => typeof value === 'function', {
      error:
        "widgetScript must be a loader, (module?) => text: the bundle loads its list, connect flow and languages from beside itself (/widget.<module>.js), which one text cannot serve. On Node: widgetScript: widgetFileLoader() from 'upload-post-connect/server/node'.",
    })
    .optional(),
  // ── live accounts: Upload-Post's webhooks in, event streams and the backend told ──
  /**
   * Turns live accounts on: the secret in the URL Upload-Post's webhooks are sent to,
   * `{publicUrl}/webhooks/upload-post?secret=…` (register it with `registerWebhook`). Then `/events`
   * streams changes to open elements, and `onAccountsChange` / `forward` tell your backend.
   */
  webhookSecret: z
    .string()
    .regex(/^[A-Za-z0-9._~-]{16,256}$/, {
      error: 'webhookSecret must be 16 to 256 URL-safe characters (letters, digits, . _ ~ -), e.g. the output of `openssl rand -hex 32`',
    })
    .optional(),
  /** Called with each change of a user's accounts, after the webhook was answered; deliveries are at least once (dedupe by `id`). */
  onAccountsChange: fn<(change: AccountsChange) => Awaitable<void>>('onAccountsChange').optional(),
  /** POSTs each change, signed (`Upload-Post-Connect-Signature`), to your backend, retried with backoff while it fails. */
  forward: z
    .strictObject({
      url: httpUrlSchema('forward.url must be an absolute http(s) URL'),
      secret: z.string().min(16, { error: 'forward.secret must be at least 16 characters (e.g. the output of `openssl rand -hex 32`)' }),
      retries: z.number().int().min(0).max(20).default(DEFAULT_FORWARD.retries),
      retryDelayMs: z.number().int().positive().max(600_000).default(DEFAULT_FORWARD.retryDelayMs),
      timeoutMs: z.number().int().positive().max(120_000).default(DEFAULT_FORWARD.timeoutMs),
    })
    .optional(),
  /**
   * Your user id of an Upload-Post profile: `profileName` inverted. Default: the profile itself when
   * `profileName` is not set; without it (and with `profileName`), changes carry `userId: null`.
   */
  userIdOf: fn<(profile: string) => string | null | undefined>('userIdOf').optional(),
  /** `/events` (with `webhookSecret`): the bounds on open streams, the heartbeat, EventSource's retry; `false` for none. */
  events: z
    .union([
      z.literal(false),
      z.strictObject({
        maxStreams: z.number().int().positive().default(DEFAULT_EVENTS.maxStreams),
        maxStreamsPerUser: z.number().int().positive().default(DEFAULT_EVENTS.maxStreamsPerUser),
        heartbeatMs: z.number().int().min(10).max(600_000).default(DEFAULT_EVENTS.heartbeatMs),
        retryMs: z.number().int().min(0).max(600_000).default(DEFAULT_EVENTS.retryMs),
      }),
    ])
    .prefault({}),
  /** Aborting it ends every open event stream (`end` event, reason `shutdown`) and stops forward retries: your server's shutdown. */
  shutdownSignal: z.custom<AbortSignal>((value) => value instanceof AbortSignal, { error: 'shutdownSignal must be an AbortSignal' }).optional(),
  /** Receives one structured record per request (default: a JSON line on stdout). */
  log: fn<LogSink>('log').optional(),
  /** Strings that must never reach a log line (the API key and session secret are added automatically). */
  secrets: z
    .array(z.string())
    .readonly()
    .default(() => []),
  /** Clock in milliseconds since the epoch; for tests. */
  now: fn<() => number>('now').default(() => Date.now),
});

export type TokenServerOptions = z.input<typeof tokenServerOptionsSchema>;
export type IdentityOption = TokenServerOptions['identity'];
export type GetUserIdentity = Extract<IdentityOption, { getUser: unknown }>;
export type SessionTokenIdentity = Extract<IdentityOption, { sessionSecret: unknown }>;
export type DemoIdentity = Extract<IdentityOption, { demo: unknown }>;
export type LinkDefaults = NonNullable<TokenServerOptions['linkDefaults']>;

type ParsedOptions = z.output<typeof tokenServerOptionsSchema>;

/** The options after validation, with every default applied and the upstream built. */
export interface ResolvedOptions extends Omit<
  ParsedOptions,
  'apiKey' | 'client' | 'upstream' | 'allowCredentials' | 'allowedOrigins' | 'secrets' | 'platforms'
> {
  upstream: UploadPostApi;
  /** What `GET /accounts` shows whether connected or not: the configured platforms, else the nine documented. */
  platforms: readonly PlatformId[];
  /** What every link is limited to: the configured platforms; undefined when the customer set none. */
  restrictedPlatforms: readonly PlatformId[] | undefined;
  allowCredentials: boolean;
  allowedOrigins: ReadonlySet<string>;
  /** Never in a log line: the configured ones, the API key and the session secret. */
  secrets: string[];
}

const PREFIX = 'createTokenServer:';
/** Options of earlier versions that now live in `client`, under the client's own names. */
const MOVED_TO_CLIENT = ['apiUrl', 'baseUrl', 'transport', 'timeoutMs', 'retries'];

function sentence(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const path = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const where = path ? ` in \`${path}\`` : '';
    const moved =
      path === '' && issue.keys.some((key) => MOVED_TO_CLIENT.includes(key))
        ? " The client's settings go under `client`: { baseUrl, transport, timeoutMs, retries }."
        : ' Check the spelling against the README.';
    return `${PREFIX} unknown option${issue.keys.length > 1 ? 's' : ''}${where}: ${issue.keys.map((key) => `\`${key}\``).join(', ')}.${moved}`;
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return `${PREFIX} option \`${path}\` is required. ${path === 'identity' ? 'Set identity to { getUser(c) }, { sessionSecret } or, with the emulator only, { demo: true }.' : ''}`.trim();
  }
  return `${PREFIX} option \`${path || '(root)'}\`: ${issueMessage(issue)}.`;
}

/** Values long enough to be a key: a sentence quoting a bad option must not repeat them. */
function secretsIn(input: Record<string, unknown>): string[] {
  const identity = input.identity as Record<string, unknown> | undefined;
  const forward = input.forward as Record<string, unknown> | undefined;
  return [input.apiKey, identity?.sessionSecret, input.webhookSecret, forward?.secret].filter(
    (value): value is string => typeof value === 'string' && value.length >= 8,
  );
}

/** An emulator on this machine: the only upstream a demo identity may act on. */
function isLoopback(url: string): boolean {
  const { hostname } = new URL(url);
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

function buildClient(apiKey: string, client: ParsedOptions['client']): UploadPostClient {
  try {
    return new UploadPostClient({ ...client, apiKey });
  } catch (error) {
    // The client's own sentence names the field; this says where it was set.
    throw new TokenServerConfigError(redact(`${PREFIX} option \`client\`: ${(error as Error).message}`, [apiKey]));
  }
}

export function resolveOptions(input: TokenServerOptions): ResolvedOptions {
  // Called from JavaScript too, where nothing stops `createTokenServer()` without options.
  if (typeof (input as unknown) !== 'object' || (input as unknown) === null) {
    throw new TokenServerConfigError(`${PREFIX} needs an options object: { identity, apiKey | upstream, allowedOrigins, … }.`);
  }
  const parsed = tokenServerOptionsSchema.safeParse(input);
  if (!parsed.success) throw new TokenServerConfigError(redact(sentence(parsed.error), secretsIn(input as Record<string, unknown>)));
  const { apiKey, client, upstream, allowCredentials, allowedOrigins, secrets, platforms, ...options } = parsed.data;

  if (upstream && apiKey) throw new TokenServerConfigError(`${PREFIX} set either \`apiKey\` or \`upstream\`, not both.`);
  if (!upstream && !apiKey) throw new TokenServerConfigError(`${PREFIX} set \`apiKey\` to your Upload-Post API key (or pass an \`upstream\` client).`);
  if (upstream && client)
    throw new TokenServerConfigError(`${PREFIX} \`client\` configures the client built from \`apiKey\`; with \`upstream\`, configure that client instead.`);
  // A demo identity lets any page act as any user: acceptable against the emulator on this machine,
  // never with a real key, whether given as `apiKey` or inside a client pointed elsewhere.
  if ('demo' in options.identity && (apiKey || (upstream instanceof UploadPostClient && !isLoopback(upstream.baseUrl)))) {
    throw new TokenServerConfigError(
      `${PREFIX} the demo identity is refused with a real Upload-Post key (an \`apiKey\`, or an UploadPostClient for anything but this machine's emulator); use { sessionSecret } or { getUser(c) } instead.`,
    );
  }

  if ((options.onAccountsChange || options.forward) && options.webhookSecret === undefined) {
    throw new TokenServerConfigError(
      `${PREFIX} \`onAccountsChange\` and \`forward\` learn of changes through Upload-Post's webhooks: set \`webhookSecret\` too.`,
    );
  }
  const sessionSecret = 'sessionSecret' in options.identity ? options.identity.sessionSecret : undefined;
  return {
    ...options,
    // Without profileName a profile is the user id itself; with it, only userIdOf can say.
    userIdOf: options.userIdOf ?? (input.profileName === undefined ? (profile: string) => profile : undefined),
    upstream: upstream ?? buildClient(apiKey!, client),
    platforms: platforms ?? DOCUMENTED_PLATFORM_IDS,
    restrictedPlatforms: platforms,
    allowCredentials: allowCredentials ?? 'getUser' in options.identity,
    allowedOrigins: new Set(allowedOrigins),
    secrets: [...secrets, apiKey, sessionSecret, options.webhookSecret, options.forward?.secret].filter(
      (secret): secret is string => typeof secret === 'string' && secret !== '',
    ),
  };
}
