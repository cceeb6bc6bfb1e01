import { expect } from '@open-wc/testing';
import { CONNECT_WINDOW_NAME, navigateConnectWindow, openConnectWindow, watchConnectWindow } from '../../widget/connect-window.ts';
import { stubWindowOpen, until } from '../helpers/element.ts';

/** Handlers that record what they were told. */
function recorder() {
  const signals: string[] = [];
  let closed = 0;
  return {
    signals,
    get closed() {
      return closed;
    },
    handlers: {
      onSignal: (reason: string) => {
        signals.push(reason);
      },
      onClosed: () => {
        closed++;
      },
    },
  };
}

/** A same-origin frame whose window posts `data` to this page when `post` is called. */
async function frame(): Promise<{ window: Window; post(data: unknown, origin?: string): void; remove(): void }> {
  const iframe = document.createElement('iframe');
  const loaded = new Promise((resolve) => iframe.addEventListener('load', resolve, { once: true }));
  iframe.srcdoc = '<!doctype html><title>frame</title>';
  document.body.append(iframe);
  await loaded;
  const target = iframe.contentWindow!;
  return {
    window: target,
    // Run inside the frame, so that the message's source is the frame's window.
    post: (data, origin = location.origin) =>
      (target as Window & { eval(code: string): void }).eval(`parent.postMessage(${JSON.stringify(data)}, ${JSON.stringify(origin)})`),
    remove: () => iframe.remove(),
  };
}

/** Resolves with the next message this page receives. */
const nextMessage = () => new Promise<MessageEvent>((resolve) => window.addEventListener('message', resolve, { once: true }));

/** Replaces `setInterval`/`clearInterval` so that a test ticks the polling itself. */
function manualTimers() {
  const original = { setInterval: window.setInterval, clearInterval: window.clearInterval };
  const timers: { callback: () => void; ms: number | undefined; cleared: boolean }[] = [];
  window.setInterval = ((callback: () => void, ms?: number) => timers.push({ callback, ms, cleared: false })) as typeof window.setInterval;
  window.clearInterval = ((id?: number) => {
    if (id) timers[id - 1]!.cleared = true;
  }) as typeof window.clearInterval;
  return {
    timers,
    tick: () => timers.filter((timer) => !timer.cleared).forEach((timer) => timer.callback()),
    restore: () => Object.assign(window, original),
  };
}

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

  describe('watchConnectWindow', () => {
    describe('the /done message', () => {
      it('signals done for the message from the watched window on the expected origin', async () => {
        const target = await frame();
        const seen = recorder();
        const stop = watchConnectWindow(target.window, location.origin, seen.handlers);
        try {
          const message = nextMessage();
          target.post({ type: 'upload-post:done' });
          await message;
          expect(seen.signals).to.deep.equal(['done']);
        } finally {
          stop();
          target.remove();
        }
      });

      it('ignores another window, another origin and another message', async () => {
        const target = await frame();
        const stranger = await frame();
        const seen = recorder();
        // The frames share this page's origin: expecting another one makes every message foreign.
        const stopForeign = watchConnectWindow(target.window, 'https://elsewhere.example', seen.handlers);
        const stop = watchConnectWindow(target.window, location.origin, seen.handlers);
        try {
          for (const send of [
            () => stranger.post({ type: 'upload-post:done' }),
            () => target.post({ type: 'upload-post:other' }),
            () => target.post('upload-post:done'),
            () => target.post(null),
          ]) {
            const message = nextMessage();
            send();
            await message;
          }
          expect(seen.signals).to.deep.equal([]);
          const message = nextMessage();
          target.post({ type: 'upload-post:done' });
          await message;
          expect(seen.signals, 'only the watcher expecting this origin').to.deep.equal(['done']);
        } finally {
          stop();
          stopForeign();
          target.remove();
          stranger.remove();
        }
      });

      it('is not listened to without a window to watch', async () => {
        const target = await frame();
        const seen = recorder();
        const stop = watchConnectWindow(null, location.origin, seen.handlers);
        try {
          const message = nextMessage();
          target.post({ type: 'upload-post:done' });
          await message;
          expect(seen.signals).to.deep.equal([]);
        } finally {
          stop();
          target.remove();
        }
      });
    });

    describe('focus and visibility', () => {
      let now = 0;
      const realNow = Date.now;
      beforeEach(() => {
        now = 1_000_000;
        Date.now = () => now;
      });
      afterEach(() => {
        Date.now = realNow;
        delete (document as { visibilityState?: unknown }).visibilityState;
      });

      it('signals focus when the page regains focus or becomes visible, once per second', () => {
        const seen = recorder();
        const stop = watchConnectWindow(null, location.origin, seen.handlers);
        try {
          window.dispatchEvent(new Event('focus'));
          document.dispatchEvent(new Event('visibilitychange'));
          expect(seen.signals, 'focus and visibilitychange together').to.deep.equal(['focus']);
          now += 999;
          window.dispatchEvent(new Event('focus'));
          expect(seen.signals).to.deep.equal(['focus']);
          now += 1;
          document.dispatchEvent(new Event('visibilitychange'));
          expect(seen.signals).to.deep.equal(['focus', 'focus']);
        } finally {
          stop();
        }
      });

      it('does not signal while the page is hidden', () => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
        const seen = recorder();
        const stop = watchConnectWindow(null, location.origin, seen.handlers);
        try {
          document.dispatchEvent(new Event('visibilitychange'));
          window.dispatchEvent(new Event('focus'));
          expect(seen.signals).to.deep.equal([]);
        } finally {
          stop();
        }
      });
    });

    describe('closing', () => {
      it('polls the window every interval and reports its closing once, then stops', () => {
        const timers = manualTimers();
        let closed = false;
        const target = {
          get closed() {
            return closed;
          },
        } as Window;
        const seen = recorder();
        try {
          watchConnectWindow(target, location.origin, seen.handlers);
          expect(timers.timers.map((timer) => timer.ms)).to.deep.equal([500]);
          timers.tick();
          expect(seen.closed).to.equal(0);
          closed = true;
          timers.tick();
          expect(seen.closed).to.equal(1);
          expect(timers.timers[0]!.cleared).to.equal(true);
          timers.tick();
          expect(seen.closed).to.equal(1);
          window.dispatchEvent(new Event('focus'));
          expect(seen.signals, 'nothing is watched after the close').to.deep.equal([]);
        } finally {
          timers.restore();
        }
      });

      it('polls at the interval it is given', () => {
        const timers = manualTimers();
        try {
          watchConnectWindow({ closed: false } as Window, location.origin, recorder().handlers, 50)();
          expect(timers.timers.map((timer) => timer.ms)).to.deep.equal([50]);
        } finally {
          timers.restore();
        }
      });

      it('does not poll without a window to watch', () => {
        const timers = manualTimers();
        try {
          watchConnectWindow(null, location.origin, recorder().handlers)();
          expect(timers.timers).to.deep.equal([]);
        } finally {
          timers.restore();
        }
      });

      it('reports a real popup closing', async () => {
        const opened = openConnectWindow('popup')!;
        const seen = recorder();
        const stop = watchConnectWindow(opened, location.origin, seen.handlers, 20);
        try {
          expect(seen.closed).to.equal(0);
          opened.close();
          await until(() => seen.closed === 1, 'the close to be reported');
        } finally {
          stop();
        }
      });
    });

    it('stops listening and polling when stopped', async () => {
      const timers = manualTimers();
      const target = await frame();
      const seen = recorder();
      try {
        const stop = watchConnectWindow(target.window, location.origin, seen.handlers);
        stop();
        expect(timers.timers[0]!.cleared).to.equal(true);
        window.dispatchEvent(new Event('focus'));
        const message = nextMessage();
        target.post({ type: 'upload-post:done' });
        await message;
        expect(seen.signals).to.deep.equal([]);
      } finally {
        timers.restore();
        target.remove();
      }
    });
  });
});
