/**
 * The emulator's connect page draws each documented platform with the very path the element draws
 * (`lib/platform-icons.ts`, which widget/templates.ts renders too), so a platform looks the same on
 * both sides of the popup.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEmulator } from '../../emulator/app.ts';
import { mintConnectToken } from '../../emulator/connect-token.ts';
import { PLATFORM_ICONS } from '../../lib/platform-icons.ts';
import { DOCUMENTED_PLATFORM_IDS } from '../../protocol/platforms.ts';

test('the connect page’s platform glyphs are the element’s icons', async () => {
  const secret = 'platform-icons-test-secret';
  const emulator = createEmulator({ jwtSecret: secret, oauthHop: false });
  emulator.store.createProfile('user-1');
  const link = emulator.store.addLink('user-1', {}, 60_000);
  const token = await mintConnectToken({ username: 'user-1', jti: link.jti, expiresAt: link.expiresAt, issuedAt: Date.now() }, secret);
  const opened = await emulator.app.request(`/connect?token=${token}`);
  assert.equal(opened.status, 303);
  const body = await (await emulator.app.request(opened.headers.get('location')!)).text();
  for (const platform of DOCUMENTED_PLATFORM_IDS) {
    const glyph = new RegExp(`data-platform="${platform}"[^>]*><svg viewBox="0 0 24 24"><path d="([^"]+)"`).exec(body);
    assert.ok(glyph, `no glyph for ${platform}`);
    assert.equal(glyph[1], PLATFORM_ICONS[platform], `${platform} is drawn differently from the element`);
  }
});
