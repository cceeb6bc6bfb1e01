/** Minting a connect link and reading the answer: profile creation, the calendar deep link, the expiry. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sign } from 'hono/jwt';
import { connectPageUrl, linkExpiry, mintConnectLink, parseDuration } from '../../../token-server/upstream/connect-link.ts';
import { TokenServerError } from '../../../token-server/errors.ts';
import { FakeUpstream, httpError } from '../../helpers/token-server-fixtures.ts';

const NOW = Date.parse('2026-12-01T12:00:00Z');

describe('mintConnectLink', () => {
  it('costs one upstream call for an existing profile', async () => {
    const upstream = new FakeUpstream();
    upstream.addProfile('alice');
    const jwt = await mintConnectLink(upstream, { username: 'alice' });
    assert.equal(jwt.access_url, upstream.accessUrl);
    assert.deepEqual(
      upstream.calls.map((call) => call.method),
      ['generateJwt'],
    );
  });

  it('creates a missing profile, then asks again; a 409 from a concurrent create is fine', async () => {
    const upstream = new FakeUpstream();
    await mintConnectLink(upstream, { username: 'newcomer' });
    assert.deepEqual(
      upstream.calls.map((call) => call.method),
      ['generateJwt', 'createProfile', 'generateJwt'],
    );

    const racing = new FakeUpstream();
    racing.fail('generateJwt', httpError(404, 'PROFILE_NOT_FOUND'), 1);
    racing.addProfile('bob');
    await mintConnectLink(racing, { username: 'bob' });
    assert.deepEqual(
      racing.calls.map((call) => call.method),
      ['generateJwt', 'createProfile', 'generateJwt'],
    );
  });

  it('passes other failures on untouched, without creating anything', async () => {
    const upstream = new FakeUpstream();
    const refused = httpError(403, 'PROFILE_BLOCKED');
    upstream.fail('generateJwt', refused);
    await assert.rejects(mintConnectLink(upstream, { username: 'alice' }), (error) => error === refused);
    assert.equal(upstream.count('createProfile'), 0);
  });
});

describe('connectPageUrl', () => {
  it('keeps a connect link as it is, and turns the last /connect into /connect/calendar with the token intact', () => {
    const link = 'https://app.upload-post.com/connect?token=a.b.c';
    assert.equal(connectPageUrl(link, 'connect'), link);
    assert.equal(connectPageUrl(link, 'calendar'), 'https://app.upload-post.com/connect/calendar?token=a.b.c');
    assert.equal(connectPageUrl('https://x.example/connect/?token=t', 'calendar'), 'https://x.example/connect/calendar?token=t');
  });

  it('refuses a link that is not http(s) as a bad upstream answer', () => {
    for (const link of ['javascript:alert(1)', 'data:text/html,hi', 'not a url']) {
      assert.throws(
        () => connectPageUrl(link, 'connect'),
        (error) => error instanceof TokenServerError && error.code === 'UPSTREAM_BAD_RESPONSE',
        link,
      );
    }
  });
});

describe('parseDuration', () => {
  it('reads the forms an upstream may write, a bare number as seconds', () => {
    assert.equal(parseDuration('48h'), 48 * 3600_000);
    assert.equal(parseDuration('30m'), 30 * 60_000);
    assert.equal(parseDuration(' 3600s '), 3600_000);
    assert.equal(parseDuration('2d'), 2 * 86_400_000);
    assert.equal(parseDuration('90'), 90_000);
    assert.equal(parseDuration('1.5h'), 1.5 * 3600_000);
  });

  it('refuses what is not a believable lifetime', () => {
    for (const text of [undefined, '', 'soon', '0h', '-1h', '400d', '48 hours']) assert.equal(parseDuration(text), undefined, String(text));
  });
});

describe('linkExpiry', () => {
  it('prefers the upstream duration, then the JWT exp, then the documented 48 hours', async () => {
    assert.equal(linkExpiry({ access_url: 'https://x', duration: '30m' }, NOW).getTime(), NOW + 30 * 60_000);
    const jwt = await sign({ exp: NOW / 1000 + 3600 }, 'secret-for-the-test', 'HS256');
    assert.equal(linkExpiry({ access_url: 'https://x', jwt }, NOW).getTime(), NOW + 3600_000);
    assert.equal(linkExpiry({ access_url: 'https://x' }, NOW).getTime(), NOW + 48 * 3600_000);
  });

  it('ignores a JWT exp in the past, too far out or unreadable', async () => {
    for (const exp of [NOW / 1000 - 10, NOW / 1000 + 400 * 86_400]) {
      const jwt = await sign({ exp }, 'secret-for-the-test', 'HS256');
      assert.equal(linkExpiry({ access_url: 'https://x', jwt }, NOW).getTime(), NOW + 48 * 3600_000, String(exp));
    }
    assert.equal(linkExpiry({ access_url: 'https://x', jwt: 'garbage' }, NOW).getTime(), NOW + 48 * 3600_000);
  });
});
