/** `GET /done`: the message goes only to an allowed opener, under a nonce CSP. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { API_KEY, APP_ORIGIN, Capture, SESSION_SECRET } from '../../helpers/token-server-fixtures.ts';
import { tokenServerUnderTest } from '../../helpers/token-server-app.ts';
import type { TokenServerOptions } from '../../../token-server/options.ts';

const capture = new Capture();
after(() => capture.assertNoSecret(API_KEY, SESSION_SECRET));
const server = (overrides: Partial<TokenServerOptions> = {}) => tokenServerUnderTest(capture, overrides);

describe('GET /done', () => {
  it('posts the done message to an allowed opener origin under a nonce CSP, then closes', async () => {
    const { call } = server();
    const answer = await call(`/done?origin=${encodeURIComponent(APP_ORIGIN)}`);
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get('Content-Type') ?? '', /text\/html/);
    const csp = answer.headers.get('Content-Security-Policy') ?? '';
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce, csp);
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.ok(answer.text.includes(`<script nonce="${nonce}">`));
    assert.ok(answer.text.includes(`postMessage({"type":"upload-post:done"},"${APP_ORIGIN}")`));
    assert.match(answer.text, /window\.close\(\)/);
    assert.doesNotMatch(answer.text, /\son[a-z]+=/i, 'no inline handlers');
    // A same-origin COOP would cut this page off from its cross-origin opener.
    assert.equal(answer.headers.get('Cross-Origin-Opener-Policy'), 'unsafe-none');
  });

  it('tells no one when the origin is not allowed (or missing), but still offers to close', async () => {
    const { call } = server();
    for (const path of ['/done?origin=https%3A%2F%2Fevil.example', '/done', '/done?origin=%22%3C%2Fscript%3E']) {
      const answer = await call(path);
      assert.equal(answer.status, 200);
      assert.doesNotMatch(answer.text, /postMessage/);
      assert.doesNotMatch(answer.text, /evil|<\/script>"/);
      assert.match(answer.text, /You can close this window/);
    }
  });
});
