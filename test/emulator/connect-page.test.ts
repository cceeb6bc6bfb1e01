/**
 * The emulator's hosted connect page through `app.request()`: the token exchange and its single use,
 * every way a link can be bad, what the link's options change on the page, the consent round trip and
 * the refusals (read-only, other platforms, cross-site posts). Links are minted straight into the
 * store so these tests do not depend on the API routes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEmulator } from '../../emulator/app.ts';
import { mintConnectToken } from '../../emulator/connect-token.ts';
import type { ConnectLinkOptions } from '../../emulator/store.ts';

const SECRET = 'connect-page-test-secret';
const HOUR = 60 * 60 * 1000;
const START = Date.UTC(2025, 10, 27, 10, 0, 0);
const SAME_ORIGIN = { Origin: 'http://localhost' };
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
const PAGE_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self' http: https: data:; form-action 'self' http: https:; frame-ancestors 'none'; base-uri 'none'";

function setup() {
  let clock = START;
  // The consent form on the connect page's own origin; the network hop has its own tests (network.test.ts).
  const emulator = createEmulator({ jwtSecret: SECRET, now: () => clock, random: () => 0.5, oauthHop: false });
  const request = (path: string, init?: RequestInit) => emulator.app.request(path, init);

  async function mintToken(username: string, options: ConnectLinkOptions = {}, ttlMs = HOUR) {
    if (!emulator.store.getProfile(username)) emulator.store.createProfile(username);
    const link = emulator.store.addLink(username, options, ttlMs);
    return mintConnectToken({ username, jti: link.jti, expiresAt: link.expiresAt, issuedAt: clock }, SECRET);
  }

  /** Opens a fresh link and returns the session path it redirects to. */
  async function openSession(options: ConnectLinkOptions = {}, username = 'user-1', path = '/connect') {
    const response = await request(`${path}?token=${await mintToken(username, options)}`);
    assert.equal(response.status, 303);
    return response.headers.get('location')!;
  }

  async function page(path: string, init?: RequestInit) {
    const response = await request(path, init);
    return { response, body: await response.text() };
  }

  const postForm = (path: string, fields: Record<string, string> = {}, headers: Record<string, string> = SAME_ORIGIN) =>
    request(path, { method: 'POST', headers: { ...FORM, ...headers }, body: new URLSearchParams(fields).toString() });

  return {
    emulator,
    request,
    mintToken,
    openSession,
    page,
    postForm,
    advance: (ms: number) => {
      clock += ms;
    },
    accounts: (username = 'user-1') => emulator.store.getProfile(username)?.social_accounts,
  };
}

function cardIds(body: string): string[] {
  return [...body.matchAll(/<li class="card[^"]*" data-platform="([^"]+)"/g)].map((match) => match[1]!);
}

function cardState(body: string, platform: string): string | undefined {
  return new RegExp(`<li class="card[^"]*" data-platform="${platform}" data-state="([^"]+)"`).exec(body)?.[1];
}

describe('connect page: the link and its single use', () => {
  test('a valid token is exchanged for a session URL that carries no token', async () => {
    const { request, mintToken } = setup();
    const response = await request(`/connect?token=${await mintToken('user-1')}`);
    assert.equal(response.status, 303);
    assert.match(response.headers.get('location')!, /^\/connect\/s\/[\w-]{20,}$/);
    assert.equal(response.headers.get('referrer-policy'), 'same-origin');
  });

  test('the session page answers with the strict CSP, no caching and no opener policy, and survives reloads', async () => {
    const { openSession, page } = setup();
    const sessionPath = await openSession();
    for (let load = 0; load < 2; load += 1) {
      const { response, body } = await page(sessionPath);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-security-policy'), PAGE_CSP);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.equal(response.headers.get('x-frame-options'), 'DENY');
      assert.equal(response.headers.get('cross-origin-opener-policy'), null, 'the widget must keep watching its popup');
      assert.doesNotMatch(body, /<script|style="/, 'no inline script or style for the CSP to block');
      assert.match(body, /<link rel="stylesheet" href="\.\.\/assets\/page\.css">/);
    }
  });

  test('opening the same link again says it was already used (410)', async () => {
    const { request, mintToken } = setup();
    const token = await mintToken('user-1');
    assert.equal((await request(`/connect?token=${token}`)).status, 303);
    const again = await request(`/connect?token=${token}`);
    assert.equal(again.status, 410);
    const body = await again.text();
    assert.match(body, /This link was already used/);
    assert.equal(again.headers.get('content-security-policy'), PAGE_CSP);
  });

  test('a HEAD request (a link previewer) does not spend the link', async () => {
    const { request, mintToken } = setup();
    const token = await mintToken('user-1');
    assert.equal((await request(`/connect?token=${token}`, { method: 'HEAD' })).status, 200);
    assert.equal((await request(`/connect?token=${token}`)).status, 303);
  });

  test('a missing, malformed or forged token is "not valid" (401)', async () => {
    const { request, emulator } = setup();
    emulator.store.createProfile('user-1');
    const link = emulator.store.addLink('user-1', {}, HOUR);
    const forged = await mintConnectToken({ username: 'user-1', jti: link.jti, expiresAt: START + HOUR, issuedAt: START }, 'another-secret');
    const header = btoa(JSON.stringify({ alg: 'none', typ: 'JWT' })).replaceAll('=', '');
    const claims = btoa(JSON.stringify({ sub: 'user-1', jti: link.jti, iat: START / 1000, exp: START / 1000 + 3600 })).replaceAll('=', '');
    for (const query of ['', '?token=', '?token=not-a-jwt', `?token=${forged}`, `?token=${header}.${claims}.`]) {
      const response = await request(`/connect${query}`);
      assert.equal(response.status, 401, query);
      assert.match(await response.text(), /This link is not valid/, query);
    }
    assert.equal(emulator.store.getLink(link.jti)?.usedAt, undefined, 'a forged token spends nothing');
  });

  test('a token naming another profile than its link is refused', async () => {
    const { request, emulator } = setup();
    emulator.store.createProfile('user-1');
    emulator.store.createProfile('user-2');
    const link = emulator.store.addLink('user-1', {}, HOUR);
    const token = await mintConnectToken({ username: 'user-2', jti: link.jti, expiresAt: START + HOUR, issuedAt: START }, SECRET);
    assert.equal((await request(`/connect?token=${token}`)).status, 401);
  });

  test("an expired token says so, in the link's language (401)", async () => {
    const { request, mintToken, advance } = setup();
    const token = await mintToken('user-1', { language: 'es' });
    advance(HOUR + 1000);
    const response = await request(`/connect?token=${token}`);
    assert.equal(response.status, 401);
    const body = await response.text();
    assert.match(body, /<html lang="es">/);
    assert.match(body, /Este enlace ha caducado/);
  });

  test('a genuine token whose profile was deleted, or whose link is unknown, is "no longer valid" (401)', async () => {
    const { request, mintToken, emulator } = setup();
    const token = await mintToken('user-1');
    emulator.store.deleteProfile('user-1');
    const deleted = await request(`/connect?token=${token}`);
    assert.equal(deleted.status, 401);
    assert.match(await deleted.text(), /This link is no longer valid/);

    emulator.store.createProfile('user-3');
    const unknown = await mintConnectToken({ username: 'user-3', jti: 'never-minted', expiresAt: START + HOUR, issuedAt: START }, SECRET);
    assert.equal((await request(`/connect?token=${unknown}`)).status, 401);
  });

  test("an unknown or ended session is a friendly 401, in the browser's language when no link is known", async () => {
    const { page, openSession, advance } = setup();
    const unknown = await page('/connect/s/no-such-session', { headers: { 'Accept-Language': 'fr-CH, de;q=0.8' } });
    assert.equal(unknown.response.status, 401);
    assert.match(unknown.body, /<html lang="fr">/);
    assert.match(unknown.body, /Cette page a expiré/);

    const sessionPath = await openSession();
    advance(HOUR);
    const ended = await page(sessionPath);
    assert.equal(ended.response.status, 401);
    assert.match(ended.body, /This page has expired/);
  });

  test("a forged token is answered in the browser's language", async () => {
    const { page } = setup();
    const { body } = await page('/connect?token=forged', { headers: { 'Accept-Language': 'pl-PL,pl;q=0.9,en;q=0.5' } });
    assert.match(body, /<html lang="pl">/);
    assert.match(body, /Ten link jest nieprawidłowy/);
  });
});

describe('connect page: what the link options change', () => {
  test('by default every documented platform has a card, none connected', async () => {
    const { openSession, page } = setup();
    const { body } = await page(await openSession());
    assert.deepEqual(cardIds(body), ['tiktok', 'instagram', 'linkedin', 'youtube', 'facebook', 'x', 'threads', 'google_business', 'bluesky']);
    assert.ok(cardIds(body).every((id) => cardState(body, id) === 'not-connected'));
    assert.match(body, /Connect Social Media Accounts/);
    assert.match(body, /Connect your social media accounts to manage your posts\./);
    assert.doesNotMatch(body, /masthead__logo|Logout connection/, 'no logo and no return button unless asked');
  });

  test('`platforms` limits the cards, in its order; an unknown id is shown by its name', async () => {
    const { openSession, page } = setup();
    const { body } = await page(await openSession({ platforms: ['linkedin', 'tiktok', 'linkedin', 'mastodon'] }));
    assert.deepEqual(cardIds(body), ['linkedin', 'tiktok', 'mastodon']);
    assert.match(body, /<h3 class="card__name">mastodon<\/h3>/);
    assert.match(body, /0 of 3 connected/);
  });

  test('branding options are applied: logo, title, description, return button', async () => {
    const { openSession, page } = setup();
    const { body } = await page(
      await openSession({
        logo_image: 'https://cdn.example.com/logo.png',
        connect_title: 'Link your channels to Acme',
        connect_description: 'Acme publishes for you.',
        redirect_url: 'https://acme.example.com/settings?done=1',
        redirect_button_text: 'Back to Acme',
      }),
    );
    assert.match(body, /<img class="masthead__logo" src="https:\/\/cdn\.example\.com\/logo\.png" alt="">/);
    assert.match(body, /<h1 class="masthead__title">Link your channels to Acme<\/h1>/);
    assert.match(body, /<title>Link your channels to Acme<\/title>/);
    assert.match(body, /Acme publishes for you\./);
    assert.match(body, /href="https:\/\/acme\.example\.com\/settings\?done=1" rel="noopener noreferrer">Back to Acme/);
  });

  test('the return button defaults to "Logout connection"', async () => {
    const { openSession, page } = setup();
    const { body } = await page(await openSession({ redirect_url: 'http://localhost:3000/' }));
    assert.match(body, /href="http:\/\/localhost:3000\/"[^>]*>Logout connection/);
  });

  test('`language` translates the page and sets <html lang>', async () => {
    const { openSession, page } = setup();
    const expected = {
      en: 'Connect Social Media Accounts',
      es: 'Conecta tus redes sociales',
      de: 'Social-Media-Konten verbinden',
      fr: 'Connectez vos réseaux sociaux',
      pt: 'Conecte suas redes sociais',
      pl: 'Połącz konta społecznościowe',
      tr: 'Sosyal medya hesaplarını bağla',
    } as const;
    for (const [language, title] of Object.entries(expected)) {
      const { body } = await page(await openSession({ language: language as keyof typeof expected }));
      assert.match(body, new RegExp(`<html lang="${language}">`));
      assert.ok(body.includes(`<h1 class="masthead__title">${title}</h1>`), language);
    }
    const { body } = await page(await openSession({ language: 'es' }));
    assert.match(body, />Conectar<span class="visually-hidden"> TikTok<\/span>/);
    assert.match(body, /Sin conectar/);
  });

  test('`ui_labels` override strings by key; the explicit options still win', async () => {
    const { openSession, page } = setup();
    const { body } = await page(
      await openSession({
        language: 'de',
        connect_description: 'Explicit description',
        ui_labels: {
          'button.connect': 'Verknüpfen',
          'tab.calendar': 'Plan',
          'connect.title': 'Label title',
          'connect.description': 'Label description',
          'accounts.summary': '{connected}/{total}',
        },
      }),
    );
    assert.match(body, />Verknüpfen<span class="visually-hidden"> TikTok/);
    assert.match(body, />Plan<\/a>/);
    assert.match(body, /<h1 class="masthead__title">Label title<\/h1>/);
    assert.match(body, /Explicit description/);
    assert.doesNotMatch(body, /Label description/);
    assert.match(body, />0\/9</);
    assert.match(body, /Nicht verbunden/, "keys not overridden stay in the link's language");
  });

  test('accounts and calendar tabs link to each other when both are allowed', async () => {
    const { openSession, page } = setup();
    const sessionPath = await openSession();
    const id = sessionPath.split('/').at(-1)!;
    const accounts = await page(sessionPath);
    assert.match(accounts.body, new RegExp(`<a class="tabs__tab" href="\\.\\./s/${id}" aria-current="page">Accounts</a>`));
    assert.match(accounts.body, new RegExp(`<a class="tabs__tab" href="\\.\\./s/${id}/calendar">Calendar</a>`));
    const calendar = await page(`${sessionPath}/calendar`);
    assert.match(calendar.body, new RegExp(`<a class="tabs__tab" href="\\.\\./\\.\\./s/${id}/calendar" aria-current="page">Calendar</a>`));
  });
});

describe('connect page: calendar rules', () => {
  test('the calendar deep link lands on a month grid with no posts and the linked accounts, read-only', async () => {
    const { openSession, page, emulator } = setup();
    emulator.store.createProfile('user-1');
    emulator.store.connectAccount('user-1', 'youtube', { username: 'acme', display_name: 'Acme TV', social_images: 'https://img.example/acme.png' });
    const location = await openSession({}, 'user-1', '/connect/calendar');
    assert.match(location, /^\/connect\/s\/[\w-]+\/calendar$/);
    const { response, body } = await page(location);
    assert.equal(response.status, 200);
    assert.match(body, /November 2025/);
    assert.match(body, /<time class="calendar__day" datetime="2025-11-27" aria-current="date"/);
    assert.equal([...body.matchAll(/<td/g)].length, 42, 'six weeks of seven days (November 2025 starts on a Saturday)');
    assert.match(body, /No scheduled posts/);
    assert.match(body, /<li class="linked__item" data-platform="youtube">.*Acme TV/s);
    assert.doesNotMatch(body, /<form/, 'nothing to submit on the calendar');
  });

  test('`show_calendar: false` falls back to the accounts view and hides the tabs', async () => {
    const { openSession, page } = setup();
    const location = await openSession({ show_calendar: false }, 'user-1', '/connect/calendar');
    assert.match(location, /^\/connect\/s\/[\w-]+$/);
    const calendar = await page(`${location}/calendar`);
    assert.equal(calendar.response.status, 303);
    assert.equal(calendar.response.headers.get('location'), location);
    const { body } = await page(location);
    assert.doesNotMatch(body, /class="tabs"/);
  });

  test('`readonly_calendar` shows only the calendar, whatever the path, and refuses every change (403)', async () => {
    const { openSession, page, postForm, emulator, accounts } = setup();
    emulator.store.createProfile('user-1');
    emulator.store.connectAccount('user-1', 'tiktok', { username: 'maya', display_name: 'Maya', social_images: '' });
    const location = await openSession({ readonly_calendar: true, show_calendar: false });
    assert.match(location, /\/calendar$/, 'the plain /connect link lands on the calendar');
    const sessionPath = location.replace(/\/calendar$/, '');

    const accountsView = await page(sessionPath);
    assert.equal(accountsView.response.status, 303);
    assert.equal(accountsView.response.headers.get('location'), location);

    const { body } = await page(location);
    assert.match(body, /View only/);
    assert.match(body, /<h1 class="masthead__title">Content calendar<\/h1>/);
    assert.doesNotMatch(body, /class="tabs"|<form|Disconnect|authorize/);

    assert.equal((await page(`${sessionPath}/authorize/tiktok`)).response.status, 403);
    assert.equal((await postForm(`${sessionPath}/authorize/tiktok`, { handle: 'x', display_name: 'X' })).status, 403);
    const disconnect = await postForm(`${sessionPath}/disconnect/tiktok`);
    assert.equal(disconnect.status, 403);
    assert.match(await disconnect.text(), /This is not allowed here/);
    assert.equal((accounts()?.tiktok as { username: string } | undefined)?.username, 'maya', 'the store is untouched');
  });
});

describe('connect page: the consent step', () => {
  test('Connect leads to a consent screen styled as the platform, with plausible prefilled values', async () => {
    const { openSession, page } = setup();
    const sessionPath = await openSession();
    const accounts = await page(sessionPath);
    assert.match(accounts.body, new RegExp(`href="\\.\\./s/${sessionPath.split('/').at(-1)}/authorize/tiktok"`));
    const { response, body } = await page(`${sessionPath}/authorize/tiktok`);
    assert.equal(response.status, 200);
    assert.match(body, /<article class="consent" data-platform="tiktok">/);
    assert.match(body, /<h1 class="consent__title">Upload-Post wants to access your TikTok account<\/h1>/);
    assert.match(body, /name="handle" value="[a-z.]+\d{2}"/);
    assert.match(body, /name="display_name" value="[^"]+ [^"]+"/);
    assert.match(body, />Allow<\/button>/);
    assert.match(body, /<a class="button button--secondary" href="\.\.\/\.\.\/\.\.\/s\/[\w-]+">Cancel<\/a>/);
  });

  test('Allow links the account with an emulator-served avatar; Disconnect empties the slot', async () => {
    const { openSession, page, postForm, accounts } = setup();
    const sessionPath = await openSession();
    const allowed = await postForm(`${sessionPath}/authorize/tiktok`, { handle: '@maya.chen', display_name: 'Maya Chen' });
    assert.equal(allowed.status, 303);
    assert.equal(allowed.headers.get('location'), sessionPath);
    assert.deepEqual(accounts()?.tiktok, {
      username: 'maya.chen',
      display_name: 'Maya Chen',
      social_images: 'http://localhost/connect/avatars/maya.chen.svg',
    });

    const connected = await page(sessionPath);
    assert.equal(cardState(connected.body, 'tiktok'), 'connected');
    assert.match(connected.body, /<span class="card__display-name">Maya Chen<\/span> <span class="card__handle">@maya\.chen<\/span>/);
    assert.match(connected.body, /<img class="card__avatar" src="http:\/\/localhost\/connect\/avatars\/maya\.chen\.svg"/);
    assert.match(connected.body, /1 of 9 connected/);

    const disconnected = await postForm(`${sessionPath}/disconnect/tiktok`);
    assert.equal(disconnected.status, 303);
    assert.equal(accounts()?.tiktok, '');
    assert.equal(cardState((await page(sessionPath)).body, 'tiktok'), 'not-connected');
  });

  test('invalid fields re-show the form (422) with the errors and change nothing', async () => {
    const { openSession, postForm, accounts } = setup();
    const sessionPath = await openSession();
    for (const fields of [
      { handle: '', display_name: 'Maya' },
      { handle: 'has space', display_name: 'Maya' },
      { handle: 'a'.repeat(65), display_name: 'Maya' },
      { handle: 'maya', display_name: '' },
      { handle: 'maya', display_name: 'x'.repeat(81) },
    ]) {
      const response = await postForm(`${sessionPath}/authorize/instagram`, fields);
      assert.equal(response.status, 422, JSON.stringify(fields));
      assert.match(await response.text(), /aria-invalid="true"/);
    }
    assert.equal(accounts()?.instagram, undefined);
    assert.equal((await postForm(`${sessionPath}/authorize/instagram`, { handle: 'a'.repeat(64), display_name: 'é'.repeat(80) })).status, 303);
  });

  test('a platform the link does not allow is refused (403), both the screen and the post', async () => {
    const { openSession, page, postForm, accounts } = setup();
    const sessionPath = await openSession({ platforms: ['tiktok'] });
    assert.equal((await page(`${sessionPath}/authorize/facebook`)).response.status, 403);
    assert.equal((await postForm(`${sessionPath}/authorize/facebook`, { handle: 'maya', display_name: 'Maya' })).status, 403);
    assert.equal((await postForm(`${sessionPath}/disconnect/facebook`)).status, 403);
    assert.equal(accounts()?.facebook, undefined);
  });

  test('a cross-site post is refused (403) and so is anything but a form', async () => {
    const { openSession, postForm, request, accounts } = setup();
    const sessionPath = await openSession();
    const crossSite = await postForm(
      `${sessionPath}/authorize/tiktok`,
      { handle: 'evil', display_name: 'Evil' },
      {
        Origin: 'https://evil.example',
        'Sec-Fetch-Site': 'cross-site',
      },
    );
    assert.equal(crossSite.status, 403);
    const noOrigin = await postForm(`${sessionPath}/authorize/tiktok`, { handle: 'evil', display_name: 'Evil' }, {});
    assert.equal(noOrigin.status, 403, 'a form post must say where it comes from');
    const sameOriginByFetchMetadata = await postForm(
      `${sessionPath}/authorize/tiktok`,
      { handle: 'good', display_name: 'Good' },
      { 'Sec-Fetch-Site': 'same-origin' },
    );
    assert.equal(sameOriginByFetchMetadata.status, 303);
    await postForm(`${sessionPath}/disconnect/tiktok`);
    const json = await request(`${sessionPath}/authorize/tiktok`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...SAME_ORIGIN },
      body: JSON.stringify({ handle: 'evil', display_name: 'Evil' }),
    });
    assert.equal(json.status, 415);
    assert.equal(accounts()?.tiktok, '');
  });
});

describe('connect page: hostile input', () => {
  const SCRIPT = '<script>alert(1)</script>';
  const ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;';

  test('title, description, button text and labels are escaped', async () => {
    const { openSession, page } = setup();
    const { body } = await page(
      await openSession({
        connect_title: SCRIPT,
        connect_description: `"><img src=x onerror=alert(2)>`,
        redirect_url: 'https://acme.example.com/',
        redirect_button_text: `</a>${SCRIPT}`,
        ui_labels: { 'button.connect': SCRIPT },
      }),
    );
    assert.ok(!body.includes('<script>'), 'no raw <script> anywhere');
    assert.ok(!body.includes('<img src=x'), 'no injected element');
    assert.ok(body.includes(`<h1 class="masthead__title">${ESCAPED}</h1>`));
    assert.ok(body.includes('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;'));
    assert.ok(body.includes(`&lt;/a&gt;${ESCAPED}`));
  });

  test('logo_image and redirect_url must be http(s); quotes cannot leave the attribute', async () => {
    const { openSession, page } = setup();
    const refused = await page(await openSession({ logo_image: 'javascript:alert(1)', redirect_url: 'javascript:alert(1)' }));
    assert.ok(!refused.body.includes('javascript:'));
    assert.doesNotMatch(refused.body, /masthead__logo|button--large/);

    const dataLogo = await page(await openSession({ logo_image: 'data:image/svg+xml,<svg onload=alert(1)>' }));
    assert.doesNotMatch(dataLogo.body, /masthead__logo/);

    const quoted = await page(
      await openSession({ logo_image: 'https://img.example/a.png" onerror="alert(1)', redirect_url: 'https://x.example/"><script>alert(1)</script>' }),
    );
    assert.ok(!quoted.body.includes('<script>'));
    assert.doesNotMatch(quoted.body, /" onerror="/);
    assert.match(quoted.body, /src="https:\/\/img\.example\/a\.png%22%20onerror=%22alert\(1\)"/);
  });

  test('a display name with markup is stored as typed and shown escaped', async () => {
    const { openSession, page, postForm, accounts } = setup();
    const sessionPath = await openSession();
    assert.equal((await postForm(`${sessionPath}/authorize/x`, { handle: 'maya', display_name: SCRIPT })).status, 303);
    assert.equal((accounts()?.x as { display_name: string }).display_name, SCRIPT);
    const accountsPage = await page(sessionPath);
    assert.ok(!accountsPage.body.includes('<script>'));
    assert.ok(accountsPage.body.includes(`<span class="card__display-name">${ESCAPED}</span>`));
    const calendar = await page(`${sessionPath}/calendar`);
    assert.ok(!calendar.body.includes('<script>'));
    assert.ok(calendar.body.includes(ESCAPED));
  });

  test('a handle with markup is refused, and echoed back escaped', async () => {
    const { openSession, postForm, accounts } = setup();
    const sessionPath = await openSession();
    const response = await postForm(`${sessionPath}/authorize/x`, { handle: SCRIPT, display_name: 'Maya' });
    assert.equal(response.status, 422);
    const body = await response.text();
    assert.ok(!body.includes('<script>'));
    assert.ok(body.includes(`value="${ESCAPED}"`));
    assert.equal(accounts()?.x, undefined);
  });

  test('social_images from the store are shown only when http(s)', async () => {
    const { openSession, page, emulator } = setup();
    emulator.store.createProfile('user-1');
    emulator.store.connectAccount('user-1', 'tiktok', { username: 'maya', display_name: 'Maya', social_images: 'javascript:alert(1)' });
    const { body } = await page(await openSession());
    assert.equal(cardState(body, 'tiktok'), 'connected');
    assert.ok(!body.includes('javascript:'));
  });
});

describe('connect page: resources', () => {
  test('the avatar is an SVG with the initials, its own CSP and a cross-origin resource policy', async () => {
    const { request } = setup();
    const response = await request('/connect/avatars/maya.chen42.svg');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'image/svg+xml; charset=utf-8');
    assert.equal(response.headers.get('content-security-policy'), "default-src 'none'; sandbox");
    assert.equal(response.headers.get('cross-origin-resource-policy'), 'cross-origin');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    const svg = await response.text();
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, />MC<\/text><\/svg>$/);
    assert.equal(svg, await (await request('/connect/avatars/maya.chen42.svg')).text(), 'same handle, same picture');
  });

  test('an avatar for anything but a valid handle is 404', async () => {
    const { request } = setup();
    for (const path of ['/connect/avatars/%3Cscript%3E.svg', '/connect/avatars/maya.png', `/connect/avatars/${'a'.repeat(65)}.svg`, '/connect/avatars/.svg']) {
      assert.equal((await request(path)).status, 404, path);
    }
  });

  test('the stylesheet carries every brand colour and the dark scheme', async () => {
    const { request } = setup();
    const response = await request('/connect/assets/page.css');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type')!, /^text\/css/);
    const css = await response.text();
    assert.match(css, /\[data-platform="tiktok"\]\{--brand:#000000;--on-brand:#ffffff/);
    assert.match(css, /\[data-platform="linkedin"\]\{--brand:#0A66C2/);
    assert.match(css, /@media \(prefers-color-scheme: dark\)/);
  });

  test('an unknown address under /connect is a friendly 404 page', async () => {
    const { page } = setup();
    const { response, body } = await page('/connect/nothing/here');
    assert.equal(response.status, 404);
    assert.match(body, /Page not found/);
    assert.match(body, /href="\.\.\/assets\/page\.css"/);
  });
});
