import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../widget/define.ts';
import type { Account } from '../../protocol/token-server-api.ts';
import type { UploadPostConnectElement } from '../../widget/upload-post-connect.ts';
import { part, scenario, settled, until } from '../helpers/element.ts';

const withFacebook = (connected = true): Account[] => [
  { platform: 'tiktok', connected: false },
  connected ? { platform: 'facebook', connected: true, displayName: 'Maya Lopez' } : { platform: 'facebook', connected: false },
];
const PAGES = [
  { id: '101', name: 'Maya Cooks' },
  { id: '202', name: 'Maya Travels' },
];

const select = (el: UploadPostConnectElement) => part(el, 'facebook-page-select') as HTMLSelectElement | null;
const optionTexts = (el: UploadPostConnectElement) => [...select(el)!.options].map((option) => option.textContent.trim());

describe('<upload-post-connect> the Facebook page to publish to', () => {
  it('lists the pages under a connected Facebook account; picking one fires the event and sets the property', async () => {
    const server = await scenario({ accounts: withFacebook(), facebookPages: PAGES });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    await until(() => !!select(el), 'the picker');
    // Inside the Facebook row, labelled, asking for a choice.
    expect(select(el)!.closest('[part~="row"]')!.querySelector('[part~="platform-name"]')!.textContent).to.equal('Facebook');
    expect(el.shadowRoot!.querySelector('label[for="facebook-page"]')!.textContent).to.equal('Facebook page to publish to');
    expect(optionTexts(el)).to.deep.equal(['Choose a page', 'Maya Cooks', 'Maya Travels']);
    expect(select(el)!.value).to.equal('');
    await expect(el).to.be.accessible();

    const picked = oneEvent(el, 'upload-post-facebook-page');
    select(el)!.value = '202';
    select(el)!.dispatchEvent(new Event('change'));
    expect((await picked).detail.page).to.deep.equal({ id: '202', name: 'Maya Travels' });
    expect(el.facebookPage).to.equal('202');
    await el.updateComplete;
    expect(optionTexts(el)).to.deep.equal(['Maya Cooks', 'Maya Travels'], 'no placeholder once chosen');
    expect(select(el)!.value).to.equal('202');
    expect((await server.log()).filter((request) => request.route === 'facebook/pages')).to.have.length(1);
  });

  it('shows the page the host stored (facebook-page), and follows a new value', async () => {
    const server = await scenario({ accounts: withFacebook(), facebookPages: PAGES });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect facebook-page="202" endpoint=${server.endpoint}></upload-post-connect>`);
    await until(() => !!select(el), 'the picker');
    expect(select(el)!.value).to.equal('202');
    el.setAttribute('facebook-page', '101');
    await el.updateComplete;
    expect(select(el)!.value).to.equal('101');
  });

  it('is used from the keyboard', async () => {
    const server = await scenario({ accounts: withFacebook(), facebookPages: PAGES });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect facebook-page="101" endpoint=${server.endpoint}></upload-post-connect>`);
    await until(() => !!select(el), 'the picker');
    select(el)!.focus();
    const picked = oneEvent(el, 'upload-post-facebook-page');
    await sendKeys({ press: 'ArrowDown' });
    expect((await picked).detail.page.id).to.equal('202');
  });

  it('picks the only page there is when none was chosen, and says so', async () => {
    const server = await scenario({ accounts: withFacebook(), facebookPages: [PAGES[0]] });
    const el = document.createElement('upload-post-connect');
    el.endpoint = server.endpoint;
    const picked = oneEvent(el, 'upload-post-facebook-page');
    document.body.append(el);
    try {
      expect((await picked).detail.page).to.deep.equal(PAGES[0]);
      expect(el.facebookPage).to.equal('101');
    } finally {
      el.remove();
    }
  });

  it('says when there are no pages, and offers a retry when they could not be read', async () => {
    const none = await scenario({ accounts: withFacebook(), facebookPages: [] });
    const empty = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${none.endpoint}></upload-post-connect>`);
    await until(() => part(empty, 'facebook-page')?.textContent.includes('No Facebook pages yet') ?? false, 'the empty state');
    expect(select(empty)).to.equal(null);
    await expect(empty).to.be.accessible();

    const failing = await scenario({
      accounts: withFacebook(),
      facebookPages: PAGES,
      facebookPagesFailures: [{ status: 502, body: { error: { code: 'UPSTREAM_UNAVAILABLE', message: 'down' } } }],
    });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${failing.endpoint}></upload-post-connect>`);
    await until(() => part(el, 'facebook-page')?.textContent.includes("We couldn't load your Facebook pages.") ?? false, 'the error');
    await expect(el).to.be.accessible();
    (part(el, 'facebook-page')!.querySelector('[part~="retry-button"]') as HTMLButtonElement).click();
    await until(() => !!select(el), 'the pages after a retry');
    expect(optionTexts(el)).to.deep.equal(['Choose a page', 'Maya Cooks', 'Maya Travels']);
  });

  it('shows a loading state meanwhile, and nothing at all without a connected Facebook account', async () => {
    const slow = await scenario({ accounts: withFacebook(), facebookPages: PAGES, facebookPagesDelayMs: 600 });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${slow.endpoint}></upload-post-connect>`);
    await settled(el);
    await until(() => !!part(el, 'facebook-page'), 'the picker’s place');
    expect(part(el, 'facebook-page')!.textContent).to.contain('Loading your pages…');
    expect(part(el, 'facebook-page')!.getAttribute('aria-busy')).to.equal('true');
    await until(() => !!select(el), 'the pages');

    const server = await scenario({ accounts: withFacebook(false), facebookPages: PAGES });
    const unlinked = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(unlinked);
    expect(part(unlinked, 'facebook-page')).to.equal(null);
    expect((await server.log()).some((request) => request.route === 'facebook/pages')).to.equal(false, 'pages read without a Facebook account');
  });

  it('in the compact layout, sits under the chips', async () => {
    const server = await scenario({ accounts: withFacebook(), facebookPages: PAGES });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect layout="compact" endpoint=${server.endpoint}></upload-post-connect>`);
    await until(() => !!select(el), 'the picker');
    expect(part(el, 'facebook-page')!.previousElementSibling!.getAttribute('part')).to.equal('list');
    await expect(el).to.be.accessible();
  });
});
