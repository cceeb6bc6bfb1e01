import { expect, fixture, html } from '@open-wc/testing';
import * as entry from '../../widget/index.ts';
import { defineUploadPostConnect, TAG_NAME } from '../../widget/define.ts';
import { UploadPostConnectElement } from '../../widget/upload-post-connect.ts';
import { accounts, parts, scenario, settled } from '../helpers/element.ts';

/** A registry that records what it is asked, refusing a class twice as a real one does. */
function recordingRegistry() {
  const defined = new Map<string, CustomElementConstructor>();
  return {
    defined,
    get: (name: string) => defined.get(name),
    define(name: string, element: CustomElementConstructor) {
      if ([...defined.values()].includes(element)) throw new DOMException('class already used', 'NotSupportedError');
      defined.set(name, element);
    },
  } as unknown as CustomElementRegistry & { defined: Map<string, CustomElementConstructor> };
}

describe('UploadPostConnectElement.define', () => {
  it('has registered <upload-post-connect> on import, and a second run changes nothing', () => {
    expect(TAG_NAME).to.equal('upload-post-connect');
    expect(customElements.get(TAG_NAME)).to.equal(UploadPostConnectElement);
    expect(UploadPostConnectElement.define()).to.equal(false);
    expect(defineUploadPostConnect()).to.equal(false);
    expect(customElements.get(TAG_NAME)).to.equal(UploadPostConnectElement);
  });

  it('registers a subclass under a second name, once', async () => {
    expect(defineUploadPostConnect('upload-post-connect-second')).to.equal(true);
    expect(UploadPostConnectElement.define('upload-post-connect-second')).to.equal(false);
    const second = customElements.get('upload-post-connect-second')!;
    expect(second).not.to.equal(UploadPostConnectElement);
    expect(second.prototype).to.be.instanceOf(UploadPostConnectElement);
    const server = await scenario({ accounts: accounts(['tiktok']) });
    const el = await fixture<UploadPostConnectElement>(html`<upload-post-connect-second endpoint=${server.endpoint}></upload-post-connect-second>`);
    await settled(el);
    expect(parts(el, 'row-connected')).to.have.length(1);
  });

  it('registers in the registry it is given, under the default name', () => {
    const registry = recordingRegistry();
    expect(UploadPostConnectElement.define(undefined, registry)).to.equal(true);
    expect(registry.defined.get('upload-post-connect')).to.equal(UploadPostConnectElement);
    expect(UploadPostConnectElement.define(undefined, registry)).to.equal(false);
    expect(registry.defined.size).to.equal(1);
  });

  it('falls back to a subclass where a registry refuses a class it already holds', () => {
    const registry = recordingRegistry();
    expect(UploadPostConnectElement.define('first-name', registry)).to.equal(true);
    expect(UploadPostConnectElement.define('second-name', registry)).to.equal(true);
    expect(registry.defined.get('first-name')).to.equal(UploadPostConnectElement);
    expect(registry.defined.get('second-name')!.prototype).to.be.instanceOf(UploadPostConnectElement);
  });

  it('refuses a name custom elements cannot have, without throwing', () => {
    expect(UploadPostConnectElement.define('nodash')).to.equal(false);
    expect(customElements.get('nodash')).to.equal(undefined);
  });

  it('does nothing where there is no registry (server-side rendering)', () => {
    // The global's own accessor (a [Global] interface keeps its attributes on the instance).
    const original = Object.getOwnPropertyDescriptor(globalThis, 'customElements')!;
    Object.defineProperty(globalThis, 'customElements', { value: undefined, configurable: true });
    try {
      expect(globalThis.customElements).to.equal(undefined);
      expect(UploadPostConnectElement.define()).to.equal(false);
      expect(defineUploadPostConnect('upload-post-connect-ssr')).to.equal(false);
    } finally {
      Object.defineProperty(globalThis, 'customElements', original);
    }
    expect(customElements.get(TAG_NAME)).to.equal(UploadPostConnectElement);
    expect(customElements.get('upload-post-connect-ssr')).to.equal(undefined);
  });

  it('is exported from the package entry with the error type under its own name', () => {
    expect(entry.UploadPostConnectElement).to.equal(UploadPostConnectElement);
    expect(entry.defineUploadPostConnect).to.equal(defineUploadPostConnect);
    expect(entry.TAG_NAME).to.equal(TAG_NAME);
    expect(new entry.UploadPostConnectError('NETWORK_ERROR', 'offline')).to.include({ code: 'NETWORK_ERROR', message: 'offline' });
    expect('TokenServerError' in entry).to.equal(false);
  });
});
