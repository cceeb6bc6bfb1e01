import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../widget/define.ts';
import type { UploadPostConnectElement } from '../../widget/upload-post-connect.ts';
import { accounts, part, scenario, settled, until } from '../helpers/element.ts';

type Server = Awaited<ReturnType<typeof scenario>>;

const requests = async (server: Server, route: string) => (await server.log()).filter((request) => request.route === route);
const streamsOpen = async (server: Server) => ((await (await fetch(`${server.endpoint}/__streams`)).json()) as { streams: number }).streams;
const push = (server: Server, body: unknown) => fetch(`${server.endpoint}/__push`, { method: 'POST', body: JSON.stringify(body) });
const end = (server: Server, reason: string) => fetch(`${server.endpoint}/__end`, { method: 'POST', body: JSON.stringify({ reason }) });

describe('<upload-post-connect> live accounts (GET /events)', () => {
  it('listens where the server offers a stream: a pushed change shows at once, with its events, and without a read', async () => {
    const server = await scenario({ accounts: accounts([]), events: true, token: 'tok-live' });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect session-token="tok-live" endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    await until(async () => (await streamsOpen(server)) === 1, 'the stream');
    const [stream] = await requests(server, 'events');
    // EventSource sends no headers: the token travels in the query.
    expect(new URLSearchParams(stream!.query!).get('session_token')).to.equal('tok-live');
    const reads = (await requests(server, 'accounts')).length;

    const connected = oneEvent(el, 'upload-post-connect');
    await push(server, { accounts: accounts(['instagram']) });
    expect((await connected).detail.account.platform).to.equal('instagram');
    await el.updateComplete;
    expect(part(el, 'row-connected')!.textContent).to.contain('@instagram_handle');
    expect((await requests(server, 'accounts')).length).to.equal(reads, 'no read was needed');
  });

  it('opens one stream per identity however many elements show it, and closes it when the last one leaves', async () => {
    const server = await scenario({ accounts: accounts([]), events: true });
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <upload-post-connect endpoint=${server.endpoint}></upload-post-connect>
      <upload-post-connect layout="compact" endpoint=${server.endpoint}></upload-post-connect>
    </div>`);
    const [first, second] = [...wrapper.querySelectorAll('upload-post-connect')];
    await settled(first!);
    await settled(second!);
    await until(async () => (await streamsOpen(server)) === 1, 'the stream');
    await push(server, { accounts: accounts(['tiktok']) });
    await until(() => second!.accounts.some((account) => account.connected), 'the second element to follow');
    expect((await requests(server, 'events')).length).to.equal(1);
    first!.remove();
    second!.remove();
    await until(async () => (await streamsOpen(server)) === 0, 'the stream to close');
  });

  it('reopens with a fresh token when its session token runs out (end: session-expired)', async () => {
    const server = await scenario({ accounts: accounts([]), events: true, token: 'first-token' });
    let calls = 0;
    const fetchSessionToken = () => {
      calls++;
      return Promise.resolve(calls === 1 ? 'first-token' : 'second-token');
    };
    const el = await fixture<UploadPostConnectElement>(
      html`<upload-post-connect .fetchSessionToken=${fetchSessionToken} endpoint=${server.endpoint}></upload-post-connect>`,
    );
    await settled(el);
    await until(async () => (await streamsOpen(server)) === 1, 'the stream');
    await server.setup({ token: 'second-token' });
    await end(server, 'session-expired');
    await until(async () => (await streamsOpen(server)) === 1 && (await requests(server, 'events')).length === 2, 'the stream, again');
    const again = (await requests(server, 'events'))[1]!;
    expect(new URLSearchParams(again.query!).get('session_token')).to.equal('second-token');
    await push(server, { accounts: accounts(['youtube']) });
    await until(() => el.accounts.some((account) => account.platform === 'youtube' && account.connected), 'the pushed change');
  });

  it('keeps reading /accounts when the server refuses the stream, and does not ask again at once', async () => {
    const server = await scenario({
      accounts: accounts([]),
      events: true,
      eventsFailures: [{ status: 429, body: { error: { code: 'TOO_MANY_STREAMS', message: 'full' } } }],
    });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    await until(async () => (await requests(server, 'events')).length === 1, 'the refused stream');
    await server.setup({ accounts: accounts(['linkedin']) });
    await el.refresh();
    await el.refresh();
    expect(el.accounts.find((account) => account.platform === 'linkedin')!.connected).to.equal(true);
    expect((await requests(server, 'events')).length).to.equal(1, 'asked for a stream again right away');
    expect(part(el, 'notice')).to.equal(null, 'a refused stream is not the person’s problem');
  });

  it('never opens a stream where the server offers none', async () => {
    const server = await scenario({ accounts: accounts(['tiktok']) });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    await el.refresh();
    expect(await requests(server, 'events')).to.deep.equal([]);
  });
});
