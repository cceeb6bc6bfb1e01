/**
 * The emulated User Profiles API, mounted at `/api/uploadposts`: every endpoint of
 * `reference/upload-post-user-profiles-api.txt` with its documented status codes, shapes, messages
 * and `error_code`s, plus the forms the public clients use where they differ (validate-jwt by
 * `GET` as the official SDK does, or with a `{"jwt": …}` body as the n8n node does).
 *
 * Order of the checks on every request: faults → body size → API key → body validation → route.
 * Faults come first because an upstream that is down or slow is so for everyone, authenticated or
 * not. Request bodies are read strictly (JSON object, documented fields with their documented
 * types) but unknown fields are ignored, as the real API most likely does: clients written
 * against a newer version of the documentation must keep working.
 *
 * No handler awaits between checking the store and writing to it, so N concurrent creates of one
 * username give exactly one 201.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { timingSafeEqual } from 'hono/utils/buffer';
import { z } from 'zod';
import { httpUrlSchema } from '../lib/zod-issues.ts';
import { LANGUAGES, PLATFORM_IDS } from '../protocol/platforms.ts';
import { uiLabelsSchema } from '../upload-post/schemas.ts';
import { checkConnectToken, CONNECT_TOKEN_TTL_MS, mintConnectToken } from './connect-token.ts';
import type { Faults } from './faults.ts';
import { EmulatorHttpError, isBodiless, jsonErrorHandler, parseWith, readJsonObject, describeIssue } from './json-http.ts';
import type { EmulatedProfile, EmulatorStore } from './store.ts';

export interface ApiRoutesOptions {
  store: EmulatorStore;
  faults: Faults;
  /** The key clients must send as `Authorization: Apikey …`. */
  apiKey: string;
  /** Signs and checks the connect JWTs (shared with the connect page). */
  jwtSecret: string;
  now: () => number;
  /** Origin (and optional path prefix) of the connect page; the request's origin when absent. */
  connectPageUrl?: string | undefined;
  /** Largest request body accepted, in bytes; larger ones get a 413. */
  bodyLimitBytes: number;
}

// ── messages: the documentation's wording where it gives one ────────────────────────────────

const INVALID_API_KEY = 'Invalid or missing API Key';
const INVALID_USERNAME = 'Missing or invalid username';
const PROFILE_NOT_FOUND = 'Profile not found';
const PROFILE_EXISTS = 'A profile with the provided username already exists';
const PROFILE_LIMIT_REACHED = 'Profile limit reached for the current plan';
const PROFILE_BLOCKED = 'Profile exists but is blocked by plan limits';
const PROFILE_DELETED = 'Perfil eliminado correctamente';
const MISSING_JWT = 'Invalid, expired, or missing JWT token in the Authorization header';

// ── request bodies ──────────────────────────────────────────────────────────────────────────

const usernameSchema = z.string().refine((value) => value.trim() !== '', 'must not be empty');

/** The connect page renders these URLs as links and images: only web URLs are accepted. */
const webUrl = httpUrlSchema();

const usernameBody = z.object({ username: usernameSchema });

const generateJwtBody = z.object({
  username: usernameSchema,
  redirect_url: webUrl.optional(),
  logo_image: webUrl.optional(),
  redirect_button_text: z.string().optional(),
  connect_title: z.string().optional(),
  connect_description: z.string().optional(),
  platforms: z.array(z.enum(PLATFORM_IDS as [string, ...string[]])).min(1).optional(),
  show_calendar: z.boolean().optional(),
  readonly_calendar: z.boolean().optional(),
  language: z.enum(LANGUAGES).optional(),
  // The official SDK's rules; zod drops an own `__proto__` key, so it never reaches a prototype.
  ui_labels: uiLabelsSchema.optional(),
});

const validateJwtBody = z.object({ jwt: z.string().optional() });

/** Username problems are worded as the documentation words them; the rest name the field. */
function describeBodyIssue(issue: z.core.$ZodIssue): string {
  return issue.path[0] === 'username' ? INVALID_USERNAME : describeIssue(issue);
}

// ── answers ─────────────────────────────────────────────────────────────────────────────────

/** A profile as the API shows it: the store's bookkeeping (Facebook pages) stays inside. */
function publicProfile(profile: EmulatedProfile) {
  return { created_at: profile.created_at, social_accounts: profile.social_accounts, username: profile.username };
}

export function createApiRoutes(options: ApiRoutesOptions): Hono {
  const { store, faults, apiKey, jwtSecret, now } = options;
  if (apiKey.trim() === '' || /\s/.test(apiKey)) {
    throw new TypeError('The emulator needs an API key without spaces: set the apiKey option.');
  }
  if (!Number.isSafeInteger(options.bodyLimitBytes) || options.bodyLimitBytes <= 0) {
    throw new TypeError(`bodyLimitBytes must be a positive whole number of bytes, got ${options.bodyLimitBytes}.`);
  }
  const expectedAuthorization = `Apikey ${apiKey}`;

  /** Compares in constant time so that the key cannot be guessed byte by byte from timings. */
  const hasValidApiKey = async (authorization: string | undefined): Promise<boolean> => {
    if (!authorization) return false;
    const match = /^apikey\s+(.*)$/i.exec(authorization.trim());
    if (!match) return false;
    // The identity as "hash": hono's default hashes both sides with Web Crypto's SHA-256 first,
    // two digests per request that cost the emulator a third of its throughput on Node 20. The
    // comparison itself stays constant-time over the longer string; only the length can leak,
    // which for an emulator's key is nothing worth hiding.
    return timingSafeEqual(`Apikey ${match[1]}`, expectedAuthorization, (value) => value as string);
  };

  const requireApiKey: MiddlewareHandler = async (c, next) => {
    if (!(await hasValidApiKey(c.req.header('authorization')))) throw new EmulatorHttpError(401, INVALID_API_KEY);
    await next();
  };

  const accessUrlBase = (c: Context) => (options.connectPageUrl ?? new URL(c.req.url).origin).replace(/\/+$/, '');

  const app = new Hono();
  app.onError(jsonErrorHandler);
  app.use('*', faults.middleware());
  const limitBody = bodyLimit({
    maxSize: options.bodyLimitBytes,
    onError: () => {
      throw new EmulatorHttpError(413, `Request body larger than ${options.bodyLimitBytes} bytes`);
    },
  });
  app.use('*', (c, next) => (isBodiless(c) ? next() : limitBody(c, next)));

  // ── profiles ──────────────────────────────────────────────────────────────────────────────

  app.post('/users', requireApiKey, async (c) => {
    const { username } = parseWith(usernameBody, await readJsonObject(c), describeBodyIssue);
    // Synchronous from here to the answer: the store decides who wins a race.
    const result = store.createProfile(username);
    if (!result.ok) {
      if (result.reason === 'exists') throw new EmulatorHttpError(409, PROFILE_EXISTS);
      throw new EmulatorHttpError(403, PROFILE_LIMIT_REACHED, 'PROFILE_LIMIT_REACHED');
    }
    return c.json({ profile: publicProfile(result.profile), success: true }, 201);
  });

  app.get('/users', requireApiKey, (c) =>
    c.json({
      limit: store.profileLimit,
      plan: store.plan,
      profiles: store.listProfiles().map(publicProfile),
      success: true,
    }));

  app.delete('/users', requireApiKey, async (c) => {
    const { username } = parseWith(usernameBody, await readJsonObject(c), describeBodyIssue);
    if (!store.deleteProfile(username)) throw new EmulatorHttpError(404, PROFILE_NOT_FOUND);
    return c.json({ message: PROFILE_DELETED, success: true });
  });

  // ── connect links ─────────────────────────────────────────────────────────────────────────

  app.post('/users/generate-jwt', requireApiKey, async (c) => {
    const { username, ...linkOptions } = parseWith(generateJwtBody, await readJsonObject(c), describeBodyIssue);
    if (!store.getProfile(username)) throw new EmulatorHttpError(404, PROFILE_NOT_FOUND, 'PROFILE_NOT_FOUND');
    if (store.isBlocked(username)) throw new EmulatorHttpError(403, PROFILE_BLOCKED, 'PROFILE_BLOCKED');
    if (linkOptions.platforms) linkOptions.platforms = [...new Set(linkOptions.platforms)];
    const link = store.addLink(username, linkOptions, CONNECT_TOKEN_TTL_MS);
    const token = await mintConnectToken(
      { username, jti: link.jti, expiresAt: link.expiresAt, issuedAt: now() },
      jwtSecret,
    );
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
      if (authorization && /^apikey\s/i.test(authorization) && !(await hasValidApiKey(authorization))) {
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
    return c.json({
      profile: {
        social_accounts: profile.social_accounts,
        username: profile.username,
        ...(language === undefined ? {} : { language }),
        ...(ui_labels === undefined ? {} : { ui_labels }),
      },
      success: true,
    });
  };
  app.post('/users/validate-jwt', validateJwt);
  app.get('/users/validate-jwt', validateJwt);

  // After the fixed `/users/...` paths: a profile named `validate-jwt` is shadowed, as it would be upstream.
  app.get('/users/:username', requireApiKey, (c) => {
    const profile = store.getProfile(c.req.param('username'));
    if (!profile) throw new EmulatorHttpError(404, PROFILE_NOT_FOUND);
    return c.json({ success: true, profile: publicProfile(profile) });
  });

  // ── Facebook pages ────────────────────────────────────────────────────────────────────────

  app.get('/facebook/pages', requireApiKey, (c) => {
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
      profile.facebook_pages.map((page) => ({ page_id: page.page_id, page_name: page.page_name, profile: profile.username })));
    return c.json({ pages, success: true });
  });

  // ── everything else ───────────────────────────────────────────────────────────────────────

  const allowed: Record<string, string> = {
    '/users': 'GET, POST, DELETE',
    '/users/generate-jwt': 'POST',
    '/users/validate-jwt': 'GET, POST',
    '/users/:username': 'GET',
    '/facebook/pages': 'GET',
  };
  for (const [path, methods] of Object.entries(allowed)) {
    app.all(path, (c) => {
      c.header('Allow', methods);
      throw new EmulatorHttpError(405, 'Method Not Allowed');
    });
  }
  app.all('*', () => {
    throw new EmulatorHttpError(404, 'Not Found');
  });
  return app;
}
