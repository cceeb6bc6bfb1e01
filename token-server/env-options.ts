/**
 * @module Environment variables (the CLI's, or a Worker's bindings) → the token server's options,
 * in one place: a variable is declared, validated and mapped here, nowhere else. A wrong variable
 * stops the start with a sentence naming it.
 */
import { z } from 'zod';
import { PLATFORM_IDS, type PlatformId } from '../protocol/platforms.ts';
import { DEFAULT_UPLOAD_POST_BASE_URL } from '../upload-post/index.ts';
import { MIN_SESSION_SECRET_LENGTH } from './identity/session-token.ts';
import { redact } from './log.ts';
import { originSchema, TokenServerConfigError, type LinkDefaults, type SessionTokenIdentity, type TokenServerOptions } from './options.ts';

const blankIsUnset = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankIsUnset, schema.optional());

const httpUrl = (example: string) => z.url({ protocol: /^https?$/, error: `must be an absolute http(s) URL, e.g. ${example}` });

const port = z.coerce
  .number({ error: 'must be a port number' })
  .int({ error: 'must be a whole number' })
  .min(0, { error: 'must be from 0 to 65535' })
  .max(65535, { error: 'must be from 0 to 65535' });

const boolean = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((value) => value === 'true');

const list = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) =>
      typeof value === 'string'
        ? value
            .split(',')
            .map((part) => part.trim())
            .filter(Boolean)
        : value,
    z.array(item),
  );

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';

const envSchema = z.object({
  UPLOAD_POST_API_KEY: optional(
    z.string().regex(/^[\x21-\x7e]+$/, {
      error: 'contains spaces or non-ASCII characters; set it to the key exactly as Upload-Post shows it',
    }),
  ),
  UPLOAD_POST_API_URL: optional(httpUrl(DEFAULT_UPLOAD_POST_BASE_URL)),
  UPLOAD_POST_SESSION_SECRET: optional(
    z.string().min(MIN_SESSION_SECRET_LENGTH, {
      error: `must be at least ${MIN_SESSION_SECRET_LENGTH} characters (e.g. the output of \`openssl rand -hex 32\`)`,
    }),
  ),
  UPLOAD_POST_MAX_TOKEN_LIFETIME: optional(z.coerce.number().int().positive().max(86_400, { error: 'must be at most 86400 seconds' })),
  UPLOAD_POST_ALLOWED_ORIGINS: optional(list(originSchema)),
  UPLOAD_POST_PUBLIC_URL: optional(httpUrl('https://tokens.example.com/upload-post')),
  UPLOAD_POST_PLATFORMS: optional(
    list(
      z.enum(PLATFORM_IDS as [PlatformId, ...PlatformId[]], {
        error: `must list platforms among ${PLATFORM_IDS.join(', ')}`,
      }),
    ),
  ),
  UPLOAD_POST_PROFILE_PREFIX: optional(
    z
      .string()
      .max(64)
      .regex(/^[\x21-\x7e]+$/, { error: 'must be printable ASCII without spaces' }),
  ),
  UPLOAD_POST_LOGO_URL: optional(httpUrl('https://example.com/logo.png')),
  UPLOAD_POST_CONNECT_TITLE: optional(z.string().max(200)),
  UPLOAD_POST_CONNECT_DESCRIPTION: optional(z.string().max(1000)),
  UPLOAD_POST_REDIRECT_BUTTON_TEXT: optional(z.string().max(100)),
  UPLOAD_POST_SHOW_CALENDAR: optional(boolean),
  UPLOAD_POST_READONLY_CALENDAR: optional(boolean),
  UPLOAD_POST_TIMEOUT_MS: optional(z.coerce.number().int().positive().max(120_000, { error: 'must be at most 120000' })),
  UPLOAD_POST_WIDGET_FILE: optional(z.string()),
  UPLOAD_POST_WEBHOOK_SECRET: optional(
    z.string().regex(/^[A-Za-z0-9._~-]{16,256}$/, { error: 'must be 16 to 256 URL-safe characters (e.g. the output of `openssl rand -hex 32`)' }),
  ),
  UPLOAD_POST_FORWARD_URL: optional(httpUrl('https://api.example.com/hooks/upload-post')),
  UPLOAD_POST_FORWARD_SECRET: optional(z.string().min(16, { error: 'must be at least 16 characters (e.g. the output of `openssl rand -hex 32`)' })),
  UPLOAD_POST_EMULATOR_PORT: optional(port),
  PORT: optional(port),
  HOST: optional(z.string()),
});

/** What the environment configures: the token server's options, its upstream, and where to listen. */
export interface EnvironmentConfig {
  /** Options for `createTokenServer`, besides the identity and the upstream. */
  options: Pick<TokenServerOptions, 'allowedOrigins' | 'publicUrl' | 'platforms' | 'profileName' | 'userIdOf' | 'linkDefaults' | 'webhookSecret' | 'forward'>;
  /** The Upload-Post client's options; without `apiKey` the embedded emulator is the upstream. */
  upstream: { apiKey?: string; baseUrl: string; timeoutMs?: number };
  /** Session tokens, when `UPLOAD_POST_SESSION_SECRET` is set. */
  identity?: SessionTokenIdentity;
  listen: { port: number; host: string; emulatorPort: number };
  widgetFile?: string;
}

/** Reads the environment; throws a `TokenServerConfigError` whose message is one sentence per problem. */
export function readEnvironment(env: Record<string, string | undefined>): EnvironmentConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    // Messages quote values; a key pasted into the wrong variable must not be printed back.
    const secrets = [env.UPLOAD_POST_API_KEY, env.UPLOAD_POST_SESSION_SECRET, env.UPLOAD_POST_WEBHOOK_SECRET, env.UPLOAD_POST_FORWARD_SECRET].filter(
      (value): value is string => typeof value === 'string' && value.trim().length >= 8,
    );
    throw new TokenServerConfigError(redact(parsed.error.issues.map((issue) => `${String(issue.path[0])} ${issue.message}.`).join('\n'), secrets));
  }
  const vars = parsed.data;
  if (vars.UPLOAD_POST_API_KEY && !vars.UPLOAD_POST_SESSION_SECRET) {
    throw new TokenServerConfigError(
      'UPLOAD_POST_SESSION_SECRET is required when UPLOAD_POST_API_KEY is set: set it to a random string of at least 32 characters that your backend also uses to sign session tokens (e.g. `openssl rand -hex 32`).',
    );
  }
  if (Boolean(vars.UPLOAD_POST_FORWARD_URL) !== Boolean(vars.UPLOAD_POST_FORWARD_SECRET)) {
    throw new TokenServerConfigError(
      'UPLOAD_POST_FORWARD_URL and UPLOAD_POST_FORWARD_SECRET go together: the forward is signed with the secret. Set both, or neither.',
    );
  }
  if (vars.UPLOAD_POST_FORWARD_URL && !vars.UPLOAD_POST_WEBHOOK_SECRET) {
    throw new TokenServerConfigError(
      "UPLOAD_POST_FORWARD_URL needs UPLOAD_POST_WEBHOOK_SECRET: changes are learnt from Upload-Post's webhooks, which that secret lets in.",
    );
  }
  const linkDefaults: LinkDefaults = {
    logo_image: vars.UPLOAD_POST_LOGO_URL,
    connect_title: vars.UPLOAD_POST_CONNECT_TITLE,
    connect_description: vars.UPLOAD_POST_CONNECT_DESCRIPTION,
    redirect_button_text: vars.UPLOAD_POST_REDIRECT_BUTTON_TEXT,
    show_calendar: vars.UPLOAD_POST_SHOW_CALENDAR,
    readonly_calendar: vars.UPLOAD_POST_READONLY_CALENDAR,
  };
  const prefix = vars.UPLOAD_POST_PROFILE_PREFIX;
  const portNumber = vars.PORT ?? DEFAULT_PORT;
  return {
    options: {
      allowedOrigins: vars.UPLOAD_POST_ALLOWED_ORIGINS ?? [],
      publicUrl: vars.UPLOAD_POST_PUBLIC_URL,
      platforms: vars.UPLOAD_POST_PLATFORMS?.length ? vars.UPLOAD_POST_PLATFORMS : undefined,
      profileName: prefix ? (userId: string) => `${prefix}${userId}` : undefined,
      // A prefix inverts: a profile without it belongs to another app on the same Upload-Post key.
      userIdOf: prefix ? (profile: string) => (profile.startsWith(prefix) ? profile.slice(prefix.length) : undefined) : undefined,
      webhookSecret: vars.UPLOAD_POST_WEBHOOK_SECRET,
      forward:
        vars.UPLOAD_POST_FORWARD_URL && vars.UPLOAD_POST_FORWARD_SECRET
          ? { url: vars.UPLOAD_POST_FORWARD_URL, secret: vars.UPLOAD_POST_FORWARD_SECRET }
          : undefined,
      linkDefaults: Object.fromEntries(Object.entries(linkDefaults).filter(([, value]) => (value as unknown) !== undefined)),
    },
    upstream: {
      apiKey: vars.UPLOAD_POST_API_KEY,
      baseUrl: (vars.UPLOAD_POST_API_URL ?? DEFAULT_UPLOAD_POST_BASE_URL).replace(/\/+$/, ''),
      timeoutMs: vars.UPLOAD_POST_TIMEOUT_MS,
    },
    identity: vars.UPLOAD_POST_SESSION_SECRET
      ? { sessionSecret: vars.UPLOAD_POST_SESSION_SECRET, maxTokenLifetimeSeconds: vars.UPLOAD_POST_MAX_TOKEN_LIFETIME }
      : undefined,
    listen: {
      port: portNumber,
      host: vars.HOST ?? DEFAULT_HOST,
      emulatorPort: vars.UPLOAD_POST_EMULATOR_PORT ?? (portNumber === 0 || portNumber === 65535 ? 0 : portNumber + 1),
    },
    widgetFile: vars.UPLOAD_POST_WIDGET_FILE,
  };
}
