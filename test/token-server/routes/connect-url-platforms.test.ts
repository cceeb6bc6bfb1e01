/**
 * What restricts a link: generate-jwt gets `platforms` only when the customer's `platforms` option
 * or the element's request names some (exactly those), never the server's display list.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { API_KEY, assertError, Capture, SESSION_SECRET } from '../../helpers/token-server-fixtures.ts';
import { bearer, postJson, tokenServerUnderTest } from '../../helpers/token-server-app.ts';
import type { TokenServerOptions } from '../../../token-server/options.ts';

const capture = new Capture();
after(() => capture.assertNoSecret(API_KEY, SESSION_SECRET));

/** Mints for alice with `body`; answers what generate-jwt received. */
async function mintedWith(options: Partial<TokenServerOptions>, body: object): Promise<Record<string, unknown>> {
  const { upstream, call } = tokenServerUnderTest(capture, options);
  upstream.addProfile('alice');
  const answer = await call('/connect-url', await postJson('alice', body));
  assert.equal(answer.status, 200, answer.text);
  return upstream.calls.find((entry) => entry.method === 'generateJwt')!.args[0] as Record<string, unknown>;
}

describe('POST /connect-url: platforms sent to generate-jwt', () => {
  it('no restriction anywhere: no platforms field at all (Upload-Post offers its own default)', async () => {
    const sent = await mintedWith({}, {});
    assert.equal('platforms' in sent, false, JSON.stringify(sent));
  });

  it('the element restricts: exactly its list, in its order', async () => {
    assert.deepEqual((await mintedWith({}, { platforms: ['x', 'tiktok'] })).platforms, ['x', 'tiktok']);
  });

  it('without a configured list the element may ask for any platform the protocol knows', async () => {
    assert.deepEqual((await mintedWith({}, { platforms: ['pinterest'] })).platforms, ['pinterest']);
  });

  it('the customer restricts: exactly the configured list when the element names none', async () => {
    assert.deepEqual((await mintedWith({ platforms: ['instagram', 'bluesky'] }, {})).platforms, ['instagram', 'bluesky']);
  });

  it('both restrict: the element narrows within the configured list; outside it is refused', async () => {
    assert.deepEqual((await mintedWith({ platforms: ['instagram', 'bluesky', 'x'] }, { platforms: ['x'] })).platforms, ['x']);
    const { upstream, call } = tokenServerUnderTest(capture, { platforms: ['instagram', 'bluesky'] });
    upstream.addProfile('alice');
    assertError(await call('/connect-url', await postJson('alice', { platforms: ['tiktok'] })), 400, 'INVALID_REQUEST');
    assert.equal(upstream.count('generateJwt'), 0);
  });

  it('the connectLink hook still has the last word', async () => {
    const sent = await mintedWith({ connectLink: () => ({ platforms: ['threads'] }) }, {});
    assert.deepEqual(sent.platforms, ['threads']);
  });
});

describe('GET /accounts: what is shown does not depend on what restricts', () => {
  it('no configured list: the nine documented, then whatever the upstream reports', async () => {
    const { upstream, call } = tokenServerUnderTest(capture);
    upstream.addProfile('alice', { pinterest: { connected: true, details: { display_name: 'Pins' }, raw: {} } });
    const answer = await call('/accounts', { headers: await bearer('alice') });
    assert.deepEqual(
      answer.json.accounts.map((account: { platform: string }) => account.platform),
      ['tiktok', 'instagram', 'linkedin', 'youtube', 'facebook', 'x', 'threads', 'google_business', 'bluesky', 'pinterest'],
    );
  });

  it('a configured list: those, then whatever else the upstream reports', async () => {
    const { upstream, call } = tokenServerUnderTest(capture, { platforms: ['x', 'tiktok'] });
    upstream.addProfile('alice', { instagram: { connected: true, details: {}, raw: 'yes' } });
    const answer = await call('/accounts', { headers: await bearer('alice') });
    assert.deepEqual(answer.json.accounts, [
      { platform: 'x', connected: false },
      { platform: 'tiktok', connected: false },
      { platform: 'instagram', connected: true },
    ]);
  });
});
