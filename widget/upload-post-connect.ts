import { LitElement, html, svg, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { Account, ConnectUrlRequest } from '../protocol/token-server-api.ts';
import { platformName, type Language, type PlatformId } from '../protocol/platforms.ts';
import { diffAccounts } from './accounts-diff.ts';
import { LoadController } from './load-controller.ts';
import { navigateConnectWindow, openConnectWindow, watchConnectWindow } from './connect-window.ts';
import {
  UploadPostChangeEvent,
  UploadPostCloseEvent,
  UploadPostConnectEvent,
  UploadPostDisconnectEvent,
  UploadPostErrorEvent,
  UploadPostOpenEvent,
  UploadPostReadyEvent,
  type UploadPostErrorCode,
  type UploadPostErrorPhase,
} from './events.ts';
import { resolveLanguage } from './language.ts';
import { PLATFORM_ICONS, UNKNOWN_PLATFORM_ICON } from '../lib/platform-icons.ts';
import { en, type UploadPostStrings } from './strings/en.ts';
import { cachedStrings, format, loadStrings } from './strings/load.ts';
import { styles } from './styles.ts';
import { UploadPostConnectError } from './errors.ts';
import { TokenServerClient } from './token-server-client.ts';

interface ShownError {
  code: UploadPostErrorCode;
  phase: UploadPostErrorPhase;
}

/** The tag `UploadPostConnectElement.define()` registers by default. */
export const TAG_NAME = 'upload-post-connect';

const isAbort = (error: unknown) => (error as Error | undefined)?.name === 'AbortError';

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
 * @fires {UploadPostCloseEvent} upload-post-close - The connect window closed and the accounts were re-read. `detail.connected`, `detail.disconnected`.
 * @fires {UploadPostErrorEvent} upload-post-error - Something failed. `detail.code`, `detail.message`, `detail.phase` (`load` | `open` | `refresh`).
 *
 * @csspart base - The card around everything.
 * @csspart header - The header: title, description and the manage button.
 * @csspart title - The title ("Connected accounts").
 * @csspart description - The sentence under the title.
 * @csspart button - Every button (also has a more specific part).
 * @csspart manage-button - The "Manage accounts" button.
 * @csspart list - The list of platforms (rows or chips).
 * @csspart row - One platform in the full layout; also `row-connected` or `row-disconnected`.
 * @csspart chip - One platform in the compact layout; also `chip-connected` or `chip-disconnected`.
 * @csspart icon - The tinted square (or circle) holding a platform's icon.
 * @csspart platform-name - The platform's name.
 * @csspart account - The connected account's avatar, name and handle.
 * @csspart avatar - The connected account's picture.
 * @csspart display-name - The connected account's display name.
 * @csspart handle - The connected account's `@handle`.
 * @csspart status - "Not connected".
 * @csspart badge - The "Connected" badge.
 * @csspart connect-button - A platform's "Connect" button.
 * @csspart notice - A message above the list: blocked popup, open window, failed refresh.
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
    strings: { attribute: false },
    language: { attribute: false },
    bundle: { attribute: false },
    current: { attribute: false },
    problem: { attribute: false },
    announcement: { attribute: false },
    blockedUrl: { attribute: false },
    windowOpen: { attribute: false },
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

  /** Overrides for any of the element's strings, in whatever language it speaks. */
  strings: Partial<UploadPostStrings> = {};

  private language: Language = 'en';
  private bundle: UploadPostStrings = en;
  private current?: Account[];
  private problem?: ShownError;
  private announcement = '';
  /** The URL shown as a link when the browser blocked the popup (`''` while it is being minted). */
  private blockedUrl?: string;
  private windowOpen = false;

  private client?: TokenServerClient;
  private clientKey: unknown[] = [];
  private lifetime = new AbortController();
  private connectWindow?: Window | null;
  private stopWatching?: () => void;
  private snapshot: Account[] = [];
  private trigger?: HTMLElement | null;
  private lastOpenPlatform?: string;
  private ready = false;

  /** Reads the accounts; re-run by `refresh()`, by each signal from the connect window, and on return to the page. */
  private load = new LoadController<Account[]>(this, (signal) => this.tokenServer().accounts(signal), {
    complete: (accounts) => this.received(accounts),
    error: (error) => this.fail(this.ready ? 'refresh' : 'load', error),
  });

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
    this.lifetime = new AbortController();
    this.pickLanguage();
    // Back in the page after a removal cut a read short (a move, or React StrictMode's second
    // mount): read again. The first read waits for the first update, so that properties set
    // right after insertion (as React does) are in it.
    if (this.hasUpdated && this.load.status === 'initial') void this.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.lifetime.abort();
    this.stopWatching?.();
    this.stopWatching = undefined;
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang' && this.isConnected) this.pickLanguage();
  }

  protected override willUpdate(changed: PropertyValues): void {
    // Another token server or identity: read again (the first read is started on connection).
    if (!this.hasUpdated || changed.has('endpoint') || changed.has('sessionToken') || changed.has('fetchSessionToken')) {
      void this.refresh();
    }
    if (changed.has('platforms') && this.ready) this.current = this.filtered(this.load.value ?? []);
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

  /** One client per identity configuration (a client remembers a token it fetched). */
  private tokenServer(): TokenServerClient {
    const key = [this.endpoint, this.sessionToken, this.fetchSessionToken];
    if (!this.client || key.some((value, index) => value !== this.clientKey[index])) {
      this.clientKey = key;
      this.client = new TokenServerClient({
        endpoint: this.endpoint || '/upload-post',
        sessionToken: this.sessionToken,
        fetchSessionToken: this.fetchSessionToken,
      });
    }
    return this.client;
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

  private received(all: Account[]): void {
    const accounts = this.filtered(all);
    const before = this.current;
    this.current = accounts;
    if (this.problem?.phase !== 'open') this.problem = undefined;
    const t = this.text;
    if (!before) {
      this.ready = true;
      const connected = accounts.filter((account) => account.connected).length;
      this.announce(format(t.summary, { count: connected, total: accounts.length }));
      this.dispatchEvent(new UploadPostReadyEvent({ accounts: this.accounts }));
      return;
    }
    const diff = diffAccounts(before, accounts);
    for (const account of diff.connected) {
      this.dispatchEvent(new UploadPostConnectEvent({ account: { ...account } }));
    }
    for (const account of diff.disconnected) {
      this.dispatchEvent(new UploadPostDisconnectEvent({ account: { ...account } }));
    }
    const changes = [
      ...diff.connected.map((account) => format(t.announceConnected, { platform: platformName(account.platform) })),
      ...diff.disconnected.map((account) => format(t.announceDisconnected, { platform: platformName(account.platform) })),
    ];
    if (changes.length) this.announce(changes.join('. '));
    if (diff.changed) this.dispatchEvent(new UploadPostChangeEvent({ accounts: this.accounts }));
  }

  /** Every failure ends here: shown, announced, and reported as an event; never thrown. */
  private fail(phase: UploadPostErrorPhase, error: unknown): void {
    const known = error instanceof UploadPostConnectError;
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
    if (this.connectWindow && !this.connectWindow.closed) {
      this.connectWindow.focus();
      return;
    }
    if (!this.dispatchEvent(new UploadPostOpenEvent({ platform }))) return;
    this.trigger = trigger;
    this.lastOpenPlatform = platform;
    this.blockedUrl = undefined;
    this.problem = undefined;
    this.snapshot = this.current ?? [];

    const request: ConnectUrlRequest = { language: this.language };
    const platforms = platform ? [platform] : this.platformFilter;
    if (platforms.length) request.platforms = platforms as PlatformId[];
    if (this.view === 'calendar') request.view = 'calendar';

    let target: Window | null = null;
    if (this.mode === 'redirect') {
      // The fragment is the page's own business: it is not sent anywhere.
      request.returnUrl = location.href.split('#')[0];
    } else {
      // Synchronously, inside the click: after an await the browser no longer sees a user gesture.
      target = openConnectWindow(this.mode === 'tab' ? 'tab' : 'popup');
      if (target) {
        this.connectWindow = target;
        this.windowOpen = true;
        this.watch(target);
      } else {
        // Popup mode does not fall back to a tab (the same blocker refuses it) nor to leaving the
        // page (the person may have unsaved work): it shows a link, which a blocker always lets through.
        this.blockedUrl = '';
        this.fail('open', new UploadPostConnectError('POPUP_BLOCKED', 'The browser blocked the connect window; a link is shown instead.'));
      }
    }

    this.tokenServer()
      .connectUrl(request, this.lifetime.signal)
      .then(
        ({ url }) => {
          if (this.mode === 'redirect') {
            location.assign(url);
          } else if (target) {
            if (!target.closed && !navigateConnectWindow(target, url)) this.blockedUrl = url;
          } else {
            this.blockedUrl = url;
          }
        },
        (error: unknown) => {
          if (isAbort(error)) return;
          try {
            target?.close();
          } catch {
            /* a window we cannot close is merely left open */
          }
          this.endWatch();
          this.blockedUrl = undefined;
          this.fail('open', error);
        },
      );
  }

  private watch(target: Window | null): void {
    this.stopWatching?.();
    const origin = new URL(this.endpoint || '/upload-post', document.baseURI).origin;
    this.stopWatching = watchConnectWindow(target, origin, {
      onSignal: () => void this.refresh(),
      onClosed: () => void this.closed(),
    });
  }

  private endWatch(): void {
    this.stopWatching?.();
    this.stopWatching = undefined;
    this.connectWindow = undefined;
    this.windowOpen = false;
  }

  private async closed(): Promise<void> {
    this.endWatch();
    await this.refresh();
    if (this.lifetime.signal.aborted) return;
    const diff = diffAccounts(this.snapshot, this.current ?? []);
    this.dispatchEvent(new UploadPostCloseEvent({ connected: diff.connected, disconnected: diff.disconnected }));
    await this.updateComplete;
    // Back to where the person was; a Connect button that became a badge hands over to Manage.
    const trigger = this.trigger?.isConnected ? this.trigger : this.renderRoot.querySelector<HTMLElement>('[part~="manage-button"]');
    trigger?.focus();
  }

  private onFallbackClick(event: MouseEvent): void {
    const url = this.blockedUrl;
    if (!url) return;
    // The click is a fresh gesture: try a real window again so the /done message and the close
    // can be watched; if that is refused too, the link itself opens the page in a new tab.
    const target = this.mode === 'redirect' ? null : openConnectWindow(this.mode === 'tab' ? 'tab' : 'popup', url);
    if (target) event.preventDefault();
    this.blockedUrl = undefined;
    this.problem = undefined;
    this.connectWindow = target;
    this.windowOpen = !!target;
    this.watch(target);
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
      void this.refresh();
    }
  }

  private icon(platform: string): TemplateResult {
    return html`<span part="icon" class="icon p-${platform}" aria-hidden="true"><svg viewBox="0 0 24 24" focusable="false">${svg`<path d=${PLATFORM_ICONS[platform] ?? UNKNOWN_PLATFORM_ICON}></path>`}</svg></span>`;
  }

  private connectButton(account: Account, t: UploadPostStrings, compact: boolean): TemplateResult {
    const name = platformName(account.platform);
    const label = format(t.connectPlatform, { platform: name });
    return compact
      ? html`<button part="button connect-button chip chip-disconnected" class="chip" aria-label=${label}
          data-platform=${account.platform} @click=${this.onOpenClick}>${this.icon(account.platform)}${name}</button>`
      : html`<button part="button connect-button" aria-label=${label}
          data-platform=${account.platform} @click=${this.onOpenClick}>${t.connect}</button>`;
  }

  /** `parseAccounts` lets only http(s) avatars in, so no `javascript:` or `data:` URL reaches `src`. */
  private avatar(account: Account) {
    return account.avatarUrl
      ? html`<img part="avatar" class="avatar" src=${account.avatarUrl} alt="" referrerpolicy="no-referrer" loading="lazy"
          @error=${(event: Event) => (event.target as HTMLElement).remove()}>`
      : nothing;
  }

  private row(account: Account, t: UploadPostStrings): TemplateResult {
    const name = platformName(account.platform);
    if (!account.connected) {
      return html`<li part="row row-disconnected">${this.icon(account.platform)}
        <div class="meta"><span part="platform-name" class="name">${name}</span>
          <span part="status" class="status">${t.notConnected}</span></div>
        ${this.connectButton(account, t, false)}</li>`;
    }
    const handle = account.handle ? `@${account.handle}` : '';
    return html`<li part="row row-connected">${this.icon(account.platform)}
      <div class="meta"><span part="platform-name" class="name">${name}</span>
        <span part="account" class="account">${this.avatar(account)}
          ${account.displayName ? html`<span part="display-name" class="display-name">${account.displayName}</span>` : nothing}
          ${handle ? html`<span part="handle" class="handle">${handle}</span>` : nothing}</span></div>
      <span part="badge" class="badge">${t.connected}</span></li>`;
  }

  private chip(account: Account, t: UploadPostStrings): TemplateResult {
    if (!account.connected) return html`<li>${this.connectButton(account, t, true)}</li>`;
    const name = platformName(account.platform);
    const who = account.handle ? `@${account.handle}` : (account.displayName ?? '');
    return html`<li part="chip chip-connected" class="chip on">${this.icon(account.platform)}
      <span part="platform-name">${name}</span>
      ${who ? html`<span part="handle" class="handle">${who}</span>` : nothing}
      <span class="sr-only">${t.connected}</span></li>`;
  }

  private skeleton(compact: boolean): TemplateResult {
    const bones = [1, 2, 3, 4];
    return compact
      ? html`<ul part="list" class="chips" aria-hidden="true">${bones.map((index) => html`<li part="skeleton" class="bone chip w${index}"></li>`)}</ul>`
      : html`<ul part="list" class="rows" aria-hidden="true">${bones.map(
          (index) => html`<li part="skeleton">
          <span class="bone icon"></span>
          <span class="meta"><span class="bone line w${index}"></span><span class="bone line short"></span></span>
          <span class="bone pill"></span></li>`,
        )}</ul>`;
  }

  private notice(t: UploadPostStrings): TemplateResult | typeof nothing {
    if (this.blockedUrl !== undefined) {
      return html`<div part="notice" class="notice"><span>${t.popupBlocked}</span>
        ${
          this.blockedUrl
            ? html`<a part="fallback-link" class="link primary" href=${this.blockedUrl} target="_blank" rel="noopener"
              @click=${this.onFallbackClick}>${t.openLink}</a>`
            : nothing
        }</div>`;
    }
    if (this.problem && this.current) {
      return html`<div part="notice" class="notice error"><span>${this.problemText(this.problem)}
          <span part="error-code" class="code">${this.problem.code}</span></span>
        <button part="button retry-button" @click=${this.onRetry}>${t.retry}</button></div>`;
    }
    if (this.windowOpen) {
      return html`<div part="notice" class="notice"><span>${t.windowOpen}</span>
        <button part="button" @click=${() => this.connectWindow?.focus()}>${t.showWindow}</button></div>`;
    }
    return nothing;
  }

  protected override render(): TemplateResult {
    const t = this.text;
    const compact = this.layout === 'compact';
    const accounts = this.current;
    let body: TemplateResult;
    let footer: TemplateResult | typeof nothing = nothing;
    if (accounts) {
      const connected = accounts.filter((account) => account.connected).length;
      body = accounts.length
        ? html`<ul part="list" class=${compact ? 'chips' : 'rows'}>${accounts.map((account) => (compact ? this.chip(account, t) : this.row(account, t)))}</ul>`
        : html`<div part="footer" class="failed">${t.none}</div>`;
      if (accounts.length && !compact) {
        footer = html`<footer part="footer">${connected ? format(t.summary, { count: connected, total: accounts.length }) : t.empty}</footer>`;
      }
    } else if (this.problem && this.problem.phase !== 'open') {
      body = html`<div part="error" class="failed"><span class="sign" aria-hidden="true">!</span>
        <strong>${this.problemText(this.problem)}</strong>
        <span part="error-code" class="code">${this.problem.code}</span>
        <button part="button retry-button" @click=${this.onRetry}>${t.retry}</button></div>`;
    } else {
      body = this.skeleton(compact);
    }
    return html`<section part="base" class="card" aria-labelledby="title" aria-busy=${accounts || this.problem ? 'false' : 'true'}>
      <header part="header"><div><h2 part="title" id="title">${t.title}</h2>
        ${compact ? nothing : html`<p part="description">${t.description}</p>`}</div>
        <button part="button manage-button" class="primary" @click=${this.onOpenClick}>${t.manage}</button>
      </header>
      ${this.notice(t)}${body}${footer}
      <div class="sr-only" role="status" aria-live="polite">${this.announcement || (accounts || this.problem ? '' : t.loading)}</div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'upload-post-connect': UploadPostConnectElement;
  }
}
