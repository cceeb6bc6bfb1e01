/** `GET /facebook/pages`: the Facebook pages of one profile (`?profile=`) or of every profile. */
import { Hono } from 'hono';
import { EmulatorHttpError } from '../http-error.ts';
import type { EmulatedProfile, EmulatorStore } from '../store.ts';
import type { ApiKeyCheck } from './api-key.ts';
import { PROFILE_NOT_FOUND } from './messages.ts';

export interface FacebookPagesRoutesOptions {
  store: EmulatorStore;
  apiKey: ApiKeyCheck;
}

export function createFacebookPagesRoutes({ store, apiKey }: FacebookPagesRoutesOptions): Hono {
  const app = new Hono();

  app.get('/facebook/pages', apiKey.require, (c) => {
    // `?profile=` with no value is treated as absent, as the official SDK omits it when empty.
    const name = c.req.query('profile') || undefined;
    let profiles: EmulatedProfile[];
    if (name === undefined) {
      profiles = store.listProfiles();
    } else {
      const profile = store.getProfile(name);
      if (!profile) throw new EmulatorHttpError(404, PROFILE_NOT_FOUND);
      profiles = [profile];
    }
    const pages = profiles.flatMap((profile) =>
      profile.facebook_pages.map((page) => ({ page_id: page.page_id, page_name: page.page_name, profile: profile.username })),
    );
    return c.json({ pages, success: true });
  });

  return app;
}
