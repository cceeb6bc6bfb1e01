/**
 * `createTokenServer`'s options: their types, their defaults and their validation.
 *
 * A wrong or missing option throws at creation — when the customer's server starts, not at the
 * first user's click — with a sentence that names the option and says what to set.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { DOCUMENTED_PLATFORM_IDS, PLATFORM_IDS, type PlatformId } from '../protocol/platforms.ts';
import type { ConnectUrlRequest } from '../protocol/token-server-api.ts';
import { redact, type LogSink } from './log.ts';
import {
  DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
  MIN_SESSION_SECRET_LENGTH,
} from './identity/session-token.ts';
import type { GenerateJwtOptions, Transport, UploadPostApi } from '../upload-post/types.ts';
import type { WidgetScriptSource } from './routes/widget-script.ts';
import { isSharedStore, type SharedStore } from './stores/shared-store.ts';

/** The user a request acts for. `id` is your user id; the rest is yours, handed to `connectLink`. */
export interface TokenServerUser {
  id: string;
  [extra: string]: unknown;
}

/** Mounted in your backend: read the user from your own session. Return nothing for "not logged in". */
export interface GetUserIdentity {
  getUser(c: Context): TokenServerUser | string | null | undefined | Promise<TokenServerUser | string | null | undefined>;
}

/** Standalone: verify `Authorization: Bearer <session token>` signed by your backend (`createSessionToken`). */
export interface SessionTokenIdentity {
  /** The HS256 secret shared with your backend, at least 32 characters. */
  sessionSecret: string;
  /** Tokens living longer than this (seconds, default 3600) are refused. */
  maxTokenLifetimeSeconds?: number;
}

/**
 * Demo only: the page names the user (`X-Demo-User` header or `?demo_user=`). Refused whenever a
 * real API key is configured; the CLI enables it only with the embedded emulator as upstream.
 */
export interface DemoIdentity {
  demo: true;
  /** The user when the page names none; without it such requests are 401. */
  defaultUser?: string;
}

export type IdentityOption = GetUserIdentity | SessionTokenIdentity | DemoIdentity;

/** Branding and page options applied to every link (the upstream's own field names). */
export type LinkDefaults = Omit<Partial<GenerateJwtOptions>, 'username' | 'redirect_url' | 'platforms' | 'language'>;

export interface TokenServerOptions {
  /** The Upload-Post API to call. Either this or `apiKey`. */
  upstream?: UploadPostApi;
  /** Your Upload-Post API key; an `UploadPostClient` is built with it. Either this or `upstream`. */
  apiKey?: string;
  /** Upload-Post's API base URL (default `https://api.upload-post.com/api`). Only with `apiKey`. */
  apiUrl?: string;
  /** The fetch-shaped transport of the built client (default the global `fetch`). Only with `apiKey`. */
  transport?: Transport;
  /** Per upstream call, milliseconds. Only with `apiKey`. */
  timeoutMs?: number;
  /** Retries of idempotent upstream reads. Only with `apiKey`. */
  retries?: number;

  /** Who the user is: `{ getUser(c) }`, `{ sessionSecret }` or, with the emulator only, `{ demo: true }`. */
  identity: IdentityOption;
  /** Your user id → the Upload-Post profile username (default: the id itself). */
  profileName?: (userId: string) => string;
  /** Platforms offered, in display order (default: the nine the documentation names). */
  platforms?: readonly PlatformId[];
  /** Exact origins (`https://app.example.com`) of the pages that embed the element. The token server's own origin is always allowed. */
  allowedOrigins?: readonly string[];
  /** Let browsers send cookies cross-origin (default: true with `getUser`, false otherwise). */
  allowCredentials?: boolean;
  /** Where this app is reachable, mount path included (`https://api.example.com/upload-post`); builds the `/done` URL. Default: derived from each request. */
  publicUrl?: string;
  /** Branding and page options for every link. */
  linkDefaults?: LinkDefaults;
  /** Per-request link policy, applied last (it can override anything but the username). */
  connectLink?: (
    c: Context,
    user: TokenServerUser,
    request: ConnectUrlRequest,
  ) => Partial<GenerateJwtOptions> | undefined | void | Promise<Partial<GenerateJwtOptions> | undefined | void>;
  /** Links minted per user per window (default 10 per 60 s); `false` disables the limit. */
  rateLimit?: { maxMints: number; windowSeconds: number } | false;
  /** How long a settled upstream read is reused, in ms (default 2000; 0 keeps only the coalescing of concurrent reads). */
  cacheTtlMs?: number;
  /** Largest request body accepted, in bytes (default 16 KiB). */
  bodyLimitBytes?: number;
  /**
   * State shared by every instance — the mint counters and the settled read cache — e.g. a
   * `KvStore` on Workers or a `RedisStore` for a Node fleet. Default: in memory, per instance.
   * Consistency caveats: `shared-state.ts`.
   */
  sharedStore?: SharedStore;
  /**
   * The script-tag bundle served at `/widget.js`: its text, or a loader (null = not built) that is
   * also asked for the language modules served at `/widget.<language>.js` (`loader('es')`).
   */
  widgetScript?: WidgetScriptSource;
  /** Receives one structured record per request (default: a JSON line on stdout). */
  log?: LogSink;
  /** Strings that must never reach a log line (the API key and session secret are added automatically). */
  secrets?: readonly string[];
  /** Clock in milliseconds since the epoch; for tests. */
  now?: () => number;
}

export const DEFAULT_RATE_LIMIT = { maxMints: 10, windowSeconds: 60 } as const;
export const DEFAULT_CACHE_TTL_MS = 2000;
export const DEFAULT_BODY_LIMIT_BYTES = 16 * 1024;

export class TokenServerConfigError extends Error {
  override readonly name = 'TokenServerConfigError';
}

const fn = <T>(what: string) =>
  z.custom<T>((value) => typeof value === 'function', { error: `${what} must be a function` });

/** An origin as browsers send it in `Origin`: scheme, host, port — nothing else. Also read from the environment by `config.ts`. */
export const originSchema = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}, { error: (issue) => `${JSON.stringify(issue.input)} is not an origin; write it as scheme://host[:port] with no path or trailing slash, e.g. "https://app.example.com"` });

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' });

const upstreamApi = z.custom<UploadPostApi>(
  (value) =>
    typeof value === 'object' && value !== null &&
    ['getProfile', 'createProfile', 'generateJwt', 'facebookPages'].every(
      (method) => typeof (value as Record<string, unknown>)[method] === 'function',
    ),
  { error: 'must implement UploadPostApi (getProfile, createProfile, generateJwt, facebookPages), e.g. an UploadPostClient' },
);

const identity = z.union([
  z.strictObject({ getUser: fn<GetUserIdentity['getUser']>('identity.getUser') }),
  z.strictObject({
    sessionSecret: z.string().min(MIN_SESSION_SECRET_LENGTH, {
      error: `identity.sessionSecret must be at least ${MIN_SESSION_SECRET_LENGTH} characters (for example the output of \`openssl rand -hex 32\`)`,
    }),
    maxTokenLifetimeSeconds: z.number().int().positive().max(24 * 60 * 60).optional(),
  }),
  z.strictObject({
    demo: z.literal(true),
    defaultUser: z.string().regex(/^[a-z0-9_-]{1,32}$/).optional(),
  }),
], {
  error: 'identity must be { getUser(c) } (mounted in your backend), { sessionSecret } (session tokens signed by your backend) or, with the emulator only, { demo: true }',
});

const linkDefaults = z.strictObject({
  logo_image: httpUrl.optional(),
  redirect_button_text: z.string().min(1).max(100).optional(),
  connect_title: z.string().min(1).max(200).optional(),
  connect_description: z.string().min(1).max(1000).optional(),
  show_calendar: z.boolean().optional(),
  readonly_calendar: z.boolean().optional(),
  ui_labels: z.record(z.string().regex(/^[a-zA-Z0-9_.]+$/), z.string().max(300))
    .refine((labels) => Object.keys(labels).length <= 100, { error: 'ui_labels accepts at most 100 keys' })
    .optional(),
});

const optionsSchema = z.strictObject({
  upstream: upstreamApi.optional(),
  apiKey: z.string().min(1, { error: 'apiKey is empty; set your Upload-Post API key' }).optional(),
  apiUrl: httpUrl.optional(),
  transport: fn<Transport>('transport').optional(),
  timeoutMs: z.number().int().positive().optional(),
  retries: z.number().int().min(0).max(5).optional(),
  identity,
  profileName: fn<(userId: string) => string>('profileName').optional(),
  platforms: z.array(z.enum(PLATFORM_IDS as [PlatformId, ...PlatformId[]])).min(1)
    .refine((list) => new Set(list).size === list.length, { error: 'platforms lists a platform twice' })
    .optional(),
  allowedOrigins: z.array(originSchema).optional(),
  allowCredentials: z.boolean().optional(),
  publicUrl: httpUrl.optional(),
  linkDefaults: linkDefaults.optional(),
  connectLink: fn<NonNullable<TokenServerOptions['connectLink']>>('connectLink').optional(),
  rateLimit: z.union([
    z.literal(false),
    z.strictObject({ maxMints: z.number().int().positive(), windowSeconds: z.number().positive() }),
  ]).optional(),
  cacheTtlMs: z.number().int().min(0).max(60 * 60 * 1000).optional(),
  bodyLimitBytes: z.number().int().min(256).max(1024 * 1024).optional(),
  sharedStore: z.custom<SharedStore>(isSharedStore, { error: 'sharedStore must implement SharedStore (increment, get, set, delete), e.g. a KvStore or a RedisStore' }).optional(),
  widgetScript: z.union([z.string(), fn<() => unknown>('widgetScript')]).optional(),
  log: fn<LogSink>('log').optional(),
  secrets: z.array(z.string()).optional(),
  now: fn<() => number>('now').optional(),
});

export type IdentityConfig =
  | { kind: 'getUser'; getUser: GetUserIdentity['getUser'] }
  | { kind: 'session'; secret: string; maxLifetimeSeconds: number }
  | { kind: 'demo'; defaultUser?: string };

/** Options after validation, with every default applied. */
export interface ResolvedOptions {
  upstream: UploadPostApi | { apiKey: string; apiUrl?: string; transport?: Transport; timeoutMs?: number; retries?: number };
  identity: IdentityConfig;
  profileName: (userId: string) => string;
  platforms: readonly PlatformId[];
  allowedOrigins: ReadonlySet<string>;
  allowCredentials: boolean;
  /** Without trailing slash. */
  publicUrl?: string;
  linkDefaults: LinkDefaults;
  connectLink?: TokenServerOptions['connectLink'];
  rateLimit: { maxMints: number; windowSeconds: number } | false;
  cacheTtlMs: number;
  bodyLimitBytes: number;
  sharedStore?: SharedStore;
  widgetScript?: TokenServerOptions['widgetScript'];
  log?: LogSink;
  secrets: string[];
  now: () => number;
}

function sentence(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const path = issue.path.join('.');
  if (issue.code === 'unrecognized_keys') {
    const where = path ? ` in \`${path}\`` : '';
    return `createTokenServer: unknown option${issue.keys.length > 1 ? 's' : ''}${where}: ${issue.keys.map((key) => `\`${key}\``).join(', ')}. Check the spelling against the README.`;
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return `createTokenServer: option \`${path}\` is required. ${path === 'identity' ? 'Set identity to { getUser(c) }, { sessionSecret } or, with the emulator only, { demo: true }.' : ''}`.trim();
  }
  // Our own messages already name the option; zod's generic ones get the path in front.
  return `createTokenServer: option \`${path || '(root)'}\`: ${issue.message}.`;
}

export function resolveOptions(input: TokenServerOptions): ResolvedOptions {
  if (typeof input !== 'object' || input === null) {
    throw new TokenServerConfigError('createTokenServer needs an options object: { identity, apiKey | upstream, allowedOrigins, … }.');
  }
  const parsed = optionsSchema.safeParse(input);
  if (!parsed.success) {
    // Sentences quote the offending value; a key pasted into the wrong option must not be repeated.
    const raw = input as unknown as Record<string, unknown>;
    const identityInput = raw.identity as Record<string, unknown> | undefined;
    const secrets = [raw.apiKey, identityInput?.sessionSecret].filter(
      (value): value is string => typeof value === 'string' && value.length >= 8,
    );
    throw new TokenServerConfigError(redact(sentence(parsed.error), secrets));
  }
  const options = parsed.data;

  if (options.upstream && options.apiKey) {
    throw new TokenServerConfigError('createTokenServer: set either `apiKey` or `upstream`, not both.');
  }
  if (!options.upstream && !options.apiKey) {
    throw new TokenServerConfigError('createTokenServer: set `apiKey` to your Upload-Post API key (or pass an `upstream` client).');
  }
  if (options.upstream && (options.apiUrl || options.transport || options.timeoutMs || options.retries !== undefined)) {
    throw new TokenServerConfigError('createTokenServer: `apiUrl`, `transport`, `timeoutMs` and `retries` configure the client built from `apiKey`; with `upstream`, set them on that client.');
  }
  let identityConfig: IdentityConfig;
  const id = options.identity;
  if ('getUser' in id) identityConfig = { kind: 'getUser', getUser: id.getUser };
  else if ('sessionSecret' in id) {
    identityConfig = {
      kind: 'session',
      secret: id.sessionSecret,
      maxLifetimeSeconds: id.maxTokenLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
    };
  } else {
    // A demo identity lets any page act as any user: acceptable against the emulator, never with a real key.
    if (options.apiKey) {
      throw new TokenServerConfigError('createTokenServer: the demo identity is refused when a real `apiKey` is set; use { sessionSecret } or { getUser(c) } instead.');
    }
    identityConfig = { kind: 'demo', ...(id.defaultUser ? { defaultUser: id.defaultUser } : {}) };
  }
  const secrets = [...(options.secrets ?? [])];
  if (options.apiKey) secrets.push(options.apiKey);
  if (identityConfig.kind === 'session') secrets.push(identityConfig.secret);

  return {
    upstream: options.upstream ?? {
      apiKey: options.apiKey!,
      ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}),
      ...(options.transport ? { transport: options.transport } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.retries !== undefined ? { retries: options.retries } : {}),
    },
    identity: identityConfig,
    profileName: options.profileName ?? ((userId) => userId),
    platforms: options.platforms ?? DOCUMENTED_PLATFORM_IDS,
    allowedOrigins: new Set(options.allowedOrigins ?? []),
    allowCredentials: options.allowCredentials ?? identityConfig.kind === 'getUser',
    ...(options.publicUrl ? { publicUrl: options.publicUrl.replace(/\/+$/, '') } : {}),
    linkDefaults: options.linkDefaults ?? {},
    ...(options.connectLink ? { connectLink: options.connectLink } : {}),
    rateLimit: options.rateLimit ?? { ...DEFAULT_RATE_LIMIT },
    cacheTtlMs: options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS,
    bodyLimitBytes: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    ...(options.sharedStore ? { sharedStore: options.sharedStore } : {}),
    ...(options.widgetScript !== undefined ? { widgetScript: options.widgetScript as TokenServerOptions['widgetScript'] } : {}),
    ...(options.log ? { log: options.log } : {}),
    secrets: secrets.filter((secret) => secret.length > 0),
    now: options.now ?? Date.now,
  };
}
