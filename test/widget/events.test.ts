import { emulateMedia } from '@web/test-runner-commands';
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../widget/define.ts';
import type { UploadPostConnectElement } from '../../widget/upload-post-connect.ts';
import { accounts, part, parts, scenario, settled } from '../helpers/element.ts';

describe('<upload-post-connect> events and attributes', () => {
  it('fires upload-post-ready once with the first accounts; bubbling and composed', async () => {
    const server = await scenario({ accounts: accounts(['tiktok']) });
    const seen: Event[] = [];
    document.addEventListener('upload-post-ready', (event) => seen.push(event), { once: true });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    const ready = await oneEvent(el, 'upload-post-ready');
    expect(ready.detail.accounts.map((account: { platform: string }) => account.platform)).to.deep.equal(['tiktok', 'instagram', 'youtube', 'linkedin']);
    expect(seen).to.have.length(1);
    expect(ready.bubbles && ready.composed).to.equal(true);
    await el.refresh();
    expect(seen).to.have.length(1);
  });

  it('fires connect, disconnect and change from diffing two real readings, and announces them', async () => {
    const server = await scenario({ accounts: accounts(['tiktok']) });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    await server.setup({ accounts: accounts(['instagram']) });
    const events: string[] = [];
    for (const type of ['upload-post-connect', 'upload-post-disconnect', 'upload-post-change'] as const) {
      el.addEventListener(type, (event) => events.push(`${type}:${'account' in event.detail ? event.detail.account.platform : event.detail.accounts.length}`));
    }
    await el.refresh();
    expect(events).to.deep.equal(['upload-post-connect:instagram', 'upload-post-disconnect:tiktok', 'upload-post-change:4']);
    await el.updateComplete;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[aria-live="polite"]')!.textContent).to.equal('Instagram connected. TikTok disconnected');
    // Nothing changed: no event.
    events.length = 0;
    await el.refresh();
    expect(events).to.deep.equal([]);
  });

  it('limits what it shows to the platforms attribute', async () => {
    const server = await scenario({ accounts: accounts(['tiktok']) });
    const el = await fixture<UploadPostConnectElement>(
      html`<upload-post-connect platforms="youtube,tiktok" endpoint=${server.endpoint}></upload-post-connect>`,
    );
    await settled(el);
    expect(parts(el, 'platform-name').map((name) => name.textContent)).to.deep.equal(['TikTok', 'YouTube']);
    el.platforms = 'instagram';
    await el.updateComplete;
    expect(parts(el, 'platform-name').map((name) => name.textContent)).to.deep.equal(['Instagram']);
    expect(el.accounts.map((account) => account.platform)).to.deep.equal(['instagram']);
  });

  it('follows theme: dark and light differ, auto follows the media query, custom properties apply', async () => {
    const server = await scenario({ accounts: accounts([]) });
    const wrapper = await fixture<HTMLElement>(html`<div>
      <upload-post-connect theme="light" endpoint=${server.endpoint}></upload-post-connect>
      <upload-post-connect theme="dark" endpoint=${server.endpoint}></upload-post-connect>
      <upload-post-connect style="--upload-post-background: rgb(1, 2, 3); --upload-post-radius: 3px" endpoint=${server.endpoint}></upload-post-connect>
    </div>`);
    const [light, dark, custom] = [...wrapper.querySelectorAll('upload-post-connect')];
    await Promise.all([light, dark, custom].map((el) => el!.updateComplete));
    const background = (el: UploadPostConnectElement) => getComputedStyle(part(el, 'base')!).backgroundColor;
    expect(background(light!)).to.equal('rgb(255, 255, 255)');
    expect(background(dark!)).to.not.equal(background(light!));
    expect(background(custom!)).to.equal('rgb(1, 2, 3)');
    expect(getComputedStyle(part(custom!, 'base')!).borderTopLeftRadius).to.equal('3px');
    expect(light!.getAttribute('theme')).to.equal('light');
    expect(custom!.getAttribute('theme')).to.equal('auto');
    // `auto` follows the page's colour scheme; `light` and `dark` do not.
    const auto = document.createElement('upload-post-connect');
    auto.endpoint = server.endpoint;
    wrapper.append(auto);
    await auto.updateComplete;
    try {
      await emulateMedia({ colorScheme: 'dark' });
      expect(background(auto)).to.equal(background(dark!));
      expect(background(light!)).to.equal('rgb(255, 255, 255)');
      await emulateMedia({ colorScheme: 'light' });
      expect(background(auto)).to.equal(background(light!));
      expect(background(dark!)).to.not.equal(background(light!));
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });

  it('keeps the trigger focusable with a visible focus ring', async () => {
    const server = await scenario({ accounts: accounts([]) });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    const button = parts(el, 'connect-button')[0]!;
    button.focus();
    expect(el.shadowRoot!.activeElement).to.equal(button);
    expect(button.tagName).to.equal('BUTTON');
  });
});
