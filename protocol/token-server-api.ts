/**
 * The contract between `<upload-post-connect>` and the token server: what each route answers and
 * accepts, and the one error shape with its stable codes.
 *
 * Types only, so the element can import them for free (`import type`); the token server validates
 * against the zod schemas in `schemas.ts`, which are checked to match these types at compile time.
 */
import type { Language, PlatformId } from './platforms.ts';

/** One platform as the element shows it. */
export interface Account {
  /** The upstream's platform id; may be one we do not know (then shown generically). */
  platform: string;
  connected: boolean;
  /** The account's display name, when connected and known. */
  displayName?: string;
  /** The account's handle (without a leading `@`), when connected and known. */
  handle?: string;
  /** An `http:`/`https:` image URL; anything else is dropped by the token server. */
  avatarUrl?: string;
}

/** `GET /accounts` */
export interface AccountsResponse {
  /** Every platform asked for, in the server's configured order, then any unknown ones the upstream reported. */
  accounts: Account[];
}

export type ConnectView = 'connect' | 'calendar';

/** `POST /connect-url` body. Everything else about the link is the server's policy. */
export interface ConnectUrlRequest {
  /** Limit the connect page to these platforms (all configured ones when absent). */
  platforms?: PlatformId[];
  /** `calendar` opens the documented `/connect/calendar` deep link. */
  view?: ConnectView;
  language?: Language;
  /**
   * Where the connect page's "done" button leads. Popup and tab modes leave it out: the token
   * server then uses its own `/done` page, which tells the opener and closes. Redirect mode sends
   * the page to come back to. Refused unless it is on an allowed origin.
   */
  returnUrl?: string;
}

/** `POST /connect-url` answer. */
export interface ConnectUrlResponse {
  /** The hosted connect page, single use. */
  url: string;
  /** ISO 8601; the upstream's links last 48 hours. */
  expiresAt: string;
}

/** `GET /facebook/pages` */
export interface FacebookPagesResponse {
  pages: { id: string; name?: string }[];
}

/** Posted by `GET /done` to the opener when the connect page sends the user back. */
export interface DoneMessage {
  type: 'upload-post:done';
}

export const ERROR_CODES = {
  /** 400: the request's body or query is not what the route accepts. */
  INVALID_REQUEST: 400,
  /** 401: no identity, or a session token that is missing, malformed, forged or expired. */
  UNAUTHENTICATED: 401,
  /** 403: the request came from an origin not on the allow-list (CORS/CSRF). */
  ORIGIN_NOT_ALLOWED: 403,
  /** 403: the Upload-Post plan allows no more profiles. */
  PROFILE_LIMIT_REACHED: 403,
  /** 403: the profile exists but the plan blocks it. */
  PROFILE_BLOCKED: 403,
  /** 404: no such route. */
  NOT_FOUND: 404,
  /** 413: the body is larger than the server accepts. */
  PAYLOAD_TOO_LARGE: 413,
  /** 429: too many links minted for this user; see `Retry-After`. */
  RATE_LIMITED: 429,
  /** 500: the server is misconfigured (for example, Upload-Post refused its API key). */
  SERVER_MISCONFIGURED: 500,
  /** 500: a bug; the request id finds it in the logs. */
  INTERNAL_ERROR: 500,
  /** 502: Upload-Post could not be reached or answered with a server error. */
  UPSTREAM_UNAVAILABLE: 502,
  /** 503: Upload-Post is rate-limiting this server's API key (it answered 429); see `Retry-After`. */
  UPSTREAM_RATE_LIMITED: 503,
  /** 502: Upload-Post answered something this version does not understand. */
  UPSTREAM_BAD_RESPONSE: 502,
  /** 504: Upload-Post did not answer in time. */
  UPSTREAM_TIMEOUT: 504,
  /** 503: the shared store (Redis, KV) that counts mints is failing; see `Retry-After`. */
  STORE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Every non-2xx answer of the token server. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    /** A sentence for the developer; never contains secrets. */
    message: string;
    /** Also in the `X-Request-Id` header and the server's log line. */
    requestId?: string;
  };
}
