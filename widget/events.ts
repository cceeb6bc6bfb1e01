/**
 * The events `<upload-post-connect>` dispatches: one class per event so listeners get typed
 * `detail`s, and `GlobalEventHandlersEventMap` entries so `addEventListener('upload-post-…')`
 * is typed without casts. All bubble and are composed (they cross shadow roots).
 */
import type { Account, ErrorCode } from '../protocol/token-server-api.ts';

/** Where an error happened: the first load, opening the connect page, or a later re-read. */
export type UploadPostErrorPhase = 'load' | 'open' | 'refresh';

/**
 * Stable error codes: the token server's (`ERROR_CODES` in the protocol) plus the element's own.
 * - `NETWORK_ERROR`: the token server could not be reached (offline, DNS, CORS refused).
 * - `BAD_RESPONSE`: it answered something that is not the documented shape.
 * - `POPUP_BLOCKED`: the browser refused to open the window; a link is shown instead.
 * - `SESSION_TOKEN_UNAVAILABLE`: `fetchSessionToken` threw or gave no token.
 * - `UNSAFE_URL`: the connect page URL was not `http(s)`.
 * - `CREDENTIALS_NOT_ALLOWED`: the page identifies the user by cookies, but the token server (on
 *   another origin) accepts none (`allowCredentials` is off): use a session token, or turn it on.
 *
 * `ORIGIN_NOT_ALLOWED` is also found by the element itself, when the browser refused the request
 * and the token server's `/origin-check` says the page's origin is not on its allow-list.
 */
export type UploadPostErrorCode =
  ErrorCode | 'NETWORK_ERROR' | 'BAD_RESPONSE' | 'POPUP_BLOCKED' | 'SESSION_TOKEN_UNAVAILABLE' | 'UNSAFE_URL' | 'CREDENTIALS_NOT_ALLOWED';

export interface UploadPostOpenDetail {
  /** The platform the person asked to connect, or `undefined` for the whole connect page. */
  platform: string | undefined;
}
export interface UploadPostAccountDetail {
  account: Account;
}
export interface UploadPostChangeDetail {
  accounts: Account[];
}
export interface UploadPostCloseDetail {
  /** Platforms that became connected while the connect page was open. */
  connected: Account[];
  /** Platforms that became disconnected while the connect page was open. */
  disconnected: Account[];
}
export interface UploadPostFacebookPageDetail {
  /** The page the person picked (or the only one there is), to publish to. */
  page: { id: string; name?: string };
}
export interface UploadPostErrorDetail {
  code: UploadPostErrorCode;
  /** A sentence for the developer (from the token server when it sent one). */
  message: string;
  phase: UploadPostErrorPhase;
  /** The token server's request id, when it sent one: it finds the request in the server's log. */
  requestId?: string;
  /** Seconds to wait before trying again, when the server said (its `Retry-After`). */
  retryAfter?: number;
}

class UploadPostEvent<T> extends CustomEvent<T> {
  constructor(type: string, detail: T, cancelable = false) {
    super(type, { detail, bubbles: true, composed: true, cancelable });
  }
}

/** The first accounts have been read. */
export class UploadPostReadyEvent extends UploadPostEvent<UploadPostChangeDetail> {
  constructor(detail: UploadPostChangeDetail) {
    super('upload-post-ready', detail);
  }
}
/** About to open the connect page; `preventDefault()` stops it. */
export class UploadPostOpenEvent extends UploadPostEvent<UploadPostOpenDetail> {
  constructor(detail: UploadPostOpenDetail) {
    super('upload-post-open', detail, true);
  }
}
/** A platform became connected (seen by re-reading the token server, never from a signal alone). */
export class UploadPostConnectEvent extends UploadPostEvent<UploadPostAccountDetail> {
  constructor(detail: UploadPostAccountDetail) {
    super('upload-post-connect', detail);
  }
}
/** A platform became disconnected. */
export class UploadPostDisconnectEvent extends UploadPostEvent<UploadPostAccountDetail> {
  constructor(detail: UploadPostAccountDetail) {
    super('upload-post-disconnect', detail);
  }
}
/** The accounts differ from the last time they were read. */
export class UploadPostChangeEvent extends UploadPostEvent<UploadPostChangeDetail> {
  constructor(detail: UploadPostChangeDetail) {
    super('upload-post-change', detail);
  }
}
/** The connect window was closed and the accounts re-read. */
export class UploadPostCloseEvent extends UploadPostEvent<UploadPostCloseDetail> {
  constructor(detail: UploadPostCloseDetail) {
    super('upload-post-close', detail);
  }
}
/** An account needs reconnecting (its token was revoked or expired): on the first read, and whenever one starts to. */
export class UploadPostReauthRequiredEvent extends UploadPostEvent<UploadPostAccountDetail> {
  constructor(detail: UploadPostAccountDetail) {
    super('upload-post-reauth-required', detail);
  }
}
/** The Facebook page to publish to was picked: store `detail.page.id` and give it back as `facebook-page`. */
export class UploadPostFacebookPageEvent extends UploadPostEvent<UploadPostFacebookPageDetail> {
  constructor(detail: UploadPostFacebookPageDetail) {
    super('upload-post-facebook-page', detail);
  }
}
/** Something failed; the element shows it too. */
export class UploadPostErrorEvent extends UploadPostEvent<UploadPostErrorDetail> {
  constructor(detail: UploadPostErrorDetail) {
    super('upload-post-error', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'upload-post-ready': UploadPostReadyEvent;
    'upload-post-open': UploadPostOpenEvent;
    'upload-post-connect': UploadPostConnectEvent;
    'upload-post-disconnect': UploadPostDisconnectEvent;
    'upload-post-change': UploadPostChangeEvent;
    'upload-post-close': UploadPostCloseEvent;
    'upload-post-reauth-required': UploadPostReauthRequiredEvent;
    'upload-post-facebook-page': UploadPostFacebookPageEvent;
    'upload-post-error': UploadPostErrorEvent;
  }
}
