import { expect } from '@open-wc/testing';
import { watchConnect, type FinishReason } from '../../widget/connect-watch.ts';
import { deferred, until } from '../helpers/element.ts';

/** Short timings, so the tests run fast; the behaviour is the same at the element's. */
const FAST = { closedCheckMs: 20, recentFocusMs: 1000, backMs: 80, pollMs: [40, 40], maxMs: 10_000 };

/** Handlers that record what they were told. */
function recorder() {
  const seen = { rereads: 0, detached: 0, finished: [] as FinishReason[] };
  return {
    seen,
    handlers: {
      reread: () => {
        seen.rereads++;
      },
      detached: () => {
        seen.detached++;
      },
      finished: (reason: FinishReason) => {
        seen.finished.push(reason);
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

/** A window whose `closed` the test decides: closed for real, or severed by a consent screen. */
function fakeWindow() {
  const state = { closed: false };
  return { state, window: state as unknown as Window };
}

function hide(hidden: boolean) {
  if (hidden) Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
  else delete (document as { visibilityState?: unknown }).visibilityState;
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('watchConnect', () => {
  afterEach(() => hide(false));

  describe('the return page’s message', () => {
    it('finishes on the message from the watched window and the token server’s origin, once', async () => {
      const target = await frame();
      const { seen, handlers } = recorder();
      const stop = watchConnect({ target: target.window, origin: location.origin }, handlers, FAST);
      try {
        for (let round = 0; round < 2; round++) {
          const message = nextMessage();
          target.post({ type: 'upload-post:done' });
          await message;
        }
        expect(seen.finished).to.deep.equal(['done']);
      } finally {
        stop();
        target.remove();
      }
    });

    it('ignores another window, another origin and another message', async () => {
      const target = await frame();
      const stranger = await frame();
      const { seen, handlers } = recorder();
      // The frames share this page's origin: expecting another one makes every message foreign.
      const stopForeign = watchConnect({ target: target.window, origin: 'https://elsewhere.example' }, handlers, FAST);
      try {
        for (const send of [
          () => stranger.post({ type: 'upload-post:done' }),
          () => target.post({ type: 'upload-post:other' }),
          () => target.post('upload-post:done'),
          () => target.post({ type: 'upload-post:done' }),
        ]) {
          const message = nextMessage();
          send();
          await message;
        }
        expect(seen.finished).to.deep.equal([]);
      } finally {
        stopForeign();
        target.remove();
        stranger.remove();
      }
    });
  });

  describe('a window that reads as closed', () => {
    it('is a hint, not the end: re-read, report it detached, and keep watching', async () => {
      const fake = fakeWindow();
      const { seen, handlers } = recorder();
      const stop = watchConnect({ target: fake.window, origin: location.origin }, handlers, { ...FAST, pollMs: [60_000] });
      try {
        await new Promise((resolve) => setTimeout(resolve, 60));
        expect(seen.detached).to.equal(0);
        fake.state.closed = true;
        await until(() => seen.detached === 1, 'the window to be reported detached');
        expect(seen.rereads).to.equal(1);
        await new Promise((resolve) => setTimeout(resolve, FAST.backMs * 2));
        expect(seen.finished, 'a severed popup may still be in use: no end without the person back').to.deep.equal([]);
        expect(seen.detached, 'reported once').to.equal(1);
      } finally {
        stop();
      }
    });

    it('ends when the person is back on the page for a while after it (focus, visible)', async () => {
      const fake = fakeWindow();
      const { seen, handlers } = recorder();
      const stop = watchConnect({ target: fake.window, origin: location.origin }, handlers, FAST);
      try {
        window.dispatchEvent(new Event('focus'));
        await new Promise((resolve) => setTimeout(resolve, FAST.backMs * 2));
        expect(seen.finished, 'focus while the window is attached ends nothing').to.deep.equal([]);
        fake.state.closed = true;
        await until(() => seen.detached === 1, 'the detach');
        window.dispatchEvent(new Event('focus'));
        window.dispatchEvent(new Event('blur'));
        await new Promise((resolve) => setTimeout(resolve, FAST.backMs * 2));
        expect(seen.finished, 'leaving again before the delay cancels it').to.deep.equal([]);
        window.dispatchEvent(new Event('focus'));
        await until(() => seen.finished.length === 1, 'the end');
        expect(seen.finished).to.deep.equal(['back']);
      } finally {
        stop();
      }
    });

    it('does not take a focus followed by a blur as the person back when the window reads closed later', async () => {
      const fake = fakeWindow();
      const { seen, handlers } = recorder();
      const stop = watchConnect({ target: fake.window, origin: location.origin }, handlers, FAST);
      try {
        window.dispatchEvent(new Event('focus'));
        window.dispatchEvent(new Event('blur'));
        fake.state.closed = true;
        await until(() => seen.detached === 1, 'the detach');
        await new Promise((resolve) => setTimeout(resolve, FAST.backMs * 3));
        expect(seen.finished, 'the person went back to the window').to.deep.equal([]);
      } finally {
        stop();
      }
    });

    it('takes a focus just before `closed` is seen as the person back (closing a window hands focus back first)', async () => {
      const fake = fakeWindow();
      const { seen, handlers } = recorder();
      const stop = watchConnect({ target: fake.window, origin: location.origin }, handlers, FAST);
      try {
        fake.state.closed = true;
        window.dispatchEvent(new Event('focus'));
        await until(() => seen.finished.length === 1, 'the end');
        expect(seen.finished).to.deep.equal(['back']);
      } finally {
        stop();
      }
    });
  });

  describe('the connect session', () => {
    it('finishes when the token server says the session is done, however the window looks', async () => {
      const answer = deferred<'pending' | 'done' | 'gone'>();
      const { seen, handlers } = recorder();
      const stop = watchConnect({ target: fakeWindow().window, origin: location.origin, waitForSession: () => answer.promise }, handlers, FAST);
      try {
        answer.resolve('done');
        await until(() => seen.finished.length === 1, 'the end');
        expect(seen.finished).to.deep.equal(['done']);
      } finally {
        stop();
      }
    });

    it('asks again after `pending`, stops asking after `gone`, and backs off after a failure', async () => {
      const answers: ('pending' | 'gone' | Error)[] = ['pending', new Error('offline'), 'pending', 'gone'];
      let asked = 0;
      const { seen, handlers } = recorder();
      const stop = watchConnect(
        {
          target: null,
          origin: location.origin,
          waitForSession: async () => {
            const answer = answers[asked++];
            if (answer instanceof Error) throw answer;
            return answer ?? 'pending';
          },
        },
        handlers,
        FAST,
      );
      try {
        await until(() => asked === 4, 'four questions', 5000);
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(asked, 'nothing asked after gone').to.equal(4);
        expect(seen.finished).to.deep.equal([]);
      } finally {
        stop();
      }
    });

    it('does not wait while the page is hidden, and waits again once it is visible', async () => {
      hide(true);
      let asked = 0;
      const { handlers } = recorder();
      const stop = watchConnect(
        {
          target: null,
          origin: location.origin,
          waitForSession: () => {
            asked++;
            return new Promise(() => undefined);
          },
        },
        handlers,
        FAST,
      );
      try {
        await new Promise((resolve) => setTimeout(resolve, 60));
        expect(asked).to.equal(0);
        hide(false);
        await until(() => asked === 1, 'the wait to start');
      } finally {
        stop();
      }
    });

    it('stops waiting when the watch stops', async () => {
      let aborted = false;
      const { handlers } = recorder();
      const stop = watchConnect(
        {
          target: null,
          origin: location.origin,
          waitForSession: (signal) =>
            new Promise((_, reject) =>
              signal.addEventListener('abort', () => {
                aborted = true;
                reject(new Error('aborted'));
              }),
            ),
        },
        handlers,
        FAST,
      );
      await new Promise((resolve) => setTimeout(resolve, 10));
      stop();
      await until(() => aborted, 'the wait to be aborted');
    });
  });

  describe('re-reads while the flow is open', () => {
    it('re-reads on its schedule while visible, never while hidden', async () => {
      const { seen, handlers } = recorder();
      const stop = watchConnect({ target: null, origin: location.origin }, handlers, FAST);
      try {
        await until(() => seen.rereads >= 2, 'two re-reads');
        hide(true);
        const before = seen.rereads;
        await new Promise((resolve) => setTimeout(resolve, 150));
        expect(seen.rereads, 'no re-read while hidden').to.equal(before);
        hide(false);
        await until(() => seen.rereads > before, 'a re-read once visible again');
      } finally {
        stop();
      }
    });

    it('ends after its longest time, whatever happened', async () => {
      const { seen, handlers } = recorder();
      const stop = watchConnect({ target: fakeWindow().window, origin: location.origin }, handlers, { ...FAST, maxMs: 100 });
      try {
        await until(() => seen.finished.length === 1, 'the timeout');
        expect(seen.finished).to.deep.equal(['timeout']);
      } finally {
        stop();
      }
    });
  });

  it('does nothing more once stopped', async () => {
    const target = await frame();
    const { seen, handlers } = recorder();
    const stop = watchConnect({ target: target.window, origin: location.origin }, handlers, FAST);
    stop();
    window.dispatchEvent(new Event('focus'));
    const message = nextMessage();
    target.post({ type: 'upload-post:done' });
    await message;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen).to.deep.equal({ rereads: 0, detached: 0, finished: [] });
    target.remove();
  });
});
