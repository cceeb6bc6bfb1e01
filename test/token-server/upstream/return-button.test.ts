/** The connect page's return button says where it goes, unless the customer named it. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { LANGUAGES } from '../../../protocol/platforms.ts';
import { returnButtonText } from '../../../token-server/upstream/return-button.ts';
import { API_KEY, APP_ORIGIN, Capture, SESSION_SECRET } from '../../helpers/token-server-fixtures.ts';
import { postJson, tokenServerUnderTest } from '../../helpers/token-server-app.ts';

const capture = new Capture();
after(() => capture.assertNoSecret(API_KEY, SESSION_SECRET));

const mintedButton = (upstream: { calls: { args: unknown[] }[] }) => (upstream.calls.at(-1)!.args[0] as { redirect_button_text?: string }).redirect_button_text;

describe('the return button of a connect link', () => {
  it('is "Back to <the page’s host>" in the link’s language', () => {
    assert.equal(returnButtonText(['https://app.example.com/settings?x=1']), 'Back to app.example.com');
    assert.equal(returnButtonText([undefined, 'null', 'http://127.0.0.1:8787']), 'Back to 127.0.0.1:8787');
    assert.equal(returnButtonText(['https://app.example.com'], 'de'), 'Zurück zu app.example.com');
    assert.equal(returnButtonText(['javascript:alert(1)']), undefined);
    for (const language of LANGUAGES) assert.match(returnButtonText(['https://app.example.com'], language) ?? '', /app\.example\.com/, language);
  });

  it('is minted by default for the page that asked, in its language; the returnUrl’s host in redirect mode', async () => {
    const { upstream, call } = tokenServerUnderTest(capture);
    upstream.addProfile('alice');
    assert.equal((await call('/connect-url', await postJson('alice', {}))).status, 200);
    assert.equal(mintedButton(upstream), 'Back to app.example.com');
    assert.equal((await call('/connect-url', await postJson('alice', { language: 'fr' }))).status, 200);
    assert.equal(mintedButton(upstream), 'Retour à app.example.com');
    assert.equal((await call('/connect-url', await postJson('alice', { returnUrl: `${APP_ORIGIN}/settings` }))).status, 200);
    assert.equal(mintedButton(upstream), 'Back to app.example.com');
  });

  it('is the customer’s when linkDefaults or connectLink names it', async () => {
    const withDefault = tokenServerUnderTest(capture, { linkDefaults: { redirect_button_text: 'Return to Acme' } });
    withDefault.upstream.addProfile('alice');
    assert.equal((await withDefault.call('/connect-url', await postJson('alice', {}))).status, 200);
    assert.equal(mintedButton(withDefault.upstream), 'Return to Acme');

    const perUser = tokenServerUnderTest(capture, { connectLink: () => ({ redirect_button_text: 'Done' }) });
    perUser.upstream.addProfile('alice');
    assert.equal((await perUser.call('/connect-url', await postJson('alice', {}))).status, 200);
    assert.equal(mintedButton(perUser.upstream), 'Done');
  });
});
