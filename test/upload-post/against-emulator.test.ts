/**
 * The client against the emulator over a real socket, with both transports (the global `fetch` and
 * the undici pool): every endpoint, every documented error, and faults the emulator injects.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createEmulator, type Emulator } from '../../emulator/app.ts';
import { UploadPostClient, type Transport, type UploadPostClientOptions } from '../../upload-post/index.ts';
import { createUndiciTransport } from '../../upload-post/undici-transport.ts';
import { serveOnLoopback, type LoopbackServer } from '../helpers/loopback.ts';
import { assertNoLeak, failure, KEY } from '../helpers/upload-post-fakes.ts';

describe('the client against the emulator over a socket', () => {
  let emulator: Emulator;
  let server: LoopbackServer;
  let baseUrl: string;
  let clock = Date.UTC(2025, 4, 2, 21, 43, 14);
  const undici = createUndiciTransport();

  before(async () => {
    emulator = createEmulator({ apiKey: KEY, now: () => clock, profileLimit: 3 });
    server = await serveOnLoopback(emulator.app.fetch);
    baseUrl = `${server.url}/api`;
  });

  after(async () => {
    await undici.close();
    // Ends the fetch transport's keep-alive sockets too, which would hold close() open until they idle out.
    await server.close();
  });

  beforeEach(() => emulator.reset());

  // `undefined`: the client's default, the global fetch.
  const transports: [string, () => Transport | undefined][] = [
    ['global fetch', () => undefined],
    ['undici', () => undici],
  ];

  for (const [name, makeTransport] of transports) {
    describe(`with ${name}`, () => {
      const make = (options: Partial<UploadPostClientOptions> = {}) => new UploadPostClient({ apiKey: KEY, baseUrl, transport: makeTransport(), ...options });
      /** The transport under test, counting its calls. */
      const counted = () => {
        const base = makeTransport() ?? ((url: string, init: Parameters<Transport>[1]) => fetch(url, init));
        const transport: Transport & { calls: number } = Object.assign(
          (url: string, init: Parameters<Transport>[1]) => {
            transport.calls++;
            return base(url, init);
          },
          { calls: 0 },
        );
        return transport;
      };

      test('creates (201), lists, gets and deletes a profile', async () => {
        const upload = make();
        const created = await upload.createProfile('ana');
        assert.equal(created.username, 'ana');
        assert.deepEqual(created.social_accounts, { tiktok: { connected: false, raw: '' } });
        assert.equal(created.created_at_date?.getTime(), clock);

        const list = await upload.listProfiles();
        assert.equal(list.limit, 3);
        assert.equal(list.plan, 'default');
        assert.deepEqual(
          list.profiles.map((profile) => profile.username),
          ['ana'],
        );

        assert.equal((await upload.getProfile('ana')).username, 'ana');
        await upload.deleteProfile('ana');
        assert.deepEqual((await upload.listProfiles()).profiles, []);
      });

      test('keeps usernames with reserved characters intact over the round trip', async () => {
        const upload = make();
        const name = 'team/ana?x#1 ü%20';
        await upload.createProfile(name);
        assert.equal((await upload.getProfile(name)).username, name);
        assert.deepEqual(await upload.facebookPages(name), []);
      });

      test('reads linked accounts as connected, with their details', async () => {
        const upload = make();
        await upload.createProfile('ana');
        emulator.store.connectAccount('ana', 'tiktok', {
          username: 'ana.tt',
          display_name: 'Ana',
          social_images: 'https://img.example/a.png',
          capabilities: ['post'],
        });
        const tiktok = (await upload.getProfile('ana')).social_accounts.tiktok;
        assert.ok(tiktok?.connected);
        assert.equal(tiktok.details.display_name, 'Ana');
        assert.deepEqual(tiktok.details.capabilities, ['post']);
      });

      test('reports a 400 the upstream answers', async () => {
        emulator.faults.set({ forcedStatus: 400 });
        const error = await failure(make().createProfile('ana'));
        assert.equal(error.kind, 'http');
        assert.equal(error.status, 400);
        assert.match(error.message, /^Upload-Post refused: .+ \(400\)$/);
      });

      test('reports a wrong API key (401) on every endpoint that takes one', async () => {
        const upload = new UploadPostClient({ apiKey: 'wrong-key', baseUrl, transport: makeTransport() });
        const calls = [
          () => upload.createProfile('ana'),
          () => upload.listProfiles(),
          () => upload.getProfile('ana'),
          () => upload.deleteProfile('ana'),
          () => upload.generateJwt({ username: 'ana' }),
          () => upload.facebookPages(),
          () => upload.validateJwt('a.b.c', 'post-body'),
        ];
        for (const call of calls) {
          const error = await failure(call());
          assert.equal(error.kind, 'http');
          assert.equal(error.status, 401);
          assert.equal(error.message, 'Upload-Post refused: Invalid or missing API Key (401): check the API key');
          assertNoLeak(error, 'wrong-key');
        }
      });

      test('reports 403 PROFILE_LIMIT_REACHED and a 409 conflict on create', async () => {
        const upload = make();
        for (const name of ['a', 'b', 'c']) await upload.createProfile(name);
        const limit = await failure(upload.createProfile('d'));
        assert.equal(limit.status, 403);
        assert.equal(limit.errorCode, 'PROFILE_LIMIT_REACHED');
        assert.match(limit.message, /^Upload-Post refused: .+ \(403 PROFILE_LIMIT_REACHED\)$/);
        const conflict = await failure(upload.createProfile('a'));
        assert.equal(conflict.status, 409);
        assert.equal(conflict.errorCode, undefined);
      });

      test('reports a 404 on get, delete and Facebook pages of an unknown profile', async () => {
        const upload = make();
        for (const call of [() => upload.getProfile('nobody'), () => upload.deleteProfile('nobody'), () => upload.facebookPages('nobody')]) {
          const error = await failure(call());
          assert.equal(error.status, 404);
          assert.equal(error.message, 'Upload-Post refused: Profile not found (404)');
        }
      });

      test("reports generate-jwt's 404 PROFILE_NOT_FOUND and 403 PROFILE_BLOCKED, then gets a working link", async () => {
        const upload = make();
        const missing = await failure(upload.generateJwt({ username: 'ana' }));
        assert.equal(missing.status, 404);
        assert.equal(missing.errorCode, 'PROFILE_NOT_FOUND');

        for (const name of ['a', 'b', 'ana']) await upload.createProfile(name);
        emulator.store.profileLimit = 2;
        const blocked = await failure(upload.generateJwt({ username: 'ana' }));
        assert.equal(blocked.status, 403);
        assert.equal(blocked.errorCode, 'PROFILE_BLOCKED');

        const link = await upload.generateJwt({ username: 'a', platforms: ['tiktok'], language: 'fr' });
        assert.equal(link.duration, '48h');
        assert.ok(link.access_url.startsWith(`${new URL(baseUrl).origin}/connect?token=`));
        assert.equal(link.jwt, new URL(link.access_url).searchParams.get('token'));
      });

      test("validates a link's JWT in all three styles, with the echoed options", async () => {
        const upload = make();
        await upload.createProfile('ana');
        const { jwt } = await upload.generateJwt({ username: 'ana', language: 'de', ui_labels: { 'connect.title': 'Hallo' } });
        for (const style of ['post', 'get', 'post-body'] as const) {
          const result = await upload.validateJwt(jwt!, style);
          assert.ok(result.valid, style);
          assert.equal(result.profile.username, 'ana');
          assert.equal(result.profile.language, 'de');
          assert.deepEqual(result.profile.ui_labels, { 'connect.title': 'Hallo' });
        }
      });

      test('reads a forged or expired JWT as not valid', async () => {
        const upload = make();
        await upload.createProfile('ana');
        const forged = await upload.validateJwt('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbmEifQ.Zm9yZ2Vk');
        assert.equal(forged.valid, false);
        const { jwt } = await upload.generateJwt({ username: 'ana' });
        const start = clock;
        clock += 49 * 3600_000;
        try {
          const expired = await upload.validateJwt(jwt!, 'get');
          assert.equal(expired.valid, false);
          assert.ok(!expired.valid && expired.reason.length > 0);
        } finally {
          clock = start;
        }
      });

      test('lists Facebook pages, all or per profile, under the documented names', async () => {
        const upload = make();
        await upload.createProfile('ana');
        await upload.createProfile('bo');
        emulator.store.connectAccount('ana', 'facebook', { username: 'ana.fb', display_name: 'Ana', social_images: '' });
        const all = await upload.facebookPages();
        assert.equal(all.length, 1);
        assert.equal(all[0]!.profile, 'ana');
        assert.match(all[0]!.page_id, /^\d+$/);
        assert.equal(all[0]!.page_name, 'Ana Page');
        assert.deepEqual(await upload.facebookPages('bo'), []);
        assert.deepEqual(await upload.facebookPages('ana'), all);
      });

      test('retries a 5xx with backoff until the upstream answers', async () => {
        const transport = counted();
        const upload = make({
          transport,
          // The outage ends while the client waits to retry.
          sleep: async () => {
            emulator.faults.clear();
          },
        });
        emulator.faults.set({ errorRate: 1 });
        assert.deepEqual((await upload.listProfiles()).profiles, []);
        assert.equal(transport.calls, 2);
      });

      test('stops retrying a 5xx that does not end, and never retries a write', async () => {
        emulator.faults.set({ forcedStatus: 503 });
        const reads = counted();
        const error = await failure(make({ retries: 2, retryDelayMs: 5, maxRetryDelayMs: 10, transport: reads }).getProfile('ana'));
        assert.equal(reads.calls, 3);
        assert.equal(error.kind, 'http');
        assert.equal(error.status, 503);
        // Writes are not retried, even over the socket.
        const writes = counted();
        await failure(make({ retryDelayMs: 5, transport: writes }).createProfile('ana'));
        assert.equal(writes.calls, 1);
      });

      test('times out at the deadline when the upstream is slow', async () => {
        emulator.faults.set({ latencyMs: 5_000 });
        const started = performance.now();
        const error = await failure(make({ timeoutMs: 150 }).listProfiles());
        const elapsed = performance.now() - started;
        assert.equal(error.kind, 'timeout');
        assert.ok(elapsed >= 140 && elapsed < 2_000, `${elapsed} ms`);
      });

      test('stops a slow call when the caller aborts', async () => {
        emulator.faults.set({ latencyMs: 5_000 });
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 50);
        const error = await failure(make().listProfiles(controller.signal));
        assert.equal(error.kind, 'aborted');
      });

      test('turns garbage 200s into shape errors', async () => {
        const upload = make({ retries: 0 });
        for (const [garbage, pattern] of [
          ['html', /with a body that is not JSON \(200, text\/html; charset=utf-8\)$/],
          ['truncated', /with a body that is not JSON \(200, application\/json\)$/],
          ['wrong-shape', /with an unexpected shape: .*profiles: expected array, received number/],
        ] as const) {
          emulator.faults.set({ garbage });
          const error = await failure(upload.listProfiles());
          assert.equal(error.kind, 'shape', garbage);
          assert.match(error.message, pattern);
        }
      });

      test('does not follow a redirect: the key stays with the upstream', async () => {
        let leakedAuthorization: string | null | undefined;
        const elsewhere = await serveOnLoopback((request) => {
          leakedAuthorization = request.headers.get('authorization');
          return Response.json({ profiles: [] });
        });
        const redirecting = await serveOnLoopback(() => Response.redirect(`${elsewhere.url}/api/uploadposts/users`, 302));
        try {
          const upload = make({ baseUrl: `${redirecting.url}/api` });
          const error = await failure(upload.listProfiles());
          assert.equal(error.kind, 'http');
          assert.equal(error.status, 302);
          assert.equal(error.message, 'Upload-Post answered GET /uploadposts/users (302)');
          assert.equal(leakedAuthorization, undefined, 'the redirect target was never called');
        } finally {
          await elsewhere.close();
          await redirecting.close();
        }
      });

      test('reports a closed port as a network error', async () => {
        const closed = await serveOnLoopback(() => new Response(''));
        await closed.close();
        const error = await failure(make({ baseUrl: `${closed.url}/api`, retries: 1, retryDelayMs: 5 }).listProfiles());
        assert.equal(error.kind, 'network');
        assert.match(error.message, /^Could not reach Upload-Post for GET \/uploadposts\/users \(ECONNREFUSED\)$/);
      });
    });
  }
});
