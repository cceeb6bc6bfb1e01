import { LitElement, adoptStyles, html, nothing, unsafeCSS, type CSSResult, type PropertyValues, type TemplateResult } from 'lit';
import type { Account, ConnectUrlRequest } from '../protocol/token-server-api.ts';
import type { Language, PlatformId } from '../protocol/platforms.ts';
import type { AnswerEvents, AnswerHost } from './answer-report.ts';
import { joinHub, type AccountsHub } from './accounts-hub.ts';
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
import { importDiagnostics } from './modules/import-diagnostics.ts';
import type { Notice, Problem } from './notices.ts';
import { enCard } from './strings/en-card.ts';
import type { UploadPostStrings } from './strings/en.ts';
import { cachedStrings, loadStrings } from './strings/load.ts';
import { styles } from './styles.ts';
import { skeleton, unstyledFailure } from './templates.ts';

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

/** Handed to the list's module, which reports the answers with this bundle's own classes. */
const events: AnswerEvents = {
  UploadPostReadyEvent,
  UploadPostChangeEvent,
  UploadPostConnectEvent,
  UploadPostDisconnectEvent,
  UploadPostReauthRequiredEvent,
  UploadPostCloseEvent,
};

/**
 * The skeleton shows only when the first answer is slower than this: a fast one paints the list
 * at once, without a skeleton flashing by, and without the skeleton's layout and paint holding the
 * answer up (bench/RESULTS.md, first accounts on screen).
 */
const SKELETON_DELAY_MS = 200;

/** Signs of intent to connect: the flow loads, and the button's link is minted, before the click. */
const INTENT = ['pointerover', 'focusin', 'touchstart'];

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
 * @csspart skeleton - A placeholder row while loading, once the first answer has taken longer than 200 ms.
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
  fetchSessionToken: (() => Promise<string>) | undefined = undefined;

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
  /** The element's language, when not English (whose strings are the element's and the list's own). */
  private bundle: Partial<UploadPostStrings> = {};
  private current?: Account[];
  /** The list's templates, once their module has loaded (it is asked for with the first read). */
  private list?: ViewModule;
  private problem?: Problem;
  private announcement = '';

  /** The accounts of this token server and identity, shared with the page's other elements. */
  #joined?: { hub: AccountsHub; leave: () => void; key: unknown[] };
  /** The next answer starts afresh (first read, or another identity): ready, never connect/disconnect. */
  #baseline = true;
  #lastOpenPlatform?: string;
  /** Set once the first answer has taken longer than `SKELETON_DELAY_MS`: the skeleton shows until it comes. */
  #skeletonDue = false;
  /** The Retry-After countdown's next tick, while one is due: one timer, however many renders happen meanwhile. */
  #countdown?: ReturnType<typeof setTimeout>;

  /** Numbers the reads, so that a read overtaken by a later one has nothing to report. */
  #reads = 0;

  /** The Facebook page to publish to: its module loads, and the pages are read, once a Facebook account is connected. */
  #facebookPages?: FacebookPagesController;
  // Not #private: eslint's no-unused-private-class-members takes `??=` for a write only.
  private pagesLoading?: Promise<void>;

  /** Opens the connect page and sees the person through it; loaded on the first sign of intent. */
  #connect?: ConnectController;
  #connectLoading?: Promise<ConnectController>;
  /** A click's window waits for the flow to load: a second click (a double click) opens nothing more. */
  #handingOver = false;

  /** The connect flow, loading its module once: on intent (pointer, focus), when idle, or at the click. */
  #connectFlow(): Promise<ConnectController> {
    this.#connectLoading ??= importConnect().then(
      ({ ConnectController }) =>
        (this.#connect = new ConnectController(this, {
          hub: () => this.#hub(),
          accounts: () => this.current ?? [],
          mode: () => this.mode,
          request: (platform) => this.#connectRequest(platform),
          reread: () => this.refresh(),
          fail: (error) => this.#fail('open', error),
          recovered: () => (this.problem = undefined),
          closed: ({ connected, disconnected }) => this.dispatchEvent(new UploadPostCloseEvent({ connected, disconnected })),
        })),
      (error: unknown) => {
        // A module that failed to load (offline, not served) may load on the next try.
        this.#connectLoading = undefined;
        throw error;
      },
    );
    return this.#connectLoading;
  }

  /** Intent to connect (a pointer over a button, focus inside the element): the flow loads before the click, and mints the button's link. */
  #prepareConnect = (event?: Event) => {
    const path = event?.composedPath();
    this.#connectFlow().then(
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
    const read = ++this.#reads;
    try {
      // The answer reaches every element of the identity through the hub.
      await this.#hub().read();
    } catch (error) {
      // A read overtaken by a later one, or cut short by a removal, has nothing to say.
      if (read === this.#reads && this.isConnected) this.#fail(this.#baseline ? 'load' : 'refresh', error);
    }
  }

  /**
   * Opens the connect page, limited to `platform` when given. Call it from a click handler: the
   * window has to open before the first `await` for popup blockers to allow it.
   */
  open(platform?: string): void {
    try {
      this.#openConnectPage(platform, (this.shadowRoot?.activeElement as HTMLElement | null) ?? null);
    } catch (error) {
      this.#fail('open', error);
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#pickLanguage();
    for (const type of INTENT) this.addEventListener(type, this.#prepareConnect, { passive: true });
    // Back in the page after a removal (a move, or React StrictMode's second mount): join again, and
    // read again if the removal cut a read short. The first read waits for the first update, so
    // that properties set right after insertion (as React does) are in it.
    if (this.hasUpdated) {
      const hub = this.#hub();
      if (hub.accounts) this.#received(hub.accounts);
      else void this.refresh();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const type of INTENT) this.removeEventListener(type, this.#prepareConnect);
    this.#joined?.leave();
    this.#joined = undefined;
    // Leaving aborts the read in flight: its failure is not this element's to show.
    this.#reads++;
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang' && this.isConnected) this.#pickLanguage();
  }

  protected override firstUpdated(): void {
    // Once the card is on screen, the connect flow loads while nothing else is going on.
    ((globalThis.requestIdleCallback as typeof requestIdleCallback | undefined) ?? setTimeout)(() => this.#prepareConnect());
    setTimeout(() => {
      this.#skeletonDue = true;
      // Rendered again only if the answer (or a failure) has not come meanwhile.
      if (!this.current && !this.problem) this.requestUpdate();
    }, SKELETON_DELAY_MS);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (!this.hasUpdated) this.#showList();
    if (!this.hasUpdated || changed.has('endpoint') || changed.has('sessionToken') || changed.has('fetchSessionToken')) {
      this.#warnMisuse();
      const before = this.#joined?.hub;
      const hub = this.#hub();
      // Another page element of this identity may have read already: its answer is shown at once.
      if (hub.accounts && hub !== before) this.#received(hub.accounts);
      else void this.refresh();
    }
    if (changed.has('platforms') && this.#joined?.hub.accounts) this.current = this.#filtered(this.#joined.hub.accounts);
    this.#followFacebook();
  }

  /** Says in the console how to bind what arrived in a shape the element cannot use (the list's module looks). */
  #warnMisuse(): void {
    const found = this.list?.findMisuse(this) ?? [];
    if (found.length)
      void importDiagnostics().then(
        ({ warnMisuse }) => warnMisuse(found),
        () => undefined,
      );
  }

  /** Loads the list beside the first read, then adopts its styles; a module that fails is a load error, retried by Try again. */
  #showList(): void {
    loadView().then(
      ({ view, styles: listStyles }) => {
        if (this.list) return;
        adoptStyles(this.renderRoot as ShadowRoot, [...(this.constructor as typeof LitElement).elementStyles, listStyles]);
        this.list = view;
        this.#warnMisuse();
        // A failure announced before the list's sentences were here is said again, in words.
        if (this.problem) this.#announce(this.#problemText(this.problem));
        // An answer that came first waited for the list's strings: it is taken now.
        const answered = this.#joined?.hub.accounts;
        if (answered && this.#baseline) this.#received(answered);
      },
      (error: unknown) => this.#fail('load', new UploadPostConnectError('NETWORK_ERROR', `The list could not be loaded: ${String(error)}`)),
    );
  }

  #followFacebook(): void {
    const facebook = this.current?.find((account) => account.platform === 'facebook');
    if (this.#facebookPages) this.#facebookPages.follow(this.#hub().client, facebook);
    else if (facebook?.connected) {
      this.pagesLoading ??= importPages().then(
        ({ FacebookPagesController }) => {
          this.#facebookPages = new FacebookPagesController(this, { chosen: () => this.facebookPage, picked: (page) => this.#pickFacebookPage(page) });
          this.requestUpdate();
        },
        () => (this.pagesLoading = undefined),
      );
    }
  }

  #pickFacebookPage(page: FacebookPage): void {
    this.facebookPage = page.id;
    this.dispatchEvent(new UploadPostFacebookPageEvent({ page: { ...page } }));
  }

  #pickLanguage(): void {
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
  #hub(): AccountsHub {
    const endpoint = this.endpoint || '/upload-post';
    const key = [endpoint, this.sessionToken, this.fetchSessionToken];
    if (this.#joined?.key.every((value, index) => value === key[index])) return this.#joined.hub;
    this.#joined?.leave();
    if (this.#joined) this.#baseline = true;
    this.#joined = { ...joinHub(endpoint, this.sessionToken, this.fetchSessionToken, (accounts) => this.#received(accounts)), key };
    return this.#joined.hub;
  }

  get #platformFilter(): string[] {
    return this.platforms
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean);
  }

  #filtered(accounts: Account[]): Account[] {
    const only = this.#platformFilter;
    return only.length ? accounts.filter((account) => only.includes(account.platform)) : accounts;
  }

  /** Complete once the list's module is here; until then only the card's strings are asked for. */
  get #text(): UploadPostStrings {
    return { ...enCard, ...this.list?.enList, ...this.bundle, ...this.strings } as UploadPostStrings;
  }

  /** Every answer for this identity ends here, whichever element asked for it (once the list can show it). */
  #received(all: Account[]): void {
    const view = this.list;
    if (!view) return;
    const accounts = this.#filtered(all);
    const before = this.current;
    this.current = accounts;
    if (this.problem?.phase !== 'open') this.problem = undefined;
    const host: AnswerHost = { events, text: this.#text, dispatchEvent: (event) => this.dispatchEvent(event), announce: (text) => this.#announce(text) };
    if (this.#baseline) {
      this.#baseline = false;
      const saved = view.takeBeforeRedirect(this.#hub().endpoint);
      view.reportFirst(host, before, accounts, saved && this.#filtered(saved));
    } else view.reportChange(host, before ?? [], accounts);
  }

  /** Every failure ends here: shown, announced, and reported as an event; never thrown. */
  #fail(phase: UploadPostErrorPhase, error: unknown): void {
    const known = isUploadPostConnectError(error);
    const code: UploadPostErrorCode = known ? error.code : 'NETWORK_ERROR';
    const retryAfter = known ? error.retryAfter : undefined;
    this.problem = { code, phase, wasSignedIn: !this.#baseline };
    if (retryAfter) this.problem.retryAt = Date.now() + retryAfter * 1000;
    this.#announce(this.#problemText(this.problem));
    this.dispatchEvent(
      new UploadPostErrorEvent({
        code,
        phase,
        message: (error as Error | undefined)?.message || String(error),
        ...(known && error.requestId ? { requestId: error.requestId } : {}),
        ...(retryAfter === undefined ? {} : { retryAfter }),
      }),
    );
  }

  /** The person's sentence (the list's module has them all; the card knows only the first). */
  #problemText(problem: Problem): string {
    return this.list ? this.list.problemText(problem, this.#text) : this.#text.errorLoad;
  }

  /** Whether Try again must still wait for the server's `Retry-After`. */
  get #waiting(): boolean {
    return Boolean(this.problem && this.list?.secondsToRetry(this.problem));
  }

  #announce(text: string): void {
    // Polite region: the same sentence twice would not be read again, so clear it first.
    this.announcement = '';
    void this.updateComplete.then(() => {
      this.announcement = text;
    });
  }

  #openConnectPage(platform: string | undefined, trigger: HTMLElement | null): void {
    if (this.#handingOver || !this.dispatchEvent(new UploadPostOpenEvent({ platform }))) return;
    this.#lastOpenPlatform = platform;
    this.problem = undefined;
    const request = this.#connectRequest(platform);
    if (this.#connect) {
      this.#connect.open(request, trigger);
      return;
    }
    // The flow is still loading: the window opens now, inside the click, and is handed over.
    const opened = this.mode === 'redirect' ? undefined : openConnectWindow(this.mode === 'tab' ? 'tab' : 'popup');
    this.#handingOver = true;
    this.#connectFlow().then(
      (connect) => {
        this.#handingOver = false;
        connect.open(request, trigger, opened);
      },
      (error: unknown) => {
        this.#handingOver = false;
        opened?.close();
        this.#fail('open', new UploadPostConnectError('NETWORK_ERROR', `The connect flow could not be loaded: ${String(error)}`));
      },
    );
  }

  /** What to mint for `platform` (or the whole connect page): also the shape a link minted on intent is kept for. */
  #connectRequest(platform?: string): ConnectUrlRequest {
    const request: ConnectUrlRequest = { language: this.language };
    // A platform the token server does not know (a slot newer than this version) can only be linked from the unrestricted page.
    // Before the list's module is here (a click during the first read), the server checks the ids.
    const known = this.list?.isPlatformId ?? Boolean;
    const platforms = (platform ? [platform] : this.#platformFilter).filter(known) as PlatformId[];
    if (platforms.length) request.platforms = platforms;
    if (this.view === 'calendar') request.view = 'calendar';
    return request;
  }

  /** Buttons pass themselves, so focus can return to the very button after the window closes. */
  #onOpenClick(event: Event): void {
    const button = event.currentTarget as HTMLElement;
    try {
      this.#openConnectPage(button.dataset.platform, button);
    } catch (error) {
      this.#fail('open', error);
    }
  }

  #onRetry(): void {
    if (this.problem?.phase === 'open') this.open(this.#lastOpenPlatform);
    else {
      this.problem = undefined;
      if (!this.list) this.#showList();
      void this.refresh();
    }
  }

  #currentNotice(): Notice | undefined {
    const flow = this.#connect?.notice();
    if (flow?.kind === 'blocked') return flow;
    if (this.problem && this.list && this.current)
      return { kind: 'problem', text: this.#problemText(this.problem), code: this.problem.code, waiting: this.#waiting, onRetry: () => this.#onRetry() };
    return flow;
  }

  protected override updated(): void {
    // A countdown to the server's Retry-After: one render a second while it runs.
    if (this.#waiting && !this.#countdown) {
      this.#countdown = setTimeout(
        () => {
          this.#countdown = undefined;
          this.requestUpdate();
        },
        1000 - (Date.now() % 1000),
      );
    }
  }

  protected override render(): TemplateResult {
    const t = this.#text;
    const compact = this.layout === 'compact';
    const view = this.list;
    const accounts = view && this.current;
    const onOpen = (event: Event) => this.#onOpenClick(event);
    let body: TemplateResult | typeof nothing;
    if (view && accounts) {
      const picker = this.#facebookPages;
      const pages = view.facebookPagePicker(
        picker && { state: picker.state, pages: picker.pages, chosen: this.facebookPage },
        t,
        (id) => picker?.choose(id),
        () => picker?.read(),
      );
      body = view.accountsBody(accounts, compact, t, onOpen, pages);
    } else if (this.problem && this.problem.phase !== 'open') {
      const onRetry = () => this.#onRetry();
      const text = this.#problemText(this.problem);
      body = view ? view.failedPanel(text, this.problem.code, t, this.#waiting, onRetry) : unstyledFailure(text, t.retry, onRetry);
    } else {
      body = this.#skeletonDue ? skeleton(compact) : nothing;
    }
    return html`<section part="base" class="card" aria-labelledby="title" aria-busy=${accounts || this.problem ? 'false' : 'true'}>
      <header part="header"><div><h2 part="title" id="title">${t.title}</h2>
        ${compact ? nothing : html`<p part="description">${t.description}</p>`}</div>
        <button part="button manage-button" class="primary" @click=${onOpen}>${this.view === 'calendar' ? t.openCalendar : t.manage}</button>
      </header>
      ${view ? view.notice(this.#currentNotice(), t) : nothing}${body}
      <div class="sr-only" role="status" aria-live="polite">${this.announcement || (accounts || this.problem ? '' : t.loading)}</div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'upload-post-connect': UploadPostConnectElement;
  }
}
