/**
 * @module Dropping a bounded map's oldest entry (insertion order; a key deleted and set again counts
 * as new) in amortized constant time. `map.keys().next()` looks simple but is not: V8 keeps a deleted entry's
 * slot until the map is rehashed, and a fresh iterator steps over every slot deleted at the front,
 * so evicting that way makes each insertion at the bound cost the size of the map (see bench/).
 */
export class OldestFirst<K> {
  readonly #map: Map<K, unknown>;
  /**
   * One iterator, kept from one drop to the next: every key it has passed was dropped, so its next
   * key is the oldest left. (Map iterators are live: they see keys added after they were made.)
   */
  #keys: Iterator<K>;

  constructor(map: Map<K, unknown>) {
    this.#map = map;
    this.#keys = map.keys();
  }

  /** Deletes the oldest entry; false when the map is empty. */
  drop(): boolean {
    let next = this.#keys.next();
    // A finished iterator stays finished even once the map has grown again: start afresh.
    if (next.done) next = (this.#keys = this.#map.keys()).next();
    if (next.done) return false;
    this.#map.delete(next.value);
    return true;
  }
}
