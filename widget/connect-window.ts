/**
 * The connect page's window: opened empty inside the click (so neither Safari nor a popup blocker
 * refuses it for lack of a user gesture), then pointed at the real URL once the token server has
 * minted it. `connect-watch.ts` watches it.
 */

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
