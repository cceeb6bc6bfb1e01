import { expect, fixture, html } from '@open-wc/testing';
import '../../widget/define.ts';
import type { UploadPostConnectElement } from '../../widget/upload-post-connect.ts';
import { accounts, part, parts, scenario, settled, until } from '../helpers/element.ts';

describe('<upload-post-connect> states', () => {
  it('shows skeleton rows while loading, busy and announced, and is accessible', async () => {
    const server = await scenario({ accounts: accounts([]), delayMs: 1500 });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    expect(parts(el, 'skeleton')).to.have.length(4);
    expect(el.shadowRoot!.querySelector('section')!.getAttribute('aria-busy')).to.equal('true');
    expect(el.shadowRoot!.querySelector('[aria-live="polite"]')!.textContent).to.contain('Loading accounts');
    expect(el.accounts).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('shows an empty state that invites connecting', async () => {
    const server = await scenario({ accounts: accounts([]) });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    expect(parts(el, 'row-disconnected')).to.have.length(4);
    expect(parts(el, 'connect-button')).to.have.length(4);
    expect(parts(el, 'badge')).to.have.length(0);
    expect(part(el, 'footer')!.textContent).to.contain('No accounts connected yet');
    await expect(el).to.be.accessible();
  });

  it('shows a partly connected list: name, handle, badge for connected; Connect for the rest', async () => {
    const server = await scenario({ accounts: accounts(['tiktok', 'youtube']) });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    const connected = parts(el, 'row-connected');
    expect(connected.map((row) => row.querySelector('[part~="platform-name"]')!.textContent)).to.deep.equal(['TikTok', 'YouTube']);
    expect(connected[0]!.querySelector('[part~="handle"]')!.textContent).to.equal('@tiktok_handle');
    expect(connected[0]!.querySelector('[part~="display-name"]')!.textContent).to.equal('tiktok person');
    expect(parts(el, 'connect-button').map((button) => button.getAttribute('aria-label'))).to.deep.equal(['Connect Instagram', 'Connect LinkedIn']);
    expect(part(el, 'footer')!.textContent).to.contain('2 of 4 connected');
    expect(el.accounts.filter((account) => account.connected)).to.have.length(2);
    await expect(el).to.be.accessible();
  });

  it('keeps platforms it does not know, with a neutral icon and their raw id', async () => {
    const server = await scenario({ accounts: [{ platform: 'mastodon', connected: true, handle: 'me' }] });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    expect(part(el, 'platform-name')!.textContent).to.equal('mastodon');
    expect(part(el, 'icon')!.querySelector('path')!.getAttribute('d')).to.have.length.greaterThan(20);
  });

  it('says so when the token server offers no platform at all', async () => {
    const server = await scenario({ accounts: [] });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    expect(el.shadowRoot!.textContent).to.contain('No platforms are available');
    await expect(el).to.be.accessible();
  });

  it('shows an error with its code and a retry that loads again', async () => {
    const server = await scenario({
      accounts: accounts(['instagram']),
      accountsFailures: [{ status: 502, body: { error: { code: 'UPSTREAM_UNAVAILABLE', message: 'down', requestId: 'r1' } } }],
    });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    expect(part(el, 'error')!.textContent).to.contain('The account service is busy. Try again in a moment.');
    expect(part(el, 'error-code')!.textContent).to.equal('UPSTREAM_UNAVAILABLE');
    await expect(el).to.be.accessible();
    part(el, 'retry-button')!.click();
    await until(() => parts(el, 'row').length === 4, 'the rows after retry');
    expect(part(el, 'error')).to.equal(null);
    expect(parts(el, 'row-connected')).to.have.length(1);
  });

  it('keeps the accounts and shows a notice when a later refresh fails', async () => {
    const server = await scenario({ accounts: accounts(['instagram']) });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    await server.setup({ accountsFailures: [{ status: 504, body: { error: { code: 'UPSTREAM_TIMEOUT', message: 'slow' } } }] });
    await el.refresh();
    await el.updateComplete;
    expect(parts(el, 'row')).to.have.length(4);
    expect(part(el, 'notice')!.textContent).to.contain('UPSTREAM_TIMEOUT');
    await expect(el).to.be.accessible();
  });

  it('renders chips in the compact layout, buttons for what is not connected', async () => {
    const server = await scenario({ accounts: accounts(['tiktok']) });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect layout="compact" endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    expect(parts(el, 'row')).to.have.length(0);
    expect(parts(el, 'chip-connected')).to.have.length(1);
    const buttons = parts(el, 'chip-disconnected');
    expect(buttons).to.have.length(3);
    expect(buttons.every((button) => button.tagName === 'BUTTON')).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('shows skeleton chips in the compact layout while loading', async () => {
    const server = await scenario({ accounts: accounts([]), delayMs: 1000 });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect layout="compact" endpoint=${server.endpoint}></upload-post-connect>`);
    expect(el.shadowRoot!.querySelectorAll('.chips [part~="skeleton"]')).to.have.length(4);
    await expect(el).to.be.accessible();
  });
});
