/**
 * @module HS256 secrets imported once as Web Crypto HMAC keys: given a string, `hono/jwt` imports the
 * secret again on every sign or verify, a large share of a request's CPU (see bench/). Used by
 * session tokens and the emulator's connect tokens. A failed import is not kept.
 */
const keys = new Map<string, Promise<CryptoKey>>();
const MAX_KEYS = 16;

export function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    if (keys.size >= MAX_KEYS) keys.delete(keys.keys().next().value!);
    key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keys.set(secret, key);
    key.catch(() => keys.delete(secret));
  }
  return key;
}
