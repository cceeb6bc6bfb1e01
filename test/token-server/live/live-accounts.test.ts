/**
 * Live accounts as `createTokenServer` assembles them: the fan-out through a `sharedStore` that also
 * implements `SharedPubSub` (and what happens when that channel fails or hangs), and the user id of
 * a change (`userIdOf`, or a warning that there is none).
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createTokenServer } from '../../../token-server/app.ts';
import { createSessionToken } from '../../../token-server/identity/session-token.ts';
import type { AccountsChange } from '../../../token-server/live/accounts-change.ts';
import type { TokenServerOptions } from '../../../token-server/options.ts';
import { MemoryStore } from '../../../token-server/stores/memory-store.ts';
import type { SharedPubSub } from '../../../token-server/stores/shared-pubsub.ts';
import { openEventStream, type EventStreamReader } from '../../helpers/event-stream.ts';
import { SharedMemory } from '../../helpers/live-stack.ts';
import { serveOnLoopback, type LoopbackServer } from '../../helpers/loopback.ts';
import { Capture, FakeUpstream, SESSION_SECRET } from '../../helpers/token-server-fixtures.ts';

const SECRET = 'live-accounts-webhook-secret-0123';
const servers: LoopbackServer[] = [];
const streams: EventStreamReader[] = [];
const shutdown = new AbortController();
after(async () => {
  shutdown.abort();
  await Promise.all(streams.map((stream) => stream.close()));
  await Promise.all(servers.map((server) => server.close()));
});

async function serve(overrides: Partial<TokenServerOptions>, capture = new Capture()) {
  const upstream = new FakeUpstream();
  upstream.addProfile('alice');
  const app = createTokenServer({
    upstream,
    identity: { sessionSecret: SESSION_SECRET },
    webhookSecret: SECRET,
    log: capture.sink,
    shutdownSignal: shutdown.signal,
    ...overrides,
  });
  const server = await serveOnLoopback(app.fetch);
  servers.push(server);
  const open = async (userId = 'alice') => {
    const stream = await openEventStream(`${server.url}/events?session_token=${await createSessionToken({ userId, secret: SESSION_SECRET })}`);
    streams.push(stream);
    await stream.nth('accounts', 0);
    return stream;
  };
  const webhook = (profile = 'alice') =>
    fetch(`${server.url}/webhooks/upload-post?secret=${SECRET}`, {
      method: 'POST',
      body: JSON.stringify({ event: 'social_account_connected', profile_username: profile, platform: 'tiktok' }),
    });
  const link = (profile = 'alice') => upstream.addProfile(profile, { tiktok: { connected: true, details: { username: 'tt' }, raw: {} } });
  return { upstream, server, open, webhook, link, capture };
}

/** A shared store whose channel is replaced by `channel`. */
function storeWith(channel: Partial<SharedPubSub>): MemoryStore & SharedPubSub {
  return Object.assign(new SharedMemory(), channel);
}

describe('the fan-out', () => {
  test('goes through the sharedStore’s channel when it has one', async () => {
    const published: string[] = [];
    const shared = new SharedMemory();
    const store = storeWith({
      publish: async (channel, message) => {
        published.push(channel);
        await shared.publish(channel, message);
      },
      subscribe: (channel, listener) => shared.subscribe(channel, listener),
    });
    const { open, webhook, link } = await serve({ sharedStore: store });
    const stream = await open();
    link();
    assert.equal((await webhook()).status, 202);
    await stream.nth('accounts', 1);
    assert.deepEqual(published, ['upload-post-connect:accounts']);
  });

  for (const [name, publish] of [
    ['fails', async () => Promise.reject(new Error('redis down'))],
    ['hangs', () => new Promise<void>(() => undefined)],
  ] as const) {
    test(`a channel that ${name}: this instance’s streams still hear of the change, and the operator is told`, async () => {
      const shared = new SharedMemory();
      const capture = new Capture();
      const { open, webhook, link } = await serve(
        { sharedStore: storeWith({ publish, subscribe: (channel, listener) => shared.subscribe(channel, listener) }), storeTimeoutMs: 50 },
        capture,
      );
      const stream = await open();
      link();
      await webhook();
      assert.deepEqual((await stream.nth('accounts', 1)).data.accounts[0], { platform: 'tiktok', connected: true, handle: 'tt' });
      assert.ok(capture.logs.some((record) => record.msg === 'publishing an accounts change failed: only the streams on this instance hear of it'));
    });
  }
});

describe('the user id of a change', () => {
  const told = () => {
    let resolve!: (change: AccountsChange) => void;
    const promise = new Promise<AccountsChange>((done) => (resolve = done));
    return { promise, onAccountsChange: (change: AccountsChange) => resolve(change) };
  };

  test('without profileName, the profile is the user id', async () => {
    const { promise, onAccountsChange } = told();
    const { webhook, link } = await serve({ onAccountsChange });
    link();
    await webhook();
    assert.equal((await promise).userId, 'alice');
  });

  test('profileName with userIdOf: inverted, and checked to map back', async () => {
    const { promise, onAccountsChange } = told();
    const { webhook, link } = await serve({ onAccountsChange, profileName: (id) => `p_${id}`, userIdOf: (profile) => profile.replace(/^p_/, '') });
    link('p_alice');
    await webhook('p_alice');
    assert.equal((await promise).userId, 'alice');
  });

  test('profileName without userIdOf: a warning at start, and userId null', async () => {
    const capture = new Capture();
    const { promise, onAccountsChange } = told();
    const { webhook, link } = await serve({ onAccountsChange, profileName: (id) => `p_${id}` }, capture);
    assert.match(String(capture.logs[0]?.msg), /profileName is set but userIdOf is not/);
    link('p_alice');
    await webhook('p_alice');
    assert.equal((await promise).userId, null);
  });

  test('a profile userIdOf disowns is not one of this server’s users: ignored, never re-read', async () => {
    const { upstream, webhook } = await serve({
      profileName: (id) => `p_${id}`,
      userIdOf: (profile) => (profile.startsWith('p_') ? profile.slice(2) : undefined),
    });
    const answer = await webhook('someone-else');
    assert.deepEqual(await answer.json(), { received: true, refreshed: 0, ignored: 1 });
    assert.equal(upstream.count('getProfile'), 0);
  });
});
