/**
 * The emulated OAuth round trip: the connect page sends the person to the network's consent screen
 * (its own origin, COOP same-origin, as Meta's and Google's), which sends them back with a code.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allowOnNetwork, setupEmulator } from '../helpers/emulator.ts';

const ORIGIN = 'http://emulator.test';
const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';

/** An emulator with a profile and an opened connect-page session for it. */
async function opened(options: Parameters<typeof setupEmulator>[0] = {}) {
  const setup = setupEmulator(options);
  await setup.createProfile('alice');
  const link = new URL((await setup.generate({ username: 'alice', platforms: ['tiktok', 'instagram'] })).answer.access_url);
  const exchange = await setup.emulator.app.request(`${ORIGIN}${link.pathname}${link.search}`);
  const sessionPath = exchange.headers.get('Location')!;
  return { ...setup, sessionPath, app: setup.emulator.app };
}

const slot = (setup: Awaited<ReturnType<typeof opened>>, platform: string) => setup.emulator.store.getProfile('alice')!.social_accounts[platform];

describe('the network hop', () => {
  it('Connect leads to the network’s consent screen, served with COOP same-origin; Allow comes back and links the account', async () => {
    const setup = await opened();
    const trip = await allowOnNetwork(setup.app, ORIGIN, setup.sessionPath, 'tiktok', { handle: 'maya.chen', display_name: 'Maya Chen' });
    assert.equal(trip.connect.status, 303);
    assert.match(trip.consentUrl!, /^http:\/\/emulator\.test\/network\/oauth\/authorize\?state=/);
    assert.equal(trip.consent!.status, 200);
    assert.equal(trip.consent!.headers.get('Cross-Origin-Opener-Policy'), 'same-origin');
    assert.match(await trip.consent!.text(), /<form method="post" action="authorize"/);
    assert.equal(trip.allow!.status, 303);
    assert.match(trip.callbackUrl!, new RegExp(`^${ORIGIN}${setup.sessionPath}/callback/tiktok\\?code=`));
    assert.equal(trip.callback!.status, 303);
    assert.equal(trip.callback!.headers.get('Location'), setup.sessionPath);
    assert.deepEqual(slot(setup, 'tiktok'), { username: 'maya.chen', display_name: 'Maya Chen', social_images: `${ORIGIN}/connect/avatars/maya.chen.svg` });
  });

  it('the connect page itself keeps no COOP: the popup stays attached until the network severs it', async () => {
    const setup = await opened();
    const page = await setup.app.request(`${ORIGIN}${setup.sessionPath}`);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('Cross-Origin-Opener-Policy'), null);
  });

  it('goes to the network on another origin once one is set', async () => {
    const setup = await opened();
    setup.emulator.setNetworkUrl('http://network.test/');
    const connect = await setup.app.request(`${ORIGIN}${setup.sessionPath}/authorize/instagram`);
    assert.match(connect.headers.get('Location')!, /^http:\/\/network\.test\/oauth\/authorize\?state=/);
    const consent = await setup.emulator.network.request(connect.headers.get('Location')!);
    assert.equal(consent.status, 200);
  });

  it('Cancel, a forged code, a code for another platform or session, and a used code link nothing', async () => {
    const setup = await opened();
    const trip = await allowOnNetwork(setup.app, ORIGIN, setup.sessionPath, 'tiktok', { handle: 'first', display_name: 'First' });
    assert.equal((slot(setup, 'tiktok') as { username: string }).username, 'first');
    setup.emulator.store.disconnectAccount('alice', 'tiktok');

    const code = new URL(trip.callbackUrl!).searchParams.get('code')!;
    const reused = await setup.app.request(trip.callbackUrl!);
    assert.equal(reused.status, 303);
    assert.equal(slot(setup, 'tiktok'), '', 'a code is single use');
    await setup.app.request(`${ORIGIN}${setup.sessionPath}/callback/instagram?code=${code}`);
    assert.equal(slot(setup, 'instagram'), undefined, 'a TikTok code links no Instagram account');
    await setup.app.request(`${ORIGIN}${setup.sessionPath}/callback/tiktok?code=${code.slice(0, -2)}xx`);
    await setup.app.request(`${ORIGIN}${setup.sessionPath}/callback/tiktok?error=access_denied`);
    assert.equal(slot(setup, 'tiktok'), '');

    const other = await opened();
    await other.app.request(`${ORIGIN}${other.sessionPath}/callback/tiktok?code=${code}`);
    assert.equal(slot(other, 'tiktok'), '', 'a code for one session links nothing in another');
  });

  it('refuses a consent screen without a state it signed, and a cross-site Allow', async () => {
    const setup = await opened();
    for (const state of ['', 'forged.state.value']) {
      assert.equal((await setup.app.request(`${ORIGIN}/network/oauth/authorize?state=${state}`)).status, 400);
    }
    const connect = await setup.app.request(`${ORIGIN}${setup.sessionPath}/authorize/tiktok`);
    const state = new URL(connect.headers.get('Location')!).searchParams.get('state')!;
    const forged = await setup.app.request(`${ORIGIN}/network/oauth/authorize`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://evil.example' },
      body: new URLSearchParams({ handle: 'evil', display_name: 'Evil', state }).toString(),
    });
    assert.equal(forged.status, 403);
    assert.equal(slot(setup, 'tiktok'), '');
  });

  it('re-shows the consent form (422) with invalid fields, escaped, and links nothing', async () => {
    const setup = await opened();
    const trip = await allowOnNetwork(setup.app, ORIGIN, setup.sessionPath, 'tiktok', { handle: '<script>', display_name: '' });
    assert.equal(trip.allow!.status, 422);
    const body = await trip.allow!.text();
    assert.match(body, /aria-invalid="true"/);
    assert.doesNotMatch(body, /<script>/);
    assert.equal(slot(setup, 'tiktok'), '');
  });

  it('sends phones through the bounce page, which forwards only to this emulator’s consent screens', async () => {
    const setup = await opened();
    const connect = await setup.app.request(`${ORIGIN}${setup.sessionPath}/authorize/tiktok`, { headers: { 'User-Agent': PHONE } });
    const bounce = new URL(connect.headers.get('Location')!);
    assert.equal(bounce.pathname, '/api/uploadposts/oauth/bounce');
    const page = await setup.app.request(bounce.href);
    assert.equal(page.status, 200);
    const body = await page.text();
    const to = bounce.searchParams.get('to')!;
    assert.ok(body.includes(`content="0; url=${to.replaceAll('&', '&amp;')}"`), body);
    assert.ok(body.includes(`href="${to.replaceAll('&', '&amp;')}"`));
    for (const target of ['https://evil.example/oauth/authorize?state=x', 'javascript:alert(1)', `${ORIGIN}/network/oauth/authorize?state=forged`, '']) {
      assert.equal((await setup.app.request(`${ORIGIN}/api/uploadposts/oauth/bounce?to=${encodeURIComponent(target)}`)).status, 400, target);
    }
  });

  it('can be turned off: the consent then stays on the connect page', async () => {
    const setup = await opened({ oauthHop: false });
    const consent = await setup.app.request(`${ORIGIN}${setup.sessionPath}/authorize/tiktok`);
    assert.equal(consent.status, 200);
    assert.match(await consent.text(), /<form method="post"/);
  });
});
