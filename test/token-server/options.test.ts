/**
 * A wrong configuration throws at creation, with a sentence that names the option and says what to
 * set — and never repeats a secret.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createTokenServer } from '../../token-server/app.ts';
import { TokenServerConfigError, type TokenServerOptions } from '../../token-server/options.ts';
import { UploadPostClient } from '../../upload-post/index.ts';
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

  it('live accounts: a usable webhook secret, a forward with its own secret, and nothing told without webhooks', () => {
    const identity = { sessionSecret: SESSION_SECRET };
    refused({ upstream, identity, webhookSecret: 'short' }, /webhookSecret must be 16 to 256 URL-safe characters/);
    refused({ upstream, identity, webhookSecret: 'not url safe: 0123456789' }, /webhookSecret must be 16 to 256 URL-safe/);
    refused({ upstream, identity, webhookSecret: 'webhook-secret-0123', forward: { url: 'ftp://x.example', secret: 'forward-secret-0123' } }, /forward\.url/);
    refused({ upstream, identity, webhookSecret: 'webhook-secret-0123', forward: { url: 'https://x.example', secret: 'short' } }, /forward\.secret/);
    refused({ upstream, identity, onAccountsChange: () => undefined }, /set `webhookSecret` too/);
    refused({ upstream, identity, webhookSecret: 'webhook-secret-0123', events: { maxStreams: 0 } }, /`events/);
    refused({ upstream, identity, webhookSecret: 'webhook-secret-0123', shutdownSignal: 'stop' }, /shutdownSignal must be an AbortSignal/);
    assert.equal(typeof createTokenServer({ upstream, identity, webhookSecret: 'webhook-secret-0123', events: false }).fetch, 'function');
  });

  it('says what to set when identity is missing or malformed', () => {
    refused({ upstream }, /`identity`.*getUser.*sessionSecret/);
    refused({ upstream, identity: { sessionSecret: 'short' } }, /sessionSecret must be at least 32 characters/);
    refused({ upstream, identity: { token: 'x' } }, /identity must be \{ getUser\(c\) \}/);
  });

  it('refuses the demo identity whenever a real key is set', () => {
    refused({ apiKey: API_KEY, identity: { demo: true } }, /demo identity is refused with a real Upload-Post key/);
    for (const baseUrl of ['https://api.upload-post.com/api', 'http://10.0.0.5/api', 'http://127.0.0.1.evil.example/api']) {
      refused(
        { upstream: new UploadPostClient({ apiKey: API_KEY, baseUrl }), identity: { demo: true } },
        /demo identity is refused with a real Upload-Post key/,
      );
    }
    for (const baseUrl of ['http://127.0.0.1:8788/api', 'http://localhost:9/api', 'http://[::1]:8788/api']) {
      assert.equal(
        typeof createTokenServer({ upstream: new UploadPostClient({ apiKey: 'emulator-key', baseUrl }), identity: { demo: true } }).fetch,
        'function',
        baseUrl,
      );
    }
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

  it("points the client's settings to `client`, where they now live", () => {
    refused(
      { apiKey: API_KEY, apiUrl: 'https://x.example/api', identity: { sessionSecret: SESSION_SECRET } },
      /unknown option: `apiUrl`\. The client's settings go under `client`/,
    );
    refused({ apiKey: API_KEY, client: { baseUrl: 'ftp://x' }, identity: { sessionSecret: SESSION_SECRET } }, /option `client`: .*baseUrl/);
    refused({ upstream, client: { retries: 1 }, identity: { sessionSecret: SESSION_SECRET } }, /`client` configures the client built from `apiKey`/);
  });

  it('refuses unknown options, unknown platforms and bad branding', () => {
    refused({ upstream, identity: { sessionSecret: SESSION_SECRET }, allowedOrigin: ['https://a.example'] }, /unknown option: `allowedOrigin`/);
    refused({ upstream, identity: { sessionSecret: SESSION_SECRET }, platforms: ['myspace'] }, /option `platforms\[0\]`: .*expected one of "tiktok"/);
    refused({ upstream, identity: { sessionSecret: SESSION_SECRET }, linkDefaults: { logo_image: 'javascript:x' } }, /linkDefaults.logo_image.*http\(s\)/);
    refused({ upstream, identity: { sessionSecret: SESSION_SECRET }, rateLimit: { maxMints: 0, windowSeconds: 60 } }, /rateLimit/);
  });

  it('never repeats the API key or the session secret in its sentences', () => {
    refused({ apiKey: API_KEY, identity: { demo: true }, allowedOrigins: [`https://x.example/${API_KEY}`] }, /not an origin/);
    refused({ upstream, identity: { sessionSecret: SESSION_SECRET, extra: SESSION_SECRET } }, /identity/);
  });
});
