/**
 * What a map bounded to its newest entries should hold, for tests that drive one through thousands
 * of steps: keys in insertion order, a key set again moved to the end, the oldest dropped past the
 * bound. With a seeded random sequence, so that a failing step can be replayed.
 */
export function boundedMapModel(bound: number) {
  let keys: string[] = [];
  return {
    set(key: string): void {
      keys = [...keys.filter((item) => item !== key), key];
      if (keys.length > bound) keys = keys.slice(keys.length - bound);
    },
    delete(key: string): void {
      keys = keys.filter((item) => item !== key);
    },
    keys: (): readonly string[] => keys,
  };
}

/** A fixed sequence of whole numbers below `below` (a linear congruential generator). */
export function seededRandom(seed: number): (below: number) => number {
  let state = seed;
  return (below) => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) % below;
}
