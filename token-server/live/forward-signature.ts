/**
 * @module The signature of a forward to the customer's backend: header
 * `Upload-Post-Connect-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, keyed by
 * the forward secret. The time bounds replays; several `v1=` are accepted (a secret being rotated).
 */
import { hmacKey } from '../../lib/hmac-key.ts';

export const FORWARD_SIGNATURE_HEADER = 'Upload-Post-Connect-Signature';
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

const encoder = new TextEncoder();

function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

async function mac(secret: string, timestamp: number, rawBody: string): Promise<string> {
  return hex(await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(`${timestamp}.${rawBody}`)));
}

/** The header's value for `rawBody` sent at `timestamp` (unix seconds). */
export async function signForward(rawBody: string, secret: string, timestamp: number): Promise<string> {
  return `t=${timestamp},v1=${await mac(secret, timestamp, rawBody)}`;
}

export interface VerifyForwardSignatureOptions {
  /** Largest difference between the signature's time and now, in seconds (default 300). */
  toleranceSeconds?: number;
  /** Clock in milliseconds since the epoch (default `Date.now`). */
  now?: () => number;
}

export type ForwardSignatureResult = { ok: true; timestamp: number } | { ok: false; reason: string };

/** Two strings compared in time independent of where they differ (both are hex of the same length when it matters). */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/**
 * Checks a forward's signature against the body exactly as received (before any JSON parsing).
 * Resolves `{ ok: true }` or `{ ok: false, reason }`; never throws.
 */
export async function verifyForwardSignature(
  rawBody: string,
  header: string | null | undefined,
  secret: string,
  options: VerifyForwardSignatureOptions = {},
): Promise<ForwardSignatureResult> {
  if (typeof secret !== 'string' || secret === '') return { ok: false, reason: 'No secret to verify with.' };
  if (!header) return { ok: false, reason: `No ${FORWARD_SIGNATURE_HEADER} header.` };
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [name, value = ''] = part.trim().split('=', 2) as [string, string?];
    if (name === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (name === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  if (timestamp === undefined || signatures.length === 0) return { ok: false, reason: `The ${FORWARD_SIGNATURE_HEADER} header is malformed.` };
  const tolerance = options.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
  const nowSeconds = Math.floor((options.now ?? Date.now)() / 1000);
  if (Math.abs(nowSeconds - timestamp) > tolerance) return { ok: false, reason: 'The signature is too old (or from the future): a replay, or clocks apart.' };
  const expected = await mac(secret, timestamp, rawBody);
  // Every candidate is compared, so the time taken does not say which one matched.
  const matched = signatures.map((signature) => sameText(signature, expected)).includes(true);
  return matched ? { ok: true, timestamp } : { ok: false, reason: 'The signature does not match the body.' };
}
