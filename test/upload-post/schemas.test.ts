/**
 * The Upload-Post schemas: every example of `reference/upload-post-user-profiles-api.txt` parses
 * (the documentation's `//` comments removed, since they are not JSON), every leniency rule for
 * answers holds, every strictness rule for requests holds, and undocumented answers fail with an
 * issue that says where.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { z } from 'zod';
import { LANGUAGES, PLATFORM_IDS } from '../../protocol/platforms.ts';
import {
  createProfileRequestSchema,
  deleteProfileRequestSchema,
  deleteProfileResponseSchema,
  facebookPagesQuerySchema,
  facebookPagesResponseSchema,
  generateJwtRequestSchema,
  generateJwtResponseSchema,
  jwtSchema,
  listProfilesResponseSchema,
  profileResponseSchema,
  upstreamAccountSchema,
  upstreamErrorBodySchema,
  upstreamProfileSchema,
  usernameSchema,
  validateJwtRequestBodySchema,
  validateJwtResponseSchema,
} from '../../upload-post/schemas.ts';
import { describeIssues } from '../../lib/zod-issues.ts';

/** The parse's issues as one sentence; fails the test if the value was accepted. */
function rejection(schema: z.ZodType, value: unknown): string {
  const result = schema.safeParse(value);
  assert.equal(result.success, false, `expected ${JSON.stringify(value)} to be rejected`);
  return describeIssues(result.error);
}

function accepted<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  assert.ok(result.success, result.success ? '' : describeIssues(result.error));
  return result.data;
}

// ── the documentation's examples, as published ────────────────────────────────────────────────

const DOC_CREATE_RESPONSE = {
  profile: {
    created_at: 'Fri, 02 May 2025 21:43:14 GMT',
    social_accounts: { tiktok: '' },
    username: 'your_platform_user_id_123',
  },
  success: true,
};

const DOC_LIST_RESPONSE = {
  limit: 10,
  plan: 'default',
  profiles: [
    {
      created_at: '2025-04-02T17:44:33.229755',
      social_accounts: {
        facebook: { display_name: 'FB User', social_images: 'url_to_fb_image' },
        instagram: { display_name: 'IG User', social_images: 'url_to_ig_image' },
      },
      username: 'your_platform_user_id_1',
    },
    {
      created_at: 'Fri, 02 May 2025 21:43:14 GMT',
      social_accounts: { tiktok: '' },
      username: 'your_platform_user_id_2',
    },
  ],
  success: true,
};

const DOC_GET_RESPONSE = {
  success: true,
  profile: {
    created_at: '2023-10-27T10:00:00Z',
    social_accounts: {
      tiktok: { username: 'tiktok_user_123', display_name: 'User Display Name', social_images: 'https://example.com/image.jpg' },
      bluesky: { username: 'user.bsky.social', display_name: 'Bluesky User', social_images: 'https://example.com/avatar.jpg' },
      instagram: null,
    },
    username: 'specific_profile_name',
  },
};

const DOC_NOT_FOUND = { success: false, message: 'Profile not found' };
const DOC_DELETE_RESPONSE = { message: 'Perfil eliminado correctamente', success: true };

const DOC_GENERATE_JWT_RESPONSES = [
  { access_url: 'https://app.upload-post.com/connect?token=GENERATED_JWT_TOKEN', success: true, duration: '48h' },
  { access_url: 'https://app.upload-post.com/connect?token=GENERATED_JWT_TOKEN_STRING', duration: '48h', success: true },
];

const DOC_VALIDATE_VALID = {
  profile: {
    social_accounts: { tiktok: null, instagram: 'connected_account_details' },
    username: 'your_platform_user_id_123',
  },
  success: true,
};
const DOC_VALIDATE_INVALID = { isValid: false, reason: 'Token expired or invalid signature' };

const DOC_FACEBOOK_PAGES = {
  pages: [
    { page_id: '123456789', page_name: 'My Business Page', profile: 'your_platform_user_id_123' },
    { page_id: '987654321', page_name: 'Another Page', profile: 'your_platform_user_id_123' },
  ],
  success: true,
};

describe('documented answers parse', () => {
  test('create (201): profile with RFC 1123 date and a "" placeholder', () => {
    const profile = accepted(profileResponseSchema, DOC_CREATE_RESPONSE);
    assert.equal(profile.username, 'your_platform_user_id_123');
    assert.equal(profile.created_at, 'Fri, 02 May 2025 21:43:14 GMT');
    assert.equal(profile.created_at_date?.toISOString(), '2025-05-02T21:43:14.000Z');
    assert.deepEqual(profile.social_accounts, { tiktok: { connected: false, raw: '' } });
  });

  test('list (200): limit, plan, both date formats, connected and placeholder accounts', () => {
    const list = accepted(listProfilesResponseSchema, DOC_LIST_RESPONSE);
    assert.equal(list.limit, 10);
    assert.equal(list.plan, 'default');
    assert.equal(list.profiles.length, 2);
    const [first, second] = list.profiles;
    assert.equal(first!.created_at_date?.toISOString(), '2025-04-02T17:44:33.229Z');
    assert.deepEqual(first!.social_accounts.facebook, {
      connected: true,
      details: { display_name: 'FB User', social_images: 'url_to_fb_image' },
      raw: { display_name: 'FB User', social_images: 'url_to_fb_image' },
    });
    assert.equal(first!.social_accounts.instagram?.connected, true);
    assert.equal(second!.created_at_date?.toISOString(), '2025-05-02T21:43:14.000Z');
    assert.deepEqual(second!.social_accounts.tiktok, { connected: false, raw: '' });
  });

  test('get (200): ISO date with Z, details with username, null slot', () => {
    const profile = accepted(profileResponseSchema, DOC_GET_RESPONSE);
    assert.equal(profile.username, 'specific_profile_name');
    assert.equal(profile.created_at_date?.toISOString(), '2023-10-27T10:00:00.000Z');
    const tiktok = profile.social_accounts.tiktok;
    assert.ok(tiktok?.connected);
    assert.equal(tiktok.details.username, 'tiktok_user_123');
    assert.equal(tiktok.details.display_name, 'User Display Name');
    assert.equal(profile.social_accounts.bluesky?.connected, true);
    assert.deepEqual(profile.social_accounts.instagram, { connected: false, raw: null });
  });

  test('404 body: message read for the error', () => {
    const body = upstreamErrorBodySchema.parse(DOC_NOT_FOUND);
    assert.equal(body.message, 'Profile not found');
    assert.equal(body.error_code, undefined);
  });

  test('delete (200)', () => {
    const body = accepted(deleteProfileResponseSchema, DOC_DELETE_RESPONSE);
    assert.equal(body.message, 'Perfil eliminado correctamente');
  });

  test('generate-jwt (200), both examples: access_url, duration, token found in the URL', () => {
    for (const example of DOC_GENERATE_JWT_RESPONSES) {
      const jwt = accepted(generateJwtResponseSchema, example);
      assert.equal(jwt.access_url, example.access_url);
      assert.equal(jwt.duration, '48h');
      assert.equal(jwt.jwt, new URL(example.access_url).searchParams.get('token'));
    }
  });

  test('validate-jwt (200, valid): a bare string slot is connected, null is not', () => {
    const result = accepted(validateJwtResponseSchema, DOC_VALIDATE_VALID);
    assert.ok(result.valid);
    assert.equal(result.profile.username, 'your_platform_user_id_123');
    assert.deepEqual(result.profile.social_accounts.instagram, { connected: true, details: {}, raw: 'connected_account_details' });
    assert.deepEqual(result.profile.social_accounts.tiktok, { connected: false, raw: null });
  });

  test('validate-jwt (200, invalid): isValid false becomes valid false with the reason', () => {
    assert.deepEqual(accepted(validateJwtResponseSchema, DOC_VALIDATE_INVALID), {
      valid: false,
      reason: 'Token expired or invalid signature',
    });
  });

  test('facebook pages (200)', () => {
    const pages = accepted(facebookPagesResponseSchema, DOC_FACEBOOK_PAGES);
    assert.deepEqual(pages, [
      { page_id: '123456789', page_name: 'My Business Page', profile: 'your_platform_user_id_123' },
      { page_id: '987654321', page_name: 'Another Page', profile: 'your_platform_user_id_123' },
    ]);
  });
});

describe('documented requests pass', () => {
  test('create and delete bodies', () => {
    assert.deepEqual(accepted(createProfileRequestSchema, { username: 'your_platform_user_id_123' }), { username: 'your_platform_user_id_123' });
    assert.deepEqual(accepted(deleteProfileRequestSchema, { username: 'user_id_to_delete' }), { username: 'user_id_to_delete' });
  });

  test('the three generate-jwt curl examples', () => {
    for (const body of [
      { username: 'your_platform_user_id_123' },
      { username: 'your_platform_user_id_123', show_calendar: false },
      {
        username: 'your_platform_user_id_123',
        readonly_calendar: true,
        logo_image: 'https://youragency.com/logo.png',
        connect_title: 'Your Content Calendar',
      },
    ]) {
      assert.deepEqual(accepted(generateJwtRequestSchema, body), body);
    }
  });

  test('every documented option and the SDK options at once', () => {
    const body = {
      username: 'u1',
      redirect_url: 'https://customer.example/done',
      logo_image: 'http://127.0.0.1:8080/logo.png',
      redirect_button_text: 'Back to the app',
      connect_title: 'Link your accounts',
      connect_description: 'Pick the networks to post to.',
      platforms: ['tiktok', 'instagram', 'linkedin', 'youtube', 'facebook', 'x', 'threads', 'google_business'],
      show_calendar: true,
      readonly_calendar: false,
      language: 'es',
      ui_labels: { 'connect.title': 'Conecta tus cuentas' },
    };
    assert.deepEqual(accepted(generateJwtRequestSchema, body), body);
  });

  test('validate-jwt body (n8n) and the facebook query', () => {
    assert.deepEqual(accepted(validateJwtRequestBodySchema, { jwt: 'a.b.c' }), { jwt: 'a.b.c' });
    assert.deepEqual(accepted(facebookPagesQuerySchema, { profile: 'your_profile' }), { profile: 'your_profile' });
    assert.deepEqual(accepted(facebookPagesQuerySchema, {}), {});
  });
});

// ── lenient in what we receive ────────────────────────────────────────────────────────────────

describe('created_at', () => {
  test('an unreadable created_at is kept as text, without a date', () => {
    const profile = accepted(upstreamProfileSchema, { username: 'u', created_at: 'yesterday', social_accounts: {} });
    assert.equal(profile.created_at, 'yesterday');
    assert.equal('created_at_date' in profile, false);
  });

  test('a null, absent or non-string created_at is left out, never failing the profile', () => {
    for (const created_at of [null, undefined, 1714686194, true, ['2025'], { iso: '2025-01-01' }]) {
      const profile = accepted(upstreamProfileSchema, { username: 'u', created_at, social_accounts: { x: { display_name: 'X' } } });
      assert.equal('created_at' in profile, false, JSON.stringify(created_at));
      assert.equal('created_at_date' in profile, false);
      assert.equal(profile.social_accounts.x?.connected, true);
    }
  });

  test('the formats the documentation shows, and ISO with a zone, all give the date', () => {
    for (const [text, iso] of [
      ['Fri, 02 May 2025 21:43:14 GMT', '2025-05-02T21:43:14.000Z'],
      ['2025-04-02T17:44:33.229755', '2025-04-02T17:44:33.229Z'],
      ['2023-10-27T10:00:00Z', '2023-10-27T10:00:00.000Z'],
      ['2023-10-27T12:00:00+02:00', '2023-10-27T10:00:00.000Z'],
    ]) {
      const profile = accepted(upstreamProfileSchema, { username: 'u', created_at: text });
      assert.equal(profile.created_at, text);
      assert.equal(profile.created_at_date?.toISOString(), iso);
    }
  });
});

describe('account slots', () => {
  test('an object is connected, with its details', () => {
    const slot = accepted(upstreamAccountSchema, { username: 'h', display_name: 'D', social_images: 'https://i' });
    assert.deepEqual(slot, {
      connected: true,
      details: { username: 'h', display_name: 'D', social_images: 'https://i' },
      raw: { username: 'h', display_name: 'D', social_images: 'https://i' },
    });
  });

  test('an empty object is connected too: "connected ⇔ non-null object"', () => {
    assert.equal(accepted(upstreamAccountSchema, {}).connected, true);
  });

  test('a non-empty string is connected; "" and null are not', () => {
    assert.deepEqual(accepted(upstreamAccountSchema, 'connected_account_details'), {
      connected: true,
      details: {},
      raw: 'connected_account_details',
    });
    assert.deepEqual(accepted(upstreamAccountSchema, ''), { connected: false, raw: '' });
    assert.deepEqual(accepted(upstreamAccountSchema, null), { connected: false, raw: null });
  });

  test('a blank string is not connected, like ""', () => {
    assert.deepEqual(accepted(upstreamAccountSchema, '  \t'), { connected: false, raw: '  \t' });
  });

  test('undocumented values never fail: true, a non-zero number, a non-empty array are connected without details', () => {
    for (const raw of [true, 1, -2, 0.5, 1714686194, ['x'], [{ display_name: 'Ann' }], [null]]) {
      assert.deepEqual(accepted(upstreamAccountSchema, raw), { connected: true, details: {}, raw }, JSON.stringify(raw));
    }
  });

  test('undocumented empty values never fail: false, 0, [] are not connected', () => {
    for (const raw of [false, 0, -0, []]) {
      assert.deepEqual(accepted(upstreamAccountSchema, raw), { connected: false, raw }, JSON.stringify(raw));
    }
  });

  test('an object whose every field is odd is connected, with no readable details', () => {
    const raw = { username: 7, display_name: ['A'], social_images: { url: 'https://i' }, capabilities: [1, 2] };
    assert.deepEqual(accepted(upstreamAccountSchema, raw), { connected: true, details: {}, raw });
  });

  test('one odd slot never touches the others: each slot is read on its own', () => {
    const profile = accepted(upstreamProfileSchema, {
      username: 'u',
      social_accounts: {
        tiktok: 0,
        instagram: { display_name: 'IG', username: 'ig' },
        x: true,
        threads: ['a'],
        facebook: 'connected_account_details',
        youtube: null,
        linkedin: '',
        bluesky: { display_name: 5, username: 'b.bsky.social' },
        google_business: false,
        mastodon: { display_name: 'M' },
      },
    });
    const connected = Object.entries(profile.social_accounts)
      .filter(([, slot]) => slot.connected)
      .map(([platform]) => platform)
      .sort();
    assert.deepEqual(connected, ['bluesky', 'facebook', 'instagram', 'mastodon', 'threads', 'x']);
    assert.deepEqual(profile.social_accounts.instagram, {
      connected: true,
      details: { display_name: 'IG', username: 'ig' },
      raw: { display_name: 'IG', username: 'ig' },
    });
    assert.deepEqual(profile.social_accounts.bluesky?.connected && profile.social_accounts.bluesky.details, { username: 'b.bsky.social' });
  });

  test('unknown detail fields and TikTok capabilities are kept', () => {
    const slot = accepted(upstreamAccountSchema, { display_name: 'T', capabilities: ['post', 'dm'], follower_count: 7 });
    assert.ok(slot.connected);
    assert.deepEqual(slot.details.capabilities, ['post', 'dm']);
    assert.equal(slot.details.follower_count, 7);
  });

  test('a mistyped known detail field is left out of details but kept in raw', () => {
    const raw = { username: 'h', display_name: null, social_images: 42, capabilities: 'post' };
    const slot = accepted(upstreamAccountSchema, raw);
    assert.ok(slot.connected);
    assert.deepEqual(slot.details, { username: 'h' });
    assert.deepEqual(slot.raw, raw);
  });

  test('unknown platforms are kept as they come', () => {
    const profile = accepted(upstreamProfileSchema, { username: 'u', social_accounts: { mastodon: { display_name: 'M' }, myspace: '' } });
    assert.deepEqual(Object.keys(profile.social_accounts).sort(), ['mastodon', 'myspace']);
    assert.equal(profile.social_accounts.mastodon?.connected, true);
  });
});

describe('profiles and lists', () => {
  test('unknown fields pass through on profiles and lists', () => {
    const list = accepted(listProfilesResponseSchema, {
      profiles: [{ username: 'u', social_accounts: {}, timezone: 'Europe/Madrid' }],
      success: true,
      next_cursor: 'abc',
    });
    assert.equal(list.profiles[0]!.timezone, 'Europe/Madrid');
    assert.equal((list as unknown as Record<string, unknown>).next_cursor, 'abc');
  });

  test('missing or null social_accounts means no accounts (the SDK types it optional)', () => {
    assert.deepEqual(accepted(upstreamProfileSchema, { username: 'u' }).social_accounts, {});
    assert.deepEqual(accepted(upstreamProfileSchema, { username: 'u', social_accounts: null }).social_accounts, {});
  });

  test('a list without limit and plan is fine; without profiles only when success is true', () => {
    assert.deepEqual(accepted(listProfilesResponseSchema, { profiles: [] }), { profiles: [] });
    assert.deepEqual(accepted(listProfilesResponseSchema, { success: true }), { profiles: [] });
    assert.equal(rejection(listProfilesResponseSchema, {}), 'profiles: missing (expected an array)');
  });

  test('a 2xx that says success: false is not a success', () => {
    assert.equal(rejection(listProfilesResponseSchema, { profiles: [], success: false }), 'success: the answer says success: false');
    assert.match(rejection(profileResponseSchema, { ...DOC_CREATE_RESPONSE, success: false }), /success: the answer says success: false/);
  });

  test('undocumented profile shapes are rejected with the path of the problem', () => {
    // An odd slot is no longer a problem of the profile; a missing username still is.
    assert.equal(
      rejection(listProfilesResponseSchema, { profiles: [{ social_accounts: { tiktok: 3 } }], success: true }),
      "profiles[0].username: missing (expected the profile's username as a string)",
    );
    assert.equal(rejection(listProfilesResponseSchema, { profiles: { u: {} } }), 'profiles: expected array, received object');
    assert.equal(
      rejection(upstreamProfileSchema, { username: 'u', social_accounts: ['tiktok'] }),
      'social_accounts: expected an object keyed by platform, got an array',
    );
    assert.equal(rejection(profileResponseSchema, { success: true }), 'profile: missing (expected object)');
  });

  test('many issues are summarised, not dumped', () => {
    const profiles = Array.from({ length: 6 }, () => ({ username: 1 }));
    assert.match(rejection(listProfilesResponseSchema, { profiles }), /; .*; .* \(and 3 more\)$/);
  });
});

describe('generate-jwt answer', () => {
  test("the SDK's connection_url is normalised to access_url, its jwt field kept", () => {
    assert.deepEqual(accepted(generateJwtResponseSchema, { success: true, connection_url: 'https://app.upload-post.com/connect?token=T1', jwt: 'J1' }), {
      access_url: 'https://app.upload-post.com/connect?token=T1',
      jwt: 'J1',
    });
  });

  test('access_url wins over connection_url; unknown fields kept', () => {
    const answer = accepted(generateJwtResponseSchema, {
      access_url: 'https://a.example/connect?token=A',
      connection_url: 'https://b.example/connect?token=B',
      expires_at: '2025-05-04T00:00:00Z',
    });
    assert.equal(answer.access_url, 'https://a.example/connect?token=A');
    assert.equal(answer.jwt, 'A');
    assert.equal(answer.expires_at, '2025-05-04T00:00:00Z');
    assert.equal('connection_url' in answer, false);
  });

  test('a URL without a token gives no jwt', () => {
    const answer = accepted(generateJwtResponseSchema, { access_url: 'https://app.upload-post.com/connect/abc' });
    assert.equal('jwt' in answer, false);
  });

  test('no URL at all, or a URL a browser must not open, is rejected', () => {
    assert.equal(
      rejection(generateJwtResponseSchema, { success: true, duration: '48h' }),
      'access_url: missing (neither access_url nor connection_url was given)',
    );
    assert.equal(rejection(generateJwtResponseSchema, { access_url: 'javascript:alert(1)' }), 'access_url: expected an http(s) URL');
    assert.equal(rejection(generateJwtResponseSchema, { connection_url: '/connect?token=x' }), 'connection_url: expected an http(s) URL');
    assert.equal(rejection(generateJwtResponseSchema, { access_url: `https://x.example/?token=${'a'.repeat(2048)}` }), 'access_url: expected an http(s) URL');
  });
});

describe('validate-jwt answer', () => {
  test('the SDK says language and ui_labels are echoed: kept', () => {
    const result = accepted(validateJwtResponseSchema, {
      profile: { username: 'u', social_accounts: {}, language: 'de', ui_labels: { 'connect.title': 'Hallo' } },
      success: true,
    });
    assert.ok(result.valid);
    assert.equal(result.profile.language, 'de');
    assert.deepEqual(result.profile.ui_labels, { 'connect.title': 'Hallo' });
  });

  test('mistyped echoes are dropped rather than failing validation', () => {
    const result = accepted(validateJwtResponseSchema, {
      profile: { username: 'u', social_accounts: {}, language: 7, ui_labels: { a: 1 } },
    });
    assert.ok(result.valid);
    assert.equal('language' in result.profile, false);
    assert.equal('ui_labels' in result.profile, false);
  });

  test("the official SDK's valid: false is a refusal too, with its reason", () => {
    assert.deepEqual(accepted(validateJwtResponseSchema, { valid: false, reason: 'Token expired' }), { valid: false, reason: 'Token expired' });
    assert.deepEqual(accepted(validateJwtResponseSchema, { valid: false }), { valid: false, reason: 'Upload-Post says the token is not valid' });
    const valid = accepted(validateJwtResponseSchema, { valid: true, profile: { username: 'u', social_accounts: { tiktok: true } } });
    assert.ok(valid.valid);
    assert.equal(valid.profile.social_accounts.tiktok?.connected, true);
  });

  test('isValid false without a reason still says why', () => {
    assert.deepEqual(accepted(validateJwtResponseSchema, { isValid: false }), {
      valid: false,
      reason: 'Upload-Post says the token is not valid',
    });
  });

  test('neither a profile nor isValid false is undocumented', () => {
    assert.equal(rejection(validateJwtResponseSchema, { success: true }), 'profile: missing (expected a profile, or isValid / valid: false)');
    assert.equal(
      rejection(validateJwtResponseSchema, { profile: { social_accounts: {} } }),
      "profile.username: missing (expected the profile's username as a string)",
    );
  });
});

describe('facebook pages answer', () => {
  test("the SDK's id / name are normalised to page_id / page_name", () => {
    assert.deepEqual(accepted(facebookPagesResponseSchema, { success: true, pages: [{ id: '42', name: 'Shop' }] }), [{ page_id: '42', page_name: 'Shop' }]);
  });

  test('page_id wins over id; a numeric id becomes text; unknown fields kept', () => {
    const [first, second] = accepted(facebookPagesResponseSchema, {
      pages: [
        { page_id: '1', id: '2', page_name: 'A', name: 'B' },
        { id: 123456789, access: 'admin' },
      ],
    });
    assert.deepEqual(first, { page_id: '1', page_name: 'A' });
    assert.deepEqual(second, { page_id: '123456789', access: 'admin' });
  });

  test('no pages key means none only when success is true', () => {
    assert.deepEqual(accepted(facebookPagesResponseSchema, { success: true }), []);
    assert.equal(rejection(facebookPagesResponseSchema, {}), 'pages: missing (expected an array)');
  });

  test('a page without any id is rejected', () => {
    assert.equal(
      rejection(facebookPagesResponseSchema, { pages: [{ page_name: 'Nameless' }] }),
      'pages[0].page_id: missing (neither page_id nor id was given)',
    );
  });
});

describe('error bodies', () => {
  test('message, error, detail and error_code are read; anything else never fails', () => {
    assert.deepEqual(upstreamErrorBodySchema.parse({ success: false, message: 'Profile limit reached', error_code: 'PROFILE_LIMIT_REACHED' }), {
      success: false,
      message: 'Profile limit reached',
      error_code: 'PROFILE_LIMIT_REACHED',
    });
    assert.equal(upstreamErrorBodySchema.parse({ error: 'Bad key' }).error, 'Bad key');
    assert.equal(upstreamErrorBodySchema.parse({ message: 42 }).message, undefined);
    assert.deepEqual(upstreamErrorBodySchema.parse('Internal Server Error'), {});
    assert.deepEqual(upstreamErrorBodySchema.parse(null), {});
  });
});

// ── strict in what we send ────────────────────────────────────────────────────────────────────

describe('request strictness', () => {
  test('unknown keys are refused, naming them', () => {
    assert.equal(rejection(createProfileRequestSchema, { username: 'u', email: 'x@y' }), 'Unrecognized key: "email"');
    assert.match(rejection(generateJwtRequestSchema, { username: 'u', redirectUrl: 'https://x.example' }), /Unrecognized key: "redirectUrl"/);
  });

  test('usernames: non-empty, not blank, no control characters, not a dot segment', () => {
    assert.equal(rejection(usernameSchema, ''), 'the username must not be empty');
    assert.equal(rejection(usernameSchema, '   '), 'the username must not be blank');
    for (const name of ['a\nb', 'a\u0000b', 'a\u001fb', 'a\u007fb']) {
      assert.equal(rejection(usernameSchema, name), 'the username must not contain control characters', JSON.stringify(name));
    }
    assert.equal(rejection(usernameSchema, '..'), 'the username must not be "." or ".."');
    assert.equal(rejection(usernameSchema, '.'), 'the username must not be "." or ".."');
    assert.equal(rejection(usernameSchema, 42), 'the username must be a string');
    assert.equal(rejection(createProfileRequestSchema, {}), 'username: the username must be a string');
    for (const name of ['user_1', 'a/b?c#d', 'üñí', '...', 'x.y']) assert.equal(accepted(usernameSchema, name), name);
    // C1 controls pass, as they pass the token server's user-id check: a user id it accepts must not fail here.
    assert.equal(accepted(usernameSchema, 'a\u0085b'), 'a\u0085b');
  });

  test('platforms: every known id passes; unknown, empty or repeated lists are refused', () => {
    assert.deepEqual(accepted(generateJwtRequestSchema, { username: 'u', platforms: [...PLATFORM_IDS] }).platforms, [...PLATFORM_IDS]);
    assert.match(
      rejection(generateJwtRequestSchema, { username: 'u', platforms: ['tiktok', 'myspace'] }),
      /^platforms\[1\]: unknown platform "myspace" \(known: tiktok, /,
    );
    assert.match(rejection(generateJwtRequestSchema, { username: 'u', platforms: [] }), /^platforms: platforms must not be empty/);
    assert.equal(rejection(generateJwtRequestSchema, { username: 'u', platforms: ['x', 'x'] }), 'platforms: platforms must not repeat a platform');
    assert.match(rejection(generateJwtRequestSchema, { username: 'u', platforms: 'tiktok' }), /^platforms: expected array/);
  });

  test('language: the seven languages of the connect page, nothing else', () => {
    assert.equal(LANGUAGES.length, 7);
    for (const language of LANGUAGES) assert.equal(accepted(generateJwtRequestSchema, { username: 'u', language }).language, language);
    assert.equal(
      rejection(generateJwtRequestSchema, { username: 'u', language: 'it' }),
      'language: unsupported language "it" (supported: en, es, de, fr, pt, pl, tr)',
    );
    assert.match(rejection(generateJwtRequestSchema, { username: 'u', language: 'ES' }), /unsupported language "ES"/);
  });

  test('ui_labels: up to 100 keys, keys matching ^[a-zA-Z0-9_.]+$, string values up to 300 characters', () => {
    const hundred = Object.fromEntries(Array.from({ length: 100 }, (_, index) => [`label.k_${index}`, 'v']));
    assert.equal(Object.keys(accepted(generateJwtRequestSchema, { username: 'u', ui_labels: hundred }).ui_labels!).length, 100);
    assert.equal(
      rejection(generateJwtRequestSchema, { username: 'u', ui_labels: { ...hundred, extra: 'v' } }),
      'ui_labels: ui_labels may have at most 100 keys',
    );
    for (const key of ['a-b', 'a b', 'ключ', '', 'a/b']) {
      assert.match(
        rejection(generateJwtRequestSchema, { username: 'u', ui_labels: { [key]: 'v' } }),
        /ui_labels keys may only contain letters, digits, "_" and "."/,
        `key ${JSON.stringify(key)}`,
      );
    }
    assert.ok(accepted(generateJwtRequestSchema, { username: 'u', ui_labels: { 'Connect.Title_2': 'x'.repeat(300) } }));
    assert.equal(
      rejection(generateJwtRequestSchema, { username: 'u', ui_labels: { k: 'x'.repeat(301) } }),
      'ui_labels.k: ui_labels values must be at most 300 characters',
    );
    assert.equal(rejection(generateJwtRequestSchema, { username: 'u', ui_labels: { k: 1 } }), 'ui_labels.k: ui_labels values must be strings');
    assert.match(rejection(generateJwtRequestSchema, { username: 'u', ui_labels: { k: { nested: 'v' } } }), /ui_labels values must be strings/);
  });

  test('booleans must be booleans', () => {
    assert.equal(rejection(generateJwtRequestSchema, { username: 'u', show_calendar: 'false' }), 'show_calendar: expected true or false, got a string');
    assert.equal(rejection(generateJwtRequestSchema, { username: 'u', readonly_calendar: 1 }), 'readonly_calendar: expected true or false, got a number');
    assert.equal(accepted(generateJwtRequestSchema, { username: 'u', show_calendar: false }).show_calendar, false);
  });

  test('URLs must be http(s) URLs of at most 2048 characters', () => {
    for (const url of ['https://x.example/done', 'http://localhost:3000/back', 'http://127.0.0.1:8788/logo.png']) {
      assert.equal(accepted(generateJwtRequestSchema, { username: 'u', redirect_url: url, logo_image: url }).redirect_url, url);
    }
    const tooLong = `https://x.example/${'a'.repeat(2048)}`;
    for (const url of ['javascript:alert(1)', 'ftp://x.example/logo.png', '/relative', 'data:image/png;base64,AA==', '', tooLong]) {
      assert.equal(rejection(generateJwtRequestSchema, { username: 'u', logo_image: url }), 'logo_image: expected an http(s) URL', url);
    }
  });

  test('page texts must not be empty when given', () => {
    assert.equal(
      rejection(generateJwtRequestSchema, { username: 'u', connect_title: '' }),
      'connect_title: must not be empty (leave it out to use the default)',
    );
  });

  test('a JWT is a non-empty token without whitespace', () => {
    assert.equal(rejection(jwtSchema, ''), 'the JWT must not be empty');
    assert.equal(rejection(jwtSchema, 'a b'), 'the JWT must not contain whitespace');
    assert.equal(rejection(validateJwtRequestBodySchema, { jwt: 't', extra: 1 }), 'Unrecognized key: "extra"');
  });
});
