/**
 * The accounts of an answer (`GET /accounts`, an `accounts` event), checked by hand (zod would blow
 * the size budget): only the documented fields, as plain strings, and only http(s) avatars. In the
 * list's module, which every answer waits for anyway, rather than in the script tag.
 */
import type { Account, AccountsResponse } from '../protocol/token-server-api.ts';
import { toHttpUrl } from '../lib/http-url.ts';
import { UploadPostConnectError } from './errors.ts';

const badResponse = (message: string) => new UploadPostConnectError('BAD_RESPONSE', message);
const optionalString = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Keeps only the documented fields, as plain strings; anything else makes the answer unusable. */
export function parseAccounts(body: unknown): Account[] {
  const list = (body as AccountsResponse | null)?.accounts;
  if (!Array.isArray(list)) throw badResponse('accounts: no array.');
  return list.map((item: Partial<Account> | null) => {
    if (!item || typeof item.platform !== 'string' || typeof item.connected !== 'boolean') {
      throw badResponse('accounts: an account without platform or connected.');
    }
    const account: Account = { platform: item.platform, connected: item.connected };
    const displayName = optionalString(item.displayName);
    const handle = optionalString(item.handle)?.replace(/^@/, '');
    if (displayName) account.displayName = displayName;
    if (handle) account.handle = handle;
    const avatarUrl = toHttpUrl(item.avatarUrl, document.baseURI);
    if (avatarUrl) account.avatarUrl = avatarUrl;
    if (item.connected && item.reauthRequired === true) account.reauthRequired = true;
    return account;
  });
}
