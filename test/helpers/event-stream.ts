/**
 * Reads a Server-Sent Events stream with `fetch` over a real socket, as a test client: every event
 * parsed (`event`, `data` as JSON, `retry`), comment lines (heartbeats) counted, and waits for what a
 * test expects instead of sleeping.
 */
import { withTimeout } from './with-timeout.ts';

export interface StreamEvent {
  event: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests assert the payload's shape themselves
  data: any;
  retry?: number;
}

export interface EventStreamReader {
  response: Response;
  events: StreamEvent[];
  /** Comment lines seen (`: ping`). */
  comments: number;
  /** Whether the server ended the response. */
  ended: boolean;
  /** Resolves with the `index`-th event named `name` (0 = the first), waiting for it if needed. */
  nth(name: string, index: number, ms?: number): Promise<StreamEvent>;
  /** Resolves once `predicate` holds for the reader (checked after every chunk). */
  until(predicate: (reader: EventStreamReader) => boolean, what: string, ms?: number): Promise<void>;
  close(): Promise<void>;
}

export async function openEventStream(url: string, init: RequestInit = {}): Promise<EventStreamReader> {
  const controller = new AbortController();
  const response = await fetch(url, {
    ...init,
    signal: controller.signal,
    headers: { Accept: 'text/event-stream', ...(init.headers as Record<string, string> | undefined) },
  });
  const waiters = new Set<() => void>();
  const reader: EventStreamReader = {
    response,
    events: [],
    comments: 0,
    ended: false,
    nth: (name, index, ms = 5_000) =>
      reader
        .until((r) => r.events.filter((event) => event.event === name).length > index, `event "${name}" #${index + 1}`, ms)
        .then(() => reader.events.filter((event) => event.event === name)[index]!),
    until: (predicate, what, ms = 5_000) =>
      withTimeout(
        new Promise<void>((resolve) => {
          const check = () => {
            if (!predicate(reader)) return;
            waiters.delete(check);
            resolve();
          };
          waiters.add(check);
          check();
        }),
        ms,
        what,
      ),
    close: async () => {
      controller.abort();
      await pump;
    },
  };
  const wake = () => {
    for (const check of [...waiters]) check();
  };
  let buffer = '';
  const pump = (async () => {
    if (!response.body || !response.headers.get('content-type')?.startsWith('text/event-stream')) return;
    const decoder = new TextDecoder();
    const body = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await body.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: StreamEvent = { event: 'message', data: undefined };
          const data: string[] = [];
          let comment = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comment = true;
            else if (line.startsWith('event: ')) event.event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
            else if (line.startsWith('retry: ')) event.retry = Number(line.slice(7));
          }
          if (comment && data.length === 0) reader.comments += 1;
          else {
            event.data = JSON.parse(data.join('\n'));
            reader.events.push(event);
          }
        }
        wake();
      }
    } catch {
      // The stream was cut (by the server or by close()): `ended` says so.
    } finally {
      reader.ended = true;
      wake();
    }
  })();
  return reader;
}
