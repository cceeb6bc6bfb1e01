/** The standalone server's sockets: a client that connects and says nothing, or trickles, is cut off. */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { listen, shutdown } from '../../../token-server/node/listen.ts';

const TIMEOUTS = { headersTimeoutMs: 400, requestTimeoutMs: 800, keepAliveTimeoutMs: 300, checkIntervalMs: 100 };
const server = await listen(() => new Response('ok'), 0, '127.0.0.1', TIMEOUTS);
after(() => shutdown(server));
const { port } = server.address() as AddressInfo;

/** Resolves with the milliseconds until the server closed the socket. */
function closedAfter(socket: Socket): Promise<number> {
  const started = performance.now();
  return new Promise((resolve) => socket.once('close', () => resolve(performance.now() - started)));
}

function open(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
    // Read whatever the server says (its 408), or the socket never sees its end.
    socket.resume();
  });
}

describe('socket timeouts of the standalone server', () => {
  it('closes a connection that never sends its headers', async () => {
    const socket = await open();
    socket.on('error', () => undefined);
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n');
    const waited = await closedAfter(socket);
    assert.ok(waited < 3000, `closed after ${waited} ms`);
  });

  it('closes a request whose body trickles in past the request timeout', async () => {
    const socket = await open();
    socket.on('error', () => undefined);
    socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n');
    const trickle = setInterval(() => socket.write('a'), 50);
    const waited = await closedAfter(socket);
    clearInterval(trickle);
    assert.ok(waited < 3000, `closed after ${waited} ms`);
  });

  it('closes an idle keep-alive connection after its answer', async () => {
    const socket = await open();
    socket.on('error', () => undefined);
    const answered = new Promise<void>((resolve) => socket.once('data', () => resolve()));
    socket.resume();
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await answered;
    const waited = await closedAfter(socket);
    assert.ok(waited < 3000, `closed after ${waited} ms`);
  });
});
