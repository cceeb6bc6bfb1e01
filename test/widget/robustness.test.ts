import { expect, fixture, fixtureCleanup, html, oneEvent } from '@open-wc/testing';
import '../../widget/define.ts';
import { UploadPostConnectElement } from '../../widget/upload-post-connect.ts';
import { accounts, part, parts, scenario, settled, sleep, stubWindowOpen, until } from '../helpers/element.ts';

describe('<upload-post-connect> robustness', () => {
  it('renders XSS payloads as text and refuses a javascript: avatar', async () => {
    const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>';
    const server = await scenario({
      accounts: [
        { platform: 'tiktok', connected: true, displayName: payload, handle: '"><svg onload=window.__xss=1>', avatarUrl: 'javascript:window.__xss=1' },
        { platform: 'instagram', connected: true, displayName: 'ok', avatarUrl: 'data:image/svg+xml,<svg onload="window.__xss=1"/>' },
        { platform: '<b onmouseover=window.__xss=1>', connected: false },
      ],
    });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    await sleep(100);
    expect((window as { __xss?: number }).__xss).to.equal(undefined);
    expect(part(el, 'display-name')!.textContent).to.equal(payload);
    expect(el.shadowRoot!.querySelectorAll('script, [onerror], [onload], [onmouseover]')).to.have.length(0);
    expect(parts(el, 'avatar')).to.have.length(0);
    expect(el.accounts[0]!.avatarUrl).to.equal(undefined);
    expect(parts(el, 'platform-name')[2]!.textContent).to.equal('<b onmouseover=window.__xss=1>');
    await expect(el).to.be.accessible();
  });

  it('shows an http(s) avatar with no referrer', async () => {
    const server = await scenario({ accounts: [{ platform: 'tiktok', connected: true, handle: 'a', avatarUrl: `${location.origin}/__avatar.png` }] });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    const avatar = part(el, 'avatar') as HTMLImageElement;
    expect(avatar.getAttribute('src')).to.equal(`${location.origin}/__avatar.png`);
    expect(avatar.referrerPolicy).to.equal('no-referrer');
    await until(() => avatar.complete, 'the avatar to load');
    expect(avatar.naturalWidth).to.equal(1);
    expect(avatar.isConnected).to.equal(true);
  });

  it('drops an avatar that fails to load, keeping the name and handle', async () => {
    const server = await scenario({
      accounts: [{ platform: 'tiktok', connected: true, displayName: 'Ana', handle: 'a', avatarUrl: `${location.origin}/missing-avatar.png` }],
    });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    await until(() => !part(el, 'avatar'), 'the broken avatar to go');
    expect(part(el, 'display-name')!.textContent).to.equal('Ana');
    expect(part(el, 'handle')!.textContent).to.equal('@a');
  });

  it('turns a malformed answer into BAD_RESPONSE and a network failure into NETWORK_ERROR', async () => {
    const server = await scenario({ accountsFailures: [{ status: 200, body: '{"accounts": "nope"}' }] });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    expect((await oneEvent(el, 'upload-post-error')).detail.code).to.equal('BAD_RESPONSE');
    fixtureCleanup();
    // A port nothing listens on: the fetch itself fails.
    const offline = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint="http://127.0.0.1:9/upload-post"></upload-post-connect>`);
    expect((await oneEvent(offline, 'upload-post-error')).detail).to.include({ code: 'NETWORK_ERROR', phase: 'load' });
  });

  it('stops fetching, aborts the read in flight, and stops watching when removed', async () => {
    const server = await scenario({ accounts: accounts([]), delayMs: 300 });
    const original = window.fetch;
    const signals: AbortSignal[] = [];
    window.fetch = (input, init) => {
      if (init?.signal) signals.push(init.signal);
      return original(input, init);
    };
    try {
      const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
      await until(() => signals.length === 1, 'the first read');
      el.remove();
      expect(signals[0]!.aborted).to.equal(true);
    } finally {
      window.fetch = original;
    }
    await sleep(100);
    const before = (await server.log()).length;
    window.dispatchEvent(new Event('focus'));
    await sleep(700);
    expect((await server.log()).length).to.equal(before);
  });

  it('stops polling the connect window once removed', async () => {
    const server = await scenario({ accounts: accounts([]) });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    let reads = 0;
    const fake = {
      get closed() {
        reads++;
        return false;
      },
      location: { replace() {} },
      focus() {},
      close() {},
    } as unknown as Window;
    const stub = stubWindowOpen(() => fake);
    try {
      el.open();
      await sleep(1100);
      expect(reads).to.be.greaterThan(0);
      el.remove();
      const after = reads;
      await sleep(1100);
      expect(reads).to.equal(after);
    } finally {
      stub.restore();
    }
  });

  it('reads again when put back after a removal cut its read short (React StrictMode, moves)', async () => {
    const server = await scenario({ accounts: accounts(['tiktok']), delayMs: 200 });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    const parent = el.parentElement!;
    el.remove();
    parent.append(el);
    await settled(el);
    expect(parts(el, 'row-connected')).to.have.length(1);
  });

  it('can be created with document.createElement and configured after insertion', async () => {
    const server = await scenario({ accounts: accounts(['instagram']) });
    const el = document.createElement('upload-post-connect');
    document.body.append(el);
    el.endpoint = server.endpoint;
    try {
      await settled(el);
      expect(parts(el, 'row-connected')).to.have.length(1);
      expect((await server.log())[0]!.route).to.equal('accounts');
    } finally {
      el.remove();
    }
  });

  it('never throws into the page from open(), even when window.open throws', async () => {
    const server = await scenario({ accounts: accounts([]) });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    const stub = stubWindowOpen(() => {
      throw new Error('sandboxed');
    });
    try {
      const error = oneEvent(el, 'upload-post-error');
      expect(() => el.open('tiktok')).not.to.throw();
      expect((await error).detail.code).to.equal('POPUP_BLOCKED');
    } finally {
      stub.restore();
    }
  });
});
