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
  /**
   * True when the account is linked but Upload-Post needs its owner to reconnect it (its token
   * expired or was revoked): show it as needing attention, with a way to reconnect. Absent otherwise.
   */
  reauthRequired?: boolean;
}

/** `GET /accounts` */
export interface AccountsResponse {
  /** Every platform asked for, in the server's configured order, then any unknown ones the upstream reported. */
  accounts: Account[];
  /** Present (true) when the server streams changes at `GET /events`: the element listens there instead of re-reading. */
  events?: true;
}

/** The `accounts` event of `GET /events`: the accounts as `GET /accounts` answers them. */
export type AccountsEvent = Pick<AccountsResponse, 'accounts'>;

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
  /**
   * A link minted ahead of a click (the pointer or keyboard focus on a button): counted against the
   * user's prefetch budget, never against the budget of links asked for by a click, so a prefetch
   * cannot make a click meet a 429. The link is the same single-use link.
   */
  prefetch?: boolean;
}

/** `POST /connect-url` answer. */
export interface ConnectUrlResponse {
  /** The hosted connect page, single use. */
  url: string;
  /** ISO 8601; the upstream's links last 48 hours. */
  expiresAt: string;
  /**
   * The connect session to wait on (`GET /connect-sessions/:id`): it ends when the person reaches
   * the link's return page. Absent when the server could not open one (its store failing).
   */
  session?: string;
  /**
   * ISO 8601, with `session`: when the server forgets the connect session (30 minutes after the
   * mint). A link held before its click must leave the person time to finish before then.
   */
  sessionExpiresAt?: string;
}

/** `GET /connect-sessions/:id`: `done` once the person reached the return page (reported once). */
export interface ConnectSessionResponse {
  status: 'pending' | 'done';
}

/** `GET /facebook/pages` */
export interface FacebookPagesResponse {
  pages: { id: string; name?: string }[];
}

/**
 * `GET /origin-check`: readable by any page (no credentials, no preflight), so that a request that
 * failed as a network error can be told apart: an origin not allowed, a page sending cookies to a
 * server that takes none, or a server out of reach (no answer at all).
 */
export interface OriginCheckResponse {
  /** The `Origin` the browser sent, `null` when none. */
  origin: string | null;
  /** Whether that origin may call the user routes (`allowedOrigins`, or the server's own origin). */
  allowed: boolean;
  /** Whether the server accepts cookies across origins (`allowCredentials`); without, the element needs a session token. */
  credentials: boolean;
}

/** Posted by `GET /done` to the opener when the connect page sends the user back. */
export interface DoneMessage {
  type: 'upload-post:done';
}

/**
 * `GET /events[?platforms=a,b]`: Server-Sent Events for the signed-in user, offered when the server
 * receives Upload-Post's webhooks (404 otherwise: keep reading `/accounts`). Each event's `data` is
 * one JSON value, typed here by event name. Comment lines (`: ping`) keep proxies from closing an idle
 * stream. Same identity, CORS and origin rules as `/accounts`; since `EventSource` sends no headers,
 * a session token may come as `?session_token=` (on this route only).
 */
export interface TokenServerEvents {
  /** The accounts exactly as `GET /accounts` answers them (with the stream's `platforms`): first when the stream opens, then after each change. */
  accounts: AccountsEvent;
  /** The server is ending the stream; see `StreamEnd.reason`. */
  end: StreamEnd;
}

export type TokenServerEventName = keyof TokenServerEvents;

export interface StreamEnd {
  /**
   * `session-expired`: the session token ran out; open a new stream with a fresh one (EventSource
   * would retry with the old one and be refused). `shutdown`: this server is stopping; EventSource
   * reconnects by itself, and the `accounts` event that opens the new stream catches up.
   */
  reason: 'session-expired' | 'shutdown';
}

/** The query parameter of `GET /events` and `GET /accounts` that may carry the session token (EventSource and `<link rel=preload>` send no headers). */
export const SESSION_TOKEN_QUERY = 'session_token';

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
  /** 429: too many event streams open, for this user or on the server; keep reading `/accounts`. */
  TOO_MANY_STREAMS: 429,
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
