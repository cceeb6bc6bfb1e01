/**
 * The connect page's window: opened empty inside the click (so neither Safari nor a popup blocker
 * refuses it for lack of a user gesture), pointed at the real URL once the token server has minted
 * it, then watched until it closes.
 */
import type { DoneMessage } from '../protocol/token-server-api.ts';

/** One window per page, reused by a second element or a second click. */
export const CONNECT_WINDOW_NAME = 'upload-post-connect';

/**
 * A centred ~500×720 popup, or a plain new tab. `url` is empty when it is not known yet.
 * Returns `null` when the browser blocked it (or threw, as sandboxed iframes may).
 */
export function openConnectWindow(mode: 'popup' | 'tab', url = ''): Window | null {
  try {
    if (mode === 'tab') return window.open(url, CONNECT_WINDOW_NAME);
    const width = 500;
    const height = Math.min(720, screen.availHeight || 720);
    const left = Math.round(window.screenX + Math.max(0, (window.outerWidth - width) / 2));
    const top = Math.round(window.screenY + Math.max(0, (window.outerHeight - height) / 2));
    return window.open(url, CONNECT_WINDOW_NAME, `popup,width=${width},height=${height},left=${left},top=${top}`);
  } catch {
    return null;
  }
}

/** Sends a window we opened empty to the connect page; `replace` keeps about:blank out of its history. */
export function navigateConnectWindow(target: Window, url: string): boolean {
  try {
    target.location.replace(url);
    return true;
  } catch {
    return false;
  }
}

export interface ConnectWindowHandlers {
  /** Something suggests the person may be done: re-read the real state. */
  onSignal(reason: 'done' | 'focus'): void;
  /** The window has closed (only reported when there is a window to watch). */
  onClosed(): void;
}

/**
 * Watches a connect window: the token server's `/done` message (only from `expectedOrigin` and only
 * from `target` itself), `target.closed` every `interval` ms, and this page regaining focus or
 * visibility. `target` is `null` when the page was opened by a plain link we hold no handle on:
 * then only focus and visibility can tell. Returns the function that stops all of it.
 */
export function watchConnectWindow(target: Window | null, expectedOrigin: string, handlers: ConnectWindowHandlers, interval = 500): () => void {
  let lastFocusSignal = 0;
  const onMessage = (event: MessageEvent) => {
    if (!target || event.source !== target || event.origin !== expectedOrigin) return;
    if ((event.data as DoneMessage | null)?.type === 'upload-post:done') handlers.onSignal('done');
  };
  const onFocus = () => {
    if (document.visibilityState === 'hidden') return;
    // Focus and visibilitychange often arrive together; one re-read is enough.
    const now = Date.now();
    if (now - lastFocusSignal < 1000) return;
    lastFocusSignal = now;
    handlers.onSignal('focus');
  };
  window.addEventListener('message', onMessage);
  window.addEventListener('focus', onFocus);
  document.addEventListener('visibilitychange', onFocus);
  const timer = target
    ? setInterval(() => {
        if (target.closed) {
          stop();
          handlers.onClosed();
        }
      }, interval)
    : undefined;
  function stop() {
    clearInterval(timer);
    window.removeEventListener('message', onMessage);
    window.removeEventListener('focus', onFocus);
    document.removeEventListener('visibilitychange', onFocus);
  }
  return stop;
}
