/** Upstream slots → the element's accounts: every variation read on its own, texts and ids bounded. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accountsResponseSchema } from '../../../protocol/schemas.ts';
import { boundedText } from '../../../token-server/upstream/bounded-text.ts';
import { toAccountsResponse } from '../../../token-server/upstream/to-accounts.ts';
import { upstreamProfileSchema } from '../../../upload-post/schemas.ts';
import { SLOT_VARIATIONS, UNKNOWN_PLATFORM_ACCOUNTS, UNKNOWN_PLATFORM_SLOTS } from '../../helpers/slot-variations.ts';

/** The profile as the client reads it from the upstream's JSON. */
const read = (socialAccounts: Record<string, unknown>) => upstreamProfileSchema.parse({ username: 'u', social_accounts: socialAccounts });

describe('toAccountsResponse', () => {
  for (const variation of SLOT_VARIATIONS) {
    it(`${variation.name}: its own account, the neighbour untouched`, () => {
      const profile = read({ tiktok: variation.raw, instagram: { display_name: 'Neighbour' } });
      const { accounts } = toAccountsResponse(profile, ['tiktok', 'instagram']);
      assert.deepEqual(accounts, [
        { platform: 'tiktok', ...variation.account },
        { platform: 'instagram', connected: true, displayName: 'Neighbour' },
      ]);
      assert.ok(accountsResponseSchema.safeParse({ accounts }).success);
    });
  }

  it('unknown platforms: a short lowercase id is kept after the configured ones, anything else dropped', () => {
    const { accounts } = toAccountsResponse(read(UNKNOWN_PLATFORM_SLOTS), ['tiktok']);
    assert.deepEqual(accounts, [{ platform: 'tiktok', connected: false }, ...UNKNOWN_PLATFORM_ACCOUNTS]);
  });

  it('every variation at once, beside unknown platforms: each reads as it would alone', () => {
    const platforms = SLOT_VARIATIONS.map((_, index) => `p${index}`);
    const raw = Object.fromEntries(SLOT_VARIATIONS.map((variation, index) => [`p${index}`, variation.raw]));
    const { accounts } = toAccountsResponse(read({ ...raw, ...UNKNOWN_PLATFORM_SLOTS }), platforms);
    assert.deepEqual(accounts, [...SLOT_VARIATIONS.map((variation, index) => ({ platform: `p${index}`, ...variation.account })), ...UNKNOWN_PLATFORM_ACCOUNTS]);
  });
});

describe('boundedText', () => {
  it('trims, bounds to 200 and never leaves half an emoji', () => {
    assert.equal(boundedText('  a  '), 'a');
    assert.equal(boundedText('   '), undefined);
    assert.equal(boundedText(5), undefined);
    const cut = boundedText(`${'a'.repeat(199)}😀😀`)!;
    assert.equal(cut, 'a'.repeat(199));
    assert.equal(boundedText(`${'a'.repeat(198)}😀😀`), `${'a'.repeat(198)}😀`);
  });
});
