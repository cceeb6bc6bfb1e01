import { expect, fixture, html } from '@open-wc/testing';
import '../../widget/define.ts';
import type { UploadPostConnectElement } from '../../widget/upload-post-connect.ts';
import { accounts, part, parts, scenario, settled, until } from '../helpers/element.ts';

describe('<upload-post-connect> states', () => {
  it('shows skeleton rows while a slow first answer loads, busy and announced, and is accessible', async () => {
    const server = await scenario({ accounts: accounts([]), delayMs: 1500 });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    // The skeleton comes once the answer is slower than a blink (the next test has the fast case).
    await until(() => parts(el, 'skeleton').length === 4, 'the skeleton');
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

  it('shows skeleton chips in the compact layout while a slow first answer loads', async () => {
    const server = await scenario({ accounts: accounts([]), delayMs: 1000 });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect layout="compact" endpoint=${server.endpoint}></upload-post-connect>`);
    await until(() => el.shadowRoot!.querySelectorAll('.chips [part~="skeleton"]').length === 4, 'the skeleton chips');
    // Still visible once the list's styles are adopted too (their chips have the card's background).
    await until(() => el.shadowRoot!.adoptedStyleSheets.length > 1, "the list's styles");
    const bone = getComputedStyle(el.shadowRoot!.querySelector('.chips [part~="skeleton"]')!).backgroundColor;
    const card = getComputedStyle(el.shadowRoot!.querySelector('.card')!).backgroundColor;
    expect(bone).not.to.equal(card);
    await expect(el).to.be.accessible();
  });

  it('paints a fast first answer at once, without a skeleton flashing by', async () => {
    // Only an answer in well under the skeleton's 200 ms delay says anything: a loaded machine may
    // make one attempt slow, so a few are allowed, and one must be fast.
    for (let attempt = 1; ; attempt++) {
      const server = await scenario({ accounts: accounts(['tiktok']) });
      const el = document.createElement('upload-post-connect');
      el.endpoint = server.endpoint;
      const started = performance.now();
      document.body.append(el);
      try {
        let skeletonSeen = false;
        const observer = new MutationObserver(() => {
          if (parts(el, 'skeleton').length) skeletonSeen = true;
        });
        observer.observe(el.shadowRoot!, { childList: true, subtree: true });
        await settled(el);
        const answeredIn = performance.now() - started;
        // A timer set after the element's, and due after it: when it fires, the element's has fired
        // and its update has run.
        await new Promise((resolve) => setTimeout(resolve, 250));
        observer.disconnect();
        expect(parts(el, 'row-connected')).to.have.length(1);
        if (answeredIn < 150) {
          expect(skeletonSeen).to.equal(false);
          return;
        }
        if (attempt === 5) throw new Error(`No first answer under 150 ms in 5 attempts (last ${Math.round(answeredIn)} ms).`);
      } finally {
        el.remove();
      }
    }
  });
});
