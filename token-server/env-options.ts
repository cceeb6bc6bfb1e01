/**
 * The standalone token server's configuration, read from environment variables and validated with
 * zod. A wrong variable stops the start with a sentence naming it and saying what to set.
 *
 * | variable | meaning |
 * |---|---|
 * | `UPLOAD_POST_API_KEY` | your Upload-Post API key; without it the embedded emulator is the upstream |
 * | `UPLOAD_POST_API_URL` | Upload-Post's API base URL (default `https://api.upload-post.com/api`) |
 * | `UPLOAD_POST_SESSION_SECRET` | HS256 secret shared with your backend (≥ 32 chars); required with a key |
 * | `UPLOAD_POST_MAX_TOKEN_LIFETIME` | longest session-token lifetime accepted, seconds (default 3600) |
 * | `UPLOAD_POST_ALLOWED_ORIGINS` | comma-separated origins of the pages embedding the element |
 * | `UPLOAD_POST_PUBLIC_URL` | the server's public URL including `/upload-post`, when behind a proxy |
 * | `UPLOAD_POST_PLATFORMS` | comma-separated platforms offered (default the nine documented) |
 * | `UPLOAD_POST_PROFILE_PREFIX` | prepended to your user ids to make Upload-Post usernames |
 * | `UPLOAD_POST_LOGO_URL`, `UPLOAD_POST_CONNECT_TITLE`, `UPLOAD_POST_CONNECT_DESCRIPTION`, `UPLOAD_POST_REDIRECT_BUTTON_TEXT` | connect-page branding |
 * | `UPLOAD_POST_SHOW_CALENDAR`, `UPLOAD_POST_READONLY_CALENDAR` | `true`/`false` |
 * | `UPLOAD_POST_TIMEOUT_MS` | per upstream call (default 10000) |
 * | `UPLOAD_POST_WIDGET_FILE` | the script-tag bundle served at `/widget.js` (default `dist/browser/upload-post-connect.min.js`) |
 * | `PORT` (8787), `HOST` (127.0.0.1) | where to listen |
 * | `UPLOAD_POST_EMULATOR_PORT` | the embedded emulator's port (default PORT + 1; 0 = any) |
 */
import { z } from 'zod';
import { PLATFORM_IDS, type PlatformId } from '../protocol/platforms.ts';
import { DEFAULT_UPLOAD_POST_BASE_URL } from '../upload-post/client.ts';
import { redact } from './log.ts';
import { originSchema } from './options.ts';
import { MIN_SESSION_SECRET_LENGTH } from './identity/session-token.ts';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const blankIsUnset = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankIsUnset, schema.optional());

const httpUrl = (example: string) =>
  z.url({ protocol: /^https?$/, error: `must be an absolute http(s) URL, e.g. ${example}` });

const port = z.coerce.number({ error: 'must be a port number' }).int({ error: 'must be a whole number' })
  .min(0, { error: 'must be from 0 to 65535' }).max(65535, { error: 'must be from 0 to 65535' });

const boolean = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((value) => value === 'true');

const list = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.split(',').map((part) => part.trim()).filter(Boolean) : value),
    z.array(item),
  );


const envSchema = z.object({
  UPLOAD_POST_API_KEY: optional(z.string().regex(/^[\x21-\x7e]+$/, {
    error: 'contains spaces or non-ASCII characters; set it to the key exactly as Upload-Post shows it',
  })),
  UPLOAD_POST_API_URL: optional(httpUrl(DEFAULT_UPLOAD_POST_BASE_URL)),
  UPLOAD_POST_SESSION_SECRET: optional(z.string().min(MIN_SESSION_SECRET_LENGTH, {
    error: `must be at least ${MIN_SESSION_SECRET_LENGTH} characters (e.g. the output of \`openssl rand -hex 32\`)`,
  })),
  UPLOAD_POST_MAX_TOKEN_LIFETIME: optional(z.coerce.number().int().positive().max(86_400, { error: 'must be at most 86400 seconds' })),
  UPLOAD_POST_ALLOWED_ORIGINS: optional(list(originSchema)),
  UPLOAD_POST_PUBLIC_URL: optional(httpUrl('https://tokens.example.com/upload-post')),
  UPLOAD_POST_PLATFORMS: optional(list(z.enum(PLATFORM_IDS as [PlatformId, ...PlatformId[]], {
    error: `must list platforms among ${PLATFORM_IDS.join(', ')}`,
  }))),
  UPLOAD_POST_PROFILE_PREFIX: optional(z.string().max(64).regex(/^[\x21-\x7e]+$/, { error: 'must be printable ASCII without spaces' })),
  UPLOAD_POST_LOGO_URL: optional(httpUrl('https://example.com/logo.png')),
  UPLOAD_POST_CONNECT_TITLE: optional(z.string().max(200)),
  UPLOAD_POST_CONNECT_DESCRIPTION: optional(z.string().max(1000)),
  UPLOAD_POST_REDIRECT_BUTTON_TEXT: optional(z.string().max(100)),
  UPLOAD_POST_SHOW_CALENDAR: optional(boolean),
  UPLOAD_POST_READONLY_CALENDAR: optional(boolean),
  UPLOAD_POST_TIMEOUT_MS: optional(z.coerce.number().int().positive().max(120_000, { error: 'must be at most 120000' })),
  UPLOAD_POST_WIDGET_FILE: optional(z.string()),
  UPLOAD_POST_EMULATOR_PORT: optional(port),
  PORT: optional(port),
  HOST: optional(z.string()),
});

export interface TokenServerConfig {
  /** Undefined: the embedded emulator is the upstream. */
  apiKey?: string;
  apiUrl: string;
  sessionSecret?: string;
  maxTokenLifetimeSeconds?: number;
  allowedOrigins: string[];
  publicUrl?: string;
  platforms?: PlatformId[];
  profilePrefix: string;
  linkDefaults: {
    logo_image?: string;
    connect_title?: string;
    connect_description?: string;
    redirect_button_text?: string;
    show_calendar?: boolean;
    readonly_calendar?: boolean;
  };
  timeoutMs?: number;
  widgetFile?: string;
  port: number;
  host: string;
  emulatorPort: number;
}

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';

/** Reads the environment; throws a `ConfigError` whose message is one sentence per problem. */
export function readConfig(env: Record<string, string | undefined>): TokenServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    // Messages quote values; a key pasted into the wrong variable must not be printed back.
    const secrets = [env.UPLOAD_POST_API_KEY, env.UPLOAD_POST_SESSION_SECRET]
      .filter((value): value is string => typeof value === 'string' && value.trim().length >= 8);
    throw new ConfigError(redact(parsed.error.issues
      .map((issue) => `${String(issue.path[0])} ${issue.message}.`)
      .join('\n'), secrets));
  }
  const vars = parsed.data;
  if (vars.UPLOAD_POST_API_KEY && !vars.UPLOAD_POST_SESSION_SECRET) {
    throw new ConfigError(
      'UPLOAD_POST_SESSION_SECRET is required when UPLOAD_POST_API_KEY is set: set it to a random string of at least 32 characters that your backend also uses to sign session tokens (e.g. `openssl rand -hex 32`).',
    );
  }
  const port = vars.PORT ?? DEFAULT_PORT;
  const linkDefaults: TokenServerConfig['linkDefaults'] = {};
  if (vars.UPLOAD_POST_LOGO_URL) linkDefaults.logo_image = vars.UPLOAD_POST_LOGO_URL;
  if (vars.UPLOAD_POST_CONNECT_TITLE) linkDefaults.connect_title = vars.UPLOAD_POST_CONNECT_TITLE;
  if (vars.UPLOAD_POST_CONNECT_DESCRIPTION) linkDefaults.connect_description = vars.UPLOAD_POST_CONNECT_DESCRIPTION;
  if (vars.UPLOAD_POST_REDIRECT_BUTTON_TEXT) linkDefaults.redirect_button_text = vars.UPLOAD_POST_REDIRECT_BUTTON_TEXT;
  if (vars.UPLOAD_POST_SHOW_CALENDAR !== undefined) linkDefaults.show_calendar = vars.UPLOAD_POST_SHOW_CALENDAR;
  if (vars.UPLOAD_POST_READONLY_CALENDAR !== undefined) linkDefaults.readonly_calendar = vars.UPLOAD_POST_READONLY_CALENDAR;
  return {
    ...(vars.UPLOAD_POST_API_KEY ? { apiKey: vars.UPLOAD_POST_API_KEY } : {}),
    apiUrl: (vars.UPLOAD_POST_API_URL ?? DEFAULT_UPLOAD_POST_BASE_URL).replace(/\/+$/, ''),
    ...(vars.UPLOAD_POST_SESSION_SECRET ? { sessionSecret: vars.UPLOAD_POST_SESSION_SECRET } : {}),
    ...(vars.UPLOAD_POST_MAX_TOKEN_LIFETIME ? { maxTokenLifetimeSeconds: vars.UPLOAD_POST_MAX_TOKEN_LIFETIME } : {}),
    allowedOrigins: vars.UPLOAD_POST_ALLOWED_ORIGINS ?? [],
    ...(vars.UPLOAD_POST_PUBLIC_URL ? { publicUrl: vars.UPLOAD_POST_PUBLIC_URL } : {}),
    ...(vars.UPLOAD_POST_PLATFORMS?.length ? { platforms: vars.UPLOAD_POST_PLATFORMS } : {}),
    profilePrefix: vars.UPLOAD_POST_PROFILE_PREFIX ?? '',
    linkDefaults,
    ...(vars.UPLOAD_POST_TIMEOUT_MS ? { timeoutMs: vars.UPLOAD_POST_TIMEOUT_MS } : {}),
    ...(vars.UPLOAD_POST_WIDGET_FILE ? { widgetFile: vars.UPLOAD_POST_WIDGET_FILE } : {}),
    port,
    host: vars.HOST ?? DEFAULT_HOST,
    emulatorPort: vars.UPLOAD_POST_EMULATOR_PORT ?? (port === 0 || port === 65535 ? 0 : port + 1),
  };
}
