/**
 * The emulator's in-memory state: profiles, their accounts, connect links and connect-page sessions.
 * Every method is synchronous, so a check and the write that depends on it can never be interleaved.
 */
import type { GenerateJwtOptions } from '../upload-post/index.ts';

/** An account as the upstream shows it once linked (the documentation's example shape). */
export interface EmulatedAccount {
  username: string;
  display_name: string;
  social_images: string;
  [extra: string]: unknown;
}

/** `""` is how the documentation shows a platform that was added but is not (or no longer) connected. */
export type EmulatedAccountSlot = EmulatedAccount | '' | null;

export interface EmulatedFacebookPage {
  page_id: string;
  page_name: string;
}

export interface EmulatedProfile {
  username: string;
  /** RFC 1123, as the documentation's create answer shows it; the admin routes may set any text or `null`. */
  created_at: string | null;
  social_accounts: Record<string, EmulatedAccountSlot>;
  facebook_pages: EmulatedFacebookPage[];
  /**
   * Slots the API answers exactly as given instead of `social_accounts`' (admin `raw-slots`): the
   * shapes clients must tolerate. Connecting or disconnecting a platform clears its raw slot.
   */
  raw_slots: Record<string, unknown>;
}

/** A profile as the API shows it: raw slots over the accounts' own, the bookkeeping (Facebook pages) left inside. */
export function servedProfile(profile: EmulatedProfile) {
  return { created_at: profile.created_at, social_accounts: { ...profile.social_accounts, ...profile.raw_slots }, username: profile.username };
}

/**
 * Everything generate-jwt accepts besides `username`: the connect page renders from this. The same
 * upstream contract the client sends (`upload-post/types.ts`), so the two cannot drift apart.
 */
export type ConnectLinkOptions = Omit<GenerateJwtOptions, 'username'>;

/** A minted link, keyed by its JWT's `jti`. Options live here rather than in the JWT to keep URLs short. */
export interface ConnectLink {
  jti: string;
  username: string;
  options: ConnectLinkOptions;
  expiresAt: number;
  /** Set when the link was exchanged for a connect-page session: links are single-use. */
  usedAt?: number;
}

/** What a person gets after opening a link: lives as long as the link would have. */
export interface ConnectSession {
  /** Unguessable; the page's URLs carry it (`/connect/s/{id}`), so knowing the URL is the credential. */
  id: string;
  jti: string;
  username: string;
  options: ConnectLinkOptions;
  expiresAt: number;
}

/** One linked account changed, whatever caused it (the connect page, the admin routes). */
export interface AccountChange {
  kind: 'connected' | 'disconnected' | 'reauth_required';
  username: string;
  platform: string;
}

export type CreateProfileResult = { ok: true; profile: EmulatedProfile } | { ok: false; reason: 'exists' | 'limit' };

export interface EmulatorStoreOptions {
  /** Profiles allowed by the plan; 10 by default. */
  profileLimit?: number;
  plan?: string;
  /** Milliseconds since the epoch; tests move time by passing their own clock. */
  now?: () => number;
}

/** A platform linked or unlinked is served as its account again. */
function forgetRawSlot(profile: EmulatedProfile, platform: string): void {
  profile.raw_slots = Object.fromEntries(Object.entries(profile.raw_slots).filter(([key]) => key !== platform));
}

export function randomIdentifier(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_');
}

export class EmulatorStore {
  profileLimit: number;
  readonly plan: string;
  readonly now: () => number;
  /** Insertion order is creation order, which decides who is blocked when the limit is lowered. */
  private readonly profiles = new Map<string, EmulatedProfile>();
  private readonly links = new Map<string, ConnectLink>();
  private readonly sessions = new Map<string, ConnectSession>();
  private readonly accountListeners = new Set<(change: AccountChange) => void>();

  constructor(options: EmulatorStoreOptions = {}) {
    this.profileLimit = options.profileLimit ?? 10;
    this.plan = options.plan ?? 'default';
    this.now = options.now ?? Date.now;
  }

  // ── profiles ──────────────────────────────────────────────────────────────────────────────

  createProfile(username: string): CreateProfileResult {
    if (this.profiles.has(username)) return { ok: false, reason: 'exists' };
    if (this.profiles.size >= this.profileLimit) return { ok: false, reason: 'limit' };
    const profile: EmulatedProfile = {
      username,
      created_at: new Date(this.now()).toUTCString(),
      // The documentation's create answer shows a placeholder for a platform not connected yet.
      social_accounts: { tiktok: '' },
      facebook_pages: [],
      raw_slots: {},
    };
    this.profiles.set(username, profile);
    return { ok: true, profile };
  }

  getProfile(username: string): EmulatedProfile | undefined {
    return this.profiles.get(username);
  }

  listProfiles(): EmulatedProfile[] {
    return [...this.profiles.values()];
  }

  /** Deletes the profile and everything minted for it: its links stop validating, its sessions end. */
  deleteProfile(username: string): boolean {
    if (!this.profiles.delete(username)) return false;
    for (const [jti, link] of this.links) if (link.username === username) this.links.delete(jti);
    for (const [id, session] of this.sessions) if (session.username === username) this.sessions.delete(id);
    return true;
  }

  /** A profile created after the first `profileLimit` ones is blocked once the limit is lowered. */
  isBlocked(username: string): boolean {
    let position = 0;
    for (const name of this.profiles.keys()) {
      if (name === username) return position >= this.profileLimit;
      position += 1;
    }
    return false;
  }

  // ── accounts ──────────────────────────────────────────────────────────────────────────────

  connectAccount(username: string, platform: string, account: EmulatedAccount): boolean {
    const profile = this.profiles.get(username);
    if (!profile) return false;
    profile.social_accounts[platform] = account;
    forgetRawSlot(profile, platform);
    if (platform === 'facebook') {
      // A linked Facebook login brings the pages it manages, as the real consent does.
      const seed = Array.from(`${username}:${account.username}`).reduce((sum, char) => (sum * 31 + char.charCodeAt(0)) >>> 0, 7);
      profile.facebook_pages = [{ page_id: String(100000000 + (seed % 900000000)), page_name: `${account.display_name} Page` }];
    }
    this.accountChanged({ kind: 'connected', username, platform });
    return true;
  }

  disconnectAccount(username: string, platform: string): boolean {
    const profile = this.profiles.get(username);
    if (!profile) return false;
    if (!Object.hasOwn(profile.social_accounts, platform) && !Object.hasOwn(profile.raw_slots, platform)) return false;
    const wasLinked = Boolean(profile.social_accounts[platform]);
    profile.social_accounts[platform] = '';
    forgetRawSlot(profile, platform);
    if (platform === 'facebook') profile.facebook_pages = [];
    if (wasLinked) this.accountChanged({ kind: 'disconnected', username, platform });
    return true;
  }

  // ── served as given (the admin variation routes) ──────────────────────────────────────────

  /** Merges `slots` into the profile's raw slots; false when there is no such profile. */
  setRawSlots(username: string, slots: Record<string, unknown>): boolean {
    const profile = this.profiles.get(username);
    if (!profile) return false;
    profile.raw_slots = { ...profile.raw_slots, ...slots };
    return true;
  }

  /** Back to the slots the accounts themselves give; false when there is no such profile. */
  clearRawSlots(username: string): boolean {
    const profile = this.profiles.get(username);
    if (!profile) return false;
    profile.raw_slots = {};
    return true;
  }

  setCreatedAt(username: string, createdAt: string | null): boolean {
    const profile = this.profiles.get(username);
    if (!profile) return false;
    profile.created_at = createdAt;
    return true;
  }

  /**
   * The network revoked the account's token: it stays linked, details kept, with
   * `reauth_required: true` beside them until it is connected again. False unless it is linked.
   */
  markReauthRequired(username: string, platform: string): boolean {
    const slot = this.profiles.get(username)?.social_accounts[platform];
    if (typeof slot !== 'object' || slot === null) return false;
    this.profiles.get(username)!.social_accounts[platform] = { ...slot, reauth_required: true };
    this.accountChanged({ kind: 'reauth_required', username, platform });
    return true;
  }

  /** Calls `listener` after every account change; returns the way to stop. */
  onAccountChange(listener: (change: AccountChange) => void): () => void {
    this.accountListeners.add(listener);
    return () => this.accountListeners.delete(listener);
  }

  private accountChanged(change: AccountChange): void {
    for (const listener of this.accountListeners) {
      try {
        listener(change);
      } catch {
        // A listener's failure (the webhook sender's) must never undo or fail the change itself.
      }
    }
  }

  // ── connect links and sessions ────────────────────────────────────────────────────────────

  addLink(username: string, options: ConnectLinkOptions, ttlMs: number): ConnectLink {
    const link: ConnectLink = { jti: randomIdentifier(), username, options, expiresAt: this.now() + ttlMs };
    this.links.set(link.jti, link);
    return link;
  }

  getLink(jti: string): ConnectLink | undefined {
    return this.links.get(jti);
  }

  /**
   * Exchanges an unused, unexpired link for a session. Returns why not otherwise, so the page can
   * say it plainly. The check and the marking happen in one synchronous step: two tabs opening the
   * same link at once get one session between them.
   */
  openSession(jti: string): { ok: true; session: ConnectSession } | { ok: false; reason: 'unknown' | 'used' | 'expired' } {
    const link = this.links.get(jti);
    if (!link || !this.profiles.has(link.username)) return { ok: false, reason: 'unknown' };
    if (link.expiresAt <= this.now()) return { ok: false, reason: 'expired' };
    if (link.usedAt !== undefined) return { ok: false, reason: 'used' };
    link.usedAt = this.now();
    const session: ConnectSession = {
      id: randomIdentifier(),
      jti,
      username: link.username,
      options: link.options,
      expiresAt: link.expiresAt,
    };
    this.sessions.set(session.id, session);
    return { ok: true, session };
  }

  getSession(id: string): ConnectSession | undefined {
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (session.expiresAt <= this.now() || !this.profiles.has(session.username)) {
      this.sessions.delete(id);
      return undefined;
    }
    return session;
  }

  /** Forgets everything: the admin route's reset. */
  reset(): void {
    this.profiles.clear();
    this.links.clear();
    this.sessions.clear();
  }
}
