/** `GET /widget.js` and its modules (languages, the connect flow): integrity, caching, cross-origin readability, 404 before a build. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { widgetScriptIntegrity } from '../../../token-server/widget-bundle.ts';
import { API_KEY, assertError, Capture, SESSION_SECRET } from '../../helpers/token-server-fixtures.ts';
import { tokenServerUnderTest } from '../../helpers/token-server-app.ts';
import type { TokenServerOptions } from '../../../token-server/options.ts';

const capture = new Capture();
after(() => capture.assertNoSecret(API_KEY, SESSION_SECRET));
const server = (overrides: Partial<TokenServerOptions> = {}) => tokenServerUnderTest(capture, overrides);

describe('GET /widget.js', () => {
  const source = 'customElements.define("upload-post-connect", class extends HTMLElement {});\n';

  it('serves the bundle as JavaScript with its SRI hash, an ETag, caching, and cross-origin readability', async () => {
    const { call } = server({ widgetScript: (module) => (module ? null : source) });
    const answer = await call('/widget.js');
    assert.equal(answer.status, 200);
    assert.equal(answer.text, source);
    assert.match(answer.headers.get('Content-Type') ?? '', /^text\/javascript/);
    const integrity = await widgetScriptIntegrity(source);
    const expected = `sha384-${(await import('node:crypto')).createHash('sha384').update(source).digest('base64')}`;
    assert.equal(integrity, expected);
    assert.equal(answer.headers.get('X-Upload-Post-Integrity'), integrity);
    assert.match(answer.headers.get('Cache-Control') ?? '', /max-age=300/);
    assert.equal(answer.headers.get('Cross-Origin-Resource-Policy'), 'cross-origin');
    const etagValue = answer.headers.get('ETag');
    assert.ok(etagValue);
    const revalidated = await call('/widget.js', { headers: { 'If-None-Match': etagValue } });
    assert.equal(revalidated.status, 304);
    assert.equal(revalidated.text, '');
  });

  it('caches a versioned URL for a year, immutable', async () => {
    const { call } = server({ widgetScript: async () => source });
    const version = JSON.parse((await call('/widget.js')).headers.get('ETag')!);
    const answer = await call(`/widget.js?v=${version}`);
    assert.equal(answer.headers.get('Cache-Control'), 'public, max-age=31536000, immutable');
  });

  it('answers 404 saying to run npm run build when the bundle does not exist, and serves it once it does', async () => {
    let built: string | null = null;
    const { call } = server({ widgetScript: () => built });
    const missing = await call('/widget.js');
    assertError(missing, 404, 'NOT_FOUND');
    assert.match(missing.json.error.message, /npm run build/);
    built = source;
    assert.equal((await call('/widget.js')).text, source);
  });

  it('serves the modules the loader has, readable cross-origin, and 404s the others', async () => {
    const spanish = 'export default { title: "Cuentas conectadas" };\n';
    const connect = 'export class ConnectController {}\n';
    const asked: (string | undefined)[] = [];
    const { call } = server({
      widgetScript: (module?: string) => {
        asked.push(module);
        return module === 'es' ? spanish : module === 'connect' ? connect : module ? null : source;
      },
    });
    assert.equal((await call('/widget.connect.js')).text, connect);
    const es = await call('/widget.es.js');
    assert.equal(es.status, 200);
    assert.equal(es.text, spanish);
    assert.match(es.headers.get('Content-Type') ?? '', /^text\/javascript/);
    // import() of a module is a CORS request, and <script integrity crossorigin> is too.
    assert.equal(es.headers.get('Access-Control-Allow-Origin'), '*');
    assert.equal((await call('/widget.js')).headers.get('Access-Control-Allow-Origin'), '*');
    assertError(await call('/widget.de.js'), 404, 'NOT_FOUND');
    // Only the element's languages: nothing else is asked of the loader.
    assertError(await call('/widget.xx.js'), 404, 'NOT_FOUND');
    assertError(await call('/widget.en.js'), 404, 'NOT_FOUND');
    assert.deepEqual(asked, ['connect', 'es', undefined, 'de']);
  });

  it('refuses the bundle as one text, saying why and what to pass instead', () => {
    assert.throws(
      () => server({ widgetScript: source as unknown as TokenServerOptions['widgetScript'] }),
      (error: Error) => /widgetScript must be a loader, \(module\?\) => text/.test(error.message) && /widgetFileLoader\(\)/.test(error.message),
    );
  });
});
