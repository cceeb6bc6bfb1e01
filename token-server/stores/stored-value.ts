/**
 * @module How remote stores (Redis, KV) write a value: JSON that keeps what JSON alone would lose in a
 * cached upstream answer.
 */

/** JSON in which a `Date` (the profile's `created_at_date`) comes back as a `Date`, not a string. */
export function encodeStoredValue(value: unknown): string {
  return JSON.stringify({ v: value }, function replacer(this: Record<string, unknown>, key, item: unknown) {
    // `item` has already been through `Date#toJSON`; the holder still has the original.
    const original = this[key];
    return original instanceof Date ? { $date: original.getTime() } : item;
  });
}

export function decodeStoredValue<T>(text: string): T {
  const parsed = JSON.parse(text, (_key, item: unknown) => {
    if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
      const keys = Object.keys(item);
      const time = (item as { $date?: unknown }).$date;
      // An invalid Date's time is NaN, which JSON writes as null.
      if (keys.length === 1 && keys[0] === '$date' && (typeof time === 'number' || time === null)) {
        return new Date(time ?? Number.NaN);
      }
    }
    return item;
  }) as { v: T };
  return parsed.v;
}
