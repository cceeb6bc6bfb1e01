import { expect } from '@open-wc/testing';
import { accounts, parts, scenario, settled, until } from '../helpers/element.ts';
// React is CommonJS: the test runner serves this prebuilt ESM bundle of react, react-dom/client
// and widget/react.ts (see web-test-runner.config.js).
// @ts-expect-error: served by the test runner, not a file
import { React, createRoot, flushSync, UploadPostConnect } from '/__react-bundle.js';
import type { UploadPostConnectElement } from '../../widget/upload-post-connect.ts';

describe('<UploadPostConnect> (React)', () => {
  it('renders in StrictMode, passes properties and forwards events once', async () => {
    const server = await scenario({ accounts: accounts(['tiktok']) });
    const container = document.createElement('div');
    document.body.append(container);
    const ready: unknown[] = [];
    let tokenCalls = 0;
    const root = createRoot(container);
    flushSync(() =>
      root.render(
        React.createElement(
          React.StrictMode,
          null,
          React.createElement(UploadPostConnect, {
            endpoint: server.endpoint,
            layout: 'compact',
            fetchSessionToken: async () => {
              tokenCalls++;
              return 'react-token';
            },
            onReady: (event: CustomEvent) => ready.push(event.detail),
          }),
        ),
      ),
    );
    try {
      const el = container.querySelector('upload-post-connect') as UploadPostConnectElement;
      expect(el).to.not.equal(null);
      await until(() => ready.length > 0, 'the ready event through React');
      await settled(el);
      expect(ready).to.have.length(1);
      expect(el.layout).to.equal('compact');
      expect(parts(el, 'chip-connected')).to.have.length(1);
      expect(tokenCalls).to.equal(1);
      expect((await server.log()).filter((request) => request.route === 'accounts').map((request) => request.authorization)).to.deep.equal([
        'Bearer react-token',
      ]);
    } finally {
      root.unmount();
      container.remove();
    }
  });

  it('gives every event of the element to its prop: upload-post-reauth-required to onReauthRequired, and so on', async () => {
    // The wrapper's declared props are what consumers type against; this holds the wrapper to them.
    const names = [
      'upload-post-ready',
      'upload-post-open',
      'upload-post-connect',
      'upload-post-disconnect',
      'upload-post-change',
      'upload-post-close',
      'upload-post-reauth-required',
      'upload-post-facebook-page',
      'upload-post-error',
    ];
    const propOf = (name: string) => `on${name.replace('upload-post', '').replace(/-(\w)/g, (_match, letter: string) => letter.toUpperCase())}`;
    const heard: string[] = [];
    const server = await scenario({ accounts: accounts([]) });
    const props: Record<string, unknown> = { endpoint: server.endpoint };
    for (const name of names) props[propOf(name)] = (event: Event) => heard.push(`${propOf(name)} ${event.type}`);
    const container = document.createElement('div');
    document.body.append(container);
    const root = createRoot(container);
    flushSync(() => root.render(React.createElement(UploadPostConnect, props)));
    try {
      const el = container.querySelector('upload-post-connect')!;
      heard.length = 0;
      for (const name of names) el.dispatchEvent(new CustomEvent(name, { detail: {} }));
      expect(heard).to.deep.equal(names.map((name) => `${propOf(name)} ${name}`));
    } finally {
      root.unmount();
      container.remove();
    }
  });
});
