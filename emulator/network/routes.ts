/**
 * @module The emulator's "network": the consent screen of TikTok, Meta, Google… as the real OAuth
 * round trip shows it, on an origin of its own and served with `Cross-Origin-Opener-Policy:
 * same-origin`, as Meta's and Google's are, which severs a popup from the page that opened it.
 *
 *   GET  /oauth/authorize?state=…    the consent screen (the state says which session and platform)
 *   POST /oauth/authorize            "Allow": 303 back to the state's redirect URI with a signed code
 *   (the Cancel link goes back with `error=access_denied`)
 */
import { Hono, type Context } from 'hono';
import { csrf } from 'hono/csrf';
import { secureHeaders } from 'hono/secure-headers';
import { platformName } from '../../protocol/platforms.ts';
import { readAccountFields, suggestAccountFields } from '../connect-page/account-fields.ts';
import { isLanguage } from '../connect-page/page-language.ts';
import { PagePaths } from '../connect-page/page-paths.ts';
import { renderConsentPage } from '../connect-page/render.ts';
import { PAGE_CSS, PAGE_ICON_SVG } from '../connect-page/styles.ts';
import { createTranslator } from '../connect-page/translate.ts';
import { readState, signCode, type OAuthState } from './oauth-grant.ts';

export interface NetworkOptions {
  /** Signs the codes; shared with the connect page, which checks them. */
  secret: string;
  now: () => number;
  random: () => number;
}

const FORM_CONTENT_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

const networkHeaders = secureHeaders({
  // What severs the popup from its opener in a real browser: the point of this origin.
  crossOriginOpenerPolicy: 'same-origin',
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    // "Allow" posts here, then is redirected back to the connect page on another origin.
    formAction: ["'self'", 'http:', 'https:'],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
  },
  referrerPolicy: 'no-referrer',
  xFrameOptions: 'DENY',
  strictTransportSecurity: false,
});

/** `redirect_uri` with the given parameters: where the person goes back, allowed or not. */
function back(state: OAuthState, token: string, params: Record<string, string>): string {
  const url = new URL(state.redirectUri);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  url.searchParams.set('state', token);
  return url.href;
}

export function createNetwork({ secret, now, random }: NetworkOptions): Hono {
  const app = new Hono();
  app.use('*', networkHeaders);
  // Only the screen's own form may post "Allow".
  app.use('/oauth/*', csrf());

  function consent(
    c: Context,
    state: OAuthState,
    token: string,
    fields: { handle: string; displayName: string },
    invalid?: { handle: boolean; displayName: boolean },
  ) {
    const language = isLanguage(state.language) ? state.language : 'en';
    return renderConsentPage({
      language,
      t: createTranslator(language),
      paths: PagePaths.forRequest(c.req.path, 2),
      platform: { id: state.platform, name: platformName(state.platform) },
      handle: fields.handle,
      displayName: fields.displayName,
      invalid,
      form: { action: 'authorize', cancel: back(state, token, { error: 'access_denied' }), hidden: { state: token } },
    });
  }

  const refuse = (c: Context) => c.text('This authorization request is invalid or has expired. Start again from the connect page.', 400);

  app.get('/oauth/authorize', async (c) => {
    const token = c.req.query('state') ?? '';
    const state = await readState(token, secret, now());
    if (!state) return refuse(c);
    c.header('Cache-Control', 'no-store');
    return c.html(consent(c, state, token, suggestAccountFields(state.platform, random)));
  });

  app.post('/oauth/authorize', async (c) => {
    if (!FORM_CONTENT_TYPE.test(c.req.header('content-type') ?? '')) return c.text('Send the consent form.', 415);
    const form = await c.req.parseBody();
    const token = typeof form.state === 'string' ? form.state : '';
    const state = await readState(token, secret, now());
    if (!state) return refuse(c);
    const read = readAccountFields(form);
    if (!read.ok) return c.html(consent(c, state, token, read.fields, read.invalid), 422);
    const code = await signCode({ session: state.session, platform: state.platform, ...read.fields }, secret, now());
    return c.redirect(back(state, token, { code }), 303);
  });

  app.get('/assets/page.css', (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    return c.body(PAGE_CSS);
  });
  app.get('/assets/icon.svg', (c) => {
    c.header('Content-Type', 'image/svg+xml; charset=utf-8');
    return c.body(PAGE_ICON_SVG);
  });
  app.all('*', (c) => c.text('Not Found', 404));
  return app;
}
