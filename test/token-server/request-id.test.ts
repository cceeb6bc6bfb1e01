/**
 * `X-Request-Id`: a caller's id is reused only when it is short and made of `[A-Za-z0-9_=-]`;
 * anything else (too long, quotes, spaces, control characters, non-ASCII, header injection) is
 * replaced by a fresh id, the same one in the answer's header, its error body and its log line.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, describe, it } from 'node:test';
import { listen, shutdown } from '../../token-server/node/listen.ts';
import { bearer, tokenServerUnderTest } from '../helpers/token-server-app.ts';
import { API_KEY, Capture, SESSION_SECRET } from '../helpers/token-server-fixtures.ts';

const SAFE = /^[\w=-]{1,64}$/;
const capture = new Capture();
const { app } = tokenServerUnderTest(capture);
const server = await listen(app.fetch, 0, '127.0.0.1');
after(async () => {
  await shutdown(server, 0);
  capture.assertNoSecret(API_KEY, SESSION_SECRET);
});

/** Sends raw bytes (what no fetch would let through) and answers the reply's status line and headers. */
function raw(requestId: Buffer): Promise<{ status: number; headers: Map<string, string>; body: string }> {
  const { port } = server.address() as { port: number };
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        Buffer.concat([Buffer.from('GET /accounts HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Request-Id: '), requestId, Buffer.from('\r\n\r\n')]),
      );
    });
    let reply = '';
    socket.on('data', (chunk) => (reply += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = reply.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = new Map(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
  });
}

describe('X-Request-Id', () => {
  it('echoes a safe id in the header, the error body and the log line', async () => {
    const before = capture.logs.length;
    const answer = await app.request('/accounts', { headers: { 'X-Request-Id': 'trace-42_abc=' } });
    assert.equal(answer.headers.get('X-Request-Id'), 'trace-42_abc=');
    assert.equal(((await answer.json()) as { error: { requestId: string } }).error.requestId, 'trace-42_abc=');
    assert.equal(capture.logs.slice(before)[0]!.requestId, 'trace-42_abc=');
  });

  it('replaces hostile ids a fetch can send: too long, quotes, spaces, JSON, markup, Latin-1', async () => {
    for (const hostile of ['a'.repeat(65), 'x"y', "x'y", 'a b', '{"level":"error"}', '<script>', 'id;rm -rf', 'caf\u00e9', 'a\tb', '../../etc']) {
      const before = capture.logs.length;
      const answer = await app.request('/accounts', { headers: { 'X-Request-Id': hostile, ...(await bearer('alice')) } });
      const id = answer.headers.get('X-Request-Id')!;
      assert.match(id, SAFE, JSON.stringify(hostile));
      assert.notEqual(id, hostile);
      assert.equal(capture.logs.slice(before)[0]!.requestId, id);
    }
  });

  it('replaces non-ASCII bytes; control characters (NUL, DEL, a lone CR) never reach the app: Node answers 400', async () => {
    const before = capture.logs.length;
    const unicode = await raw(Buffer.from('ünïcødé-✓', 'utf8'));
    const id = unicode.headers.get('x-request-id')!;
    assert.match(id, SAFE);
    assert.equal(capture.logs.slice(before)[0]!.requestId, id);

    for (const hostile of ['a\u0000b', 'a\u007fb', 'a\rb']) {
      const count = capture.logs.length;
      const answer = await raw(Buffer.from(hostile, 'latin1'));
      assert.equal(answer.status, 400, JSON.stringify(hostile));
      assert.equal(answer.headers.has('x-request-id'), false);
      assert.equal(capture.logs.length, count, 'the app never saw it, so no log line carries it');
    }
  });
});
