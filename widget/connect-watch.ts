/**
 * Watching a connect flow until the person is done. Real consent screens (Meta's, Google's) sever a
 * popup from the page that opened it (COOP): from then on `closed` reads true while the window is
 * still open, and the return page can no longer post to the page. So `closed` is only a hint; the
 * end comes from whichever arrives first: the return page's message (when nothing severed the
 * window), the connect session ending on the token server (the return page ends it wherever it
 * runs), the person being back on this page for a while after the hint, or a bounded timeout.
 * Meanwhile the accounts are re-read now and then, with backoff, never while the page is hidden nor
 * while the token server's event stream brings the changes.
 */
import type { DoneMessage } from '../protocol/token-server-api.ts';

export type FinishReason = 'done' | 'back' | 'timeout';

export interface ConnectWatchOptions {
  /** The connect window, or `null` when a plain link opened it (no handle to watch). */
  target: Window | null;
  /** The origin the return page's message must come from: the token server's. */
  origin: string;
  /** Waits (a long poll) for the connect session to end; absent when the server gave none. */
  waitForSession?: (signal: AbortSignal) => Promise<'pending' | 'done' | 'gone'>;
  /** Whether changes arrive by themselves (the token server's event stream): then nothing polls. */
  live?: () => boolean;
}

export interface ConnectWatchHandlers {
  /** Something may have changed: re-read the accounts. */
  reread(): void;
  /** The window reads as closed: really closed, or severed by a consent screen. */
  detached(): void;
  /** The watch is over: the person is done, is back on the page, or took too long. */
  finished(reason: FinishReason): void;
}

export const WATCH_TIMINGS = {
  /** How often `closed` is looked at. */
  closedCheckMs: 500,
  /** A focus this recent when `closed` is first seen is the person coming back (closing a window hands focus back first). */
  recentFocusMs: 1000,
  /** Back on the page (focused and visible) this long after the hint: the person is done. */
  backMs: 3000,
  /** Re-reads while the flow is open, one after the other; the last repeats. */
  pollMs: [2000, 3000, 5000, 8000, 13000, 20000],
  /** After this, the watch ends whatever happened. */
  maxMs: 10 * 60 * 1000,
};

export function watchConnect(options: ConnectWatchOptions, handlers: ConnectWatchHandlers, timings = WATCH_TIMINGS): () => void {
  const { target, origin } = options;
  const stopping = new AbortController();
  const { signal } = stopping;
  // Without a window to watch (a plain link opened the page), the person's return is all there is.
  let detached = target === null;
  let backTimer: ReturnType<typeof setTimeout> | undefined;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  let polls = 0;

  const visible = () => document.visibilityState !== 'hidden';
  const finish = (reason: FinishReason) => {
    if (signal.aborted) return;
    stop();
    handlers.finished(reason);
  };

  const onMessage = (event: MessageEvent) => {
    if (target && event.source === target && event.origin === origin && (event.data as DoneMessage | null)?.type === 'upload-post:done') finish('done');
  };

  /** When the page last got focus: closing a window hands focus back just before `closed` is seen. */
  let focusedAt = Number.NEGATIVE_INFINITY;
  const onFocus = () => {
    focusedAt = performance.now();
    comeBack();
  };
  const comeBack = () => {
    clearTimeout(backTimer);
    backTimer = undefined;
    if (!visible()) return;
    handlers.reread();
    // Only once the window may be gone: while it is attached, `closed` says when it goes.
    if (detached) backTimer = setTimeout(() => finish('back'), timings.backMs);
  };
  const goAway = () => {
    clearTimeout(backTimer);
    backTimer = undefined;
    // Left again: an earlier focus says nothing about a window that reads closed later.
    focusedAt = Number.NEGATIVE_INFINITY;
  };
  const onVisibility = () => (visible() ? comeBack() : goAway());

  const poll = () => {
    pollTimer = setTimeout(
      () => {
        if (visible() && !options.live?.()) handlers.reread();
        poll();
      },
      timings.pollMs[Math.min(polls++, timings.pollMs.length - 1)],
    );
  };

  const closedCheck = setInterval(() => {
    if (!target?.closed) return;
    clearInterval(closedCheck);
    detached = true;
    handlers.detached();
    if (visible()) handlers.reread();
    // (`document.hasFocus()` cannot tell: some browsers, headless ones among them, always say yes.)
    if (performance.now() - focusedAt < timings.recentFocusMs) comeBack();
  }, timings.closedCheckMs);

  /** Resolves when the page is visible again, or when the watch stops. */
  const untilVisible = () =>
    new Promise<void>((resolve) => {
      if (visible() || signal.aborted) {
        resolve();
        return;
      }
      const done = () => {
        document.removeEventListener('visibilitychange', done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      document.addEventListener('visibilitychange', done);
      signal.addEventListener('abort', done, { once: true });
    });

  const waitForSession = async (wait: NonNullable<ConnectWatchOptions['waitForSession']>) => {
    for (let failures = 0; !signal.aborted;) {
      await untilVisible();
      try {
        const state = await wait(signal);
        if (state === 'done') {
          finish('done');
          return;
        }
        if (state === 'gone') return;
        failures = 0;
      } catch {
        // The token server is unreachable for now: try again later, the other signals meanwhile.
        await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1000 * 2 ** failures++)));
      }
    }
  };

  const maxTimer = setTimeout(() => finish('timeout'), timings.maxMs);
  addEventListener('message', onMessage);
  addEventListener('focus', onFocus);
  addEventListener('blur', goAway);
  document.addEventListener('visibilitychange', onVisibility);
  poll();
  if (options.waitForSession) void waitForSession(options.waitForSession);

  function stop() {
    stopping.abort();
    clearInterval(closedCheck);
    clearTimeout(maxTimer);
    clearTimeout(backTimer);
    clearTimeout(pollTimer);
    removeEventListener('message', onMessage);
    removeEventListener('focus', onFocus);
    removeEventListener('blur', goAway);
    document.removeEventListener('visibilitychange', onVisibility);
  }
  return stop;
}
