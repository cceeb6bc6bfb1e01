/**
 * @module Connect sessions: one per minted link, so that the element learns the person is done even
 * when the consent screen severed the popup from the page (COOP) and no message can arrive. The
 * link's return page marks the session done in the shared store (any instance); the element, waiting
 * on its own route, sees it. Unguessable, bound to the profile, single use, short-lived.
 */
import type { SharedStore } from './shared-store.ts';

/** How long a person may take on the connect page before the session is forgotten. */
export const CONNECT_SESSION_TTL_MS = 30 * 60 * 1000;
const KEY_PREFIX = 'connect-session:';
const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

interface StoredSession {
  profile: string;
  done: boolean;
}

export type SessionState = 'pending' | 'done' | 'unknown';

export interface ConnectSessions {
  /** A new session for `profile`; its id goes into the link's return URL and to the element. */
  open(profile: string): Promise<string>;
  /** The return page was reached: the session is done (an unknown or malformed id is ignored). */
  markDone(id: string): Promise<void>;
  /** The session's state for `profile`; a done session is forgotten as it is reported (single use). */
  take(id: string, profile: string): Promise<SessionState>;
  /** Resolves when `markDone(id)` runs in this process, or when `signal` aborts. */
  doneHere(id: string, signal: AbortSignal): Promise<void>;
}

const ID_BYTES = 16;
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/**
 * Random bytes drawn from the platform's CSPRNG a few hundred ids at a time, each byte used once:
 * one `getRandomValues` per mint costs more than the rest of the id (Node's `randomUUID` pools alike).
 */
const pool = new Uint8Array(ID_BYTES * 256);
let poolOffset = pool.length;

/** 16 random bytes, base64url without padding: 22 characters. */
function newSessionId(): string {
  if (poolOffset === pool.length) {
    crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  let id = '';
  let bits = 0;
  let bitCount = 0;
  for (let i = poolOffset; i < poolOffset + ID_BYTES; i++) {
    bits = (bits << 8) | pool[i]!;
    bitCount += 8;
    while (bitCount >= 6) {
      bitCount -= 6;
      id += BASE64URL[(bits >> bitCount) & 63]!;
    }
    bits &= (1 << bitCount) - 1;
  }
  pool.fill(0, poolOffset, poolOffset + ID_BYTES);
  poolOffset += ID_BYTES;
  // 128 bits leave 2 over: they fill the last character's high bits, as base64 pads them.
  return id + BASE64URL[(bits << (6 - bitCount)) & 63]!;
}

export const isSessionId = (value: string): boolean => ID_PATTERN.test(value);

export function createConnectSessions(store: SharedStore): ConnectSessions {
  const waiting = new Map<string, Set<() => void>>();
  return {
    async open(profile) {
      const id = newSessionId();
      await store.set<StoredSession>(KEY_PREFIX + id, { profile, done: false }, CONNECT_SESSION_TTL_MS);
      return id;
    },
    async markDone(id) {
      if (!isSessionId(id)) return;
      const session = await store.get<StoredSession>(KEY_PREFIX + id);
      if (!session) return;
      await store.set<StoredSession>(KEY_PREFIX + id, { ...session, done: true }, CONNECT_SESSION_TTL_MS);
      for (const wake of waiting.get(id) ?? []) wake();
    },
    async take(id, profile) {
      if (!isSessionId(id)) return 'unknown';
      const session = await store.get<StoredSession>(KEY_PREFIX + id);
      // Another user's session is as unknown as a made-up one: nothing tells them it exists.
      if (!session || session.profile !== profile) return 'unknown';
      if (!session.done) return 'pending';
      // Of several waits woken together (tabs, instances), the first to count the report gets it.
      const { count } = await store.increment(`${KEY_PREFIX}${id}:reported`, CONNECT_SESSION_TTL_MS / 1000);
      if (count > 1) return 'unknown';
      await store.delete(KEY_PREFIX + id);
      return 'done';
    },
    doneHere(id, signal) {
      return new Promise((resolve) => {
        const wake = () => {
          waiting.get(id)?.delete(wake);
          if (waiting.get(id)?.size === 0) waiting.delete(id);
          signal.removeEventListener('abort', wake);
          resolve();
        };
        if (signal.aborted) {
          resolve();
          return;
        }
        signal.addEventListener('abort', wake, { once: true });
        waiting.set(id, (waiting.get(id) ?? new Set()).add(wake));
      });
    },
  };
}
