/** Environment variables → the token server's options: each bad variable named, no secret repeated. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createTokenServer } from '../../token-server/app.ts';
import { readEnvironment } from '../../token-server/env-options.ts';
import { TokenServerConfigError } from '../../token-server/options.ts';
import { API_KEY, Capture, FakeUpstream, SESSION_SECRET } from '../helpers/token-server-fixtures.ts';

const capture = new Capture();
after(() => capture.assertNoSecret(API_KEY, SESSION_SECRET));
const upstream = new FakeUpstream();

describe('readEnvironment: the CLI and Worker environment', () => {
  const configError = (env: Record<string, string>, pattern: RegExp) => {
    assert.throws(
      () => readEnvironment(env),
      (error: unknown) => {
        assert.ok(error instanceof TokenServerConfigError);
        capture.note(error.message);
        assert.match(error.message, pattern);
        return true;
      },
    );
  };

  it('defaults: emulator mode on 127.0.0.1:8787, emulator on 8788', () => {
    const config = readEnvironment({});
    assert.equal(config.upstream.apiKey, undefined);
    assert.equal(config.identity, undefined);
    assert.deepEqual(config.listen, { port: 8787, host: '127.0.0.1', emulatorPort: 8788 });
    assert.equal(config.upstream.baseUrl, 'https://api.upload-post.com/api');
  });

  it('reads a full configuration', () => {
    const config = readEnvironment({
      UPLOAD_POST_API_KEY: API_KEY,
      UPLOAD_POST_SESSION_SECRET: SESSION_SECRET,
      UPLOAD_POST_ALLOWED_ORIGINS: 'https://a.example, https://b.example:8443',
      UPLOAD_POST_PLATFORMS: 'tiktok,instagram',
      UPLOAD_POST_LOGO_URL: 'https://a.example/logo.png',
      UPLOAD_POST_SHOW_CALENDAR: 'false',
      PORT: '9000',
    });
    assert.deepEqual(config.options.allowedOrigins, ['https://a.example', 'https://b.example:8443']);
    assert.deepEqual(config.options.platforms, ['tiktok', 'instagram']);
    assert.deepEqual(config.options.linkDefaults, { logo_image: 'https://a.example/logo.png', show_calendar: false });
    assert.equal(config.options.profileName, undefined);
    assert.deepEqual(config.upstream, { apiKey: API_KEY, baseUrl: 'https://api.upload-post.com/api', timeoutMs: undefined });
    assert.deepEqual(config.identity, { sessionSecret: SESSION_SECRET, maxTokenLifetimeSeconds: undefined });
    assert.deepEqual(config.listen, { port: 9000, host: '127.0.0.1', emulatorPort: 9001 });
  });

  it('turns a profile prefix into profileName, and the result is accepted by createTokenServer as it is', () => {
    const config = readEnvironment({ UPLOAD_POST_PROFILE_PREFIX: 'acme-', UPLOAD_POST_SESSION_SECRET: SESSION_SECRET });
    assert.equal(config.options.profileName?.('42'), 'acme-42');
    assert.equal(typeof createTokenServer({ ...config.options, identity: config.identity!, upstream }).fetch, 'function');
  });

  it('requires the session secret with a key, and says how to make one', () => {
    configError({ UPLOAD_POST_API_KEY: API_KEY }, /UPLOAD_POST_SESSION_SECRET is required when UPLOAD_POST_API_KEY is set.*openssl rand -hex 32/);
    configError({ UPLOAD_POST_API_KEY: API_KEY, UPLOAD_POST_SESSION_SECRET: 'short' }, /UPLOAD_POST_SESSION_SECRET must be at least 32 characters/);
  });

  it('names each bad variable', () => {
    configError({ PORT: 'eighty' }, /^PORT must be a port number/);
    configError({ UPLOAD_POST_ALLOWED_ORIGINS: 'https://a.example/' }, /UPLOAD_POST_ALLOWED_ORIGINS "https:\/\/a.example\/" is not an origin/);
    configError({ UPLOAD_POST_API_URL: 'not a url' }, /UPLOAD_POST_API_URL must be an absolute http\(s\) URL/);
    configError({ UPLOAD_POST_SHOW_CALENDAR: 'yes' }, /UPLOAD_POST_SHOW_CALENDAR must be true or false/);
    configError({ UPLOAD_POST_PLATFORMS: 'tiktok,myspace' }, /UPLOAD_POST_PLATFORMS must list platforms among/);
  });

  it('live accounts: the webhook secret, the signed forward, and a prefix that inverts to the user id', () => {
    const config = readEnvironment({
      UPLOAD_POST_SESSION_SECRET: SESSION_SECRET,
      UPLOAD_POST_PROFILE_PREFIX: 'acme-',
      UPLOAD_POST_WEBHOOK_SECRET: 'webhook-secret-0123456789',
      UPLOAD_POST_FORWARD_URL: 'https://api.example.com/hooks/upload-post',
      UPLOAD_POST_FORWARD_SECRET: 'forward-secret-0123456789',
    });
    assert.equal(config.options.webhookSecret, 'webhook-secret-0123456789');
    assert.deepEqual(config.options.forward, { url: 'https://api.example.com/hooks/upload-post', secret: 'forward-secret-0123456789' });
    assert.equal(config.options.userIdOf?.('acme-42'), '42');
    assert.equal(config.options.userIdOf?.('other-42'), undefined, 'another app’s profile on the same key');
    assert.equal(typeof createTokenServer({ ...config.options, identity: config.identity!, upstream }).fetch, 'function');
    configError({ UPLOAD_POST_FORWARD_URL: 'https://api.example.com/h', UPLOAD_POST_WEBHOOK_SECRET: 'webhook-secret-0123456789' }, /go together/);
    configError(
      { UPLOAD_POST_FORWARD_URL: 'https://api.example.com/h', UPLOAD_POST_FORWARD_SECRET: 'forward-secret-0123456789' },
      /UPLOAD_POST_FORWARD_URL needs UPLOAD_POST_WEBHOOK_SECRET/,
    );
    configError({ UPLOAD_POST_WEBHOOK_SECRET: 'short' }, /UPLOAD_POST_WEBHOOK_SECRET must be 16 to 256 URL-safe characters/);
    configError({ UPLOAD_POST_WEBHOOK_SECRET: 'has spaces in it, 0123456789' }, /^UPLOAD_POST_WEBHOOK_SECRET must be/);
  });

  it('never prints the key back, even pasted into the wrong variable', () => {
    configError(
      { UPLOAD_POST_API_KEY: API_KEY, UPLOAD_POST_SESSION_SECRET: SESSION_SECRET, UPLOAD_POST_ALLOWED_ORIGINS: API_KEY },
      /UPLOAD_POST_ALLOWED_ORIGINS "\[redacted\]" is not an origin/,
    );
  });
});
