/**
 * The `social_accounts` slots every layer must read on its own (`upload-post/types.ts`'s
 * `UpstreamAccount` rule): as the emulator serves them (`PUT /__emulator/profiles/{u}/raw-slots`),
 * and the account `GET /accounts` must make of each. Shared by the emulator, client, token-server
 * and end-to-end tests, so every layer is held to the same table.
 */
import type { Account } from '../../protocol/token-server-api.ts';

export interface SlotVariation {
  name: string;
  /** The slot's JSON, exactly as the upstream sends it. */
  raw: unknown;
  /** What `GET /accounts` answers for it, but `platform`. */
  account: Omit<Account, 'platform'>;
}

const LONG_TEXT = 'Ä'.repeat(5000);
const LONG_AVATAR = `https://cdn.example/${'a'.repeat(3000)}.png`;

export const SLOT_VARIATIONS: readonly SlotVariation[] = [
  {
    name: 'a documented object',
    raw: { username: 'doc_user', display_name: 'Doc User', social_images: 'https://cdn.example/doc.png' },
    account: { connected: true, displayName: 'Doc User', handle: 'doc_user', avatarUrl: 'https://cdn.example/doc.png' },
  },
  { name: '"" (added, not connected)', raw: '', account: { connected: false } },
  { name: 'null', raw: null, account: { connected: false } },
  { name: 'a bare string', raw: 'connected_account_details', account: { connected: true } },
  { name: 'a blank string', raw: '   ', account: { connected: false } },
  { name: 'true', raw: true, account: { connected: true } },
  { name: 'false', raw: false, account: { connected: false } },
  { name: '0', raw: 0, account: { connected: false } },
  { name: 'a number', raw: 42, account: { connected: true } },
  { name: '[]', raw: [], account: { connected: false } },
  { name: 'a non-empty array', raw: [{ display_name: 'In An Array' }], account: { connected: true } },
  { name: '{}', raw: {}, account: { connected: true } },
  {
    name: 'an object whose known fields all have odd types',
    raw: { username: 7, display_name: ['Odd'], social_images: { url: 'https://cdn.example/odd.png' }, capabilities: 'post' },
    account: { connected: true },
  },
  {
    name: 'an object with a null name, an @-handle and a javascript: avatar',
    raw: { username: '@@handle_only', display_name: null, social_images: 'javascript:alert(1)' },
    account: { connected: true, handle: 'handle_only' },
  },
  {
    name: 'an object with over-long texts and avatar',
    raw: { username: LONG_TEXT, display_name: `  ${LONG_TEXT}  `, social_images: LONG_AVATAR },
    account: { connected: true, displayName: 'Ä'.repeat(200), handle: 'Ä'.repeat(200) },
  },
];

/** Platforms the token server does not know: kept with a short lowercase id, in the upstream's order; the rest dropped. */
export const UNKNOWN_PLATFORM_SLOTS: Record<string, unknown> = {
  mastodon: { username: '@masto', display_name: 'Masto Don' },
  myspace: '',
  odd_platform_9: 7,
  'Bad Id': { display_name: 'never shown' },
  ['x'.repeat(41)]: { display_name: 'never shown either' },
};

export const UNKNOWN_PLATFORM_ACCOUNTS: readonly Account[] = [
  { platform: 'mastodon', connected: true, displayName: 'Masto Don', handle: 'masto' },
  { platform: 'myspace', connected: false },
  { platform: 'odd_platform_9', connected: true },
];
