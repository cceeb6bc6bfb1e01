/**
 * What the person reads when something needs them: the notice above the list (a blocked popup, the
 * connect window, a failure), the failed-to-load panel, and the sentence for each failure in words
 * rather than codes. Loaded with the list (`list-view.ts`); the stable code is shown small beside
 * the sentence, for support.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { UploadPostErrorCode, UploadPostErrorPhase } from './events.ts';
import type { UploadPostStrings } from './strings/en.ts';
import { format } from './strings/format.ts';

export type Listener = (event: Event) => void;

/** A failure as the element shows it. */
export interface Problem {
  code: UploadPostErrorCode;
  phase: UploadPostErrorPhase;
  /** Whether this identity's accounts were ever read: a 401 then means the session ran out, else that nobody is signed in. */
  wasSignedIn: boolean;
  /** When the server said a retry may succeed (its `Retry-After`), as a `Date.now()` time. */
  retryAt?: number;
}

/** Whole seconds until `problem` may be retried; 0 when it may be now. */
export const secondsToRetry = ({ retryAt = 0 }: Problem, now = Date.now()): number => Math.max(0, Math.ceil((retryAt - now) / 1000));

/** Failures that pass with time: their sentence says when to try again ("in a moment", or the server's wait). */
const PASSING = new Set<UploadPostErrorCode>(['RATE_LIMITED', 'UPSTREAM_UNAVAILABLE', 'UPSTREAM_RATE_LIMITED', 'UPSTREAM_TIMEOUT', 'STORE_UNAVAILABLE']);

/** The person's sentence for a failure, with the wait the server asked for while it lasts. */
export function problemText(problem: Problem, t: UploadPostStrings, now = Date.now()): string {
  const sentence = sentenceFor(problem, t);
  const seconds = secondsToRetry(problem, now);
  if (seconds) return `${sentence} ${format(t.retryIn, { seconds })}`;
  return PASSING.has(problem.code) ? `${sentence} ${t.retrySoon}` : sentence;
}

function sentenceFor({ code, phase, wasSignedIn }: Problem, t: UploadPostStrings): string {
  switch (code) {
    case 'POPUP_BLOCKED':
      return t.popupBlocked;
    case 'UNAUTHENTICATED':
    case 'SESSION_TOKEN_UNAVAILABLE':
      return wasSignedIn ? t.errorSession : t.errorSignIn;
    case 'NETWORK_ERROR':
      return t.errorNetwork;
    case 'RATE_LIMITED':
      return t.errorRateLimited;
    case 'UPSTREAM_UNAVAILABLE':
    case 'UPSTREAM_RATE_LIMITED':
    case 'UPSTREAM_TIMEOUT':
    case 'STORE_UNAVAILABLE':
      return t.errorBusy;
    // The integrator's to fix, not the person's: the console and the error event say what.
    case 'ORIGIN_NOT_ALLOWED':
    case 'CREDENTIALS_NOT_ALLOWED':
    case 'SERVER_MISCONFIGURED':
      return t.errorSetup;
    default:
      return phase === 'open' ? t.errorOpen : t.errorLoad;
  }
}

/** What the notice above the list says, most urgent first. */
export type Notice =
  | { kind: 'blocked'; url: string; onFallback: Listener }
  | { kind: 'problem'; text: string; code: string; waiting: boolean; onRetry: Listener }
  /** The connect window is open and attached: it can be brought forward. */
  | { kind: 'window'; onShow: Listener }
  /** The window is elsewhere (closed, or severed by a consent screen): the person may say they are done. */
  | { kind: 'away'; onDone: Listener };

export function notice(shown: Notice | undefined, t: UploadPostStrings): TemplateResult | typeof nothing {
  switch (shown?.kind) {
    case undefined:
      return nothing;
    case 'blocked':
      return html`<div part="notice" class="notice"><span>${t.popupBlocked}</span>
        ${
          shown.url
            ? html`<a part="fallback-link" class="link primary" href=${shown.url} target="_blank" rel="noopener"
              @click=${shown.onFallback}>${t.openLink}</a>`
            : nothing
        }</div>`;
    case 'problem':
      return html`<div part="notice" class="notice error"><span>${shown.text}
          <span part="error-code" class="code">${shown.code}</span></span>
        <button part="button retry-button" ?disabled=${shown.waiting} @click=${shown.onRetry}>${t.retry}</button></div>`;
    case 'window':
      return html`<div part="notice" class="notice"><span>${t.windowOpen}</span>
        <button part="button" @click=${shown.onShow}>${t.showWindow}</button></div>`;
    case 'away':
      return html`<div part="notice" class="notice"><span>${t.windowAway}</span>
        <button part="button done-button" @click=${shown.onDone}>${t.finished}</button></div>`;
  }
}

/** The failed-to-load panel; `waiting`: the server asked for a pause (its `Retry-After`), so Try again waits for it. */
export function failedPanel(text: string, code: string, t: UploadPostStrings, waiting: boolean, onRetry: Listener): TemplateResult {
  return html`<div part="error" class="failed"><span class="sign" aria-hidden="true">!</span>
    <strong>${text}</strong>
    <span part="error-code" class="code">${code}</span>
    <button part="button retry-button" ?disabled=${waiting} @click=${onRetry}>${t.retry}</button></div>`;
}
