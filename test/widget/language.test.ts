import { expect, fixture, html } from '@open-wc/testing';
import '../../widget/define.ts';
import type { UploadPostConnectElement } from '../../widget/upload-post-connect.ts';
import { accounts, part, scenario, settled, until } from '../helpers/element.ts';

const title = (el: UploadPostConnectElement) => part(el, 'title')!.textContent;

describe('<upload-post-connect> language', () => {
  it('speaks its own lang attribute and passes it to the connect page', async () => {
    const server = await scenario({ accounts: accounts(['tiktok']) });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect lang="de-AT" endpoint=${server.endpoint}></upload-post-connect>`);
    await settled(el);
    await until(() => title(el) === 'Verbundene Konten', 'German strings');
    expect(part(el, 'footer')!.textContent).to.contain('1 von 4 verbunden');
    await expect(el).to.be.accessible();
    el.open();
    await until(async () => (await server.log()).some((request) => request.route === 'connect-url'), 'the mint');
    expect((await server.log()).find((request) => request.route === 'connect-url')!.body!.language).to.equal('de');
    window.open('', 'upload-post-connect')?.close();
  });

  it('follows the nearest [lang] ancestor', async () => {
    const server = await scenario({ accounts: accounts([]) });
    const wrapper = await fixture<HTMLElement>(
      html`<div lang="pt-BR"><section><upload-post-connect endpoint=${server.endpoint}></upload-post-connect></section></div>`,
    );
    const el = wrapper.querySelector('upload-post-connect')!;
    await until(() => title(el) === 'Contas conectadas', 'Portuguese strings');
  });

  it('re-translates when its lang attribute changes', async () => {
    const server = await scenario({ accounts: accounts([]) });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect lang="en" endpoint=${server.endpoint}></upload-post-connect>`);
    expect(title(el)).to.equal('Connected accounts');
    el.lang = 'tr';
    await until(() => title(el) === 'Bağlı hesaplar', 'Turkish strings');
  });

  it('falls back to the browser languages, then English, for a language it does not speak', async () => {
    const server = await scenario({ accounts: accounts([]) });
    const descriptor = Object.getOwnPropertyDescriptor(Navigator.prototype, 'languages')!;
    Object.defineProperty(navigator, 'languages', { configurable: true, get: () => ['ja-JP', 'fr-CA', 'en'] });
    try {
      const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect lang="ja" endpoint=${server.endpoint}></upload-post-connect>`);
      await until(() => title(el) === 'Comptes connectés', 'French strings from the browser');
    } finally {
      delete (navigator as { languages?: unknown }).languages;
      expect(Object.getOwnPropertyDescriptor(Navigator.prototype, 'languages')).to.deep.equal(descriptor);
    }
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect lang="xx" endpoint=${server.endpoint}></upload-post-connect>`);
    expect(['Connected accounts', 'Comptes connectés']).to.include(title(el));
  });

  it('takes string overrides on top of whatever language it speaks', async () => {
    const server = await scenario({ accounts: accounts([]) });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect lang="es" endpoint=${server.endpoint}
      .strings=${{ title: 'Tus redes', connectPlatform: 'Enlazar {platform}' }}></upload-post-connect>`);
    await settled(el);
    await until(() => part(el, 'manage-button')!.textContent === 'Gestionar cuentas', 'Spanish strings');
    expect(title(el)).to.equal('Tus redes');
    expect(part(el, 'connect-button')!.getAttribute('aria-label')).to.equal('Enlazar TikTok');
  });
});
