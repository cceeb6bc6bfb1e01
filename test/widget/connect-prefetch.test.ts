import { expect } from '@open-wc/testing';
import type { ConnectUrlRequest, ConnectUrlResponse } from '../../protocol/token-server-api.ts';
import type { AccountsHub } from '../../widget/accounts-hub.ts';
import { ConnectPrefetch, PREFETCH_TIMINGS } from '../../widget/connect-prefetch.ts';
import { UploadPostConnectError } from '../../widget/errors.ts';
import { deferred, until } from '../helpers/element.ts';

/** A hub whose token server is a function: each `connect-url` call is recorded and answered by `answer`. */
function fakeHub(answer: (call: number) => unknown = () => link()) {
  const calls: { route: string; body: unknown }[] = [];
  const hub = {
    client: {
      request: (route: string, body: unknown) => {
        calls.push({ route, body });
        return Promise.resolve(answer(calls.length));
      },
    },
  } as unknown as AccountsHub;
  return { hub, calls };
}

const minutes = (count: number) => count * 60_000;

/** A connect-url answer, its link numbered, its session (when given) forgotten `sessionMs` from now. */
function link(n = 1, sessionMs?: number): ConnectUrlResponse {
  return {
    url: `https://app.upload-post.com/connect?token=t${n}`,
    expiresAt: new Date(Date.now() + 48 * 3600e3).toISOString(),
    ...(sessionMs === undefined ? {} : { session: 'a'.repeat(22), sessionExpiresAt: new Date(Date.now() + sessionMs).toISOString() }),
  };
}

/** Moves `performance.now()` forward (the page's clock the prefetch reads), until `restore`. */
function shiftClock() {
  const real = performance.now.bind(performance);
  let offset = 0;
  performance.now = () => real() + offset;
  return {
    advance: (ms: number) => (offset += ms),
    restore: () => {
      performance.now = real;
    },
  };
}

/** Lets every answer already given reach the prefetch (a task boundary: all pending promise callbacks have run). */
const arrived = () => new Promise((resolve) => setTimeout(resolve, 0));

const all: ConnectUrlRequest = { language: 'en' };
const tiktok: ConnectUrlRequest = { language: 'en', platforms: ['tiktok'] };

describe('ConnectPrefetch', () => {
  let clock: ReturnType<typeof shiftClock> | undefined;
  afterEach(() => clock?.restore());

  it('mints once per request shape, marked as a prefetch; another shape is another link', async () => {
    const { hub, calls } = fakeHub((n) => link(n));
    const prefetch = new ConnectPrefetch();
    prefetch.prefetch(hub, all);
    prefetch.prefetch(hub, { ...all });
    prefetch.prefetch(hub, tiktok);
    prefetch.prefetch(hub, { ...tiktok, language: 'es' });
    expect(calls.map((call) => call.body)).to.deep.equal([
      { language: 'en', prefetch: true },
      { language: 'en', platforms: ['tiktok'], prefetch: true },
      { language: 'es', platforms: ['tiktok'], prefetch: true },
    ]);
    expect(calls.every((call) => call.route === 'connect-url')).to.equal(true);
    expect(prefetch.size).to.equal(3);
  });

  it('gives a link once (single use): taken, it is gone, and the next intent mints a fresh one', async () => {
    const { hub, calls } = fakeHub((n) => link(n));
    const prefetch = new ConnectPrefetch();
    prefetch.prefetch(hub, all);
    expect((await prefetch.take(hub, all))!.url).to.match(/token=t1$/);
    expect(prefetch.take(hub, all)).to.equal(undefined);
    prefetch.prefetch(hub, all);
    expect((await prefetch.take(hub, all))!.url).to.match(/token=t2$/);
    expect(calls).to.have.length(2);
  });

  it('hands a link still being minted to the click that takes it, with no second mint', async () => {
    const answer = deferred<ConnectUrlResponse>();
    const { hub, calls } = fakeHub(() => answer.promise);
    const prefetch = new ConnectPrefetch();
    prefetch.prefetch(hub, tiktok);
    const taken = prefetch.take(hub, tiktok)!;
    expect(taken).to.be.instanceOf(Promise);
    prefetch.prefetch(hub, tiktok);
    expect(calls, 'taken, the shape is free again: a new intent mints again').to.have.length(2);
    answer.resolve(link(7));
    expect((await taken).url).to.match(/token=t7$/);
  });

  it('gives nothing to another identity', async () => {
    const { hub } = fakeHub();
    const other = fakeHub().hub;
    const prefetch = new ConnectPrefetch();
    prefetch.prefetch(hub, all);
    expect(prefetch.take(other, all)).to.equal(undefined);
    expect(prefetch.take(hub, all), 'the link was dropped, not kept for later').to.equal(undefined);
  });

  it('holds a link at most maxAgeMs after it arrived, then mints afresh', async () => {
    clock = shiftClock();
    const { hub, calls } = fakeHub((n) => link(n, minutes(30)));
    const prefetch = new ConnectPrefetch();
    prefetch.prefetch(hub, all);
    await arrived();
    // Arrived: held now, but not after maxAgeMs.
    prefetch.prefetch(hub, all);
    expect(calls).to.have.length(1);
    clock.advance(PREFETCH_TIMINGS.maxAgeMs + 1);
    prefetch.prefetch(hub, all);
    expect(calls, 'the old link is no longer held: a fresh one is minted').to.have.length(2);
    expect((await prefetch.take(hub, all))!.url).to.match(/token=t2$/);
    prefetch.prefetch(hub, tiktok);
    await arrived();
    clock.advance(PREFETCH_TIMINGS.maxAgeMs + 1);
    expect(prefetch.take(hub, tiktok), 'too old to be taken').to.equal(undefined);
  });

  it('never holds a link whose connect session (or link) ends before the person could finish', async () => {
    const { hub } = fakeHub(() => link(1, PREFETCH_TIMINGS.minLeftMs - minutes(1)));
    const prefetch = new ConnectPrefetch();
    prefetch.prefetch(hub, all);
    let error: unknown;
    await prefetch.take(hub, all)!.catch((caught: unknown) => (error = caught));
    expect(String(error)).to.match(/expires too soon/);
    await until(() => prefetch.size === 0, 'the link dropped');

    const unreadable = fakeHub(() => ({ ...link(2), expiresAt: 'soon' })).hub;
    const another = new ConnectPrefetch();
    another.prefetch(unreadable, tiktok);
    const failed = await another.take(unreadable, tiktok)!.then(
      () => false,
      () => true,
    );
    expect(failed, 'an expiry that does not parse is not trusted').to.equal(true);
  });

  it('keeps a link with time to finish: 30 minutes of session hold it for maxAgeMs', async () => {
    const { hub } = fakeHub(() => link(1, minutes(30)));
    const prefetch = new ConnectPrefetch();
    prefetch.prefetch(hub, all);
    expect((await prefetch.take(hub, all))!.session).to.equal('a'.repeat(22));
  });

  it('fails silently and rests after a failure (a refused prefetch budget, an old server): no mint until restMs', async () => {
    clock = shiftClock();
    const { hub, calls } = fakeHub((n) => {
      if (n === 1) throw new UploadPostConnectError('RATE_LIMITED', 'Too many links minted ahead of a click.');
      return link(n);
    });
    const prefetch = new ConnectPrefetch();
    prefetch.prefetch(hub, all);
    await until(() => prefetch.size === 0, 'the failed prefetch dropped');
    expect(prefetch.take(hub, all)).to.equal(undefined);
    prefetch.prefetch(hub, tiktok);
    expect(calls, 'resting').to.have.length(1);
    clock.advance(PREFETCH_TIMINGS.restMs + 1);
    prefetch.prefetch(hub, tiktok);
    expect(calls).to.have.length(2);
  });
});
