/** The connect page's security headers: a strict CSP for its pages, a cross-origin resource policy for its avatars. */
import { secureHeaders } from 'hono/secure-headers';

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
export const pageHeaders = secureHeaders({
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
export const avatarHeaders = secureHeaders({
  contentSecurityPolicy: { defaultSrc: ["'none'"], sandbox: [] },
  crossOriginResourcePolicy: 'cross-origin',
  crossOriginOpenerPolicy: false,
  strictTransportSecurity: false,
});
