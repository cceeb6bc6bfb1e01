import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../widget/define.ts';
import type { Account } from '../../protocol/token-server-api.ts';
import type { UploadPostConnectElement } from '../../widget/upload-post-connect.ts';
import { accounts, part, parts, scenario, settled, stubWindowOpen, until } from '../helpers/element.ts';

/** TikTok fine, X revoked, Instagram not linked. */
const mixed = (): Account[] => [
  { platform: 'tiktok', connected: true, handle: 'tt' },
  { platform: 'x', connected: true, handle: 'xx', reauthRequired: true },
  { platform: 'instagram', connected: false },
];

/** Opens nothing real: the mint is what the test looks at. */
async function mintedFor(server: Awaited<ReturnType<typeof scenario>>) {
  await until(async () => (await server.log()).some((request) => request.route === 'connect-url'), 'the mint');
  return (await server.log()).find((request) => request.route === 'connect-url')!.body;
}

describe('<upload-post-connect> per-platform actions', () => {
  let windows: ReturnType<typeof stubWindowOpen> | undefined;
  beforeEach(() => {
    windows = stubWindowOpen(() => null);
  });
  afterEach(() => windows?.restore());

  it('gives each connected row a Manage button that opens the connect page for that platform alone', async () => {
    const server = await scenario({ accounts: accounts(['tiktok', 'youtube']) });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    const manage = parts(el, 'platform-manage-button');
    expect(manage.map((button) => button.getAttribute('aria-label'))).to.deep.equal(['Manage TikTok', 'Manage YouTube']);
    expect(manage.map((button) => button.textContent.trim())).to.deep.equal(['Manage', 'Manage']);
    manage[1]!.click();
    expect(await mintedFor(server)).to.deep.equal({ language: 'en', platforms: ['youtube'] });
    await expect(el).to.be.accessible();
  });

  it('shows an account that needs reconnecting as such, with a Reconnect button for that platform', async () => {
    const server = await scenario({ accounts: mixed() });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    const row = part(el, 'row-reauth')!;
    expect(row.querySelector('[part~="platform-name"]')!.textContent).to.equal('X');
    expect(row.querySelector('[part~="badge-reauth"]')!.textContent).to.equal('Needs reconnecting');
    expect(parts(el, 'reconnect-button').map((button) => button.getAttribute('aria-label'))).to.deep.equal(['Reconnect X']);
    expect(parts(el, 'platform-manage-button').map((button) => button.getAttribute('aria-label'))).to.deep.equal(['Manage TikTok']);
    part(el, 'reconnect-button')!.click();
    expect(await mintedFor(server)).to.deep.equal({ language: 'en', platforms: ['x'] });
    await expect(el).to.be.accessible();
  });

  it('in the compact layout each connected chip is its platform’s button, named by what it shows, its state and its action', async () => {
    const server = await scenario({ accounts: mixed() });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect layout="compact" endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    const chips = parts(el, 'chip-connected') as HTMLButtonElement[];
    expect(chips.map((chip) => chip.tagName)).to.deep.equal(['BUTTON', 'BUTTON']);
    expect(chips.map((chip) => chip.textContent.replace(/\s+/g, ' ').trim())).to.deep.equal([
      'TikTok @tt , Connected, Manage',
      'X Reconnect , Needs reconnecting',
    ]);
    expect(chips[1]!.getAttribute('part')).to.contain('chip-reauth');
    chips[1]!.click();
    expect(await mintedFor(server)).to.deep.equal({ language: 'en', platforms: ['x'] });
    await expect(el).to.be.accessible();
  });

  it('is reached and used from the keyboard: Tab to the row’s button, Enter opens', async () => {
    const server = await scenario({ accounts: accounts(['tiktok'], ['tiktok']) });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    part(el, 'manage-button')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'platform-manage-button'));
    await sendKeys({ press: 'Enter' });
    // Reaching each button from the keyboard was intent: its link was minted then, and Enter took the row's.
    await until(async () => (await server.log()).filter((request) => request.route === 'connect-url').length === 2, 'the links minted on focus');
    expect(windows!.calls).to.have.length(1);
    // The window was refused here (stub): the link shown instead is the row's, minted on focus.
    await until(() => !!part(el, 'fallback-link')?.getAttribute('href')?.endsWith('&link=2'), "the row's link");
    expect((await server.log()).filter((request) => request.route === 'connect-url').map((request) => request.body)).to.deep.equal([
      { language: 'en', prefetch: true },
      { language: 'en', platforms: ['tiktok'], prefetch: true },
    ]);
  });

  it('fires upload-post-reauth-required for accounts needing it on the first read, and when one starts to; announces it', async () => {
    const server = await scenario({ accounts: mixed() });
    const el = document.createElement('upload-post-connect');
    el.endpoint = server.endpoint;
    const first = oneEvent(el, 'upload-post-reauth-required');
    document.body.append(el);
    try {
      expect((await first).detail.account).to.deep.equal({ platform: 'x', connected: true, handle: 'xx', reauthRequired: true });
      await settled(el);
      await server.setup({ accounts: mixed().map((account) => (account.platform === 'tiktok' ? { ...account, reauthRequired: true } : account)) });
      const next = oneEvent(el, 'upload-post-reauth-required');
      const noConnect = () => expect.fail('a reauth is not a connect');
      el.addEventListener('upload-post-connect', noConnect);
      await el.refresh();
      expect((await next).detail.account.platform).to.equal('tiktok');
      el.removeEventListener('upload-post-connect', noConnect);
      await until(() => el.shadowRoot!.querySelector('[aria-live="polite"]')!.textContent === 'TikTok needs reconnecting', 'the announcement');
    } finally {
      el.remove();
    }
  });
});
