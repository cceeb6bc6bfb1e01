import { expect } from '@open-wc/testing';
import type { Account } from '../../protocol/token-server-api.ts';
import { diffAccounts } from '../../widget/accounts-diff.ts';
import { accounts } from '../helpers/element.ts';

const platforms = (list: Account[]) => list.map((account) => account.platform);

describe('diffAccounts', () => {
  describe('connected', () => {
    it('lists a platform that became connected, as it is now', () => {
      const diff = diffAccounts(accounts([]), accounts(['instagram']));
      expect(diff.connected).to.deep.equal([{ platform: 'instagram', connected: true, displayName: 'instagram person', handle: 'instagram_handle' }]);
      expect(diff.disconnected).to.deep.equal([]);
      expect(diff.changed).to.equal(true);
    });

    it('lists a platform that first appears connected', () => {
      const diff = diffAccounts(accounts([], ['tiktok']), accounts(['threads'], ['tiktok', 'threads']));
      expect(platforms(diff.connected)).to.deep.equal(['threads']);
      expect(diff.disconnected).to.deep.equal([]);
    });

    it('does not list a platform that stays connected under another handle, but calls it a change', () => {
      const before: Account[] = [{ platform: 'x', connected: true, handle: 'old' }];
      const after: Account[] = [{ platform: 'x', connected: true, handle: 'new' }];
      const diff = diffAccounts(before, after);
      expect(diff.connected).to.deep.equal([]);
      expect(diff.disconnected).to.deep.equal([]);
      expect(diff.changed).to.equal(true);
    });
  });

  describe('disconnected', () => {
    it('lists a platform that became disconnected, as it was before, so its handle is known', () => {
      const before = accounts(['tiktok', 'youtube']);
      const diff = diffAccounts(before, accounts(['youtube']));
      expect(diff.disconnected).to.deep.equal([{ platform: 'tiktok', connected: true, displayName: 'tiktok person', handle: 'tiktok_handle' }]);
      expect(diff.disconnected[0]).to.equal(before[0]);
      expect(diff.connected).to.deep.equal([]);
    });

    it('lists a connected platform that vanished from the answer', () => {
      const diff = diffAccounts(accounts(['linkedin']), accounts([], ['tiktok', 'instagram', 'youtube']));
      expect(platforms(diff.disconnected)).to.deep.equal(['linkedin']);
      expect(diff.changed).to.equal(true);
    });

    it('does not list a platform that vanished while not connected, but calls it a change', () => {
      const diff = diffAccounts(accounts([]), accounts([], ['tiktok', 'instagram', 'youtube']));
      expect(diff.connected).to.deep.equal([]);
      expect(diff.disconnected).to.deep.equal([]);
      expect(diff.changed).to.equal(true);
    });
  });

  describe('changed', () => {
    it('is false for two equal readings made of different objects', () => {
      const diff = diffAccounts(accounts(['tiktok']), accounts(['tiktok']));
      expect(diff).to.deep.equal({ connected: [], disconnected: [], reauthRequired: [], changed: false });
    });

    it('is false for two empty readings', () => {
      expect(diffAccounts([], [])).to.deep.equal({ connected: [], disconnected: [], reauthRequired: [], changed: false });
    });

    for (const [field, value] of [
      ['displayName', 'Another name'],
      ['handle', 'another_handle'],
      ['avatarUrl', 'https://example.com/a.png'],
    ] as const) {
      it(`is true when only the ${field} changed`, () => {
        const before = accounts(['tiktok']);
        const after = accounts(['tiktok']).map((account) => (account.platform === 'tiktok' ? { ...account, [field]: value } : account));
        expect(diffAccounts(before, after).changed).to.equal(true);
        expect(diffAccounts(before, after).connected).to.deep.equal([]);
      });
    }

    it('is true when a value moves from one field to another', () => {
      const before: Account[] = [{ platform: 'x', connected: true, displayName: 'ana' }];
      const after: Account[] = [{ platform: 'x', connected: true, handle: 'ana' }];
      expect(diffAccounts(before, after).changed).to.equal(true);
    });
  });

  it('reports several platforms at once, in the order of the new reading', () => {
    const diff = diffAccounts(accounts(['tiktok', 'linkedin']), accounts(['youtube', 'instagram']));
    expect(platforms(diff.connected)).to.deep.equal(['instagram', 'youtube']);
    expect(platforms(diff.disconnected)).to.deep.equal(['tiktok', 'linkedin']);
  });

  describe('reauthRequired', () => {
    it('lists a connected account that starts to need reconnecting, and calls it a change', () => {
      const before: Account[] = [{ platform: 'x', connected: true, handle: 'ana' }];
      const after: Account[] = [{ platform: 'x', connected: true, handle: 'ana', reauthRequired: true }];
      const diff = diffAccounts(before, after);
      expect(diff.reauthRequired).to.deep.equal(after);
      expect(diff.connected).to.deep.equal([]);
      expect(diff.changed).to.equal(true);
    });

    it('does not list one that already needed it, nor one reconnected (a change all the same)', () => {
      const needing: Account[] = [{ platform: 'x', connected: true, reauthRequired: true }];
      expect(diffAccounts(needing, needing).reauthRequired).to.deep.equal([]);
      const fixed = diffAccounts(needing, [{ platform: 'x', connected: true }]);
      expect(fixed.reauthRequired).to.deep.equal([]);
      expect(fixed.changed).to.equal(true);
    });
  });
});
