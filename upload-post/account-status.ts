/**
 * @module Whether a linked account needs its owner to reconnect it. Upload-Post notifies
 * `social_account_reauth_required` but documents no field for it in `social_accounts`; the account
 * most plausibly stays linked (its details kept) with a flag or a status beside them. Every such
 * spelling seen in social APIs is read here, and nothing else: an account is healthy unless it says so.
 */
import type { UpstreamAccount } from './types.ts';

/** Boolean flags meaning "reconnect me" (also accepted as the strings "true"). */
const REAUTH_FLAGS = ['reauth_required', 'requires_reauth', 'needs_reauth', 'reauthRequired', 'needsReauth', 'token_expired', 'expired'];
/** Fields that may carry a status word. */
const STATUS_FIELDS = ['status', 'connection_status', 'state', 'token_status'];
/** Status words meaning "reconnect me", compared without case, spaces, `-` or `_`. */
const REAUTH_STATUSES = new Set([
  'reauthrequired',
  'needsreauth',
  'requiresreauth',
  'reauth',
  'expired',
  'tokenexpired',
  'invalidtoken',
  'revoked',
  'reconnect',
]);

export function accountNeedsReauth(slot: UpstreamAccount | undefined): boolean {
  if (!slot?.connected) return false;
  const { details } = slot;
  for (const flag of REAUTH_FLAGS) {
    const value = details[flag];
    if (value === true || value === 'true') return true;
  }
  for (const field of STATUS_FIELDS) {
    const value = details[field];
    if (typeof value === 'string' && REAUTH_STATUSES.has(value.toLowerCase().replace(/[\s_-]/g, ''))) return true;
  }
  return false;
}
