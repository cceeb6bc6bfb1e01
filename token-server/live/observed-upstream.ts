/**
 * @module The upstream as the token server's reads see it, with every profile actually read from
 * Upload-Post (never a cached one) also handed to `observe` with the time its read started: how a
 * change learnt by any read, not only a webhook's, reaches the event streams and the backend.
 */
import { isUploadPostError, type UploadPostApi, type UpstreamProfile } from '../../upload-post/index.ts';

export type ProfileObserver = (profile: string, upstream: UpstreamProfile | null, startedAt: number) => void;

export function observedUpstream(upstream: UploadPostApi, observe: ProfileObserver, now: () => number): UploadPostApi {
  return {
    // Delegates, not a copy of the object: a client's methods need their own `this`.
    createProfile: (...args) => upstream.createProfile(...args),
    listProfiles: (...args) => upstream.listProfiles(...args),
    // Chained rather than awaited: it runs on every read, and an async wrapper costs one more turn.
    getProfile: (username, signal) => {
      const startedAt = now();
      return upstream.getProfile(username, signal).then(
        (profile) => {
          safely(observe, username, profile, startedAt);
          return profile;
        },
        (error: unknown) => {
          // No profile (404) is a reading too: no accounts at all.
          if (isUploadPostError(error) && error.kind === 'http' && error.status === 404) safely(observe, username, null, startedAt);
          throw error;
        },
      );
    },
    deleteProfile: (...args) => upstream.deleteProfile(...args),
    generateJwt: (...args) => upstream.generateJwt(...args),
    validateJwt: (...args) => upstream.validateJwt(...args),
    facebookPages: (...args) => upstream.facebookPages(...args),
  };
}

/** An observer's failure is its own business: the read it watched still answers. */
function safely(observe: ProfileObserver, profile: string, upstream: UpstreamProfile | null, startedAt: number): void {
  try {
    observe(profile, upstream, startedAt);
  } catch {
    // Nothing to do: the next reading is compared again.
  }
}
