/**
 * Opening the connect page and seeing the person through it, as a reactive controller of the
 * element: the window opened inside the click, the link minted meanwhile, a link shown when a
 * blocker refused the window, redirect mode's round trip, and the watch (`connect-watch.ts`) until
 * the person is done. The element keeps the accounts; this keeps the flow. Loaded when the person
 * shows intent (a module of its own in the script-tag build): errors go back through `fail`, as
 * `UploadPostConnectError`s the element recognises by shape, not class. Intent on a
 * button also mints its link ahead of the click (`connect-prefetch.ts`).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Account, ConnectUrlRequest } from '../protocol/token-server-api.ts';
import { diffAccounts } from './accounts-diff.ts';
import type { AccountsHub } from './accounts-hub.ts';
import { mintConnectUrl, waitForConnectSession } from './connect-calls.ts';
import { ConnectPrefetch } from './connect-prefetch.ts';
import { navigateConnectWindow, openConnectWindow } from './connect-window.ts';
import { watchConnect } from './connect-watch.ts';
import { UploadPostConnectError } from './errors.ts';
import type { UploadPostCloseDetail } from './events.ts';
import { rememberBeforeRedirect } from './redirect-return.ts';
import type { Notice } from './notices.ts';

export interface ConnectControllerOptions {
  hub(): AccountsHub;
  /** The accounts the element shows now: what a finished flow is compared with. */
  accounts(): Account[];
  mode(): 'popup' | 'tab' | 'redirect';
  /** What the element asks the token server for, for all platforms or one (`platform`). */
  request(platform?: string): ConnectUrlRequest;
  /** Re-reads the accounts (a hint that they may have changed); resolves when the answer is in. */
  reread(): void | Promise<void>;
  /** Something failed, a blocked window included (`POPUP_BLOCKED`, with a link shown instead). */
  fail(error: unknown): void;
  /** The person got to the connect page after all (the fallback link): a blocked-window problem is over. */
  recovered(): void;
  /** The person is done and the accounts were re-read: what changed while the window was open (`upload-post-close`). */
  closed(detail: UploadPostCloseDetail): void;
}

/** A connect page the person is on. */
interface Flow {
  target: Window | null;
  before: Account[];
  trigger: HTMLElement | null;
  stop: () => void;
  /** The window reads as closed: closed, or severed by a consent screen. */
  away: boolean;
}

const isAbort = (error: unknown) => (error as Error | undefined)?.name === 'AbortError';

/** The events that show intent to connect on a button. */
const INTENT_EVENTS = ['pointerover', 'focusin', 'touchstart'];

/** The button of an event's path that opens the connect page: Manage, or any carrying its platform. */
const connectButton = (path: EventTarget[]) =>
  path.find(
    (node): node is HTMLButtonElement => node instanceof HTMLButtonElement && (node.dataset.platform !== undefined || node.part.contains('manage-button')),
  );

export class ConnectController implements ReactiveController {
  private flow?: Flow;
  /** The link shown when the browser blocked the window (`''` while it is being minted). */
  private blockedUrl?: string;
  /** The connect session of that link, for the window its click opens. */
  private blockedSession?: string;
  private lifetime = new AbortController();
  /** Links minted ahead of their click. */
  readonly prefetched = new ConnectPrefetch();
  /** Focus going back to the button after a flow is no intent to connect again. */
  private returning = false;
  /**
   * Intent inside the shadow root. The element's own listeners do not do: an event whose target and
   * related target are both inside the shadow root (the pointer from the header onto its button,
   * focus from one button to the next) stops at the root and never reaches the host.
   */
  private readonly onIntent = (event: Event) => this.intent(event.type, event.composedPath());

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: ConnectControllerOptions,
  ) {
    host.addController(this);
  }

  /**
   * Opens the connect page for `request`; call it inside the click (popup blockers want a gesture),
   * or pass the window the click already opened (`null` when blocked).
   */
  open(asked: ConnectUrlRequest, trigger: HTMLElement | null, opened?: Window | null): void {
    const open = this.flow?.target;
    if (open && !open.closed) {
      if (opened && opened !== open) opened.close();
      open.focus();
      return;
    }
    this.blockedUrl = undefined;
    const { hub, mode } = { hub: this.options.hub(), mode: this.options.mode() };
    const request = this.complete(asked);
    const { signal } = this.lifetime;

    let target: Window | null = null;
    let giveSession: (id: string | undefined) => void = () => undefined;
    if (mode === 'redirect') {
      rememberBeforeRedirect(hub.endpoint, hub.accounts ?? []);
    } else {
      // Synchronously, inside the click: after an await the browser no longer sees a user gesture.
      target = opened === undefined ? openConnectWindow(mode === 'tab' ? 'tab' : 'popup') : opened;
      if (target) {
        giveSession = this.watch(target, trigger);
      } else {
        // No fallback to a tab (the same blocker refuses it) nor to leaving the page (the person may
        // have unsaved work): a link, which a blocker always lets through.
        this.blockedUrl = '';
        this.options.fail(new UploadPostConnectError('POPUP_BLOCKED', 'The browser blocked the connect window; a link is shown instead.'));
      }
    }
    this.host.requestUpdate();

    // The link minted on intent, if one is held; else (or should it have failed) one minted now.
    const mint = () => mintConnectUrl(hub.client, request, signal);
    (this.prefetched.take(hub, request)?.catch(mint) ?? mint()).then(
      ({ url, session }) => {
        // Gone from the page meanwhile: a held link arrived after all, but nobody watches the window.
        giveSession(session);
        if (signal.aborted) return;
        if (mode === 'redirect') {
          location.assign(url);
        } else if (target) {
          if (!target.closed && !navigateConnectWindow(target, url)) this.showLink(url, session);
        } else {
          this.showLink(url, session);
        }
      },
      (error: unknown) => {
        giveSession(undefined);
        if (isAbort(error)) return;
        try {
          target?.close();
        } catch {
          /* a window we cannot close is merely left open */
        }
        this.stop();
        this.blockedUrl = undefined;
        this.options.fail(error);
      },
    );
  }

  /**
   * Intent to connect (`type` is the event's: `pointerover`, `focusin` from the keyboard,
   * `touchstart`) on a button in `path`: its link is minted now, so that its click has it in hand.
   */
  intent(type: string, path: EventTarget[]): void {
    const button = connectButton(path);
    // While a flow is on, its window is what a click brings back; focus given back after it is no intent.
    if (!button || this.flow || (type === 'focusin' && (this.returning || !button.matches(':focus-visible')))) return;
    this.prefetched.prefetch(this.options.hub(), this.complete(this.options.request(button.dataset.platform)));
  }

  private root(): Node {
    return (this.host as unknown as { renderRoot: Node }).renderRoot;
  }

  /** The request as it is sent: redirect mode asks to come back to this page (the fragment is the page's own business). */
  private complete(request: ConnectUrlRequest): ConnectUrlRequest {
    return this.options.mode() === 'redirect' ? { ...request, returnUrl: location.href.split('#')[0] } : request;
  }

  /** What the notice above the list should say about the flow, if anything. */
  notice(): Notice | undefined {
    if (this.blockedUrl !== undefined) return { kind: 'blocked', url: this.blockedUrl, onFallback: (event) => this.onFallbackClick(event) };
    const flow = this.flow;
    if (!flow) return undefined;
    if (flow.away || !flow.target) return { kind: 'away', onDone: () => this.finish(flow) };
    return { kind: 'window', onShow: () => flow.target?.focus() };
  }

  hostConnected(): void {
    this.lifetime = new AbortController();
    for (const type of INTENT_EVENTS) this.root().addEventListener(type, this.onIntent, { passive: true });
  }

  hostDisconnected(): void {
    for (const type of INTENT_EVENTS) this.root().removeEventListener(type, this.onIntent);
    this.lifetime.abort();
    this.stop();
  }

  private showLink(url: string, session: string | undefined): void {
    this.blockedUrl = url;
    this.blockedSession = session;
    this.host.requestUpdate();
  }

  /** Watches the window until the person is done; answers how to hand the watch its connect session. */
  private watch(target: Window | null, trigger: HTMLElement | null, knownSession?: string): (id: string | undefined) => void {
    this.stop();
    let giveSession: (id: string | undefined) => void = () => undefined;
    const session = knownSession ? Promise.resolve(knownSession) : new Promise<string | undefined>((resolve) => (giveSession = resolve));
    const hub = this.options.hub();
    const flow: Flow = {
      target,
      trigger,
      before: this.options.accounts(),
      away: false,
      stop: watchConnect(
        {
          target,
          origin: new URL(hub.endpoint).origin,
          waitForSession: async (signal) => {
            const id = await session;
            return id ? waitForConnectSession(hub.client, id, signal) : 'gone';
          },
          live: () => hub.live,
        },
        {
          reread: () => void this.options.reread(),
          detached: () => {
            flow.away = true;
            this.host.requestUpdate();
          },
          finished: () => this.finish(flow),
        },
      ),
    };
    this.flow = flow;
    return (id) => giveSession(id);
  }

  private finish(flow: Flow): void {
    flow.stop();
    if (this.flow === flow) this.flow = undefined;
    this.host.requestUpdate();
    this.returning = true;
    void this.finished(flow).finally(() => (this.returning = false));
  }

  /** The person is done: re-read, tell the page what changed, give focus back. */
  private async finished({ before, trigger }: Flow): Promise<void> {
    await this.options.reread();
    if (!(this.host as unknown as Element).isConnected) return;
    const diff = diffAccounts(before, this.options.accounts());
    this.options.closed({ connected: diff.connected, disconnected: diff.disconnected });
    if (diff.changed) this.options.hub().announce();
    await this.host.updateComplete;
    // Back to where the person was; a Connect button that became a badge hands over to Manage.
    (trigger?.isConnected ? trigger : (this.root() as ParentNode).querySelector<HTMLElement>('[part~="manage-button"]'))?.focus();
  }

  private stop(): void {
    this.flow?.stop();
    this.flow = undefined;
  }

  private onFallbackClick(event: Event): void {
    const url = this.blockedUrl;
    if (!url) return;
    // The click is a fresh gesture: try a real window again so that it can be watched; if that is
    // refused too, the link itself opens the page in a new tab, watched by focus and the session.
    const mode = this.options.mode();
    const target = mode === 'redirect' ? null : openConnectWindow(mode === 'tab' ? 'tab' : 'popup', url);
    if (target) event.preventDefault();
    this.blockedUrl = undefined;
    this.options.recovered();
    this.watch(target, null, this.blockedSession);
    this.host.requestUpdate();
  }
}
