/**
 * The Upload-Post client's endpoints and answers, over a scripted transport: its options, what each
 * endpoint sends, and how each kind of answer becomes a result or an `UploadPostError`.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inspect } from 'node:util';
import { UploadPostClient, type UploadPostClientOptions } from '../../upload-post/index.ts';
import { clientOver, failure, KEY, PROFILE, scripted } from '../helpers/upload-post-fakes.ts';

describe('the Upload-Post client', () => {
  describe('on construction', () => {
    test('refuses a missing or empty API key with a sentence saying what to set', () => {
      for (const apiKey of [undefined, '', '   ']) {
        assert.throws(
          () => new UploadPostClient({ apiKey } as unknown as UploadPostClientOptions),
          (error: Error) => error instanceof TypeError && /set the `apiKey` option/.test(error.message),
        );
      }
      assert.throws(() => new UploadPostClient(undefined as unknown as UploadPostClientOptions), /pass \{ apiKey \}/);
    });

    test('refuses a key with whitespace without echoing it', () => {
      assert.throws(
        () => new UploadPostClient({ apiKey: 'abc def-secret' }),
        (error: Error) => /contains whitespace/.test(error.message) && !error.message.includes('def-secret'),
      );
    });

    test('refuses a bad baseUrl, timeoutMs or retries, saying what to set', () => {
      assert.throws(() => new UploadPostClient({ apiKey: KEY, baseUrl: 'api.upload-post.com' }), /set `baseUrl` to an absolute http\(s\) URL/);
      assert.throws(() => new UploadPostClient({ apiKey: KEY, baseUrl: 'ftp://x.example' }), /set `baseUrl` to an absolute http\(s\) URL/);
      assert.throws(
        () => new UploadPostClient({ apiKey: KEY, baseUrl: `https://x.example/${'a'.repeat(2048)}` }),
        /set `baseUrl` to an absolute http\(s\) URL/,
      );
      assert.throws(() => new UploadPostClient({ apiKey: KEY, baseUrl: 'https://me:pw@x.example/api' }), /without credentials/);
      assert.throws(() => new UploadPostClient({ apiKey: KEY, timeoutMs: 0 }), /set `timeoutMs`/);
      assert.throws(() => new UploadPostClient({ apiKey: KEY, timeoutMs: Infinity }), /set `timeoutMs`/);
      assert.throws(() => new UploadPostClient({ apiKey: KEY, retries: -1 }), /set `retries`/);
      assert.throws(() => new UploadPostClient({ apiKey: KEY, retries: 1.5 }), /set `retries`/);
    });

    test('defaults to the documented base URL, 10 s and 2 retries', () => {
      const upload = new UploadPostClient({ apiKey: KEY });
      assert.equal(upload.baseUrl, 'https://api.upload-post.com/api');
      assert.equal(upload.timeoutMs, 10_000);
      assert.equal(upload.retries, 2);
    });

    test('keeps the key where it cannot be read off the instance', () => {
      const upload = new UploadPostClient({ apiKey: KEY });
      assert.ok(!JSON.stringify(upload).includes(KEY));
      assert.ok(!inspect(upload, { showHidden: true, depth: 5 }).includes(KEY));
      assert.ok(!Object.values(upload).some((value) => value === KEY));
    });
  });

  describe('what it sends', () => {
    test('sends each endpoint its method, URL, headers and body', async () => {
      const transport = scripted(
        { status: 201, body: { profile: PROFILE, success: true } },
        { status: 200, body: { profiles: [PROFILE], success: true } },
        { status: 200, body: { profile: PROFILE, success: true } },
        { status: 200, body: { message: 'Perfil eliminado correctamente', success: true } },
        { status: 200, body: { access_url: 'https://app.upload-post.com/connect?token=T', duration: '48h', success: true } },
        { status: 200, body: { pages: [], success: true } },
        { status: 200, body: { pages: [], success: true } },
      );
      const upload = clientOver(transport, { baseUrl: 'https://upstream.test/api///' });
      await upload.createProfile('u1');
      await upload.listProfiles();
      await upload.getProfile('team/ana?x#1 ü');
      await upload.deleteProfile('u1');
      await upload.generateJwt({ username: 'u1', platforms: ['tiktok', 'x'], show_calendar: false, language: 'pl' });
      await upload.facebookPages();
      await upload.facebookPages('a&b=c d');

      const json = { Accept: 'application/json', Authorization: `Apikey ${KEY}`, 'Content-Type': 'application/json' };
      const plain = { Accept: 'application/json', Authorization: `Apikey ${KEY}` };
      assert.deepEqual(transport.sent, [
        { url: 'https://upstream.test/api/uploadposts/users', method: 'POST', headers: json, body: '{"username":"u1"}' },
        { url: 'https://upstream.test/api/uploadposts/users', method: 'GET', headers: plain, body: undefined },
        { url: 'https://upstream.test/api/uploadposts/users/team%2Fana%3Fx%231%20%C3%BC', method: 'GET', headers: plain, body: undefined },
        { url: 'https://upstream.test/api/uploadposts/users', method: 'DELETE', headers: json, body: '{"username":"u1"}' },
        {
          url: 'https://upstream.test/api/uploadposts/users/generate-jwt',
          method: 'POST',
          headers: json,
          body: '{"username":"u1","platforms":["tiktok","x"],"show_calendar":false,"language":"pl"}',
        },
        { url: 'https://upstream.test/api/uploadposts/facebook/pages', method: 'GET', headers: plain, body: undefined },
        { url: 'https://upstream.test/api/uploadposts/facebook/pages?profile=a%26b%3Dc%20d', method: 'GET', headers: plain, body: undefined },
      ]);
    });

    test('calls validate-jwt in the three styles the public clients use', async () => {
      const transport = scripted({ status: 200, body: { profile: PROFILE, success: true } });
      const upload = clientOver(transport);
      for (const style of [undefined, 'post', 'get', 'post-body'] as const) await upload.validateJwt('h.p.s', style);
      const url = 'https://upstream.test/api/uploadposts/users/validate-jwt';
      const bearer = { Accept: 'application/json', Authorization: 'Bearer h.p.s' };
      assert.deepEqual(transport.sent, [
        // The documentation: POST, Bearer, no body.
        { url, method: 'POST', headers: bearer, body: undefined },
        { url, method: 'POST', headers: bearer, body: undefined },
        // The official SDK: GET, Bearer.
        { url, method: 'GET', headers: bearer, body: undefined },
        // n8n: POST with the JWT in the body; its credential's Apikey header is what goes out.
        {
          url,
          method: 'POST',
          headers: { Accept: 'application/json', Authorization: `Apikey ${KEY}`, 'Content-Type': 'application/json' },
          body: '{"jwt":"h.p.s"}',
        },
      ]);
    });

    test('throws a TypeError naming the field for a bad argument, and sends nothing', async () => {
      const transport = scripted({ status: 200, body: {} });
      const upload = clientOver(transport);
      await assert.rejects(upload.createProfile(''), {
        name: 'TypeError',
        message: 'UploadPostClient.createProfile: username: the username must not be empty.',
      });
      await assert.rejects(upload.getProfile('..'), /getProfile: the username must not be "\." or "\.\."/);
      await assert.rejects(upload.deleteProfile('  '), /deleteProfile: username: the username must not be blank/);
      await assert.rejects(upload.generateJwt({ username: 'u', platforms: ['myspace'] }), /generateJwt: platforms\[0\]: unknown platform "myspace"/);
      await assert.rejects(upload.generateJwt({ username: 'u', colour: 'red' } as never), /generateJwt: Unrecognized key: "colour"/);
      await assert.rejects(upload.validateJwt(''), /validateJwt: the JWT must not be empty/);
      await assert.rejects(upload.validateJwt('t', 'put' as never), /validateJwt: Invalid option/);
      await assert.rejects(upload.facebookPages(''), /facebookPages: profile: the username must not be empty/);
      assert.equal(transport.sent.length, 0);
    });
  });

  describe('how it reads answers', () => {
    test('turns a non-2xx into kind http with the status, the upstream error_code and message', async () => {
      const upload = clientOver(
        scripted({
          status: 403,
          body: { success: false, message: 'Profile limit reached', error_code: 'PROFILE_LIMIT_REACHED' },
        }),
      );
      const error = await failure(upload.createProfile('u1'));
      assert.equal(error.kind, 'http');
      assert.equal(error.status, 403);
      assert.equal(error.errorCode, 'PROFILE_LIMIT_REACHED');
      assert.equal(error.operation, 'POST /uploadposts/users');
      assert.equal(error.message, 'Upload-Post refused: Profile limit reached (403 PROFILE_LIMIT_REACHED)');
      assert.equal(error.name, 'UploadPostError');
    });

    test('keeps a 404 as the upstream gave it: the documented body has no error_code', async () => {
      const error = await failure(clientOver(scripted({ status: 404, body: { success: false, message: 'Profile not found' } })).getProfile('nobody'));
      assert.equal(error.status, 404);
      assert.equal(error.errorCode, undefined);
      assert.equal(error.message, 'Upload-Post refused: Profile not found (404)');
      assert.equal(error.operation, 'GET /uploadposts/users/{username}');
    });

    test('says what failed even without a readable error body; a 401 hints at the key', async () => {
      const bare = await failure(clientOver(scripted({ status: 401, body: '<html>nope</html>' })).listProfiles());
      assert.equal(bare.message, 'Upload-Post refused GET /uploadposts/users (401 Unauthorized): check the API key');
      const failed = await failure(clientOver(scripted({ status: 500, body: { error: 'database down' } }), { retries: 0 }).listProfiles());
      assert.equal(failed.message, 'Upload-Post failed: database down (500)');
    });

    test('tidies and bounds upstream text before it reaches a message', async () => {
      const long = `line one\n\tline two\u009b\u0000three ${'x'.repeat(500)}`;
      const error = await failure(clientOver(scripted({ status: 400, body: { message: long } })).createProfile('u'));
      assert.ok(error.message.startsWith('Upload-Post refused: line one line two three xxx'), error.message);
      assert.ok(error.message.length < 260, `${error.message.length} characters`);
      assert.ok(!/\p{Cc}/u.test(error.message));
    });

    test('turns a 2xx that is not JSON into a shape error naming the content type', async () => {
      const error = await failure(
        clientOver(scripted({ status: 200, body: '<!DOCTYPE html><p>maintenance</p>', headers: { 'content-type': 'text/html' } })).listProfiles(),
      );
      assert.equal(error.kind, 'shape');
      assert.equal(error.status, 200);
      assert.equal(error.message, 'Upload-Post answered GET /uploadposts/users with a body that is not JSON (200, text/html)');
    });

    test('turns a 2xx of an undocumented shape into a shape error naming what was wrong', async () => {
      const error = await failure(clientOver(scripted({ status: 200, body: { profiles: [{ username: 5 }] } })).listProfiles());
      assert.equal(error.kind, 'shape');
      assert.equal(
        error.message,
        "Upload-Post answered GET /uploadposts/users with an unexpected shape: profiles[0].username: expected the profile's username as a string, got a number",
      );
    });

    test('accepts an empty 2xx (e.g. 204) for delete only', async () => {
      await clientOver(scripted({ status: 204 })).deleteProfile('u1');
      const error = await failure(clientOver(scripted({ status: 200 })).getProfile('u1'));
      assert.equal(error.kind, 'shape');
    });

    test('reads validate-jwt\'s isValid false, the SDK\'s valid false and (for Bearer styles) its 401 as "not valid"', async () => {
      const invalid = await clientOver(scripted({ status: 200, body: { isValid: false, reason: 'Token expired' } })).validateJwt('t');
      assert.deepEqual(invalid, { valid: false, reason: 'Token expired' });
      const sdkShape = await clientOver(scripted({ status: 200, body: { valid: false, reason: 'Token expired' } })).validateJwt('t', 'get');
      assert.deepEqual(sdkShape, { valid: false, reason: 'Token expired' });
      for (const style of ['post', 'get'] as const) {
        const rejected = await clientOver(scripted({ status: 401, body: { success: false, message: 'Invalid token' } })).validateJwt('t', style);
        assert.deepEqual(rejected, { valid: false, reason: 'Invalid token' });
      }
      const silent = await clientOver(scripted({ status: 401 })).validateJwt('t');
      assert.deepEqual(silent, { valid: false, reason: 'Upload-Post rejected the token (401)' });
    });

    test("keeps validate-jwt's 401 an error in the 'post-body' style, where it is about the API key", async () => {
      const error = await failure(clientOver(scripted({ status: 401, body: { message: 'Invalid or missing API Key' } })).validateJwt('t', 'post-body'));
      assert.equal(error.kind, 'http');
      assert.equal(error.status, 401);
      assert.equal(error.message, 'Upload-Post refused: Invalid or missing API Key (401): check the API key');
    });

    test("keeps validate-jwt's other statuses errors", async () => {
      const error = await failure(clientOver(scripted({ status: 403, body: { message: 'Forbidden' } })).validateJwt('t'));
      assert.equal(error.status, 403);
    });
  });
});
