/** The emulated `GET /facebook/pages`: the pages a linked Facebook login brings, per profile or for all. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertError, json, setupEmulator } from '../../helpers/emulator.ts';

describe('emulated API: GET /facebook/pages', () => {
  it("lists a profile's pages, all pages without ?profile=, and none after unlinking", async () => {
    const { api, admin, createProfile } = setupEmulator();
    for (const name of ['a', 'b', 'c']) await createProfile(name);
    const link = (profile: string, display_name: string) =>
      admin(`/profiles/${profile}/accounts/facebook`, { method: 'PUT', json: { username: `fb-${profile}`, display_name } });
    assert.equal((await link('a', 'Alpha')).status, 200);
    assert.equal((await link('b', 'Beta')).status, 200);

    const forA = await json(await api('/facebook/pages?profile=a'));
    assert.equal(forA.success, true);
    assert.equal(forA.pages.length, 1);
    assert.deepEqual(Object.keys(forA.pages[0]).sort(), ['page_id', 'page_name', 'profile']);
    assert.equal(forA.pages[0].profile, 'a');
    assert.equal(typeof forA.pages[0].page_id, 'string');
    assert.ok(forA.pages[0].page_name.includes('Alpha'));

    assert.deepEqual(await json(await api('/facebook/pages?profile=c')), { pages: [], success: true });

    for (const query of ['', '?profile=']) {
      const all = await json(await api(`/facebook/pages${query}`));
      assert.deepEqual(all.pages.map((page: { profile: string }) => page.profile).sort(), ['a', 'b']);
    }

    assert.equal((await admin('/profiles/a/accounts/facebook', { method: 'DELETE' })).status, 200);
    assert.deepEqual((await json(await api('/facebook/pages?profile=a'))).pages, []);
    assert.equal((await json(await api('/facebook/pages'))).pages.length, 1);
  });

  it('answers 404 for an unknown ?profile=', async () => {
    const { api } = setupEmulator();
    await assertError(await api('/facebook/pages?profile=nobody'), 404, 'Profile not found');
  });
});
