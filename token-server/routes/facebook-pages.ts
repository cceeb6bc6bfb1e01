/** @module `GET /facebook/pages`: the Facebook pages of the user's profile, as `{ id, name? }`. */
import type { Handler } from 'hono';
import type { FacebookPagesResponse } from '../../protocol/token-server-api.ts';
import type { TokenServerEnv } from '../context.ts';
import type { Identify } from '../identity/identify.ts';
import { toFacebookPagesResponse } from '../upstream/to-facebook-pages.ts';
import type { UpstreamReads } from '../upstream/reads.ts';
import { rejectUnknownQuery, wantsFresh } from './request.ts';

export interface FacebookPagesRouteOptions {
  identify: Identify;
  reads: UpstreamReads;
  demo: boolean;
}

export function facebookPagesRoute({ identify, reads, demo }: FacebookPagesRouteOptions): Handler<TokenServerEnv> {
  return async function facebookPages(c) {
    rejectUnknownQuery(c, [], demo);
    const { profile } = await identify(c);
    const body: FacebookPagesResponse = toFacebookPagesResponse(await reads.facebookPages(profile, wantsFresh(c)), profile);
    c.header('Cache-Control', 'private, no-store');
    return c.json(body);
  };
}
