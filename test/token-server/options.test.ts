/**
 * A wrong configuration throws at creation, with a sentence that names the option and says what to
 * set — and never repeats a secret.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createTokenServer } from '../../token-server/app.ts';
import { TokenServerConfigError, type TokenServerOptions } from '../../token-server/options.ts';
import { readConfig, ConfigError } from '../../token-server/env-options.ts';
import { API_KEY, Capture, FakeUpstream, SESSION_SECRET } from '../helpers/token-server-fixtures.ts';

const capture = new Capture();
after(() => capture.assertNoSecret(API_KEY, SESSION_SECRET));

function refused(options: unknown, pattern: RegExp): void {
  let thrown: unknown;
  try {
    createTokenServer(options as TokenServerOptions);
  } catch (error) {
    thrown = error;
  }
  assert.ok(thrown instanceof TokenServerConfigError, `expected a TokenServerConfigError, got ${String(thrown)}`);
  capture.note(thrown.message);
  assert.match(thrown.message, pattern);
}

const upstream = new FakeUpstream();

describe('createTokenServer options', () => {
  it('accepts a minimal valid configuration (both ways of giving the upstream)', () => {
    assert.equal(typeof createTokenServer({ upstream, identity: { sessionSecret: SESSION_SECRET } }).fetch, 'function');
    assert.equal(typeof createTokenServer({ apiKey: API_KEY, identity: { getUser: () => null } }).fetch, 'function');
  });

  it('says what to set when identity is missing or malformed', () => {
    refused({ upstream }, /`identity`.*getUser.*sessionSecret/);
    refused({ upstream, identity: { sessionSecret: 'short' } }, /sessionSecret must be at least 32 characters/);
    refused({ upstream, identity: { token: 'x' } }, /identity must be \{ getUser\(c\) \}/);
  });

  it('refuses the demo identity whenever a real key is set', () => {
    refused({ apiKey: API_KEY, identity: { demo: true } }, /demo identity is refused when a real `apiKey` is set/);
    assert.equal(typeof createTokenServer({ upstream, identity: { demo: true } }).fetch, 'function');
  });

  it('needs exactly one of apiKey and upstream', () => {
    refused({ identity: { sessionSecret: SESSION_SECRET } }, /set `apiKey` to your Upload-Post API key/);
    refused({ upstream, apiKey: API_KEY, identity: { sessionSecret: SESSION_SECRET } }, /either `apiKey` or `upstream`, not both/);
    refused({ upstream: { getProfile() {} }, identity: { sessionSecret: SESSION_SECRET } }, /must implement UploadPostApi/);
  });

  it('refuses origins that are not bare origins', () => {
    for (const origin of ['https://app.example.com/', 'https://app.example.com/path', '*', 'app.example.com', 'ftp://x.example']) {
      refused({ upstream, identity: { sessionSecret: SESSION_SECRET }, allowedOrigins: [origin] }, /is not an origin; write it as scheme:\/\/host/);
    }
  });

  it('refuses unknown options, unknown platforms and bad branding', () => {
    refused({ upstream, identity: { sessionSecret: SESSION_SECRET }, allowedOrigin: ['https://a.example'] }, /unknown option: `allowedOrigin`/);
    refused({ upstream, identity: { sessionSecret: SESSION_SECRET }, platforms: ['myspace'] }, /option `platforms.0`/);
    refused({ upstream, identity: { sessionSecret: SESSION_SECRET }, linkDefaults: { logo_image: 'javascript:x' } }, /linkDefaults.logo_image.*http\(s\)/);
    refused({ upstream, identity: { sessionSecret: SESSION_SECRET }, rateLimit: { maxMints: 0, windowSeconds: 60 } }, /rateLimit/);
  });

  it('never repeats the API key or the session secret in its sentences', () => {
    refused({ apiKey: API_KEY, identity: { demo: true }, allowedOrigins: [`https://x.example/${API_KEY}`] }, /not an origin/);
    refused({ upstream, identity: { sessionSecret: SESSION_SECRET, extra: SESSION_SECRET } }, /identity/);
  });
});

describe('the CLI environment', () => {
  const configError = (env: Record<string, string>, pattern: RegExp) => {
    assert.throws(() => readConfig(env), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      capture.note(error.message);
      assert.match(error.message, pattern);
      return true;
    });
  };

  it('defaults: emulator mode on 127.0.0.1:8787, emulator on 8788', () => {
    const config = readConfig({});
    assert.equal(config.apiKey, undefined);
    assert.equal(config.port, 8787);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.emulatorPort, 8788);
    assert.equal(config.apiUrl, 'https://api.upload-post.com/api');
  });

  it('reads a full configuration', () => {
    const config = readConfig({
      UPLOAD_POST_API_KEY: API_KEY,
      UPLOAD_POST_SESSION_SECRET: SESSION_SECRET,
      UPLOAD_POST_ALLOWED_ORIGINS: 'https://a.example, https://b.example:8443',
      UPLOAD_POST_PLATFORMS: 'tiktok,instagram',
      UPLOAD_POST_LOGO_URL: 'https://a.example/logo.png',
      UPLOAD_POST_SHOW_CALENDAR: 'false',
      PORT: '9000',
    });
    assert.deepEqual(config.allowedOrigins, ['https://a.example', 'https://b.example:8443']);
    assert.deepEqual(config.platforms, ['tiktok', 'instagram']);
    assert.deepEqual(config.linkDefaults, { logo_image: 'https://a.example/logo.png', show_calendar: false });
    assert.equal(config.emulatorPort, 9001);
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

  it('never prints the key back, even pasted into the wrong variable', () => {
    configError({ UPLOAD_POST_API_KEY: API_KEY, UPLOAD_POST_SESSION_SECRET: SESSION_SECRET, UPLOAD_POST_ALLOWED_ORIGINS: API_KEY }, /UPLOAD_POST_ALLOWED_ORIGINS "\[redacted\]" is not an origin/);
  });
});
