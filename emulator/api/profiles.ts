/** `/users` and `/users/{username}`: creating, listing, reading and deleting profiles. */
import { Hono } from 'hono';
import { z } from 'zod';
import { EmulatorHttpError } from '../http-error.ts';
import { parseWith, readJsonObject } from '../request-body.ts';
import { servedProfile, type EmulatorStore } from '../store.ts';
import type { ApiKeyCheck } from './api-key.ts';
import { PROFILE_DELETED, PROFILE_EXISTS, PROFILE_LIMIT_REACHED, PROFILE_NOT_FOUND } from './messages.ts';
import { describeBodyIssue, usernameSchema } from './username.ts';

export interface ProfileRoutesOptions {
  store: EmulatorStore;
  apiKey: ApiKeyCheck;
}

const usernameBody = z.object({ username: usernameSchema });

/**
 * Mount after the connect-link routes: `GET /users/{username}` would otherwise take
 * `/users/validate-jwt`, which upstream shadows a profile of that name instead.
 */
export function createProfileRoutes({ store, apiKey }: ProfileRoutesOptions): Hono {
  const app = new Hono();

  app.post('/users', apiKey.require, async (c) => {
    const { username } = parseWith(usernameBody, await readJsonObject(c), describeBodyIssue);
    // Synchronous from here to the answer: the store decides who wins a race.
    const result = store.createProfile(username);
    if (!result.ok) {
      if (result.reason === 'exists') throw new EmulatorHttpError(409, PROFILE_EXISTS);
      throw new EmulatorHttpError(403, PROFILE_LIMIT_REACHED, 'PROFILE_LIMIT_REACHED');
    }
    return c.json({ profile: servedProfile(result.profile), success: true }, 201);
  });

  app.get('/users', apiKey.require, (c) =>
    c.json({
      limit: store.profileLimit,
      plan: store.plan,
      profiles: store.listProfiles().map(servedProfile),
      success: true,
    }),
  );

  app.delete('/users', apiKey.require, async (c) => {
    const { username } = parseWith(usernameBody, await readJsonObject(c), describeBodyIssue);
    if (!store.deleteProfile(username)) throw new EmulatorHttpError(404, PROFILE_NOT_FOUND);
    return c.json({ message: PROFILE_DELETED, success: true });
  });

  app.get('/users/:username', apiKey.require, (c) => {
    const profile = store.getProfile(c.req.param('username'));
    if (!profile) throw new EmulatorHttpError(404, PROFILE_NOT_FOUND);
    return c.json({ success: true, profile: servedProfile(profile) });
  });

  return app;
}
