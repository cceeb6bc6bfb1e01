/**
 * The hosted connect page at generate-jwt's `access_url`: a single-use link exchanged for a session
 * URL, the accounts and calendar views, the simulated OAuth consent, and friendly error pages.
 */
import { Hono, type Context } from 'hono';
import { csrf } from 'hono/csrf';
import { basePath } from 'hono/route';
import { platformName, type Language } from '../../protocol/platforms.ts';
import { checkConnectToken } from '../connect-token.ts';
import { readCode, signState } from '../network/oauth-grant.ts';
import type { ConnectSession, EmulatorStore } from '../store.ts';
import { isValidHandle, readAccountFields, suggestAccountFields } from './account-fields.ts';
import { avatarSvg } from './avatar.ts';
import { calendarMonth } from './calendar-month.ts';
import { allowedPlatforms, calendarAllowed, isReadonly } from './link-options.ts';
import { avatarHeaders, pageHeaders } from './page-headers.ts';
import { isLanguage, languageFromAcceptHeader } from './page-language.ts';
import { PagePaths } from './page-paths.ts';
import { renderAccountsPage, renderCalendarPage, renderConsentPage, renderErrorPage, type ErrorKind } from './render.ts';
import { sessionView } from './session-view.ts';
import { PAGE_CSS, PAGE_ICON_SVG } from './styles.ts';
import { createTranslator } from './translate.ts';

export interface ConnectPageContext {
  store: EmulatorStore;
  jwtSecret: string;
  now: () => number;
  random: () => number;
  /**
   * Where the consent step happens: the network's origin (the emulator's own network app, see
   * emulator/network/), or `undefined` for a consent screen on the connect page's own origin.
   */
  networkUrl: ((c: Context) => string) | undefined;
}

/** Phones: the real connect page routes the network hop through its bounce page, so the OS does not hand the URL to a native app. */
const MOBILE = /Android|iPhone|iPad|iPod|Mobile/i;

const FORM_CONTENT_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

/**
 * Error pages speak the link's language (else the browser's): 401 for a missing, forged or expired
 * token, a link whose profile is gone and an ended session; 410 for a used link; 403 for what the
 * link does not allow and for a cross-site POST; 422 for a consent form with invalid fields.
 */
export function createConnectPage(context: ConnectPageContext): Hono {
  const { store, jwtSecret, now, random, networkUrl } = context;
  /** Codes already exchanged: a code is single use, as an OAuth code is. */
  const usedCodes = new Set<string>();
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

  function errorPage(
    c: Context,
    kind: ErrorKind,
    status: 401 | 403 | 404 | 410,
    depth: number,
    language = browserLanguage(c),
    uiLabels?: Record<string, string>,
  ) {
    const t = createTranslator(language, uiLabels);
    return c.html(renderErrorPage({ kind, language, t, paths: PagePaths.forRequest(c.req.path, depth) }), status);
  }

  /** The accounts or calendar view's content, `depth` segments below the page's root. */
  const viewOf = (c: Context, session: ConnectSession, depth: number) =>
    sessionView(
      session,
      store.getProfile(session.username)?.social_accounts ?? {},
      linkLanguage(session.options.language, c),
      PagePaths.forRequest(c.req.path, depth),
    );

  /** The session named by the URL, or the response that says why there is none. */
  function findSession(c: Context, depth: number): { session: ConnectSession } | { response: Response | Promise<Response> } {
    const session = store.getSession(c.req.param('id') ?? '');
    return session ? { session } : { response: errorPage(c, 'session', 401, depth) };
  }

  /**
   * The session and platform of an editing route (`/s/:id/<action>/:platform`, four segments deep),
   * or the error page that refuses it: no session, a read-only link, a platform it does not list.
   */
  function findEditable(c: Context): { session: ConnectSession; platform: string } | { response: Response | Promise<Response> } {
    const found = findSession(c, 4);
    if ('response' in found) return found;
    const { session } = found;
    const platform = c.req.param('platform') ?? '';
    if (isReadonly(session) || !allowedPlatforms(session).includes(platform)) {
      return { response: errorPage(c, 'forbidden', 403, 4, linkLanguage(session.options.language, c), session.options.ui_labels) };
    }
    return { session, platform };
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
    const paths = PagePaths.forRequest(c.req.path, 4);
    return renderConsentPage({
      language,
      t: createTranslator(language, session.options.ui_labels),
      paths,
      form: { action: paths.authorize(session.id, platform), cancel: paths.accounts(session.id) },
      platform: { id: platform, name: platformName(platform) },
      handle: fields.handle,
      displayName: fields.displayName,
      invalid,
    });
  }

  // ── the link: token → session ───────────────────────────────────────────────────────────

  /**
   * Exchanges the token, exactly once, for a session and answers 303 to its view. From then on the
   * session URL is the credential (it lives as long as the link would have), and the token is out of
   * the address bar and the history. A `HEAD` (a link previewer) does not spend the link.
   */
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
  // The documented deep link to the calendar.
  app.get('/calendar', (c) => exchangeToken(c, 'calendar', 1));

  // ── the session's views ─────────────────────────────────────────────────────────────────

  app.get('/s/:id', (c) => {
    const found = findSession(c, 2);
    if ('response' in found) return found.response;
    const { session } = found;
    if (isReadonly(session)) return seeOther(c, PagePaths.forRequest(c.req.path, 2).calendar(session.id));
    return c.html(renderAccountsPage(viewOf(c, session, 2)));
  });

  app.get('/s/:id/calendar', (c) => {
    const found = findSession(c, 3);
    if ('response' in found) return found.response;
    const { session } = found;
    if (!calendarAllowed(session)) return seeOther(c, PagePaths.forRequest(c.req.path, 3).accounts(session.id));
    const view = viewOf(c, session, 3);
    return c.html(renderCalendarPage(view, calendarMonth(now(), view.language)));
  });

  // ── the simulated OAuth consent ─────────────────────────────────────────────────────────

  app.get('/s/:id/authorize/:platform', async (c) => {
    const found = findEditable(c);
    if ('response' in found) return found.response;
    const { session, platform } = found;
    if (!networkUrl) return c.html(consentPage(c, session, platform, suggestAccountFields(platform, random)));
    // The real round trip: off to the network's consent screen, which comes back to the callback.
    const paths = PagePaths.forRequest(c.req.path, 4);
    const state = await signState(
      {
        session: session.id,
        platform,
        redirectUri: new URL(paths.callback(session.id, platform), c.req.url).href,
        language: linkLanguage(session.options.language, c),
      },
      jwtSecret,
      now(),
    );
    const authorize = new URL(`${networkUrl(c)}/oauth/authorize`);
    authorize.searchParams.set('state', state);
    if (!MOBILE.test(c.req.header('user-agent') ?? '')) return c.redirect(authorize.href, 303);
    const bounce = new URL(paths.besideRoot('api/uploadposts/oauth/bounce'), c.req.url);
    bounce.searchParams.set('to', authorize.href);
    return c.redirect(bounce.href, 303);
  });

  app.get('/s/:id/callback/:platform', async (c) => {
    const found = findEditable(c);
    if ('response' in found) return found.response;
    const { session, platform } = found;
    const paths = PagePaths.forRequest(c.req.path, 4);
    const token = c.req.query('code') ?? '';
    const code = networkUrl ? await readCode(token, jwtSecret, now()) : undefined;
    // Cancelled, forged, expired, used, or for another session or platform: nothing is linked.
    if (code && code.session === session.id && code.platform === platform && !usedCodes.has(token)) {
      usedCodes.add(token);
      if (usedCodes.size > 10_000) usedCodes.delete(usedCodes.values().next().value!);
      const avatarUrl = new URL(paths.avatar(code.handle), c.req.url).href;
      store.connectAccount(session.username, platform, { username: code.handle, display_name: code.displayName, social_images: avatarUrl });
    }
    return seeOther(c, paths.accounts(session.id));
  });

  app.post('/s/:id/authorize/:platform', async (c) => {
    if (networkUrl) return c.text('The consent happens on the network: follow the Connect link.', 405);
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
