/**
 * @module The standalone server's log sink: one JSON line per record on stdout, like `jsonLineSink`,
 * written once per turn of the event loop instead of once per record. Under load a turn answers
 * many requests, and one write for all their lines saves a system call each (and `console.log`'s
 * formatting). Lines left when the process exits are written on the way out.
 */
import type { LogSink } from '../log.ts';

interface LineStream {
  write(text: string): unknown;
}

/** Sinks with lines not yet written: one `exit` listener writes them all, however many sinks exist. */
const unwritten = new Set<() => void>();
let exitListener = false;
const flushAll = () => {
  for (const flush of unwritten) flush();
};

/** A sink writing JSON lines to `stream` (default stdout), in order, batched per event-loop turn. */
export function stdoutJsonLineSink(stream: LineStream = process.stdout): LogSink {
  let pending = '';
  const flush = () => {
    unwritten.delete(flush);
    const text = pending;
    pending = '';
    try {
      if (text !== '') stream.write(text);
    } catch {
      // Logging must not take the server down; a stream that throws loses these lines only.
    }
  };
  if (!exitListener) {
    exitListener = true;
    process.once('exit', flushAll);
  }
  return (record) => {
    pending += `${JSON.stringify(record)}\n`;
    if (unwritten.has(flush)) return;
    unwritten.add(flush);
    setImmediate(flush);
  };
}
