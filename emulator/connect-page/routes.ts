/**
 * The emulated hosted connect page: what a person sees at generate-jwt's `access_url`.
 *
 * Single-use links. `GET /connect?token=…` (or `/connect/calendar?token=…`, the documented deep link)
 * checks the token and exchanges it, exactly once, for a session, then answers `303` to
 * `/connect/s/{sessionId}` (or `…/calendar`). From then on the session URL is the credential: it
 * lives as long as the link would have, so reloading, the Accounts / Calendar switch and the consent
 * round trips all work, while opening the same `?token=` again shows "This link was already used"
 * (410). Exchanging at once also takes the token out of the address bar and out of the history.
 * A `HEAD` request does not spend the link (link previewers send those).
 *
 * Routes, below the mount point (`/connect` in `createEmulator`):
 *
 *   GET  /?token=…                       exchange, 303 to the accounts view (or the calendar when read-only)
 *   GET  /calendar?token=…               exchange, 303 to the calendar view (or accounts when show_calendar is false)
 *   GET  /s/:id                          the accounts view
 *   GET  /s/:id/calendar                 the calendar view
 *   GET  /s/:id/authorize/:platform      the simulated OAuth consent screen
 *   POST /s/:id/authorize/:platform      "Allow": links the account, 303 back to the accounts view
 *   POST /s/:id/disconnect/:platform     unlinks the account, 303 back
 *   GET  /assets/page.css                the one stylesheet (the CSP allows no inline style)
 *   GET  /assets/icon.svg                the tab's icon (else browsers ask for a `/favicon.ico` that 404s)
 *   GET  /avatars/:handle.svg            the generated profile picture stored in `social_images`
 *
 * Errors are friendly pages in the link's language (else the browser's): 401 for a missing, forged
 * or expired token, for a link whose profile is gone and for an ended session; 410 for a used link;
 * 403 for what the link does not allow (a platform outside `platforms`, anything editable when
 * `readonly_calendar` is set) and for a cross-site POST; 422 for a consent form with invalid fields.
 */
import { Hono, type Context } from 'hono';
import { csrf } from 'hono/csrf';
import { basePath } from 'hono/route';
import { secureHeaders } from 'hono/secure-headers';
import { DOCUMENTED_PLATFORM_IDS, platformName, type Language } from '../../protocol/platforms.ts';
import { checkConnectToken } from '../connect-token.ts';
import type { ConnectSession, EmulatedAccountSlot, EmulatorStore } from '../store.ts';
import { isValidHandle, readAccountFields, suggestAccountFields } from './account-fields.ts';
import { avatarSvg } from './avatar.ts';
import { calendarMonth } from './calendar-month.ts';
import { PagePaths } from './page-paths.ts';
import {
  renderAccountsPage, renderCalendarPage, renderConsentPage, renderErrorPage,
  type AccountView, type ErrorKind, type PlatformView, type SessionView,
} from './render.ts';
import { toHttpUrl } from '../../lib/http-url.ts';
import { createTranslator, isLanguage, languageFromAcceptHeader } from './strings.ts';
import { PAGE_CSS, PAGE_ICON_SVG } from './styles.ts';

export interface ConnectPageContext {
  store: EmulatorStore;
  jwtSecret: string;
  now: () => number;
  random: () => number;
}

/**
 * `Referrer-Policy: same-origin` rather than `no-referrer`: the session id is in the URL and must not
 * reach the customer's logo host or `redirect_url`, which `same-origin` already guarantees. With
 * `no-referrer` browsers also send `Origin: null` on the page's own form posts, leaving the CSRF check
 * only `Sec-Fetch-Site`, which browsers omit over plain http to anything but localhost (a phone
 * trying the demo over the LAN would be refused every "Allow").
 *
 * No `Cross-Origin-Opener-Policy`: the widget opens this page with `window.open` and watches
 * `popup.closed` to refresh when the person is done; a COOP of `same-origin` would sever that link
 * and make the popup look closed at once.
 */
const pageHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'http:', 'https:', 'data:'],
    formAction: ["'self'", 'http:', 'https:'],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
  },
  referrerPolicy: 'same-origin',
  crossOriginOpenerPolicy: false,
  xFrameOptions: 'DENY',
  // The emulator speaks plain http; HSTS would only mislead.
  strictTransportSecurity: false,
});

/** Avatars are loaded by the widget from the customer's origin, hence a cross-origin resource policy. */
const avatarHeaders = secureHeaders({
  contentSecurityPolicy: { defaultSrc: ["'none'"], sandbox: [] },
  crossOriginResourcePolicy: 'cross-origin',
  crossOriginOpenerPolicy: false,
  strictTransportSecurity: false,
});

const FORM_CONTENT_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

export function createConnectPage(context: ConnectPageContext): Hono {
  const { store, jwtSecret, now, random } = context;
  const app = new Hono();

  for (const pattern of ['/', '/calendar', '/s/*', '/assets/*']) app.use(pattern, pageHeaders);
  app.use('/avatars/*', avatarHeaders);
  // Pages are per person and change with every connect: never from a cache, never stored by one.
  for (const pattern of ['/', '/calendar', '/s/*']) {
    app.use(pattern, async (c, next) => {
      await next();
      c.header('Cache-Control', 'no-store');
    });
  }
  // Only the page's own forms may post: `csrf()` compares `Origin` / `Sec-Fetch-Site` with our origin
  // for form content types, and every POST handler below refuses any other content type.
  app.use('/s/*', csrf());

  // ── helpers ─────────────────────────────────────────────────────────────────────────────

  /**
   * Redirects with an absolute path, resolved the way the browser would resolve the relative one,
   * so clients that follow `Location` by hand (tests, curl) need no base URL.
   */
  const seeOther = (c: Context, relative: string) => c.redirect(new URL(relative, c.req.url).pathname, 303);

  const browserLanguage = (c: Context): Language => languageFromAcceptHeader(c.req.header('accept-language'));

  const linkLanguage = (language: unknown, c: Context): Language => (isLanguage(language) ? language : browserLanguage(c));

  function errorPage(c: Context, kind: ErrorKind, status: 401 | 403 | 404 | 410, depth: number, language = browserLanguage(c), uiLabels?: Record<string, string>) {
    const t = createTranslator(language, uiLabels);
    return c.html(renderErrorPage({ kind, language, t, paths: PagePaths.forRequest(c.req.path, depth) }), status);
  }

  const isReadonly = (session: ConnectSession) => session.options.readonly_calendar === true;
  const calendarAllowed = (session: ConnectSession) => isReadonly(session) || session.options.show_calendar !== false;

  /** The link's `platforms`, else every documented one; order kept, duplicates dropped. */
  function allowedPlatforms(session: ConnectSession): string[] {
    const requested = Array.isArray(session.options.platforms)
      ? session.options.platforms.filter((id): id is string => typeof id === 'string' && id !== '')
      : [];
    return requested.length > 0 ? [...new Set(requested)] : [...DOCUMENTED_PLATFORM_IDS];
  }

  /** Lenient, as the design asks: a non-empty string or any object counts as connected. */
  function accountView(slot: EmulatedAccountSlot | undefined): AccountView | undefined {
    if (slot === undefined || slot === null || slot === '') return undefined;
    if (typeof slot !== 'object') return {};
    const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
    return { handle: text(slot.username), displayName: text(slot.display_name), avatarUrl: toHttpUrl(slot.social_images) };
  }

  function sessionView(c: Context, session: ConnectSession, depth: number): SessionView {
    const { options } = session;
    const language = linkLanguage(options.language, c);
    const t = createTranslator(language, options.ui_labels);
    const readonly = isReadonly(session);
    const given = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
    const redirectHref = toHttpUrl(options.redirect_url);
    const accounts = store.getProfile(session.username)?.social_accounts ?? {};
    const platforms: PlatformView[] = allowedPlatforms(session).map((id) => ({
      id,
      name: platformName(id),
      account: accountView(accounts[id]),
    }));
    return {
      language,
      t,
      paths: PagePaths.forRequest(c.req.path, depth),
      sessionId: session.id,
      title: given(options.connect_title) ?? t(readonly ? 'calendar.title' : 'connect.title'),
      // The default description speaks of connecting, which a read-only calendar cannot do.
      description: given(options.connect_description) ?? (readonly ? '' : t('connect.description')),
      logoUrl: toHttpUrl(options.logo_image),
      redirect: redirectHref ? { href: redirectHref, text: given(options.redirect_button_text) ?? t('button.redirect') } : undefined,
      showTabs: !readonly && calendarAllowed(session),
      readonly,
      platforms,
    };
  }

  /** The session named by the URL, or the response that says why there is none. */
  function findSession(c: Context, depth: number): { session: ConnectSession } | { response: Response | Promise<Response> } {
    const session = store.getSession(c.req.param('id') ?? '');
    return session ? { session } : { response: errorPage(c, 'session', 401, depth) };
  }

  /**
   * What may be changed on `platform` in this session: nothing when the link is read-only or does not
   * list the platform.
   */
  function refuseEdit(c: Context, session: ConnectSession, platform: string, depth: number) {
    if (isReadonly(session) || !allowedPlatforms(session).includes(platform)) {
      return errorPage(c, 'forbidden', 403, depth, linkLanguage(session.options.language, c), session.options.ui_labels);
    }
    return undefined;
  }

  /**
   * The session and platform of an editing route (`/s/:id/<action>/:platform`, four segments deep),
   * or the error page that refuses it: no session, a read-only link, a platform it does not list.
   */
  function findEditable(c: Context): { session: ConnectSession; platform: string } | { response: Response | Promise<Response> } {
    const found = findSession(c, 4);
    if ('response' in found) return found;
    const platform = c.req.param('platform') ?? '';
    const refused = refuseEdit(c, found.session, platform, 4);
    return refused ? { response: refused } : { session: found.session, platform };
  }

  /** The consent step, blank (suggested values) or again with what was typed and what was wrong. */
  function consentPage(
    c: Context,
    session: ConnectSession,
    platform: string,
    fields: { handle: string; displayName: string },
    invalid?: Parameters<typeof renderConsentPage>[0]['invalid'],
  ) {
    const language = linkLanguage(session.options.language, c);
    return renderConsentPage({
      language,
      t: createTranslator(language, session.options.ui_labels),
      paths: PagePaths.forRequest(c.req.path, 4),
      sessionId: session.id,
      platform: { id: platform, name: platformName(platform) },
      handle: fields.handle,
      displayName: fields.displayName,
      ...(invalid ? { invalid } : {}),
    });
  }

  // ── the link: token → session ───────────────────────────────────────────────────────────

  async function exchangeToken(c: Context, wanted: 'accounts' | 'calendar', depth: number) {
    if (c.req.method === 'HEAD') return c.body(null, 200);
    const token = c.req.query('token');
    if (!token) return errorPage(c, 'invalid', 401, depth);

    const check = await checkConnectToken(token, jwtSecret, now());
    if (!check.ok) {
      if (check.failure === 'invalid') return errorPage(c, 'invalid', 401, depth);
      // A genuine but expired token still names its link: say "expired", in the link's language.
      const link = store.getLink(check.claims.jti);
      return errorPage(c, 'expired', 401, depth, linkLanguage(link?.options.language, c), link?.options.ui_labels);
    }

    const link = store.getLink(check.claims.jti);
    if (link && link.username !== check.claims.sub) return errorPage(c, 'invalid', 401, depth);
    const language = linkLanguage(link?.options.language, c);
    const opened = store.openSession(check.claims.jti);
    if (!opened.ok) {
      if (opened.reason === 'used') return errorPage(c, 'used', 410, depth, language, link?.options.ui_labels);
      if (opened.reason === 'expired') return errorPage(c, 'expired', 401, depth, language, link?.options.ui_labels);
      return errorPage(c, 'unknown', 401, depth, language, link?.options.ui_labels);
    }

    const { session } = opened;
    const paths = PagePaths.forRequest(c.req.path, depth);
    const showCalendar = isReadonly(session) || (wanted === 'calendar' && calendarAllowed(session));
    return seeOther(c, showCalendar ? paths.calendar(session.id) : paths.accounts(session.id));
  }

  app.get('/', (c) => exchangeToken(c, 'accounts', 0));
  app.get('/calendar', (c) => exchangeToken(c, 'calendar', 1));

  // ── the session's views ─────────────────────────────────────────────────────────────────

  app.get('/s/:id', (c) => {
    const found = findSession(c, 2);
    if ('response' in found) return found.response;
    const { session } = found;
    if (isReadonly(session)) return seeOther(c, PagePaths.forRequest(c.req.path, 2).calendar(session.id));
    return c.html(renderAccountsPage(sessionView(c, session, 2)));
  });

  app.get('/s/:id/calendar', (c) => {
    const found = findSession(c, 3);
    if ('response' in found) return found.response;
    const { session } = found;
    if (!calendarAllowed(session)) return seeOther(c, PagePaths.forRequest(c.req.path, 3).accounts(session.id));
    const view = sessionView(c, session, 3);
    return c.html(renderCalendarPage(view, calendarMonth(now(), view.language)));
  });

  // ── the simulated OAuth consent ─────────────────────────────────────────────────────────

  app.get('/s/:id/authorize/:platform', (c) => {
    const found = findEditable(c);
    if ('response' in found) return found.response;
    const { session, platform } = found;
    const suggestion = suggestAccountFields(platform, random);
    return c.html(consentPage(c, session, platform, suggestion));
  });

  app.post('/s/:id/authorize/:platform', async (c) => {
    const found = findEditable(c);
    if ('response' in found) return found.response;
    const { session, platform } = found;
    if (!FORM_CONTENT_TYPE.test(c.req.header('content-type') ?? '')) return c.text('Send the consent form.', 415);

    const read = readAccountFields(await c.req.parseBody());
    if (!read.ok) return c.html(consentPage(c, session, platform, read.fields, read.invalid), 422);

    const { handle, displayName } = read.fields;
    const paths = PagePaths.forRequest(c.req.path, 4);
    // An absolute URL: the API hands `social_images` to pages on other origins.
    const avatarUrl = new URL(paths.avatar(handle), c.req.url).href;
    store.connectAccount(session.username, platform, { username: handle, display_name: displayName, social_images: avatarUrl });
    return seeOther(c, paths.accounts(session.id));
  });

  app.post('/s/:id/disconnect/:platform', (c) => {
    const found = findEditable(c);
    if ('response' in found) return found.response;
    const { session, platform } = found;
    if (!FORM_CONTENT_TYPE.test(c.req.header('content-type') ?? '')) return c.text('Send the page’s form.', 415);
    store.disconnectAccount(session.username, platform);
    return seeOther(c, PagePaths.forRequest(c.req.path, 4).accounts(session.id));
  });

  // ── static resources ────────────────────────────────────────────────────────────────────

  app.get('/assets/page.css', (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(PAGE_CSS);
  });

  app.get('/assets/icon.svg', (c) => {
    c.header('Content-Type', 'image/svg+xml; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(PAGE_ICON_SVG);
  });

  app.get('/avatars/:file', (c) => {
    const file = c.req.param('file');
    const handle = file.endsWith('.svg') ? file.slice(0, -'.svg'.length) : '';
    if (!isValidHandle(handle)) return c.text('No such avatar.', 404);
    c.header('Content-Type', 'image/svg+xml; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(avatarSvg(handle));
  });

  // Anything else under the page's root gets a page a person can read, not a bare "404 Not Found".
  app.use('*', pageHeaders);
  app.all('*', (c) => {
    const belowRoot = c.req.path.slice(basePath(c).length).split('/').filter(Boolean);
    return errorPage(c, 'not_found', 404, belowRoot.length);
  });

  return app;
}
