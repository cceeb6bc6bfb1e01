/**
 * @module `POST /connect-url`: a single-use connect link for the signed-in user's profile (created on
 * the way when missing), limited to what the server offers, returning to an allowed page. A link
 * asked for ahead of a click (`prefetch`) is the same link, counted in its own budget.
 */
import type { Context, Handler } from 'hono';
import { connectUrlRequestSchema } from '../../protocol/schemas.ts';
import type { ConnectUrlRequest, ConnectUrlResponse } from '../../protocol/token-server-api.ts';
import { isUploadPostError, type UploadPostError, type GenerateJwtOptions, type UploadPostApi } from '../../upload-post/index.ts';
import type { TokenServerEnv } from '../context.ts';
import { fail } from '../errors.ts';
import type { Identified, Identify } from '../identity/identify.ts';
import type { LogRecord, LogSink } from '../log.ts';
import type { ResolvedOptions } from '../options.ts';
import type { Origins } from '../origins.ts';
import { CONNECT_SESSION_TTL_MS, type ConnectSessions } from '../stores/connect-sessions.ts';
import type { MintRateLimiter } from '../stores/rate-limiter.ts';
import { connectPageUrl, linkExpiry, mintConnectLink } from '../upstream/connect-link.ts';
import { returnButtonText } from '../upstream/return-button.ts';
import type { UpstreamReads } from '../upstream/reads.ts';
import { readJsonBody, rejectUnknownQuery } from './request.ts';

export interface ConnectUrlRouteOptions extends Pick<ResolvedOptions, 'restrictedPlatforms' | 'linkDefaults' | 'connectLink' | 'now' | 'requestTimeoutMs'> {
  identify: Identify;
  origins: Origins;
  upstream: UploadPostApi;
  reads: UpstreamReads;
  /** Absent when `rateLimit` is false. */
  limiter: MintRateLimiter | undefined;
  demo: boolean;
  log: LogSink;
  sessions: ConnectSessions;
}

const ROUTE = '/connect-url';

/** A mint that timed out or got an unreadable answer may still have created a link upstream. */
function mayHaveMinted(error: unknown): error is UploadPostError {
  return (
    isUploadPostError(error) && error.operation.endsWith('/generate-jwt') && (error.kind === 'timeout' || error.kind === 'shape' || error.kind === 'aborted')
  );
}

function possiblyMinted(c: Context<TokenServerEnv>, error: UploadPostError, now: number): LogRecord {
  return {
    time: new Date(now).toISOString(),
    level: 'warn',
    msg: 'Upload-Post may have minted a connect link that was not delivered (the answer timed out or was unreadable); it is single-use and expires on its own. Nothing to do unless this repeats.',
    requestId: c.get('requestId'),
    userId: c.get('userId'),
    upstream: { operation: error.operation, kind: error.kind },
  };
}

/**
 * What restricts the link: the element's `platforms` (within the configured ones, if any), else
 * the configured ones, else nothing — generate-jwt then gets no `platforms` and Upload-Post offers
 * its own default, so a platform list of ours can never fail every link.
 */
function linkPlatforms(request: ConnectUrlRequest, restricted: readonly string[] | undefined): string[] | undefined {
  const asked = request.platforms ?? restricted;
  const notOffered = restricted && asked?.find((platform) => !restricted.includes(platform));
  if (notOffered) fail('INVALID_REQUEST', `\`platforms\`: ${notOffered} is not offered by this server (it offers ${restricted.join(', ')}).`);
  return asked && [...asked];
}

/**
 * Where the connect page sends the person back: the page's own `returnUrl` (redirect mode) if it is
 * on an allowed origin, else our `/done` page, which tells the opener on the page's origin and ends
 * the connect session.
 */
function returnUrl(c: Context, request: ConnectUrlRequest, origins: Origins, session: string | undefined): string {
  if (request.returnUrl !== undefined) {
    // What was checked is what is sent: the parsed URL, serialised, never the text as typed (a
    // backslash or a tab that one parser reads differently from another).
    const parsed = new URL(request.returnUrl);
    if (!origins.isAllowed(parsed.origin, c)) fail('INVALID_REQUEST', '`returnUrl` must be on an allowed origin.');
    return parsed.href;
  }
  const done = new URL(`${origins.baseUrl(c, ROUTE)}/done`);
  const origin = c.req.header('Origin');
  if (origin !== undefined) done.searchParams.set('origin', origin);
  if (session !== undefined) done.searchParams.set('session', session);
  return done.href;
}

/** Counts the mint, or refuses it; resolves with the way to give it back if no link is delivered. */
async function spendMint(limiter: MintRateLimiter | undefined, identified: Identified, prefetch: boolean): Promise<() => Promise<void>> {
  if (!limiter) return async () => undefined;
  const decision = await limiter.consume(identified.profile, prefetch);
  if (decision.allowed) return decision.refund;
  const headers = { 'Retry-After': String(decision.retryAfterSeconds) };
  if (decision.reason === 'store') {
    fail('STORE_UNAVAILABLE', `Connect links cannot be counted right now (the shared store is failing); try again in ${decision.retryAfterSeconds} s.`, {
      headers,
    });
  }
  fail(
    'RATE_LIMITED',
    prefetch
      ? `Too many links minted ahead of a click for this user; a click still gets its own link. Try again in ${decision.retryAfterSeconds} s.`
      : `Too many connect links for this user; try again in ${decision.retryAfterSeconds} s.`,
    { headers },
  );
}

export function connectUrlRoute(options: ConnectUrlRouteOptions): Handler<TokenServerEnv> {
  const { identify, origins, upstream, reads, limiter, demo, now, requestTimeoutMs, log, sessions } = options;
  return async function connectUrl(c) {
    rejectUnknownQuery(c, [], demo);
    const identified = await identify(c);
    const request = await readJsonBody(
      c,
      connectUrlRequestSchema,
      (keys) =>
        `Unknown field ${keys}: the body accepts only platforms, view, language, returnUrl and prefetch — the user is decided by the server's identity.`,
    );
    const platforms = linkPlatforms(request, options.restrictedPlatforms);
    const refund = await spendMint(limiter, identified, request.prefetch === true);
    // Without a session the element still learns of the end by other means: no reason to fail the mint.
    const sessionOpenedAt = now();
    const session = request.returnUrl === undefined ? await sessions.open(identified.profile).catch(() => undefined) : undefined;
    const redirectUrl = returnUrl(c, request, origins, session);

    const policy = (await options.connectLink?.(c, identified.user, request)) ?? {};
    // Where the person goes back to: the page (its returnUrl, else its origin), else this server.
    const backTo = returnButtonText([request.returnUrl, c.req.header('Origin'), redirectUrl], request.language);
    const link: GenerateJwtOptions = {
      ...(backTo && { redirect_button_text: backTo }),
      ...options.linkDefaults,
      ...(platforms && { platforms }),
      language: request.language,
      redirect_url: redirectUrl,
      ...policy,
      // Last, always: no option or hook chooses whose link this is.
      username: identified.profile,
    };
    let body: ConnectUrlResponse;
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new DOMException('The request took longer than requestTimeoutMs.', 'TimeoutError')), requestTimeoutMs);
    try {
      const jwt = await mintConnectLink(upstream, link, deadline.signal);
      body = { url: connectPageUrl(jwt.access_url, request.view ?? 'connect'), expiresAt: linkExpiry(jwt, now()).toISOString(), session };
      if (session !== undefined) body.sessionExpiresAt = new Date(sessionOpenedAt + CONNECT_SESSION_TTL_MS).toISOString();
    } catch (error) {
      // Only links delivered count against the user's budget.
      await refund();
      if (mayHaveMinted(error)) log(possiblyMinted(c, error, now()));
      throw error;
    } finally {
      clearTimeout(timer);
      // Whatever happened (a profile may have been created), the next read asks the upstream.
      await reads.invalidate(identified.profile);
    }
    c.header('Cache-Control', 'no-store');
    return c.json(body);
  };
}
