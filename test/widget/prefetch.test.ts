import { expect, fixture, html } from '@open-wc/testing';
import { sendMouse, resetMouse } from '@web/test-runner-commands';
import '../../widget/define.ts';
import type { UploadPostConnectElement } from '../../widget/upload-post-connect.ts';
import { accounts, part, scenario, settled, stubWindowOpen, until } from '../helpers/element.ts';

/** A window that records where it is sent; `window.open` answers it. */
function fakeWindows() {
  const sent: string[] = [];
  const target = { closed: false, focus() {}, close() {}, location: { replace: (url: string) => sent.push(url) } };
  const stub = stubWindowOpen(() => target as unknown as Window);
  return { ...stub, sent, target };
}

/** The real pointer onto the middle of `element`. */
async function pointAt(element: HTMLElement) {
  const box = element.getBoundingClientRect();
  await sendMouse({ type: 'move', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
}

type Server = Awaited<ReturnType<typeof scenario>>;
const mints = async (server: Server) => (await server.log()).filter((request) => request.route === 'connect-url').map((request) => request.body);

async function element(server: Server) {
  const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
  await settled(el);
  const errors: unknown[] = [];
  el.addEventListener('upload-post-error', (event) => errors.push(event.detail));
  return { el, errors };
}

describe('<upload-post-connect> links minted on intent', () => {
  let windows: ReturnType<typeof fakeWindows> | undefined;
  afterEach(async () => {
    windows?.restore();
    windows = undefined;
    await resetMouse();
  });

  it('mints when the pointer comes onto Manage, and the click opens that very link: one mint in all', async () => {
    const server = await scenario({ accounts: accounts(['tiktok']) });
    const { el, errors } = await element(server);
    await pointAt(part(el, 'manage-button')!);
    await until(async () => (await mints(server)).length === 1, 'the link minted on intent');
    expect(await mints(server)).to.deep.equal([{ language: 'en', prefetch: true }]);
    windows = fakeWindows();
    part(el, 'manage-button')!.click();
    // The window opens inside the click, as before.
    expect(windows.calls).to.have.length(1);
    await until(() => windows!.sent.length === 1, 'the window sent to the link');
    expect(windows.sent[0]).to.match(/&link=1$/);
    expect(await mints(server), 'no second mint').to.have.length(1);
    expect(errors).to.deep.equal([]);
  });

  it('holds at most one unused link per request: the pointer coming back mints nothing; another button is another request', async () => {
    const server = await scenario({ accounts: accounts([]) });
    const { el } = await element(server);
    const manage = part(el, 'manage-button')!;
    const connectTiktok = el.shadowRoot!.querySelector<HTMLElement>('[part~="connect-button"][data-platform="tiktok"]')!;
    await pointAt(manage);
    await until(async () => (await mints(server)).length === 1, 'the first link');
    await pointAt(connectTiktok);
    await until(async () => (await mints(server)).length === 2, 'the second link');
    await pointAt(manage);
    await pointAt(connectTiktok);
    await pointAt(manage);
    // Whatever the pointer did, the server saw two mints; a click on each takes its own.
    expect(await mints(server)).to.deep.equal([
      { language: 'en', prefetch: true },
      { language: 'en', platforms: ['tiktok'], prefetch: true },
    ]);
    windows = fakeWindows();
    connectTiktok.click();
    await until(() => windows!.sent.length === 1, 'the window sent to the link');
    expect(windows.sent[0]).to.match(/&link=2$/);
    expect(await mints(server)).to.have.length(2);
  });

  it('joins a mint still in flight when the click comes first: the window opens at once, one mint', async () => {
    const server = await scenario({ accounts: accounts([]), connectDelayMs: 300 });
    const { el, errors } = await element(server);
    await pointAt(part(el, 'manage-button')!);
    await until(async () => (await server.log()).some((request) => request.route === 'connect-url'), 'the mint asked for');
    windows = fakeWindows();
    part(el, 'manage-button')!.click();
    expect(windows.calls).to.have.length(1);
    expect(windows.sent).to.deep.equal([]);
    await until(() => windows!.sent.length === 1, 'the window sent to the link');
    expect(windows.sent[0]).to.match(/&link=1$/);
    expect(await mints(server)).to.deep.equal([{ language: 'en', prefetch: true }]);
    expect(errors).to.deep.equal([]);
  });

  it('is silent when a prefetch fails (its budget spent: 429); the click then mints as without it', async () => {
    const server = await scenario({
      accounts: accounts([]),
      connectFailures: [{ status: 429, body: { error: { code: 'RATE_LIMITED', message: 'Too many links minted ahead of a click.' } } }],
    });
    const { el, errors } = await element(server);
    await pointAt(part(el, 'manage-button')!);
    await until(async () => (await server.log()).some((request) => request.route === 'connect-url'), 'the prefetch refused');
    await el.updateComplete;
    expect(part(el, 'notice'), 'nothing shown').to.equal(null);
    windows = fakeWindows();
    part(el, 'manage-button')!.click();
    await until(() => windows!.sent.length === 1, 'the window sent to a fresh link');
    expect(await mints(server)).to.deep.equal([{ language: 'en', prefetch: true }, { language: 'en' }]);
    expect(errors, 'no error event').to.deep.equal([]);
    expect(part(el, 'notice')?.textContent ?? '').not.to.contain('Try again');
  });

  it('does not hold a link whose connect session would end before the person could finish: the click mints afresh', async () => {
    const server = await scenario({ accounts: accounts([]), sessionLifetimeMs: 60_000 });
    const { el, errors } = await element(server);
    await pointAt(part(el, 'manage-button')!);
    await until(async () => (await mints(server)).length === 1, 'the prefetch');
    windows = fakeWindows();
    part(el, 'manage-button')!.click();
    await until(() => windows!.sent.length === 1, 'the window sent to a fresh link');
    expect(windows.sent[0]).to.match(/&link=2$/);
    expect(await mints(server)).to.deep.equal([{ language: 'en', prefetch: true }, { language: 'en' }]);
    expect(errors).to.deep.equal([]);
  });

  it('opens a link once: a second flow mints again rather than reopen the first link', async () => {
    const server = await scenario({ accounts: accounts([]) });
    const { el } = await element(server);
    const manage = part(el, 'manage-button')!;
    await pointAt(manage);
    await until(async () => (await mints(server)).length === 1, 'the prefetch');
    windows = fakeWindows();
    manage.click();
    await until(() => windows!.sent.length === 1, 'the first window');
    // The person finishes (the window closes, then the element's "I'm done"), and opens the page again without moving the pointer.
    windows.target.closed = true;
    await until(() => !!part(el, 'done-button'), 'the done button');
    part(el, 'done-button')!.click();
    await until(() => !part(el, 'notice'), 'the flow over');
    windows.restore();
    const first = windows.sent[0];
    windows = fakeWindows();
    el.open();
    await until(() => windows!.sent.length === 1, 'the second window');
    expect(windows.sent[0]).not.to.equal(first);
    expect(await mints(server)).to.deep.equal([{ language: 'en', prefetch: true }, { language: 'en' }]);
  });
});
