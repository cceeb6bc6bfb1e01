import { expect } from '@open-wc/testing';
import { CONNECT_WINDOW_NAME, navigateConnectWindow, openConnectWindow } from '../../widget/connect-window.ts';
import { stubWindowOpen, until } from '../helpers/element.ts';

describe('connect window', () => {
  describe('openConnectWindow', () => {
    it('opens a centred popup of 500 px wide under the shared name', () => {
      const stub = stubWindowOpen(() => window);
      try {
        expect(openConnectWindow('popup', 'https://connect.example/x')).to.equal(window);
      } finally {
        stub.restore();
      }
      const [url, name, features] = stub.calls[0]!;
      expect(url).to.equal('https://connect.example/x');
      expect(name).to.equal(CONNECT_WINDOW_NAME);
      expect(features).to.match(/^popup,width=\d+,height=\d+,left=-?\d+,top=-?\d+$/);
      const values: Record<string, number> = Object.fromEntries(
        String(features)
          .split(',')
          .slice(1)
          .map((pair) => {
            const [key, value] = pair.split('=');
            return [key, Number(value)];
          }),
      );
      expect(values.width).to.equal(500);
      expect(values.height).to.equal(Math.min(720, screen.availHeight || 720));
      expect(values.left).to.equal(Math.round(window.screenX + Math.max(0, (window.outerWidth - 500) / 2)));
      expect(values.top).to.equal(Math.round(window.screenY + Math.max(0, (window.outerHeight - values.height!) / 2)));
    });

    it('opens empty when the URL is not known yet', () => {
      const stub = stubWindowOpen(() => window);
      try {
        openConnectWindow('popup');
      } finally {
        stub.restore();
      }
      expect(stub.calls[0]![0]).to.equal('');
    });

    it('opens a plain tab, without window features, under the same name', () => {
      const stub = stubWindowOpen(() => window);
      try {
        openConnectWindow('tab', 'https://connect.example/x');
      } finally {
        stub.restore();
      }
      expect(stub.calls).to.deep.equal([['https://connect.example/x', CONNECT_WINDOW_NAME]]);
    });

    it('returns null when the browser blocks the window or throws', () => {
      const blocked = stubWindowOpen(() => null);
      try {
        expect(openConnectWindow('popup')).to.equal(null);
        expect(openConnectWindow('tab')).to.equal(null);
      } finally {
        blocked.restore();
      }
      const sandboxed = stubWindowOpen(() => {
        throw new DOMException('sandboxed', 'SecurityError');
      });
      try {
        expect(openConnectWindow('popup')).to.equal(null);
        expect(openConnectWindow('tab')).to.equal(null);
      } finally {
        sandboxed.restore();
      }
    });

    it('opens a real window the page can close', () => {
      const opened = openConnectWindow('popup');
      try {
        expect(opened).not.to.equal(null);
        expect(opened!.closed).to.equal(false);
      } finally {
        opened?.close();
      }
    });
  });

  describe('navigateConnectWindow', () => {
    it("replaces the window's location, so the empty page stays out of its history", () => {
      const replaced: string[] = [];
      const target = { location: { replace: (url: string) => void replaced.push(url) } } as unknown as Window;
      expect(navigateConnectWindow(target, 'https://connect.example/x')).to.equal(true);
      expect(replaced).to.deep.equal(['https://connect.example/x']);
    });

    it('returns false when the window refuses', () => {
      const target = {
        location: {
          replace: () => {
            throw new DOMException('cross-origin', 'SecurityError');
          },
        },
      } as unknown as Window;
      expect(navigateConnectWindow(target, 'https://connect.example/x')).to.equal(false);
    });

    it('points a real popup at a page', async () => {
      const opened = openConnectWindow('popup')!;
      try {
        const page = new URL('/__avatar.png', location.href).href;
        expect(navigateConnectWindow(opened, page)).to.equal(true);
        await until(() => opened.location.href === page, 'the popup to load the page');
      } finally {
        opened.close();
      }
    });
  });
});
