/**
 * Links minted on intent, so that a click opens a link already in hand: the connect controller asks
 * for one when the pointer comes onto a Connect or Manage button, keyboard focus reaches one, or a
 * finger touches one, and the click takes it (in hand, or joins its mint in flight). Part of the
 * connect module.
 *
 * The rules: at most one unused link per element and request (platforms, view, language, return
 * page) at a time; a link is taken once (single use) and only by the identity it was minted for;
 * never after it is too old to finish with (`PREFETCH_TIMINGS`: its own age, the link's expiry and
 * the token server's connect session); a prefetch that fails is silent, rests the element's
 * prefetching a while, and the click mints as without it. The token server counts prefetches in a
 * budget of their own (`prefetch: true`), so a prefetch never makes a click meet a 429.
 */
import type { ConnectUrlRequest, ConnectUrlResponse } from '../protocol/token-server-api.ts';
import type { AccountsHub } from './accounts-hub.ts';
import { mintConnectUrl } from './connect-calls.ts';

export const PREFETCH_TIMINGS = {
  /** A held link is opened at most this long after it arrived (the page's clock, immune to a wrong system clock). */
  maxAgeMs: 10 * 60 * 1000,
  /**
   * …and only while the link and its connect session both have this long left (the server's
   * clock): the person's time on the connect page (the watch gives up after 10 minutes) and slack.
   */
  minLeftMs: 15 * 60 * 1000,
  /** After a prefetch failed (a 429 of the prefetch budget, an old server, offline): none for this long. */
  restMs: 60 * 1000,
};

interface Held {
  hub: AccountsHub;
  /** Resolves with the link, or rejects: failed, or too short-lived to open. */
  link: Promise<ConnectUrlResponse>;
  /** Until when it may be taken (`performance.now()`); unbounded while in flight. */
  until: number;
}

const shapeOf = (request: ConnectUrlRequest) => JSON.stringify([request.platforms, request.view, request.language, request.returnUrl]);

/** Until when a link that arrived now may be opened, in `performance.now()` time. */
function usableUntil(link: ConnectUrlResponse, timings: typeof PREFETCH_TIMINGS): number {
  const ends = [link.expiresAt, link.sessionExpiresAt].map((at) => (at ? Date.parse(at) : Number.POSITIVE_INFINITY));
  // An expiry that does not parse is no expiry we can trust: the link is not kept.
  const left = Math.min(...ends.map((end) => (Number.isNaN(end) ? 0 : end))) - Date.now() - timings.minLeftMs;
  return performance.now() + Math.min(timings.maxAgeMs, left);
}

export class ConnectPrefetch {
  private readonly held = new Map<string, Held>();
  private restUntil = Number.NEGATIVE_INFINITY;

  constructor(private readonly timings = PREFETCH_TIMINGS) {}

  /** Mints a link for `request` ahead of its click, unless one is held (or being minted) for it, or prefetching rests. */
  prefetch(hub: AccountsHub, request: ConnectUrlRequest): void {
    const shape = shapeOf(request);
    const now = performance.now();
    const known = this.held.get(shape);
    if ((known && known.hub === hub && now < known.until) || now < this.restUntil) return;
    const held: Held = {
      hub,
      until: Number.POSITIVE_INFINITY,
      link: mintConnectUrl(hub.client, { ...request, prefetch: true }).then((link) => {
        held.until = usableUntil(link, this.timings);
        if (held.until <= performance.now()) throw new Error('The link expires too soon to be held.');
        return link;
      }),
    };
    held.link.catch(() => {
      if (this.held.get(shape) === held) this.held.delete(shape);
      this.restUntil = performance.now() + this.timings.restMs;
    });
    this.held.set(shape, held);
  }

  /**
   * Takes the link held for `request` and `hub`, in hand or in flight: nobody else will get it. Its
   * promise rejects when it failed or cannot be opened any more; `undefined` when none is held.
   */
  take(hub: AccountsHub, request: ConnectUrlRequest): Promise<ConnectUrlResponse> | undefined {
    const shape = shapeOf(request);
    const held = this.held.get(shape);
    this.held.delete(shape);
    if (!held || held.hub !== hub || performance.now() >= held.until) return undefined;
    return held.link.then((link) => {
      // Taken while in flight: it arrived just now, and was checked on arrival.
      if (performance.now() >= held.until) throw new Error('The held link expired.');
      return link;
    });
  }

  /** How many links are held or being minted (for tests). */
  get size(): number {
    return this.held.size;
  }
}
