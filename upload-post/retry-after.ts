/** Reads an answer's `Retry-After` (RFC 9110 § 10.2.3): delay-seconds or an HTTP date. */

/** The three forms of an HTTP date RFC 9110 accepts (IMF-fixdate, RFC 850, asctime), all in GMT. */
const IMF_OR_RFC850 = /^[A-Za-z]{3,9}, \d{2}[ -][A-Za-z]{3}[ -]\d{2,4} \d{2}:\d{2}:\d{2} GMT$/;
const ASCTIME = /^[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;

/**
 * Whole seconds to wait from `now` (ms since the epoch): `"120"` → 120, a date → the seconds until
 * it (0 once past). Anything else (negative, fractional, garbage) is `undefined`: no advice.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) {
    const seconds = Number(text);
    return Number.isSafeInteger(seconds) ? seconds : undefined;
  }
  // asctime carries no zone and means GMT; `Date.parse` would read it as local time.
  const at = IMF_OR_RFC850.test(text) ? Date.parse(text) : ASCTIME.test(text) ? Date.parse(`${text} GMT`) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}
