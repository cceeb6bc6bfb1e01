/**
 * Redirect mode sends this page to the connect page and back. What the element showed before leaves
 * with the person in `sessionStorage`, so that on return it can tell the page what changed (the
 * same connect, disconnect and close events a popup gives).
 */
import type { Account } from '../protocol/token-server-api.ts';

const KEY = 'upload-post-connect:before-redirect';
/** A return later than this is another visit, not the end of that connect. */
const MAX_AWAY_MS = 60 * 60 * 1000;

export function rememberBeforeRedirect(endpoint: string, accounts: Account[]): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ endpoint, accounts, at: Date.now() }));
  } catch {
    // No storage (a sandbox, a full quota): the return is read like any first visit.
  }
}

/** The accounts shown before leaving for the connect page from this endpoint, once. */
export function takeBeforeRedirect(endpoint: string): Account[] | undefined {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as { endpoint?: unknown; accounts?: unknown; at?: unknown } | null;
    if (saved?.endpoint !== endpoint) return undefined;
    sessionStorage.removeItem(KEY);
    return typeof saved.at === 'number' && Date.now() - saved.at < MAX_AWAY_MS && Array.isArray(saved.accounts) ? (saved.accounts as Account[]) : undefined;
  } catch {
    return undefined;
  }
}
