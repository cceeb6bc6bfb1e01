/**
 * The client against the emulator serving the shapes the documentation did not show (admin
 * `raw-slots` and `created-at`): every read that carries a profile keeps every slot, each read on
 * its own, and every `created_at` format the documentation shows gives the date.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createEmulator } from '../../emulator/app.ts';
import { UploadPostClient, type UpstreamProfile } from '../../upload-post/index.ts';
import { serveOnLoopback, type LoopbackServer } from '../helpers/loopback.ts';
import { SLOT_VARIATIONS, UNKNOWN_PLATFORM_SLOTS } from '../helpers/slot-variations.ts';
import { KEY } from '../helpers/upload-post-fakes.ts';

const emulator = createEmulator({ apiKey: KEY });
let server: LoopbackServer;
let client: UploadPostClient;

before(async () => {
  server = await serveOnLoopback(emulator.app.fetch);
  client = new UploadPostClient({ apiKey: KEY, baseUrl: `${server.url}/api`, retries: 0 });
});
after(() => server.close());
beforeEach(() => emulator.reset());

const RAW = { ...Object.fromEntries(SLOT_VARIATIONS.map((variation, index) => [`p${index}`, variation.raw])), ...UNKNOWN_PLATFORM_SLOTS };

/** Each slot's connected flag is what its variation says; every platform served is there. */
function assertEverySlot(profile: UpstreamProfile) {
  assert.deepEqual(Object.keys(profile.social_accounts), ['tiktok', ...Object.keys(RAW)]);
  SLOT_VARIATIONS.forEach((variation, index) => {
    const slot = profile.social_accounts[`p${index}`]!;
    assert.equal(slot.connected, variation.account.connected, variation.name);
    assert.deepEqual(slot.raw, variation.raw);
  });
}

describe('the client reads what the emulator serves as given', () => {
  test('get, list and validate-jwt keep every slot, each on its own', async () => {
    emulator.store.createProfile('a');
    emulator.store.setRawSlots('a', RAW);
    assertEverySlot(await client.getProfile('a'));
    assertEverySlot((await client.listProfiles()).profiles[0]!);
    const { access_url } = await client.generateJwt({ username: 'a' });
    const validation = await client.validateJwt(new URL(access_url).searchParams.get('token')!, 'get');
    assert.ok(validation.valid);
    assertEverySlot(validation.profile);
  });

  test('created_at: RFC 1123, ISO with and without zone give the date; other text or null none, the profile still read', async () => {
    emulator.store.createProfile('a');
    for (const [createdAt, iso] of [
      ['Fri, 02 May 2025 21:43:14 GMT', '2025-05-02T21:43:14.000Z'],
      ['2023-10-27T10:00:00Z', '2023-10-27T10:00:00.000Z'],
      ['2025-04-02T17:44:33.229755', '2025-04-02T17:44:33.229Z'],
      ['last Tuesday', undefined],
      [null, undefined],
    ] as const) {
      emulator.store.setCreatedAt('a', createdAt);
      const profile = await client.getProfile('a');
      assert.equal(profile.created_at, createdAt ?? undefined);
      assert.equal(profile.created_at_date?.toISOString(), iso);
    }
  });
});
