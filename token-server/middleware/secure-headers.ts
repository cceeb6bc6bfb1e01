/**
 * @module The security headers of every answer. `overwrite: false`: routes that need other values
 * (the done page's CSP and COOP, the widget's CORP) set them first, and these fill in the rest.
 */
import { secureHeaders } from 'hono/secure-headers';

export const defaultSecureHeaders = secureHeaders({
  overwrite: false,
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  xFrameOptions: 'DENY',
  // Headers that only mean something on a document (or to Internet Explorer and Flash) are left off
  // the JSON answers, where each costs every request; the one HTML page, /done, sets its own set.
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
});
