import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../widget/define.ts';
import type { UploadPostConnectElement } from '../../widget/upload-post-connect.ts';
import { accounts, part, parts, requestUrl, scenario, settled, sleep, until } from '../helpers/element.ts';

const otherOrigin = () => `${location.protocol}//127.0.0.1:${location.port}`;

describe('<upload-post-connect> identity', () => {
  it('sends the session-token attribute as a bearer token, and no-cache', async () => {
    const server = await scenario({ accounts: accounts(['tiktok']), token: 'abc' });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect session-token="abc" endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    expect(parts(el, 'row-connected')).to.have.length(1);
    const [request] = await server.log();
    expect(request!.authorization).to.equal('Bearer abc');
    expect(request!.cacheControl).to.equal('no-cache');
  });

  it('asks fetchSessionToken when there is no token', async () => {
    const server = await scenario({ accounts: accounts(['youtube']), token: 'fresh' });
    let calls = 0;
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}
      .fetchSessionToken=${async () => {
        calls++;
        return 'fresh';
      }}></upload-post-connect>`);
    await settled(el);
    expect(calls).to.equal(1);
    expect(parts(el, 'row-connected')).to.have.length(1);
    // The fetched token is reused, not fetched again for the next read.
    await el.refresh();
    expect(calls).to.equal(1);
    expect((await server.log()).map((request) => request.authorization)).to.deep.equal(['Bearer fresh', 'Bearer fresh']);
  });

  it('on a 401 calls fetchSessionToken once and retries with the new token', async () => {
    const server = await scenario({ accounts: accounts(['youtube']), token: 'new' });
    let calls = 0;
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect session-token="expired" endpoint=${server.endpoint}
      .fetchSessionToken=${async () => {
        calls++;
        return 'new';
      }}></upload-post-connect>`);
    await settled(el);
    expect(calls).to.equal(1);
    expect((await server.log()).map((request) => request.authorization)).to.deep.equal(['Bearer expired', 'Bearer new']);
    expect(parts(el, 'row-connected')).to.have.length(1);
  });

  it('a second 401 after the retry is an error, not a loop', async () => {
    const server = await scenario({ accounts: accounts([]), token: 'never-given' });
    let calls = 0;
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}
      .fetchSessionToken=${async () => {
        calls++;
        return `wrong-${calls}`;
      }}></upload-post-connect>`);
    const error = await oneEvent(el, 'upload-post-error');
    expect(error.detail).to.include({ code: 'UNAUTHENTICATED', phase: 'load' });
    expect(calls).to.equal(2);
    expect(await server.log()).to.have.length(2);
    await settled(el);
    // Never signed in on this page: nothing "expired", so it asks to sign in.
    expect(part(el, 'error')!.textContent).to.contain('Sign in to see and connect your accounts.');
    await expect(el).to.be.accessible();
  });

  it('reports SESSION_TOKEN_UNAVAILABLE when fetchSessionToken fails, without asking the server', async () => {
    const server = await scenario({ accounts: accounts([]) });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}
      .fetchSessionToken=${() => Promise.reject(new Error('backend down'))}></upload-post-connect>`);
    const error = await oneEvent(el, 'upload-post-error');
    expect(error.detail.code).to.equal('SESSION_TOKEN_UNAVAILABLE');
    expect(error.detail.message).to.contain('backend down');
    expect(await server.log()).to.have.length(0);
  });

  it('uses the page cookie with neither token nor fetchSessionToken: credentials include, also across origins', async () => {
    const server = await scenario({ accounts: accounts(['tiktok']) }, otherOrigin());
    const original = window.fetch;
    const modes: (RequestCredentials | undefined)[] = [];
    window.fetch = (input, init) => {
      if (requestUrl(input).endsWith('/accounts')) modes.push(init?.credentials);
      return original(input, init);
    };
    try {
      const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
      await settled(el);
      expect(modes).to.deep.equal(['include']);
      const [request] = await server.log();
      expect(request!.authorization).to.equal(null);
      expect(request!.origin).to.equal(location.origin);
      expect(parts(el, 'row-connected')).to.have.length(1);
      // With a bearer token no cookie is needed, so none is sent to another origin.
      el.sessionToken = 'abc';
      await until(() => modes.length === 2, 'the read with the token');
      await sleep(50);
    } finally {
      window.fetch = original;
    }
    expect(modes[1]).to.equal('same-origin');
  });

  it('across origins with a token, re-reads ask for fresh state but reuse one CORS preflight', async () => {
    const server = await scenario({ accounts: accounts(['tiktok']), token: 'abc' }, otherOrigin());
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect session-token="abc" endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    await el.refresh();
    await el.refresh();
    const log = await server.log();
    const reads = log.filter((request) => request.method === 'GET');
    expect(reads).to.have.length(3);
    expect(reads.map((request) => request.cacheControl)).to.deep.equal(['no-cache', 'no-cache', 'no-cache']);
    // `cache: 'no-store'` would make Chromium preflight every call: one round trip more each time.
    expect(log.filter((request) => request.method === 'OPTIONS')).to.have.length(1);
  });

  it('re-reads with the new token when session-token changes', async () => {
    const server = await scenario({ accounts: accounts([]) });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect session-token="one" endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    el.setAttribute('session-token', 'two');
    await until(async () => (await server.log()).length === 2, 'the second read');
    expect((await server.log()).map((request) => request.authorization)).to.deep.equal(['Bearer one', 'Bearer two']);
  });
});
