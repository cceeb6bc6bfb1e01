/**
 * @module The upstream's Facebook pages → `GET /facebook/pages`'s answer (`{ id, name }`, the
 * aliases already resolved by the client).
 */
import type { FacebookPagesResponse } from '../../protocol/token-server-api.ts';
import { boundedText } from './bounded-text.ts';
import type { UpstreamFacebookPage } from '../../upload-post/index.ts';

/**
 * Pages the upstream labels with another profile are dropped: asked without a profile the upstream
 * answers every page of the account, and one misrouted answer must not show a user someone else's
 * pages.
 */
export function toFacebookPagesResponse(pages: UpstreamFacebookPage[], profile: string): FacebookPagesResponse {
  return {
    pages: pages
      .filter((page) => page.profile === undefined || page.profile === profile)
      .filter((page) => typeof page.page_id === 'string' && page.page_id !== '')
      .map((page) => {
        const name = boundedText(page.page_name);
        return name ? { id: page.page_id, name } : { id: page.page_id };
      }),
  };
}
