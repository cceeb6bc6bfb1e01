/**
 * Secrets never leave in an error: the API key and the JWT being validated are cut out of upstream
 * text, transport errors and their causes, abort reasons and shape errors.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UploadPostClient, type Transport } from '../../upload-post/index.ts';
import { createRedactor, redactedError, sanitizeUpstreamText } from '../../upload-post/redact.ts';
import { assertNoLeak, clientOver, failure, hanging, KEY, scripted } from '../helpers/upload-post-fakes.ts';

describe('redaction', () => {
  describe('createRedactor', () => {
    test('cuts a long secret out wherever it stands, even inside a word', () => {
      const redact = createRedactor([KEY]);
      assert.equal(redact(`key=${KEY}; again:${KEY}x`), 'key=[redacted]; again:[redacted]x');
    });

    test('cuts a short secret out only where it stands alone', () => {
      assert.equal(createRedactor(['k1'])('k1 is not k1x nor xk1, but (k1) is'), '[redacted] is not k1x nor xk1, but ([redacted]) is');
    });

    test('cuts out whatever follows Apikey or Bearer, and leaves [redacted] as it is', () => {
      const redact = createRedactor([]);
      assert.equal(redact('sent Apikey abc123, then bearer x.y.z'), 'sent Apikey [redacted], then bearer [redacted]');
      assert.equal(redact('Apikey [redacted]'), 'Apikey [redacted]');
    });

    test('ignores an empty secret', () => {
      assert.equal(createRedactor([''])('nothing to hide'), 'nothing to hide');
    });
  });

  describe('sanitizeUpstreamText', () => {
    test('cuts the secret out before cutting the text to its limit', () => {
      const text = `${'a'.repeat(95)}${KEY}`;
      assert.equal(sanitizeUpstreamText(text, createRedactor([KEY]), 100), `${'a'.repeat(95)}[red…`);
    });

    test('turns control characters and runs of whitespace into one space', () => {
      assert.equal(sanitizeUpstreamText(' a\r\n\tb\u0000\u009bc  ', createRedactor([])), 'a b c');
    });
  });

  describe('redactedError', () => {
    test('keeps only name, message and code of a cause chain, redacted, at most four deep', () => {
      let cause: unknown = Object.assign(new Error(`deepest ${KEY}`), { code: 'E5' });
      for (const depth of [4, 3, 2, 1])
        cause = Object.assign(new Error(`level ${depth} ${KEY}`, { cause }), { code: `E${depth}`, headers: { Authorization: `Apikey ${KEY}` } });
      const error = redactedError({ kind: 'network', operation: 'GET /x', message: `failed with ${KEY}`, cause }, createRedactor([KEY]));
      assert.equal(error.message, 'failed with [redacted]');
      const chain: (Error & { code?: unknown })[] = [];
      for (let current = error.cause as (Error & { code?: unknown }) | undefined; current; current = current.cause as typeof current) chain.push(current);
      assert.deepEqual(
        chain.map((link) => [link.message, link.code]),
        [
          ['level 1 [redacted]', 'E1'],
          ['level 2 [redacted]', 'E2'],
          ['level 3 [redacted]', 'E3'],
          ['level 4 [redacted]', 'E4'],
        ],
      );
      assert.ok(chain.every((link) => !('headers' in link)));
      assertNoLeak(error, KEY);
    });
  });

  describe("in the client's errors", () => {
    test('cuts the key out when the upstream echoes it in message and error_code', async () => {
      const upload = clientOver(
        scripted({
          status: 401,
          body: { success: false, message: `Invalid API key ${KEY} (sent as Apikey ${KEY})`, error_code: `BAD_${KEY}` },
        }),
      );
      const error = await failure(upload.listProfiles());
      assert.equal(error.kind, 'http');
      assert.match(error.message, /Invalid API key \[redacted\]/);
      assertNoLeak(error, KEY);
    });

    test('cuts out a fragment the upstream echoes after "Apikey" / "Bearer"', async () => {
      const error = await failure(clientOver(scripted({ status: 400, body: { message: 'header was Apikey test-key-3f9a1c (truncated)' } })).createProfile('u'));
      assert.match(error.message, /header was Apikey \[redacted\]/);
      assertNoLeak(error, 'test-key-3f9a1c');
    });

    test('keeps the key out of the cause when a transport error quotes the request headers', async () => {
      const headersDump = new Error(`request failed: {"Authorization":"Apikey ${KEY}"}`, {
        cause: Object.assign(new Error(`socket hang up, key=${KEY}`), { code: 'ECONNRESET', headers: { Authorization: `Apikey ${KEY}` } }),
      });
      const error = await failure(clientOver(scripted(headersDump), { retries: 0 }).listProfiles());
      assert.equal(error.kind, 'network');
      assert.equal(error.message, 'Could not reach Upload-Post for GET /uploadposts/users (ECONNRESET)');
      assertNoLeak(error, KEY);
    });

    test('never quotes what came back in a shape error', async () => {
      const error = await failure(
        clientOver(scripted({ status: 200, body: { profiles: [{ username: KEY.length, social_accounts: { tiktok: 7 } }], echo: KEY } })).listProfiles(),
      );
      assert.equal(error.kind, 'shape');
      assertNoLeak(error, KEY);
    });

    test('keeps the key out when an abort reason or a timeout carries it', async () => {
      const controller = new AbortController();
      const pending = failure(clientOver(hanging()).listProfiles(controller.signal));
      controller.abort(new Error(`cancelled by ${KEY}`));
      assertNoLeak(await pending, KEY);
      const transport: Transport = (_url, init) =>
        new Promise((_resolve, reject) => init.signal.addEventListener('abort', () => reject(new Error(`timed out, Apikey ${KEY}`))));
      const timeout = await failure(clientOver(transport, { timeoutMs: 20 }).listProfiles());
      assert.equal(timeout.kind, 'timeout');
      assertNoLeak(timeout, KEY);
    });

    test('cuts a short key out where it stands alone, without mangling the words around it', async () => {
      const upload = new UploadPostClient({
        apiKey: 'k1',
        baseUrl: 'https://upstream.test/api',
        transport: scripted({ status: 401, body: { message: 'key k1 is unknown (ask k1x)' } }),
      });
      const error = await failure(upload.listProfiles());
      assert.equal(error.message, 'Upload-Post refused: key [redacted] is unknown (ask k1x) (401): check the API key');
    });

    test('cuts out the JWT being validated like the key', async () => {
      const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl';
      const error = await failure(clientOver(scripted({ status: 500, body: { message: `cannot check ${jwt}` } }), { retries: 0 }).validateJwt(jwt));
      assertNoLeak(error, jwt);
      const rejected = await clientOver(scripted({ status: 401, body: { message: `Bad token ${jwt}` } })).validateJwt(jwt);
      assert.deepEqual(rejected, { valid: false, reason: 'Bad token [redacted]' });
    });

    test('cuts out a fragment that tidying reveals after "Apikey", even where no final pass follows', async () => {
      // validate-jwt's reason is a result, not an error: the upstream text is all it goes through.
      const upload = clientOver(scripted({ status: 401, body: { message: 'header was Apikey\u0000test-key-3f9a1c' } }));
      assert.deepEqual(await upload.validateJwt('t'), { valid: false, reason: 'header was Apikey [redacted]' });
    });

    test('leaves no part of the key when the upstream echoes it across the cut-off of message or error_code', async () => {
      // Its characters appear nowhere else in the error (not in the filler, the wording or the
      // status), so any two of them in a row that survive are a piece of the key.
      const key = 'QZXWVJK7Q9Z8X5W2V3JK';
      const pieces = Array.from({ length: key.length - 1 }, (_, index) => key.slice(index, index + 2));
      // The longest message and error_code the client keeps (longer ones are cut to this, with an ellipsis).
      for (const [field, limit] of [
        ['message', 200],
        ['error_code', 64],
      ] as const) {
        for (let offset = limit - key.length - 2; offset <= limit + 1; offset++) {
          const echoed = `${'a'.repeat(offset)}${key}${'a'.repeat(40)}`;
          const upload = new UploadPostClient({
            apiKey: key,
            baseUrl: 'https://upstream.test/api',
            transport: scripted({ status: 400, body: { message: 'refused', [field]: echoed } }),
          });
          const error = await failure(upload.listProfiles());
          for (const view of [error.message, error.errorCode ?? '', String(error)]) {
            const piece = pieces.find((candidate) => view.includes(candidate));
            assert.equal(piece, undefined, `${field}, key at ${offset}: "${piece}" survived in ${view}`);
          }
        }
      }
    });
  });
});
