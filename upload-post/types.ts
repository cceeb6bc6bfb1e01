/**
 * What the client returns (the upstream's answers after validation, aliases resolved, field names as
 * documented) and `UploadPostApi`, the interface the token server depends on so tests can fake it.
 */
import type { Language } from '../protocol/platforms.ts';

/** A linked account as the upstream describes it. Every field is optional: the upstream varies. */
export interface UpstreamAccountDetails {
  username?: string;
  display_name?: string;
  social_images?: string;
  /** Seen on TikTok accounts in the official SDK's types. */
  capabilities?: string[];
  [extra: string]: unknown;
}

/**
 * One platform's slot in `social_accounts`, read on its own: no slot ever fails the profile.
 *
 * | slot as sent | reads as |
 * |---|---|
 * | an object (even `{}`) | connected; `details` are its fields, a known field of the wrong type left out |
 * | a non-blank string (validate-jwt's example) | connected, no details |
 * | `true`, a number other than `0`, a non-empty array | connected, no details (never documented) |
 * | absent, `null`, `""` or a blank string | not connected |
 * | `false`, `0`, `[]` | not connected (never documented) |
 *
 * `raw` is the value as sent, for whoever needs more than this reading.
 */
export type UpstreamAccount = { connected: true; details: UpstreamAccountDetails; raw: unknown } | { connected: false; raw: unknown };

export interface UpstreamProfile {
  username: string;
  /** As sent: RFC 1123 (`Fri, 02 May 2025 21:43:14 GMT`) or ISO 8601 with or without zone; left out when not a string. */
  created_at?: string;
  /** `created_at` read as a date (ISO without zone is taken as UTC); undefined when unreadable. */
  created_at_date?: Date;
  social_accounts: Record<string, UpstreamAccount>;
  [extra: string]: unknown;
}

export interface UpstreamProfileList {
  limit?: number;
  plan?: string;
  profiles: UpstreamProfile[];
}

export interface UpstreamFacebookPage {
  /** `page_id` in the documentation, `id` in the official SDK: both accepted. */
  page_id: string;
  /** `page_name` in the documentation, `name` in the official SDK. */
  page_name?: string;
  profile?: string;
  [extra: string]: unknown;
}

/** Everything generate-jwt accepts: the documented options plus the official SDK's two. */
export interface GenerateJwtOptions {
  username: string;
  redirect_url?: string;
  logo_image?: string;
  redirect_button_text?: string;
  connect_title?: string;
  connect_description?: string;
  platforms?: string[];
  show_calendar?: boolean;
  readonly_calendar?: boolean;
  language?: Language;
  /** Flat map, at most 100 keys matching `^[a-zA-Z0-9_.]+$`, values at most 300 characters. */
  ui_labels?: Record<string, string>;
}

export interface GeneratedJwt {
  /** `access_url`, or the SDK's `connection_url` when that is what came back. */
  access_url: string;
  /** `"48h"` as documented; undefined when the upstream left it out. */
  duration?: string;
  /** The token inside `access_url` (or the SDK's `jwt` field), when one can be found. */
  jwt?: string;
}

export type JwtValidation =
  { valid: true; profile: UpstreamProfile & { language?: string; ui_labels?: Record<string, string> } } | { valid: false; reason: string };

/** How validate-jwt is called: the documentation's POST, the official SDK's GET, or n8n's POST with a body. */
export type ValidateJwtStyle = 'post' | 'get' | 'post-body';

export interface UploadPostApi {
  createProfile(username: string, signal?: AbortSignal): Promise<UpstreamProfile>;
  listProfiles(signal?: AbortSignal): Promise<UpstreamProfileList>;
  /** Throws an `UploadPostError` with status 404 when there is no such profile. */
  getProfile(username: string, signal?: AbortSignal): Promise<UpstreamProfile>;
  deleteProfile(username: string, signal?: AbortSignal): Promise<void>;
  generateJwt(options: GenerateJwtOptions, signal?: AbortSignal): Promise<GeneratedJwt>;
  validateJwt(jwt: string, style?: ValidateJwtStyle, signal?: AbortSignal): Promise<JwtValidation>;
  /** All pages of the account, or those of one profile. */
  facebookPages(profile?: string, signal?: AbortSignal): Promise<UpstreamFacebookPage[]>;
}

/**
 * A fetch-shaped transport: the global `fetch` satisfies it, and so does an adapter over undici's
 * `request()` (faster on Node under load). Only what the client uses is required.
 */
export type Transport = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal },
) => Promise<TransportResponse>;

export interface TransportResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}
