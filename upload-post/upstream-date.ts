/** Reads the upstream's `created_at`, which the documentation shows in two formats (RFC 1123 and ISO 8601). */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const RFC_1123 =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) (?:GMT|UTC|\+0000)$/;
// Python's `isoformat()` (the list example, microseconds, no zone) and `str(datetime)` (space
// instead of `T`) both show up in Python backends; a zone, when present, is honoured.
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/i;

function utcDate(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): Date | undefined {
  const time = Date.UTC(year, month, day, hour, minute, second, ms);
  const date = new Date(time);
  // Date.UTC rolls "31 Feb" over into March; a date that does not round-trip was never valid.
  if (
    Number.isNaN(time) ||
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month ||
    date.getUTCDate() !== day ||
    date.getUTCHours() !== hour ||
    date.getUTCMinutes() !== minute ||
    date.getUTCSeconds() !== second
  ) {
    return undefined;
  }
  return date;
}

/**
 * Reads `created_at` in the formats the documentation shows: RFC 1123 (`Fri, 02 May 2025 21:43:14
 * GMT`) and ISO 8601, where a timestamp without a zone (`2025-04-02T17:44:33.229755`) is taken as
 * UTC — the server that wrote it runs on UTC, and reading it as local time would shift it by the
 * token server's offset. Anything else gives `undefined`: the raw string is still kept.
 */
export function parseUpstreamDate(text: string): Date | undefined {
  const rfc = RFC_1123.exec(text);
  if (rfc) {
    const [, day, month, year, hour, minute, second] = rfc as unknown as string[];
    return utcDate(Number(year), MONTHS.indexOf(month!), Number(day), Number(hour), Number(minute), Number(second), 0);
  }
  const iso = ISO_8601.exec(text);
  if (iso) {
    const [, year, month, day, hour, minute, second, fraction, zone] = iso;
    const ms = fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0;
    const date = utcDate(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), ms);
    if (!date || !zone || zone.toUpperCase() === 'Z') return date;
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
    if (offsetMinutes > 18 * 60) return undefined;
    return new Date(date.getTime() - sign * offsetMinutes * 60_000);
  }
  return undefined;
}
