/**
 * HS256 secrets imported once as Web Crypto HMAC keys. Given a string, `hono/jwt` imports the
 * secret again on every sign or verify, and that import was the largest single cost of a request
 * that checks a session token (≈11 % of the token server's CPU per `GET /accounts`) and of the
 * emulator's generate-jwt. Used by session tokens and by the emulator's connect tokens.
 *
 * A server has one or two secrets; a process running many emulators (the tests) keeps the latest
 * few. A failed import is not kept, so the next call tries again.
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
