/**
 * The memory store and the fresh-read budget at their bounds: every `set` (every new user's window)
 * then evicts the oldest. A store that fills up (many users' cached reads, or more pending connect
 * sessions than `maxEntries`: a few mints a second over their 30 minutes), or more users reading in
 * a minute than the budget remembers, must not make each insertion cost the whole map.
 *
 *   below the bound   sets into a store with room (no eviction): the baseline
 *   at the bound      the same sets into a store holding `maxEntries` values (one eviction each)
 *   reference         a bare Map evicting through a fresh `keys()` iterator each time, as the store
 *                     did until this check: V8 steps over every entry deleted at the front since the
 *                     map's last rehash
 *
 * The fresh-read budget likewise: a new user's first read below its bound, and at it (10 000 users'
 * windows open), where it also sweeps ended windows, at most once a second.
 *
 * In-process, interleaved rounds, median ns per operation.
 */
import { FreshReadBudget } from '../token-server/stores/fresh-read-budget.ts';
import { MemoryStore } from '../token-server/stores/memory-store.ts';
import { median, ratio, table, type Check, type Section } from './lib.ts';

/** The store's default bound. */
const MAX_ENTRIES = 10_000;
const SETS = 100_000;
const ROUNDS = 7;
/** A set at the bound may cost at most this many times a set below it. */
const MAX_AT_BOUND_VS_BELOW = 2;
const TTL_MS = 30 * 60 * 1000;

/** ns per set of SETS new keys into `store`, after `prefill` keys. */
async function timeSets(store: MemoryStore, prefill: number, round: number): Promise<number> {
  for (let i = 0; i < prefill; i++) await store.set(`fill:${round}:${i}`, i, TTL_MS);
  const started = process.hrtime.bigint();
  for (let i = 0; i < SETS; i++) await store.set(`key:${round}:${i}`, i, TTL_MS);
  return Number(process.hrtime.bigint() - started) / SETS;
}

/** ns per first fresh read of a new user, after `prefill` users opened their window (all still open). */
function timeBudget(maxUsers: number, prefill: number, round: number): number {
  let now = 0;
  const budget = new FreshReadBudget(20, () => now, maxUsers);
  for (let i = 0; i < prefill; i++) budget.take(`fill:${round}:${i}`);
  const started = process.hrtime.bigint();
  for (let i = 0; i < SETS; i++) {
    // Time moves, so that the once-a-second sweep runs (and finds every window still open).
    if (i % 1000 === 0) now += 100;
    budget.take(`user:${round}:${i}`);
  }
  return Number(process.hrtime.bigint() - started) / SETS;
}

/** ns per set into a bare Map at the bound, evicting through a fresh iterator each time. */
function timeFreshIterator(round: number): number {
  const values = new Map<string, number>();
  for (let i = 0; i < MAX_ENTRIES; i++) values.set(`fill:${round}:${i}`, i);
  const started = process.hrtime.bigint();
  for (let i = 0; i < SETS; i++) {
    values.set(`key:${round}:${i}`, i);
    for (const key of values.keys()) {
      if (values.size <= MAX_ENTRIES) break;
      values.delete(key);
    }
  }
  return Number(process.hrtime.bigint() - started) / SETS;
}

export async function run(): Promise<Section> {
  const below: number[] = [];
  const atBound: number[] = [];
  const reference: number[] = [];
  const budgetBelow: number[] = [];
  const budgetAtBound: number[] = [];
  // Round 0 warms the code up and is not recorded.
  for (let round = 0; round <= ROUNDS; round++) {
    const roomy = await timeSets(new MemoryStore({ maxEntries: SETS + MAX_ENTRIES }), 0, round);
    const full = await timeSets(new MemoryStore({ maxEntries: MAX_ENTRIES }), MAX_ENTRIES, round);
    const fresh = timeFreshIterator(round);
    const budgetRoomy = timeBudget(SETS + MAX_ENTRIES, 0, round);
    const budgetFull = timeBudget(MAX_ENTRIES, MAX_ENTRIES, round);
    if (round === 0) continue;
    below.push(roomy);
    atBound.push(full);
    reference.push(fresh);
    budgetBelow.push(budgetRoomy);
    budgetAtBound.push(budgetFull);
  }
  const versus = median(atBound) / median(below);
  const budgetVersus = median(budgetAtBound) / median(budgetBelow);
  const ns = (values: number[]) => `${Math.round(median(values))} ns`;
  const checks: Check[] = [
    {
      name: `store: a set into the memory store at its bound (${MAX_ENTRIES} values, one eviction each) ≤ ${MAX_AT_BOUND_VS_BELOW}× a set below it`,
      ok: versus <= MAX_AT_BOUND_VS_BELOW,
      detail: `${ratio(versus)} (${ns(atBound)} vs ${ns(below)} median over ${ROUNDS} rounds of ${SETS} sets; evicting through a fresh iterator: ${ns(reference)})`,
    },
    {
      name: `store: a new user's first fresh read with the budget at its bound (${MAX_ENTRIES} users' windows open) ≤ ${MAX_AT_BOUND_VS_BELOW}× one below it`,
      ok: budgetVersus <= MAX_AT_BOUND_VS_BELOW,
      detail: `${ratio(budgetVersus)} (${ns(budgetAtBound)} vs ${ns(budgetBelow)} median over ${ROUNDS} rounds of ${SETS} users)`,
    },
  ];
  const markdown = [
    `${ROUNDS} interleaved rounds of ${SETS} sets of new keys (or first reads of new users), in-process; medians of ns per operation.`,
    '',
    table(
      ['store', 'ns per set', '÷ below the bound'],
      [
        ['`MemoryStore` below its bound (no eviction)', ns(below), '1.00×'],
        [`\`MemoryStore\` at its bound of ${MAX_ENTRIES} (one eviction per set)`, ns(atBound), ratio(versus)],
        ['reference: a `Map` at the same bound evicting through a fresh `keys()` iterator per set', ns(reference), ratio(median(reference) / median(below))],
      ],
    ),
    '',
    table(
      ['fresh-read budget', 'ns per new user', '÷ below the bound'],
      [
        ['below its bound (no eviction)', ns(budgetBelow), '1.00×'],
        [`at its bound of ${MAX_ENTRIES} users (one eviction per new user, ended windows swept at most once a second)`, ns(budgetAtBound), ratio(budgetVersus)],
      ],
    ),
  ].join('\n');
  return { title: 'Memory store and fresh-read budget at their bounds', markdown, checks };
}
