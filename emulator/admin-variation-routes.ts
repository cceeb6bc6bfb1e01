/**
 * `/__emulator/profiles/{username}/…`: serve a profile in the shapes the documentation did not
 * show but clients must tolerate (odd slots, unknown platforms, other `created_at` formats).
 * Mounted by `admin-routes.ts`; the emulator's default answers stay documentation-shaped.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { EmulatorHttpError } from './http-error.ts';
import { parseWith, readJsonObject } from './request-body.ts';
import { servedProfile, type EmulatorStore } from './store.ts';

/**
 * Any key and any JSON value: an id the token server must refuse to pass on ("Bad Id", 41
 * characters) is as much a variation as `"tiktok": 0`.
 */
const rawSlotsBody = z
  .record(z.string().min(1, 'platform keys must not be empty'), z.json())
  .refine((slots) => Object.keys(slots).length > 0, 'name at least one platform');

/** Text in any format (RFC 1123, ISO with or without zone, or unreadable) or `null`. */
const createdAtBody = z.strictObject({ created_at: z.union([z.string(), z.null()], { error: 'created_at must be a string or null' }) });

export function createVariationRoutes({ store }: { store: EmulatorStore }): Hono {
  const app = new Hono();

  /** The profile as the API now answers it, or the 404 the other profile admin routes give. */
  const answer = (username: string, changed: boolean) => {
    const profile = store.getProfile(username);
    if (!changed || !profile) throw new EmulatorHttpError(404, 'Profile not found');
    return { profile: servedProfile(profile), success: true };
  };

  app.put('/profiles/:username/raw-slots', async (c) => {
    const body = await readJsonObject(c);
    // zod drops an own `__proto__` key silently; refused, a test never believes it was served.
    if (body && Object.hasOwn(body, '__proto__')) throw new EmulatorHttpError(400, 'Invalid request body: a "__proto__" key cannot be stored');
    const slots = parseWith(rawSlotsBody, body);
    const username = c.req.param('username');
    return c.json(answer(username, store.setRawSlots(username, slots)));
  });

  app.delete('/profiles/:username/raw-slots', (c) => {
    const username = c.req.param('username');
    return c.json(answer(username, store.clearRawSlots(username)));
  });

  app.put('/profiles/:username/created-at', async (c) => {
    const { created_at } = parseWith(createdAtBody, await readJsonObject(c));
    const username = c.req.param('username');
    return c.json(answer(username, store.setCreatedAt(username, created_at)));
  });

  return app;
}
