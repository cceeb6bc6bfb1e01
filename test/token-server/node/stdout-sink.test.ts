/** `stdoutJsonLineSink`: the standalone server's JSON lines, one write per event-loop turn. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stdoutJsonLineSink } from '../../../token-server/node/stdout-sink.ts';

const record = (msg: string) => ({ time: '2026-01-01T00:00:00.000Z', level: 'info' as const, msg });
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('stdoutJsonLineSink', () => {
  it('writes the records of one turn as JSON lines, in order, in one write', async () => {
    const writes: string[] = [];
    const sink = stdoutJsonLineSink({ write: (text: string) => writes.push(text) });
    sink(record('a'));
    sink(record('b'));
    assert.deepEqual(writes, [], 'nothing written before the turn ends');
    await turn();
    assert.deepEqual(writes, [`${JSON.stringify(record('a'))}\n${JSON.stringify(record('b'))}\n`]);
  });

  it('writes each later turn on its own', async () => {
    const writes: string[] = [];
    const sink = stdoutJsonLineSink({ write: (text: string) => writes.push(text) });
    sink(record('a'));
    await turn();
    sink(record('b'));
    await turn();
    assert.deepEqual(writes, [`${JSON.stringify(record('a'))}\n`, `${JSON.stringify(record('b'))}\n`]);
  });

  it('survives a stream that throws', async () => {
    const sink = stdoutJsonLineSink({
      write: () => {
        throw new Error('EPIPE');
      },
    });
    sink(record('a'));
    await turn();
  });
});
