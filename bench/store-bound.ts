/**
 * The memory store at its bound: every `set` then evicts the oldest value. A store that fills up
 * (many users' cached reads, or more pending connect sessions than `maxEntries`: a few mints a
 * second over their 30 minutes) must not make each set cost the whole map.
 *
 *   below the bound   sets into a store with room (no eviction): the baseline
 *   at the bound      the same sets into a store holding `maxEntries` values (one eviction each)
 *   reference         a bare Map evicting through a fresh `keys()` iterator each time, as the store
 *                     did until this check: V8 steps over every entry deleted at the front since the
 *                     map's last rehash
 *
 * In-process, interleaved rounds, median ns per set.
 */
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
  // Round 0 warms the code up and is not recorded.
  for (let round = 0; round <= ROUNDS; round++) {
    const roomy = await timeSets(new MemoryStore({ maxEntries: SETS + MAX_ENTRIES }), 0, round);
    const full = await timeSets(new MemoryStore({ maxEntries: MAX_ENTRIES }), MAX_ENTRIES, round);
    const fresh = timeFreshIterator(round);
    if (round === 0) continue;
    below.push(roomy);
    atBound.push(full);
    reference.push(fresh);
  }
  const versus = median(atBound) / median(below);
  const ns = (values: number[]) => `${Math.round(median(values))} ns`;
  const checks: Check[] = [
    {
      name: `store: a set into the memory store at its bound (${MAX_ENTRIES} values, one eviction each) ≤ ${MAX_AT_BOUND_VS_BELOW}× a set below it`,
      ok: versus <= MAX_AT_BOUND_VS_BELOW,
      detail: `${ratio(versus)} (${ns(atBound)} vs ${ns(below)} median over ${ROUNDS} rounds of ${SETS} sets; evicting through a fresh iterator: ${ns(reference)})`,
    },
  ];
  const markdown = [
    `${ROUNDS} interleaved rounds of ${SETS} sets of new keys, in-process; medians of ns per set.`,
    '',
    table(
      ['store', 'ns per set', '÷ below the bound'],
      [
        ['`MemoryStore` below its bound (no eviction)', ns(below), '1.00×'],
        [`\`MemoryStore\` at its bound of ${MAX_ENTRIES} (one eviction per set)`, ns(atBound), ratio(versus)],
        ['reference: a `Map` at the same bound evicting through a fresh `keys()` iterator per set', ns(reference), ratio(median(reference) / median(below))],
      ],
    ),
  ].join('\n');
  return { title: 'Memory store at its bound', markdown, checks };
}
