import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../widget/define.ts';
import type { UploadPostConnectElement } from '../../widget/upload-post-connect.ts';
import { accounts, part, parts, requestUrl, scenario, settled, sleep, stubWindowOpen, until } from '../helpers/element.ts';

/** The other origin the fake token server answers on: same server, another host name. */
const otherOrigin = () => `${location.protocol}//${location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1'}:${location.port}`;

/** Records the real windows the element opens, so a test can look at or close them. */
function recordWindows() {
  const original = window.open.bind(window);
  const opened: (Window | null)[] = [];
  const stub = stubWindowOpen((...args) => {
    const target = original(...args);
    opened.push(target);
    return target;
  });
  return {
    ...stub,
    opened,
    restore: () => {
      stub.restore();
      opened.forEach((target) => target?.close());
    },
  };
}

describe('<upload-post-connect> connect window', () => {
  let windows: ReturnType<typeof recordWindows> | undefined;
  afterEach(() => windows?.restore());

  it('opens an empty popup at once, points it at the minted URL, and re-reads on /done and close', async () => {
    const server = await scenario({ accounts: accounts([]), autoConnect: ['tiktok'] });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    windows = recordWindows();
    const button = parts(el, 'connect-button')[0]!;
    button.focus();
    const connected = oneEvent(el, 'upload-post-connect');
    const closed = oneEvent(el, 'upload-post-close');
    button.click();
    // Synchronous: the window exists before the token server has answered.
    expect(windows.calls).to.have.length(1);
    expect(windows.calls[0]![0]).to.equal('');
    expect(windows.calls[0]![2]).to.match(/popup,width=500,height=\d+,left=\d+,top=\d+/);
    // The flow's module may still be loading (it loads on focus); the notice follows within moments.
    await until(() => !!part(el, 'notice'), 'the notice');
    expect(part(el, 'notice')!.textContent).to.contain('Finish in the window that opened');

    const { detail } = await connected;
    expect(detail.account).to.include({ platform: 'tiktok', connected: true, handle: 'tiktok_handle' });
    const close = await closed;
    expect(close.detail.connected.map((account: { platform: string }) => account.platform)).to.deep.equal(['tiktok']);
    expect(close.detail.disconnected).to.deep.equal([]);
    await el.updateComplete;
    // Back on the button that was used (or Manage, since Connect became a badge).
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'manage-button'));
    const log = await server.log();
    // Focus on the button was intent: its link was minted then, and the click took it.
    const mints = log.filter((request) => request.route === 'connect-url');
    expect(mints.map((mint) => mint.body)).to.deep.equal([{ language: 'en', platforms: ['tiktok'], prefetch: true }]);
    expect(log.filter((request) => request.route === 'accounts').length).to.be.at.least(2);
    expect(part(el, 'notice')).to.equal(null);
  });

  it('focuses the open window on a second click instead of opening another', async () => {
    const server = await scenario({ accounts: accounts([]) });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    windows = recordWindows();
    part(el, 'manage-button')!.click();
    part(el, 'manage-button')!.click();
    expect(windows.calls).to.have.length(1);
    await until(async () => (await server.log()).some((request) => request.route === 'connect-url'), 'the mint');
    expect((await server.log()).filter((request) => request.route === 'connect-url')).to.have.length(1);
  });

  it('falls back to a link when the popup is blocked, and reports POPUP_BLOCKED', async () => {
    const server = await scenario({ accounts: accounts([]) });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    const stub = stubWindowOpen(() => null);
    try {
      const error = oneEvent(el, 'upload-post-error');
      part(el, 'manage-button')!.click();
      const { detail } = await error;
      expect(detail).to.include({ code: 'POPUP_BLOCKED', phase: 'open' });
      await until(() => !!part(el, 'fallback-link'), 'the fallback link');
      const link = part(el, 'fallback-link') as HTMLAnchorElement;
      expect(link.href).to.match(new RegExp(`^${server.endpoint}/connect-page`));
      expect(link.target).to.equal('_blank');
      expect(link.textContent).to.equal('Open the connect page');
      expect(part(el, 'notice')!.textContent).to.contain('blocked the pop-up');
      await expect(el).to.be.accessible();
      // Clicking the link tries a real window again with the URL (a fresh gesture), and the
      // link does not navigate when that works.
      stub.restore();
      windows = recordWindows();
      const clicked = new MouseEvent('click', { bubbles: true, cancelable: true, composed: true });
      link.dispatchEvent(clicked);
      expect(windows.calls[0]![0]).to.equal(link.href);
      expect(clicked.defaultPrevented).to.equal(true);
    } finally {
      stub.restore();
    }
  });

  it('opens a tab without window features in tab mode', async () => {
    const server = await scenario({ accounts: accounts([]) });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect mode="tab" endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    windows = recordWindows();
    part(el, 'manage-button')!.click();
    expect(windows.calls[0]!.length).to.equal(2);
  });

  it('navigates this page in redirect mode, sending where to come back to', async () => {
    const back = `${location.href.split('#')[0]}#after-connect`;
    const server = await scenario({ accounts: accounts([]), connectUrl: back });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect mode="redirect" endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    windows = recordWindows();
    part(el, 'manage-button')!.click();
    await until(() => location.hash === '#after-connect', 'the redirect');
    expect(windows.calls).to.have.length(0);
    const mint = (await server.log()).find((request) => request.route === 'connect-url')!;
    expect(mint.body!.returnUrl).to.equal(location.href.replace('#after-connect', ''));
    history.replaceState(null, '', location.href.split('#')[0]);
  });

  it('closes the popup and shows the error when the mint fails', async () => {
    const server = await scenario({
      accounts: accounts([]),
      connectFailures: [{ status: 429, body: { error: { code: 'RATE_LIMITED', message: 'slow down', requestId: 'r9' } } }],
    });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    windows = recordWindows();
    const error = oneEvent(el, 'upload-post-error');
    parts(el, 'connect-button')[1]!.click();
    const { detail } = await error;
    expect(detail).to.deep.equal({ code: 'RATE_LIMITED', phase: 'open', message: 'slow down', requestId: 'r9' });
    expect(windows.opened[0]!.closed).to.equal(true);
    await el.updateComplete;
    expect(part(el, 'notice')!.textContent).to.contain('Too many attempts. Try again in a moment.');
    await expect(el).to.be.accessible();
    // Retry opens again, for the same platform.
    part(el, 'retry-button')!.click();
    expect(windows.calls).to.have.length(2);
    await until(async () => (await server.log()).filter((request) => request.route === 'connect-url').length === 2, 'the second mint');
    const mints = (await server.log()).filter((request) => request.route === 'connect-url');
    expect(mints[1]!.body!.platforms).to.deep.equal(['instagram']);
  });

  it('refuses a connect URL that is not http(s)', async () => {
    const server = await scenario({ accounts: accounts([]), connectUrl: 'javascript:alert(1)' });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    windows = recordWindows();
    const error = oneEvent(el, 'upload-post-error');
    part(el, 'manage-button')!.click();
    expect((await error).detail.code).to.equal('UNSAFE_URL');
    expect(windows.opened[0]!.closed).to.equal(true);
  });

  it('lets a listener cancel the open before any window exists', async () => {
    const server = await scenario({ accounts: accounts([]) });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    windows = recordWindows();
    let platform: string | undefined = 'unset';
    el.addEventListener('upload-post-open', (event) => {
      platform = event.detail.platform;
      event.preventDefault();
    });
    parts(el, 'connect-button')[2]!.click();
    expect(platform).to.equal('youtube');
    expect(windows.calls).to.have.length(0);
    await sleep(100);
    expect((await server.log()).some((request) => request.route === 'connect-url')).to.equal(false);
  });

  it('asks for the calendar view and the shown platforms', async () => {
    const server = await scenario({ accounts: accounts([]) });
    const el = await fixture<UploadPostConnectElement>(
      html`<upload-post-connect view="calendar" platforms="tiktok, youtube" endpoint=${server.endpoint}></upload-post-connect>`,
    );
    await settled(el);
    windows = recordWindows();
    el.open();
    await until(async () => (await server.log()).some((request) => request.route === 'connect-url'), 'the mint');
    const mint = (await server.log()).find((request) => request.route === 'connect-url')!;
    expect(mint.body).to.deep.equal({ language: 'en', platforms: ['tiktok', 'youtube'], view: 'calendar' });
  });

  it('opens the unrestricted page for a platform this version does not know, rather than a link the server refuses', async () => {
    const server = await scenario({ accounts: accounts([], ['tiktok', 'myspace']) });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    windows = recordWindows();
    const button = parts(el, 'connect-button').find((candidate) => candidate.dataset.platform === 'myspace')!;
    button.click();
    await until(async () => (await server.log()).some((request) => request.route === 'connect-url'), 'the mint');
    const mint = (await server.log()).find((request) => request.route === 'connect-url')!;
    expect(mint.body).to.deep.equal({ language: 'en' });
  });

  it('ignores a /done message from another origin, re-reads when the window closes, and ends once the person is back', async () => {
    // The connect page sends the person to a /done page on another origin than the endpoint's.
    const server = await scenario({ accounts: accounts([]), autoConnect: ['youtube'], doneOn: 'elsewhere', closeAfterDoneMs: 800 });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    windows = recordWindows();
    let messages = 0;
    const count = (event: MessageEvent) => {
      if (event.data?.type === 'upload-post:done') messages++;
    };
    window.addEventListener('message', count);
    const refreshes: string[] = [];
    el.addEventListener('upload-post-connect', () => refreshes.push(`connect at ${messages} messages, closed=${windows!.opened[0]!.closed}`));
    let ended = false;
    el.addEventListener('upload-post-close', () => (ended = true));
    el.open();
    await until(() => refreshes.length === 1, 'the re-read after the window closed');
    window.removeEventListener('message', count);
    expect(messages).to.equal(1);
    // The connect event came only from the re-read after the window closed, not from the message.
    expect(refreshes).to.deep.equal(['connect at 1 messages, closed=true']);
    // A window that reads as closed may only be severed from the page: the flow ends when the
    // person is back (focus), not at the hint.
    expect(ended).to.equal(false);
    const closed = oneEvent(el, 'upload-post-close');
    window.dispatchEvent(new Event('focus'));
    expect((await closed).detail.connected.map((account: { platform: string }) => account.platform)).to.deep.equal(['youtube']);
  });

  it('accepts /done from the endpoint on another origin (CORS), and only from its own window', async () => {
    const server = await scenario({ accounts: accounts([]), autoConnect: ['linkedin'], closeAfterDoneMs: 3000 }, otherOrigin());
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    windows = recordWindows();
    // A forged message from this page itself (wrong source) starts no re-read. Watched at the
    // fetch, in the few milliseconds after the message: opening a window may also move focus,
    // which legitimately re-reads, so the server's count over a longer wait would not tell.
    const original = window.fetch;
    const reads: number[] = [];
    window.fetch = (input, init) => {
      if (requestUrl(input).endsWith('/accounts')) reads.push(performance.now());
      return original(input, init);
    };
    try {
      el.open();
      const before = reads.length;
      window.postMessage({ type: 'upload-post:done' }, '*');
      await sleep(20);
      expect(reads.length).to.equal(before);
    } finally {
      window.fetch = original;
    }
    // The real one, from the popup on the endpoint's origin, re-reads while the window is still open.
    const connected = await oneEvent(el, 'upload-post-connect');
    expect(connected.detail.account.platform).to.equal('linkedin');
    expect(windows.opened[0]!.closed).to.equal(false);
    const mint = (await server.log()).find((request) => request.route === 'connect-url')!;
    expect(mint.origin).to.equal(location.origin);
  });

  it('re-reads when the page regains focus while the window is open', async () => {
    const server = await scenario({ accounts: accounts([]) });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    windows = recordWindows();
    el.open();
    await until(async () => (await server.log()).some((request) => request.route === 'connect-url'), 'the mint');
    await server.setup({ accounts: accounts(['instagram']) });
    const change = oneEvent(el, 'upload-post-change');
    window.dispatchEvent(new Event('focus'));
    expect(
      (await change).detail.accounts.filter((account: { connected: boolean }) => account.connected).map((account: { platform: string }) => account.platform),
    ).to.deep.equal(['instagram']);
  });
});
