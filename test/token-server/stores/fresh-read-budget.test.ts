/**
 * `FreshReadBudget`, and what it bounds: one user's `Cache-Control: no-cache` reads (the element's
 * re-reads) cost Upload-Post at most `freshReadsPerMinute` calls a minute; past it they are served
 * like other reads, other users keep their own budget, and the next minute brings a new one.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DEFAULT_FRESH_READS_PER_MINUTE, FreshReadBudget } from '../../../token-server/stores/fresh-read-budget.ts';
import { clock } from '../../helpers/stores.ts';
import { bearer, tokenServerUnderTest } from '../../helpers/token-server-app.ts';
import { API_KEY, Capture, SESSION_SECRET } from '../../helpers/token-server-fixtures.ts';

const capture = new Capture();
after(() => capture.assertNoSecret(API_KEY, SESSION_SECRET));

describe('FreshReadBudget', () => {
  it('grants perMinute fresh reads per user per window, then none until the window ends', () => {
    const time = clock();
    const budget = new FreshReadBudget(3, time.now);
    assert.deepEqual(
      Array.from({ length: 5 }, () => budget.take('alice')),
      [true, true, true, false, false],
    );
    assert.equal(budget.take('bob'), true, 'each user has their own');
    time.advance(59_999);
    assert.equal(budget.take('alice'), false);
    time.advance(1);
    assert.equal(budget.take('alice'), true);
  });

  it('grants none with 0', () => {
    assert.equal(new FreshReadBudget(0, Date.now).take('alice'), false);
  });

  it('remembers at most maxUsers, the ended windows and then the oldest going first', () => {
    const time = clock();
    const budget = new FreshReadBudget(1, time.now, 100);
    for (let index = 0; index < 1000; index++) budget.take(`user${index}`);
    assert.equal(budget.size, 100);
    assert.equal(budget.take('user999'), false, 'the newest are kept');
  });

  it('at its bound, sweeps ended windows at most once a second: in between the oldest goes', () => {
    const time = clock();
    const budget = new FreshReadBudget(1, time.now, 3);
    budget.take('a');
    time.advance(30_000);
    budget.take('b');
    budget.take('c');
    time.advance(59_500);
    budget.take('d');
    assert.equal(budget.size, 3, "the sweep took a's ended window");
    time.advance(700);
    // b's and c's windows ended 0.2 s ago; the last sweep was 0.7 s ago.
    budget.take('e');
    assert.equal(budget.size, 3, 'no sweep within the second: only the oldest (b) went, c stayed');
    assert.equal(budget.take('d'), false, "d's window is kept, its read used");
    time.advance(59_800);
    // c's and d's windows have ended, e's has not: a sweep is due again.
    budget.take('f');
    assert.equal(budget.size, 2, 'more than a second later, the sweep took every ended window (c, d)');
  });
});

describe('fresh reads through GET /accounts', () => {
  it(`one user's 200 no-cache reads cost Upload-Post ${DEFAULT_FRESH_READS_PER_MINUTE} calls, not 200; others and the next minute are unaffected`, async () => {
    // Session tokens are signed on the real clock: this one starts there and is moved by hand.
    let at = Date.now();
    const time = { now: () => at, advance: (ms: number) => (at += ms) };
    const { upstream, call } = tokenServerUnderTest(capture, { now: time.now });
    upstream.addProfile('alice');
    upstream.addProfile('bob');
    const fresh = async (user: string) => ({ ...(await bearer(user)), 'Cache-Control': 'no-cache' });
    const headers = await fresh('alice');
    for (let index = 0; index < 200; index++) assert.equal((await call('/accounts', { headers })).status, 200);
    assert.equal(upstream.count('getProfile'), DEFAULT_FRESH_READS_PER_MINUTE);

    // Past the budget, a re-read still sees what the last call read, never older than the cache TTL.
    time.advance(2_001);
    await call('/accounts', { headers });
    assert.equal(upstream.count('getProfile'), DEFAULT_FRESH_READS_PER_MINUTE + 1, 'the cache expired: read again, as any read would');

    await call('/accounts', { headers: await fresh('bob') });
    assert.equal(upstream.count('getProfile'), DEFAULT_FRESH_READS_PER_MINUTE + 2, 'bob has his own budget');

    time.advance(60_000);
    await call('/accounts', { headers });
    await call('/accounts', { headers });
    assert.equal(upstream.count('getProfile'), DEFAULT_FRESH_READS_PER_MINUTE + 4, 'a new minute, a new budget');
  });

  it('Facebook pages share the user’s budget; freshReadsPerMinute: 0 serves every read from the cache', async () => {
    const { upstream, call } = tokenServerUnderTest(capture, { freshReadsPerMinute: 0 });
    upstream.addProfile('alice');
    const headers = { ...(await bearer('alice')), 'Cache-Control': 'no-cache' };
    for (let index = 0; index < 10; index++) {
      await call('/accounts', { headers });
      await call('/facebook/pages', { headers });
    }
    assert.equal(upstream.count('getProfile'), 1);
    assert.equal(upstream.count('facebookPages'), 1);
  });
});
