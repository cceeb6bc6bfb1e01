/**
 * Registering the webhook URL with Upload-Post (the emulator here): idempotent, never silently taking
 * over another URL, and the CLI command that does it from the server's environment.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createEmulator } from '../../../emulator/index.ts';
import { registerWebhook, webhookUrl } from '../../../token-server/live/register-webhook.ts';
import { registerWebhookCommand } from '../../../token-server/node/register-webhook.ts';
import { UploadPostClient, type Transport } from '../../../upload-post/index.ts';
import { serveOnLoopback, type LoopbackServer } from '../../helpers/loopback.ts';

const KEY = 'register-test-api-key';
const SECRET = 'register-test-webhook-secret-0123';
const PUBLIC = 'https://tokens.example.com/upload-post';

function setup() {
  const emulator = createEmulator({ apiKey: KEY });
  const sent: string[] = [];
  const transport: Transport = async (url, init) => {
    sent.push(`${init.method} ${new URL(url).pathname}`);
    return emulator.app.request(url, init);
  };
  const client = new UploadPostClient({ apiKey: KEY, baseUrl: 'http://emulator.test/api', transport });
  return { emulator, client, sent };
}

describe('registerWebhook', () => {
  test('webhookUrl: the mount path, then /webhooks/upload-post with the secret in the query', () => {
    assert.equal(webhookUrl(`${PUBLIC}/`, 'a b&c'), `${PUBLIC}/webhooks/upload-post?secret=a+b%26c`);
  });

  test('turns the webhook channel and the account events on, leaves the others; a second run changes nothing', async () => {
    const { client, sent } = setup();
    const url = webhookUrl(PUBLIC, SECRET);
    const first = await registerWebhook(client, url);
    assert.equal(first.status, 'registered');
    assert.equal(first.config.webhook_url, url);
    assert.equal(first.config.channels.webhook, true);
    assert.deepEqual(first.config.webhook_events, {
      upload_completed: true,
      social_account_connected: true,
      social_account_disconnected: true,
      social_account_reauth_required: true,
    });
    sent.length = 0;
    assert.equal((await registerWebhook(client, url)).status, 'unchanged');
    assert.deepEqual(sent, ['GET /api/uploadposts/users/notifications'], 'read, and nothing written');
  });

  test('an account event turned off is turned on again', async () => {
    const { client } = setup();
    const url = webhookUrl(PUBLIC, SECRET);
    await registerWebhook(client, url);
    await client.updateNotificationConfig({ webhook_events: { social_account_disconnected: false, upload_completed: false } });
    const again = await registerWebhook(client, url);
    assert.equal(again.status, 'registered');
    assert.equal(again.config.webhook_events?.social_account_disconnected, true);
    assert.equal(again.config.webhook_events?.upload_completed, false, 'not ours to turn on');
  });

  test('another URL already there: refused and named, unless replace is asked', async () => {
    const { client } = setup();
    await client.updateNotificationConfig({ channels: { webhook: true }, webhook_url: 'https://other.example.com/hooks' });
    const url = webhookUrl(PUBLIC, SECRET);
    const refused = await registerWebhook(client, url);
    assert.deepEqual([refused.status, refused.previousUrl], ['conflict', 'https://other.example.com/hooks']);
    assert.equal((await client.getNotificationConfig()).webhook_url, 'https://other.example.com/hooks', 'untouched');
    const replaced = await registerWebhook(client, url, { replace: true });
    assert.deepEqual([replaced.status, replaced.previousUrl, replaced.config.webhook_url], ['registered', 'https://other.example.com/hooks', url]);
  });
});

describe('upload-post-token-server --register-webhook', () => {
  let server: LoopbackServer;
  const emulator = createEmulator({ apiKey: KEY });
  before(async () => {
    server = await serveOnLoopback(emulator.app.fetch);
  });
  after(() => server.close());

  const run = async (args: string[], env: Record<string, string>) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await registerWebhookCommand(args, env, { out: (text) => out.push(text), err: (text) => err.push(text) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const env = () => ({
    UPLOAD_POST_API_KEY: KEY,
    UPLOAD_POST_SESSION_SECRET: 'register-test-session-secret-0123456789',
    UPLOAD_POST_API_URL: `${server.url}/api`,
    UPLOAD_POST_PUBLIC_URL: PUBLIC,
    UPLOAD_POST_WEBHOOK_SECRET: SECRET,
  });

  test('registers from the environment, then says it already is; the secret is never printed', async () => {
    emulator.reset();
    const first = await run(['--register-webhook'], env());
    assert.deepEqual([first.code, first.err], [0, '']);
    assert.equal(first.out, `Registered: Upload-Post now sends account events to ${PUBLIC}/webhooks/upload-post?secret=[redacted].`);
    const second = await run(['--register-webhook'], env());
    assert.equal(second.code, 0);
    assert.match(second.out, /^Already registered/);
    for (const text of [first.out, second.out]) assert.ok(!text.includes(SECRET) && !text.includes(KEY));
    assert.equal((await emulator.app.request('/api/uploadposts/users/notifications', { headers: { Authorization: `Apikey ${KEY}` } })).status, 200);
  });

  test('exit 1 for another URL already there (2 without what it needs), --replace takes it over', async () => {
    emulator.reset();
    emulator.webhooks.settings.update({ channels: { webhook: true }, webhook_url: 'https://other.example.com/hooks' });
    const refused = await run(['--register-webhook'], env());
    assert.equal(refused.code, 1);
    assert.match(refused.err, /already sends webhooks to https:\/\/other\.example\.com\/hooks.*--replace/);
    const replaced = await run(['--register-webhook', '--replace'], env());
    assert.equal(replaced.code, 0);
    assert.match(replaced.out, /instead of https:\/\/other\.example\.com\/hooks/);
    const { UPLOAD_POST_PUBLIC_URL: _url, UPLOAD_POST_WEBHOOK_SECRET: _secret, ...partial } = env();
    const missing = await run(['--register-webhook'], partial);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /set UPLOAD_POST_PUBLIC_URL, UPLOAD_POST_WEBHOOK_SECRET/);
    assert.equal((await run(['--register-webhook', '--bogus'], env())).code, 2);
  });
});
