import { LitElement, adoptStyles, html, nothing, unsafeCSS, type CSSResult, type PropertyValues, type TemplateResult } from 'lit';
import type { Account, ConnectUrlRequest } from '../protocol/token-server-api.ts';
import { isPlatformId, platformName, type Language } from '../protocol/platforms.ts';
import { diffAccounts } from './accounts-diff.ts';
import { announceChange, joinHub, type AccountsHub } from './accounts-hub.ts';
import type { ConnectController } from './connect-controller.ts';
import { openConnectWindow } from './connect-window.ts';
import { importConnect } from './modules/import-connect.ts';
import { importPages } from './modules/import-pages.ts';
import { importView, type ViewModule } from './modules/import-view.ts';
import { isUploadPostConnectError, UploadPostConnectError } from './errors.ts';
import type { FacebookPage, FacebookPagesController } from './facebook-pages.ts';
import {
  UploadPostChangeEvent,
  UploadPostCloseEvent,
  UploadPostConnectEvent,
  UploadPostDisconnectEvent,
  UploadPostErrorEvent,
  UploadPostFacebookPageEvent,
  UploadPostOpenEvent,
  UploadPostReadyEvent,
  UploadPostReauthRequiredEvent,
  type UploadPostErrorCode,
  type UploadPostErrorPhase,
} from './events.ts';
import { resolveLanguage } from './language.ts';
import { LoadController } from './load-controller.ts';
import { takeBeforeRedirect } from './redirect-return.ts';
import { en, type UploadPostStrings } from './strings/en.ts';
import { cachedStrings, format, loadStrings } from './strings/load.ts';
import { styles } from './styles.ts';
import { failedPanel, notice, skeleton, type Notice } from './templates.ts';

interface ShownError {
  code: UploadPostErrorCode;
  phase: UploadPostErrorPhase;
}

/** The list's module and styles, loaded once for every element of the page. */
let viewLoading: Promise<{ view: ViewModule; styles: CSSResult }> | undefined;
function loadView() {
  viewLoading ??= importView().then(
    (view) => ({ view, styles: unsafeCSS(view.listStyles.cssText) }),
    (error: unknown) => {
      viewLoading = undefined;
      throw error;
    },
  );
  return viewLoading;
}

/** The tag `UploadPostConnectElement.define()` registers by default. */
export const TAG_NAME = 'upload-post-connect';

/**
 * Shows which social accounts the signed-in user has linked to Upload-Post and opens Upload-Post's
 * hosted connect page to link more, talking only to your token server (which holds the API key).
 *
 * @tagname upload-post-connect
 * @summary Lets your users link their social accounts to Upload-Post from your own pages.
 *
 * @attr {string} lang - Language of the element and of the connect page (en, es, de, fr, pt, pl, tr); else the nearest [lang] ancestor, then the browser.
 *
 * @fires {UploadPostReadyEvent} upload-post-ready - The first accounts have been read. `detail.accounts`.
 * @fires {UploadPostOpenEvent} upload-post-open - About to open the connect page; cancelable. `detail.platform` (undefined for all).
 * @fires {UploadPostConnectEvent} upload-post-connect - A platform became connected (from re-reading the token server). `detail.account`.
 * @fires {UploadPostDisconnectEvent} upload-post-disconnect - A platform became disconnected. `detail.account`: the account as it was, so its handle is known.
 * @fires {UploadPostChangeEvent} upload-post-change - The accounts changed. `detail.accounts`.
 * @fires {UploadPostCloseEvent} upload-post-close - The person is done with the connect page (its return page, back on this page, or a return from redirect mode) and the accounts were re-read. `detail.connected`, `detail.disconnected`.
 * @fires {UploadPostReauthRequiredEvent} upload-post-reauth-required - An account needs reconnecting (its token was revoked or expired): on the first read, and whenever one starts to. `detail.account`.
 * @fires {UploadPostFacebookPageEvent} upload-post-facebook-page - The Facebook page to publish to was picked (or is the only one). `detail.page` (`{ id, name? }`): store `id` and give it back as `facebook-page`.
 * @fires {UploadPostErrorEvent} upload-post-error - Something failed. `detail.code`, `detail.message`, `detail.phase` (`load` | `open` | `refresh`).
 *
 * @csspart base - The card around everything.
 * @csspart header - The header: title, description and the manage button.
 * @csspart title - The title ("Connected accounts").
 * @csspart description - The sentence under the title.
 * @csspart button - Every button (also has a more specific part).
 * @csspart manage-button - The "Manage accounts" button.
 * @csspart list - The list of platforms (rows or chips).
 * @csspart row - One platform in the full layout; also `row-connected` or `row-disconnected`, and `row-reauth` when it needs reconnecting.
 * @csspart chip - One platform in the compact layout; also `chip-connected` or `chip-disconnected`, and `chip-reauth`.
 * @csspart icon - The tinted square (or circle) holding a platform's icon.
 * @csspart platform-name - The platform's name.
 * @csspart account - The connected account's avatar, name and handle.
 * @csspart avatar - The connected account's picture.
 * @csspart display-name - The connected account's display name.
 * @csspart handle - The connected account's `@handle`.
 * @csspart status - "Not connected".
 * @csspart badge - The "Connected" badge; also `badge-reauth` when it reads "Needs reconnecting".
 * @csspart connect-button - A platform's "Connect" button.
 * @csspart platform-manage-button - A connected platform's "Manage" button (the connect page for that platform alone).
 * @csspart reconnect-button - The "Reconnect" button of an account that needs it.
 * @csspart facebook-page - The Facebook page to publish to: its label, the picker or its state.
 * @csspart facebook-page-select - The picker of the Facebook page.
 * @csspart notice - A message above the list: blocked popup, open window, failed refresh.
 * @csspart done-button - "I'm done", shown while the connect window is out of the page's reach.
 * @csspart fallback-link - The "Open the connect page" link shown when a popup was blocked.
 * @csspart error - The failed-to-load panel.
 * @csspart error-code - The stable error code shown for support.
 * @csspart retry-button - The "Try again" button.
 * @csspart skeleton - A placeholder row while loading.
 * @csspart footer - The summary line under the list.
 *
 * @cssprop --upload-post-accent - Primary colour (buttons, focus rings). Default `#4f46e5`.
 * @cssprop --upload-post-accent-text - Text on the primary colour. Default `#ffffff`.
 * @cssprop --upload-post-background - Card background.
 * @cssprop --upload-post-surface - Subtle background of the footer and notices.
 * @cssprop --upload-post-text - Main text colour.
 * @cssprop --upload-post-text-muted - Secondary text colour.
 * @cssprop --upload-post-border - Border and divider colour.
 * @cssprop --upload-post-success - The "Connected" badge colour.
 * @cssprop --upload-post-danger - Error colour.
 * @cssprop --upload-post-radius - Corner radius of the card; inner radii follow it. Default `12px`.
 * @cssprop --upload-post-spacing - Inner padding. Default `20px`.
 * @cssprop --upload-post-font - Font family. Default: the system UI font.
 */
export class UploadPostConnectElement extends LitElement {
  /**
   * Registers the element as `tag` in `registry` unless that name is taken: safe to run twice, under
   * a second name (registered as a subclass, since a registry takes a class once), and where there
   * is no registry (server-side rendering). Returns whether it registered.
   */
  static define(tag = TAG_NAME, registry: CustomElementRegistry | undefined = globalThis.customElements): boolean {
    // No registry during server-side rendering, whatever the DOM types say.
    if (!(registry as CustomElementRegistry | undefined) || registry.get(tag)) return false;
    const register = (element: CustomElementConstructor) => {
      try {
        registry.define(tag, element);
        return true;
      } catch {
        return false;
      }
    };
    return register(this) || register(class extends this {});
  }

  static override styles = styles;

  // Declared here rather than with decorators, whose code would enlarge the script tag. Internal
  // state comes last with `attribute: false`: that is all `state: true` means to Lit, and it is
  // what the manifest's analyzer reads, so internal state is not listed as attributes.
  static override properties = {
    endpoint: {},
    sessionToken: { attribute: 'session-token' },
    fetchSessionToken: { attribute: false },
    platforms: {},
    mode: {},
    view: {},
    theme: { reflect: true },
    layout: { reflect: true },
    facebookPage: { attribute: 'facebook-page' },
    strings: { attribute: false },
    language: { attribute: false },
    bundle: { attribute: false },
    current: { attribute: false },
    list: { attribute: false },
    problem: { attribute: false },
    announcement: { attribute: false },
  };

  // `lang` is the platform's own attribute and property: watched here rather than redeclared.
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  /** Base URL of your token server's routes, absolute or relative to the page. */
  endpoint = '/upload-post';

  /** A short-lived session token your backend signed; sent as `Authorization: Bearer`. */
  sessionToken?: string;

  /**
   * Called for a session token when there is none and once after a 401, like Stripe's
   * `fetchClientSecret`. With neither this nor `sessionToken`, the page's cookies identify the user.
   */
  fetchSessionToken?: () => Promise<string>;

  /** Comma-separated platform ids to show and to ask for (all the token server offers when empty). */
  platforms = '';

  /** How to open the connect page: `popup` (default), `tab`, or `redirect` (this page goes there and back). */
  mode: 'popup' | 'tab' | 'redirect' = 'popup';

  /** `connect` (default) or `calendar` (the connect page's calendar view). */
  view: 'connect' | 'calendar' = 'connect';

  /** `auto` (default) follows `prefers-color-scheme`; `light` or `dark` force one. */
  theme: 'light' | 'dark' | 'auto' = 'auto';

  /** `full` (default): a row per platform; `compact`: a wrap of chips. */
  layout: 'full' | 'compact' = 'full';

  /**
   * The id of the Facebook page to publish to, as the host stored it from `upload-post-facebook-page`;
   * shown as chosen in the picker under a connected Facebook account.
   */
  facebookPage?: string;

  /** Overrides for any of the element's strings, in whatever language it speaks. */
  strings: Partial<UploadPostStrings> = {};

  private language: Language = 'en';
  private bundle: UploadPostStrings = en;
  private current?: Account[];
  /** The list's templates, once their module has loaded (it is asked for with the first read). */
  private list?: ViewModule;
  private problem?: ShownError;
  private announcement = '';

  /** The accounts of this token server and identity, shared with the page's other elements. */
  private joined?: { hub: AccountsHub; leave: () => void; key: unknown[] };
  /** The next answer starts afresh (first read, or another identity): ready, never connect/disconnect. */
  private baseline = true;
  private lastOpenPlatform?: string;

  /** Reads the accounts; the answer reaches every element of the identity through the hub. */
  private load = new LoadController<Account[]>(this, () => this.hub().read(), {
    complete: () => undefined,
    error: (error) => this.fail(this.baseline ? 'load' : 'refresh', error),
  });

  /** The Facebook page to publish to: its module loads, and the pages are read, once a Facebook account is connected. */
  private facebookPages?: FacebookPagesController;
  private pagesLoading?: Promise<void>;

  /** Opens the connect page and sees the person through it; loaded on the first sign of intent. */
  private connect?: ConnectController;
  private connectLoading?: Promise<ConnectController>;

  /** The connect flow, loading its module once: on intent (pointer, focus), when idle, or at the click. */
  private connectFlow(): Promise<ConnectController> {
    this.connectLoading ??= importConnect().then(
      ({ ConnectController }) =>
        (this.connect = new ConnectController(this, {
          hub: () => this.hub(),
          accounts: () => this.current ?? [],
          mode: () => this.mode,
          request: (platform) => this.connectRequest(platform),
          reread: () => void this.refresh(),
          fail: (error) => this.fail('open', error),
          popupBlocked: () =>
            this.fail('open', new UploadPostConnectError('POPUP_BLOCKED', 'The browser blocked the connect window; a link is shown instead.')),
          recovered: () => (this.problem = undefined),
          finished: (before, trigger) => this.finished(before, trigger),
        })),
      (error: unknown) => {
        // A module that failed to load (offline, not served) may load on the next try.
        this.connectLoading = undefined;
        throw error;
      },
    );
    return this.connectLoading;
  }

  /** Intent to connect (a pointer over the element, focus inside it): the flow loads before the click, and mints the button's link. */
  private readonly prepareConnect = (event?: Event) => {
    const path = event?.composedPath();
    this.connectFlow().then(
      (connect) => path && connect.intent(event!.type, path),
      () => undefined,
    );
  };

  /** The accounts as last read from the token server, limited to `platforms`; empty before the first read. */
  get accounts(): Account[] {
    return (this.current ?? []).map((account) => ({ ...account }));
  }

  /** Re-reads the accounts from the token server. Resolves when done; never rejects. */
  async refresh(): Promise<void> {
    await this.load.run();
  }

  /**
   * Opens the connect page, limited to `platform` when given. Call it from a click handler: the
   * window has to open before the first `await` for popup blockers to allow it.
   */
  open(platform?: string): void {
    try {
      this.openConnectPage(platform, (this.shadowRoot?.activeElement as HTMLElement | null) ?? null);
    } catch (error) {
      this.fail('open', error);
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.pickLanguage();
    this.addEventListener('pointerover', this.prepareConnect);
    this.addEventListener('focusin', this.prepareConnect);
    this.addEventListener('touchstart', this.prepareConnect, { passive: true });
    // Back in the page after a removal (a move, or React StrictMode's second mount): join again, and
    // read again if the removal cut a read short. The first read waits for the first update, so
    // that properties set right after insertion (as React does) are in it.
    if (this.hasUpdated) {
      const hub = this.hub();
      if (hub.accounts) this.received(hub.accounts);
      else if (this.load.status === 'initial') void this.refresh();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('pointerover', this.prepareConnect);
    this.removeEventListener('focusin', this.prepareConnect);
    this.removeEventListener('touchstart', this.prepareConnect);
    this.joined?.leave();
    this.joined = undefined;
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang' && this.isConnected) this.pickLanguage();
  }

  protected override firstUpdated(): void {
    // Once the list is on screen, the connect flow loads while nothing else is going on.
    ((globalThis.requestIdleCallback as typeof requestIdleCallback | undefined) ?? setTimeout)(() => this.prepareConnect());
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (!this.hasUpdated) this.showList();
    if (!this.hasUpdated || changed.has('endpoint') || changed.has('sessionToken') || changed.has('fetchSessionToken')) {
      const before = this.joined?.hub;
      const hub = this.hub();
      // Another page element of this identity may have read already: its answer is shown at once.
      if (hub.accounts && hub !== before) this.received(hub.accounts);
      else void this.refresh();
    }
    if (changed.has('platforms') && this.joined?.hub.accounts) this.current = this.filtered(this.joined.hub.accounts);
    this.followFacebook();
  }

  /** Loads the list beside the first read, then adopts its styles; a module that fails is a load error, retried by Try again. */
  private showList(): void {
    loadView().then(
      ({ view, styles: listStyles }) => {
        if (this.list) return;
        adoptStyles(this.renderRoot as ShadowRoot, [...(this.constructor as typeof LitElement).elementStyles, listStyles]);
        this.list = view;
      },
      (error: unknown) => this.fail('load', new UploadPostConnectError('NETWORK_ERROR', `The list could not be loaded: ${String(error)}`)),
    );
  }

  private followFacebook(): void {
    const facebook = this.current?.find((account) => account.platform === 'facebook');
    if (this.facebookPages) this.facebookPages.follow(this.hub().client, facebook);
    else if (facebook?.connected) {
      this.pagesLoading ??= importPages().then(
        ({ FacebookPagesController }) => {
          this.facebookPages = new FacebookPagesController(this, { chosen: () => this.facebookPage, picked: (page) => this.pickFacebookPage(page) });
          this.requestUpdate();
        },
        () => (this.pagesLoading = undefined),
      );
    }
  }

  private pickFacebookPage(page: FacebookPage): void {
    this.facebookPage = page.id;
    this.dispatchEvent(new UploadPostFacebookPageEvent({ page: { ...page } }));
  }

  private pickLanguage(): void {
    const language = resolveLanguage(this);
    this.language = language;
    const cached = cachedStrings(language);
    if (cached) {
      this.bundle = cached;
      return;
    }
    void loadStrings(language).then((strings) => {
      if (this.language === language) this.bundle = strings;
    });
  }

  /**
   * The hub of the current endpoint and identity, joined on first use. Another identity is a new
   * baseline: its accounts are not compared with the previous user's.
   */
  private hub(): AccountsHub {
    const endpoint = this.endpoint || '/upload-post';
    const key = [endpoint, this.sessionToken, this.fetchSessionToken];
    if (this.joined?.key.every((value, index) => value === key[index])) return this.joined.hub;
    this.joined?.leave();
    if (this.joined) this.baseline = true;
    this.joined = { ...joinHub(endpoint, this.sessionToken, this.fetchSessionToken, (accounts) => this.received(accounts)), key };
    return this.joined.hub;
  }

  private get platformFilter(): string[] {
    return this.platforms
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean);
  }

  private filtered(accounts: Account[]): Account[] {
    const only = this.platformFilter;
    return only.length ? accounts.filter((account) => only.includes(account.platform)) : accounts;
  }

  private get text(): UploadPostStrings {
    return { ...this.bundle, ...this.strings };
  }

  /** Every answer for this identity ends here, whichever element asked for it. */
  private received(all: Account[]): void {
    const accounts = this.filtered(all);
    const before = this.current;
    this.current = accounts;
    if (this.problem?.phase !== 'open') this.problem = undefined;
    if (this.baseline) {
      this.baseline = false;
      const connected = accounts.filter((account) => account.connected).length;
      this.announce(format(this.text.summary, { count: connected, total: accounts.length }));
      this.dispatchEvent(new UploadPostReadyEvent({ accounts: this.accounts }));
      // The page shows another user's list now: that is a change, never a connect or disconnect.
      if (before && diffAccounts(before, accounts).changed) this.dispatchEvent(new UploadPostChangeEvent({ accounts: this.accounts }));
      // Needing attention is a state, not a change: the page hears of it on a first read too.
      this.reportReauth(accounts.filter((account) => account.reauthRequired));
      this.reportReturnFromRedirect(accounts);
      return;
    }
    this.report(before ?? [], accounts);
  }

  /** Dispatches what changed from `before` to `after`, and says it to screen readers. */
  private report(before: Account[], after: Account[]): void {
    const diff = diffAccounts(before, after);
    for (const account of diff.connected) this.dispatchEvent(new UploadPostConnectEvent({ account: { ...account } }));
    for (const account of diff.disconnected) this.dispatchEvent(new UploadPostDisconnectEvent({ account: { ...account } }));
    const t = this.text;
    const changes = [
      ...diff.connected.map((account) => format(t.announceConnected, { platform: platformName(account.platform) })),
      ...diff.disconnected.map((account) => format(t.announceDisconnected, { platform: platformName(account.platform) })),
    ];
    if (changes.length) this.announce(changes.join('. '));
    this.reportReauth(diff.reauthRequired);
    if (diff.changed) this.dispatchEvent(new UploadPostChangeEvent({ accounts: this.accounts }));
  }

  private reportReauth(accounts: Account[]): void {
    for (const account of accounts) this.dispatchEvent(new UploadPostReauthRequiredEvent({ account: { ...account } }));
    if (accounts.length) this.announce(accounts.map((account) => format(this.text.announceReauth, { platform: platformName(account.platform) })).join('. '));
  }

  /** Back from the connect page in redirect mode: the same events a popup would have given. */
  private reportReturnFromRedirect(accounts: Account[]): void {
    const saved = takeBeforeRedirect(this.hub().endpoint);
    if (!saved) return;
    const before = this.filtered(saved);
    this.report(before, accounts);
    const diff = diffAccounts(before, accounts);
    this.dispatchEvent(new UploadPostCloseEvent({ connected: diff.connected, disconnected: diff.disconnected }));
  }

  /** Every failure ends here: shown, announced, and reported as an event; never thrown. */
  private fail(phase: UploadPostErrorPhase, error: unknown): void {
    const known = isUploadPostConnectError(error);
    const code: UploadPostErrorCode = known ? error.code : 'NETWORK_ERROR';
    this.problem = { code, phase };
    this.announce(this.problemText(this.problem));
    this.dispatchEvent(
      new UploadPostErrorEvent({
        code,
        phase,
        message: (error as Error | undefined)?.message || String(error),
        ...(known && error.requestId ? { requestId: error.requestId } : {}),
      }),
    );
  }

  private problemText({ code, phase }: ShownError): string {
    const t = this.text;
    if (code === 'POPUP_BLOCKED') return t.popupBlocked;
    if (code === 'UNAUTHENTICATED' || code === 'SESSION_TOKEN_UNAVAILABLE') return t.errorSession;
    return phase === 'open' ? t.errorOpen : t.errorLoad;
  }

  private announce(text: string): void {
    // Polite region: the same sentence twice would not be read again, so clear it first.
    this.announcement = '';
    void this.updateComplete.then(() => {
      this.announcement = text;
    });
  }

  private openConnectPage(platform: string | undefined, trigger: HTMLElement | null): void {
    if (!this.dispatchEvent(new UploadPostOpenEvent({ platform }))) return;
    this.lastOpenPlatform = platform;
    this.problem = undefined;
    const request = this.connectRequest(platform);
    if (this.connect) {
      this.connect.open(request, trigger);
      return;
    }
    // The flow is still loading: the window opens now, inside the click, and is handed over.
    const opened = this.mode === 'redirect' ? undefined : openConnectWindow(this.mode === 'tab' ? 'tab' : 'popup');
    this.connectFlow().then(
      (connect) => connect.open(request, trigger, opened),
      (error: unknown) => {
        opened?.close();
        this.fail('open', new UploadPostConnectError('NETWORK_ERROR', `The connect flow could not be loaded: ${String(error)}`));
      },
    );
  }

  private connectRequest(platform?: string): ConnectUrlRequest {
    const request: ConnectUrlRequest = { language: this.language };
    // A platform the token server does not know (a slot newer than this version) can only be linked from the unrestricted page.
    const platforms = (platform ? [platform] : this.platformFilter).filter(isPlatformId);
    if (platforms.length) request.platforms = platforms;
    if (this.view === 'calendar') request.view = 'calendar';
    return request;
  }

  /** The person is done with the connect page: re-read, tell the page what changed, give focus back. */
  private async finished(before: Account[], trigger: HTMLElement | null): Promise<void> {
    await this.refresh();
    if (!this.isConnected) return;
    const diff = diffAccounts(before, this.current ?? []);
    this.dispatchEvent(new UploadPostCloseEvent({ connected: diff.connected, disconnected: diff.disconnected }));
    if (diff.changed) announceChange(this.hub().endpoint);
    await this.updateComplete;
    // Back to where the person was; a Connect button that became a badge hands over to Manage.
    (trigger?.isConnected ? trigger : this.renderRoot.querySelector<HTMLElement>('[part~="manage-button"]'))?.focus();
  }

  /** Buttons pass themselves, so focus can return to the very button after the window closes. */
  private onOpenClick(event: Event): void {
    const button = event.currentTarget as HTMLElement;
    try {
      this.openConnectPage(button.dataset.platform, button);
    } catch (error) {
      this.fail('open', error);
    }
  }

  private onRetry(): void {
    if (this.problem?.phase === 'open') this.open(this.lastOpenPlatform);
    else {
      this.problem = undefined;
      if (!this.list) this.showList();
      void this.refresh();
    }
  }

  private currentNotice(): Notice | undefined {
    const flow = this.connect?.notice();
    if (flow?.kind === 'blocked') return flow;
    if (this.problem && this.list && this.current)
      return { kind: 'problem', text: this.problemText(this.problem), code: this.problem.code, onRetry: () => this.onRetry() };
    return flow;
  }

  protected override render(): TemplateResult {
    const t = this.text;
    const compact = this.layout === 'compact';
    const view = this.list;
    const accounts = view && this.current;
    const onOpen = (event: Event) => this.onOpenClick(event);
    let body: TemplateResult;
    let footer: TemplateResult | typeof nothing = nothing;
    if (view && accounts) {
      const connected = accounts.filter((account) => account.connected).length;
      const picker = this.facebookPages;
      const pages = view.facebookPagePicker(
        picker && { state: picker.state, pages: picker.pages, chosen: this.facebookPage },
        t,
        (id) => picker?.choose(id),
        () => picker?.read(),
      );
      body = accounts.length
        ? compact
          ? html`<ul part="list" class="chips">${accounts.map((account) => view.chip(account, t, onOpen))}</ul>${pages}`
          : html`<ul part="list" class="rows">${accounts.map((account) => view.row(account, t, onOpen, account.platform === 'facebook' ? pages : nothing))}</ul>`
        : html`<div part="footer" class="failed">${t.none}</div>`;
      if (accounts.length && !compact) {
        footer = html`<footer part="footer">${connected ? format(t.summary, { count: connected, total: accounts.length }) : t.empty}</footer>`;
      }
    } else if (this.problem && this.problem.phase !== 'open') {
      body = failedPanel(this.problemText(this.problem), this.problem.code, t, () => this.onRetry());
    } else {
      body = skeleton(compact);
    }
    return html`<section part="base" class="card" aria-labelledby="title" aria-busy=${accounts || this.problem ? 'false' : 'true'}>
      <header part="header"><div><h2 part="title" id="title">${t.title}</h2>
        ${compact ? nothing : html`<p part="description">${t.description}</p>`}</div>
        <button part="button manage-button" class="primary" @click=${onOpen}>${t.manage}</button>
      </header>
      ${notice(this.currentNotice(), t)}${body}${footer}
      <div class="sr-only" role="status" aria-live="polite">${this.announcement || (accounts || this.problem ? '' : t.loading)}</div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'upload-post-connect': UploadPostConnectElement;
  }
}
