/** `GET /facebook/pages`: the user's pages only, normalised. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { facebookPagesResponseSchema } from '../../../protocol/schemas.ts';
import { API_KEY, Capture, SESSION_SECRET } from '../../helpers/token-server-fixtures.ts';
import { bearer, tokenServerUnderTest } from '../../helpers/token-server-app.ts';
import type { TokenServerOptions } from '../../../token-server/options.ts';

const capture = new Capture();
after(() => capture.assertNoSecret(API_KEY, SESSION_SECRET));
const server = (overrides: Partial<TokenServerOptions> = {}) => tokenServerUnderTest(capture, overrides);

describe('GET /facebook/pages', () => {
  it('answers the user’s pages normalised, dropping pages labelled with another profile', async () => {
    const { upstream, call } = server();
    upstream.addProfile('alice');
    upstream.pages = [
      { page_id: '1', page_name: 'Alice Bakery', profile: 'alice' },
      { page_id: '2', profile: 'alice' },
      { page_id: '3', page_name: 'Bob Garage', profile: 'bob' },
      { page_id: '4', page_name: 'No label' },
    ];
    const answer = await call('/facebook/pages', { headers: await bearer('alice') });
    assert.equal(answer.status, 200);
    assert.ok(facebookPagesResponseSchema.safeParse(answer.json).success);
    assert.deepEqual(answer.json, { pages: [{ id: '1', name: 'Alice Bakery' }, { id: '2' }, { id: '4', name: 'No label' }] });
    assert.deepEqual(upstream.calls, [{ method: 'facebookPages', args: ['alice'] }]);
  });

  it('answers no pages for a user without a profile', async () => {
    const { call } = server();
    assert.deepEqual((await call('/facebook/pages', { headers: await bearer('nobody') })).json, { pages: [] });
  });
});
