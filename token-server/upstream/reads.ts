/**
 * @module The token server's reads of Upload-Post for one profile, through the read coalescer:
 * concurrent identical reads share one call, settled answers are reused briefly, a mint drops them,
 * and a user's reads skip the cache only within their fresh-read budget.
 */
import { isProfileNotFound, type UploadPostApi, type UpstreamFacebookPage, type UpstreamProfile } from '../../upload-post/index.ts';
import type { FreshReadBudget } from '../stores/fresh-read-budget.ts';
import type { ReadCoalescer } from '../stores/read-coalescer.ts';

export interface UpstreamReads {
  /** The profile, or `null` when the user has none yet (reading never creates one). */
  profile(profile: string, fresh: boolean): Promise<UpstreamProfile | null>;
  facebookPages(profile: string, fresh: boolean): Promise<UpstreamFacebookPage[]>;
  /** After a mint: the next read asks the upstream. */
  invalidate(profile: string): Promise<void>;
}

/** `load`, with the upstream's "Profile not found" read as "no profile yet" (any other 404 stays an error). */
async function orWhenMissing<T>(load: () => Promise<T>, missing: T): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isProfileNotFound(error)) return missing;
    throw error;
  }
}

/** `budget`: how many of a user's reads may skip the cache; the others are served like normal reads. */
export function createUpstreamReads(upstream: UploadPostApi, coalescer: ReadCoalescer, budget?: FreshReadBudget): UpstreamReads {
  const skipsCache = (profile: string, fresh: boolean) => fresh && (budget?.take(profile) ?? true);
  return {
    profile: (profile, fresh) =>
      coalescer.read(profile, 'profile', () => orWhenMissing<UpstreamProfile | null>(() => upstream.getProfile(profile), null), {
        fresh: skipsCache(profile, fresh),
      }),
    facebookPages: (profile, fresh) =>
      coalescer.read(profile, 'facebook-pages', () => orWhenMissing(() => upstream.facebookPages(profile), []), { fresh: skipsCache(profile, fresh) }),
    invalidate: (profile) => coalescer.invalidate(profile),
  };
}
