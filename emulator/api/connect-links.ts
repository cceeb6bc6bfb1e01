/** `POST /users/generate-jwt` mints a connect link; `validate-jwt` answers whose link a token is. */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { httpUrlSchema } from '../../lib/zod-issues.ts';
import { LANGUAGES, PLATFORM_IDS } from '../../protocol/platforms.ts';
import { uiLabelsSchema } from '../../upload-post/index.ts';
import { checkConnectToken, CONNECT_TOKEN_TTL_MS, mintConnectToken } from '../connect-token.ts';
import { EmulatorHttpError } from '../http-error.ts';
import { parseWith, readJsonObject } from '../request-body.ts';
import { servedProfile, type EmulatorStore } from '../store.ts';
import type { ApiKeyCheck } from './api-key.ts';
import { INVALID_API_KEY, MISSING_JWT, PROFILE_BLOCKED, PROFILE_NOT_FOUND } from './messages.ts';
import { describeBodyIssue, usernameSchema } from './username.ts';

export interface ConnectLinkRoutesOptions {
  store: EmulatorStore;
  apiKey: ApiKeyCheck;
  /** Signs and checks the connect JWTs (shared with the connect page). */
  jwtSecret: string;
  now: () => number;
  /** Origin (and optional path prefix) of the connect page; the request's origin when absent. */
  connectPageUrl?: string | undefined;
}

/** The connect page renders these URLs as links and images: only web URLs are accepted. */
const webUrl = httpUrlSchema();

/** Unknown fields are ignored, as the real API most likely does: clients of newer documentation keep working. */
const generateJwtBody = z.object({
  username: usernameSchema,
  redirect_url: webUrl.optional(),
  logo_image: webUrl.optional(),
  redirect_button_text: z.string().optional(),
  connect_title: z.string().optional(),
  connect_description: z.string().optional(),
  platforms: z
    .array(z.enum(PLATFORM_IDS as [string, ...string[]]))
    .min(1)
    .optional(),
  show_calendar: z.boolean().optional(),
  readonly_calendar: z.boolean().optional(),
  language: z.enum(LANGUAGES).optional(),
  // The official SDK's rules; zod drops an own `__proto__` key, so it never reaches a prototype.
  ui_labels: uiLabelsSchema.optional(),
});

const validateJwtBody = z.object({ jwt: z.string().optional() });

export function createConnectLinkRoutes({ store, apiKey, jwtSecret, now, connectPageUrl }: ConnectLinkRoutesOptions): Hono {
  const accessUrlBase = (c: Context) => (connectPageUrl ?? new URL(c.req.url).origin).replace(/\/+$/, '');
  const app = new Hono();

  app.post('/users/generate-jwt', apiKey.require, async (c) => {
    const { username, ...linkOptions } = parseWith(generateJwtBody, await readJsonObject(c), describeBodyIssue);
    if (!store.getProfile(username)) throw new EmulatorHttpError(404, PROFILE_NOT_FOUND, 'PROFILE_NOT_FOUND');
    if (store.isBlocked(username)) throw new EmulatorHttpError(403, PROFILE_BLOCKED, 'PROFILE_BLOCKED');
    if (linkOptions.platforms) linkOptions.platforms = [...new Set(linkOptions.platforms)];
    const link = store.addLink(username, linkOptions, CONNECT_TOKEN_TTL_MS);
    const token = await mintConnectToken({ username, jti: link.jti, expiresAt: link.expiresAt, issuedAt: now() }, jwtSecret);
    return c.json({
      access_url: `${accessUrlBase(c)}/connect?token=${encodeURIComponent(token)}`,
      duration: '48h',
      success: true,
    });
  });

  /**
   * The documentation's `POST` with `Authorization: Bearer JWT`, the official SDK's `GET` with the
   * same header, and the n8n node's `POST` with `{"jwt": …}`, which n8n sends alongside its
   * credential's `Authorization: Apikey KEY` (its generic auth overrides the node's Bearer header).
   * An `Apikey` header, when sent, must therefore be the right key. Validating does not use the
   * link up: single use is the connect page's business.
   */
  const validateJwt = async (c: Context) => {
    const authorization = c.req.header('authorization')?.trim();
    let token = /^bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (token === undefined) {
      if (authorization && /^apikey\s/i.test(authorization) && !(await apiKey.matches(authorization))) {
        throw new EmulatorHttpError(401, INVALID_API_KEY);
      }
      if (c.req.method === 'POST') {
        const body = await readJsonObject(c, { optional: true });
        token = body === undefined ? undefined : parseWith(validateJwtBody, body).jwt?.trim() || undefined;
      }
    }
    if (token === undefined) throw new EmulatorHttpError(401, MISSING_JWT);

    const check = await checkConnectToken(token, jwtSecret, now());
    if (!check.ok) return c.json({ isValid: false, reason: check.reason });
    const link = store.getLink(check.claims.jti);
    if (!link || link.username !== check.claims.sub) {
      return c.json({ isValid: false, reason: 'Token was not issued for an existing connect link' });
    }
    const profile = store.getProfile(link.username);
    if (!profile) return c.json({ isValid: false, reason: PROFILE_NOT_FOUND });
    const { language, ui_labels } = link.options;
    // JSON leaves out the two when the link had none.
    return c.json({
      profile: { social_accounts: servedProfile(profile).social_accounts, username: profile.username, language, ui_labels },
      success: true,
    });
  };
  app.post('/users/validate-jwt', validateJwt);
  app.get('/users/validate-jwt', validateJwt);

  return app;
}
