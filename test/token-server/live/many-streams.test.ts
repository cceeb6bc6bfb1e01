/**
 * A thousand open event streams over real sockets (five for each of two hundred users, the per-user
 * bound): every one gets its first state and then its user's change, memory per stream is measured
 * (server and client in this one process; `bench/streams.ts` measures the server alone), and every
 * socket is released once the clients go.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { createTokenServer } from '../../../token-server/app.ts';
import { createSessionToken } from '../../../token-server/identity/session-token.ts';
import { openEventStream, type EventStreamReader } from '../../helpers/event-stream.ts';
import { serveOnLoopback } from '../../helpers/loopback.ts';
import { Capture, FakeUpstream, SESSION_SECRET } from '../../helpers/token-server-fixtures.ts';

const USERS = 200;
const PER_USER = 5;
const SECRET = 'many-streams-webhook-secret-0123';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const shutdown = new AbortController();
after(() => shutdown.abort());

test(`${USERS * PER_USER} open streams: each gets its state, then its user's change; memory per stream measured; all released`, async (t) => {
  const upstream = new FakeUpstream();
  const users = Array.from({ length: USERS }, (_, i) => `user${i}`);
  for (const user of users) upstream.addProfile(user);
  const app = createTokenServer({
    upstream,
    identity: { sessionSecret: SESSION_SECRET },
    webhookSecret: SECRET,
    log: new Capture().sink,
    shutdownSignal: shutdown.signal,
  });
  const server = await serveOnLoopback(app.fetch);
  after(() => server.close());
  const tokens = await Promise.all(users.map((userId) => createSessionToken({ userId, secret: SESSION_SECRET })));

  const before = heapAfterGc();
  const streams: EventStreamReader[] = [];
  const openStarted = performance.now();
  for (let batch = 0; batch < PER_USER; batch++) {
    streams.push(...(await Promise.all(tokens.map((token) => openEventStream(`${server.url}/events?session_token=${token}`)))));
  }
  await Promise.all(streams.map((stream) => stream.nth('accounts', 0, 20_000)));
  t.diagnostic(`opened in ${(performance.now() - openStarted).toFixed(0)} ms`);
  const perStream = (heapAfterGc() - before) / streams.length;
  t.diagnostic(`heap per open stream (token server and fetch client, one process): ${(perStream / 1024).toFixed(1)} KiB`);
  assert.equal(await server.connections(), streams.length);
  assert.ok(perStream < 256 * 1024, `${perStream} bytes per stream`);

  // Each user's profile changes; Upload-Post says so once per user.
  for (const user of users) upstream.addProfile(user, { tiktok: { connected: true, details: { username: `${user}_tt` }, raw: {} } });
  const started = performance.now();
  await Promise.all(
    users.map(async (user) => {
      const response = await fetch(`${server.url}/webhooks/upload-post?secret=${SECRET}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ event: 'social_account_connected', profile_username: user, platform: 'tiktok' }),
      });
      assert.equal(response.status, 202);
    }),
  );
  await Promise.all(streams.map((stream) => stream.nth('accounts', 1, 20_000)));
  t.diagnostic(`${USERS} webhooks → ${streams.length} streams told: ${(performance.now() - started).toFixed(0)} ms`);
  streams.forEach((stream, i) => {
    const user = users[i % USERS]!;
    assert.deepEqual(stream.events[1]!.data.accounts[0], { platform: 'tiktok', connected: true, handle: `${user}_tt` });
    assert.equal(stream.events.length, 2, 'no other user’s change, no repeat');
  });

  await Promise.all(streams.map((stream) => stream.close()));
  const deadline = Date.now() + 10_000;
  while ((await server.connections()) > 0 && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
  assert.equal(await server.connections(), 0, 'every socket released');
});
