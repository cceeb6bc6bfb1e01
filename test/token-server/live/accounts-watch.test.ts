/**
 * `AccountsWatch` with fakes: webhooks cost one re-read per profile at a time however many arrive,
 * duplicates by delivery id cost none, a late answer never rolls the state back, a hint is believed
 * only when the reading confirms it, and a slow backend holds up nothing.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Account } from '../../../protocol/token-server-api.ts';
import type { AccountsChange } from '../../../token-server/live/accounts-change.ts';
import { AccountsWatch } from '../../../token-server/live/accounts-watch.ts';
import { knownAccountsIn } from '../../../token-server/live/known-accounts.ts';
import type { LogRecord } from '../../../token-server/log.ts';
import { MemoryStore } from '../../../token-server/stores/memory-store.ts';
import type { UpstreamProfile } from '../../../upload-post/index.ts';

const PLATFORMS = ['tiktok', 'instagram'];
const linked = (handle: string): UpstreamProfile['social_accounts'][string] => ({ connected: true, details: { username: handle }, raw: {} });
const profile = (accounts: UpstreamProfile['social_accounts']): UpstreamProfile => ({ username: 'alice', social_accounts: accounts });

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

function setup() {
  let clock = 1_000;
  let truth = profile({});
  const published: Account[][] = [];
  const told: AccountsChange[] = [];
  const logs: LogRecord[] = [];
  const reads = { count: 0, gate: undefined as Promise<void> | undefined };
  const store = new MemoryStore({ now: () => clock });
  const seen = new Set<string>();
  let notify = async (change: AccountsChange) => {
    told.push(change);
  };
  // eslint-disable-next-line prefer-const -- assigned after the watch that reads through it exists
  let watch: AccountsWatch;
  const read = async (name: string) => {
    reads.count += 1;
    const startedAt = clock++;
    const reading = truth;
    await reads.gate;
    watch.observe(name, reading, startedAt);
  };
  watch = new AccountsWatch({
    known: knownAccountsIn(store),
    platforms: PLATFORMS,
    now: () => clock,
    userIdOf: (name) => name,
    publish: async (_profile, slots) => {
      published.push(slots);
    },
    notify: (change) => notify(change),
    readFresh: read,
    firstDelivery: async (id) => !seen.has(id) && Boolean(seen.add(id)),
    log: (record) => logs.push(record),
    retryDelaysMs: [1, 1],
  });
  return {
    watch,
    published,
    told,
    logs,
    reads,
    setTruth: (next: UpstreamProfile) => {
      truth = next;
    },
    tick: () => clock++,
    setNotify: (next: typeof notify) => {
      notify = next;
    },
  };
}

describe('AccountsWatch', () => {
  test('a burst of deliveries for one profile: one read in flight, one more after it, one change told', async () => {
    const { watch, reads, told, published, setTruth } = setup();
    await watch.refresh('alice');
    setTruth(profile({ tiktok: linked('a') }));
    const gate = deferred();
    reads.gate = gate.promise;
    const burst = Array.from({ length: 20 }, () => watch.refresh('alice', { event: 'social_account_connected', platform: 'tiktok' }));
    gate.resolve();
    await Promise.all(burst);
    assert.equal(reads.count, 1 + 2, 'the first baseline read, then one read in flight and one after it for the whole burst');
    assert.equal(told.length, 1);
    assert.deepEqual(
      told[0]!.connected.map((account) => account.platform),
      ['tiktok'],
    );
    assert.equal(published.length, 2, 'the baseline (a webhook about it) and the change');
  });

  test('the same delivery id twice costs one read', async () => {
    const { watch, reads } = setup();
    await watch.refresh('alice', { deliveryId: 'd1' });
    await watch.refresh('alice', { deliveryId: 'd1' });
    await watch.refresh('alice', { deliveryId: 'd2' });
    assert.equal(reads.count, 2);
  });

  test('a reading that started before the kept one is ignored: no rollback, no flapping', async () => {
    const { watch, told, published, setTruth, tick } = setup();
    const old = profile({});
    const now = profile({ tiktok: linked('a') });
    watch.observe('alice', old, tick());
    const lateStart = tick();
    setTruth(now);
    watch.observe('alice', now, tick());
    // The slow read, started before the change, answers last.
    watch.observe('alice', old, lateStart);
    await watch.settled();
    assert.deepEqual(
      told.map((change) => [change.connected.length, change.disconnected.length]),
      [[1, 0]],
    );
    assert.equal(published.length, 1);
  });

  test('without an earlier reading, only hints the reading confirms are told', async () => {
    const { watch, told, setTruth } = setup();
    setTruth(profile({ tiktok: linked('a') }));
    await watch.refresh('alice', { event: 'social_account_connected', platform: 'tiktok' });
    await watch.refresh('bob', { event: 'social_account_connected', platform: 'instagram' });
    assert.deepEqual(
      told.map((change) => [change.profile, change.connected.map((account) => account.platform)]),
      [['alice', ['tiktok']]],
      'bob’s instagram is not linked: his hint is not believed',
    );
  });

  test('a reading equal to the kept one tells nobody', async () => {
    const { watch, told, published } = setup();
    await watch.refresh('alice');
    await watch.refresh('alice');
    await watch.refresh('alice');
    assert.equal(told.length, 0);
    assert.equal(published.length, 1);
  });

  test('the same transition seen by two instances has the same id; the same change later, another', async () => {
    const first = setup();
    const second = setup();
    for (const watch of [first, second]) {
      await watch.watch.refresh('alice');
      watch.setTruth(profile({ tiktok: linked('a') }));
      await watch.watch.refresh('alice');
    }
    assert.equal(first.told[0]!.id, second.told[0]!.id);
    first.setTruth(profile({}));
    await first.watch.refresh('alice');
    first.setTruth(profile({ tiktok: linked('a') }));
    await first.watch.refresh('alice');
    assert.equal(first.told.length, 3);
    assert.notEqual(first.told[2]!.id, first.told[0]!.id);
  });

  test('a backend that hangs holds up neither the next reading nor the streams', async () => {
    const { watch, published, setTruth, setNotify } = setup();
    await watch.refresh('alice');
    const hung = deferred();
    setNotify(() => hung.promise);
    setTruth(profile({ tiktok: linked('a') }));
    const first = watch.refresh('alice');
    const turns = async (until: () => boolean) => {
      for (let i = 0; !until() && i < 1_000; i++) await new Promise((resolve) => setImmediate(resolve));
    };
    await turns(() => published.length === 2);
    watch.observe('alice', profile({ tiktok: linked('a'), instagram: linked('b') }), Number.MAX_SAFE_INTEGER);
    // The streams heard of the second change while the backend still hangs on the first.
    await turns(() => published.length === 3);
    assert.equal(published.length, 3);
    hung.resolve();
    await first;
  });

  test('a re-read that keeps failing is retried, then logged as an error; nothing is told', async () => {
    const watch = new AccountsWatch({
      known: knownAccountsIn(new MemoryStore()),
      platforms: PLATFORMS,
      now: Date.now,
      userIdOf: () => null,
      publish: async () => undefined,
      notify: async () => assert.fail('nothing to tell'),
      readFresh: async () => {
        throw new Error('upstream down');
      },
      firstDelivery: async () => true,
      log: (record) => logs.push(record),
      retryDelaysMs: [1, 1],
    });
    const logs: LogRecord[] = [];
    await watch.refresh('alice');
    assert.equal(logs.length, 1);
    assert.equal(logs[0]!.level, 'error');
    assert.equal(logs[0]!.error, 'upstream down');
  });
});
