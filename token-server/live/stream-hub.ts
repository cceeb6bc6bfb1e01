/**
 * @module The open `GET /events` streams of this instance: bounded (per user and in total), kept alive
 * by one heartbeat for all of them, told of every accounts change published on the shared channel
 * (from this instance or another), and ended cleanly on shutdown or when a session token runs out.
 * A client that stops reading is dropped rather than buffered for without end.
 */
import type { Account, StreamEnd, TokenServerEventName, TokenServerEvents } from '../../protocol/token-server-api.ts';
import { fail } from '../errors.ts';
import type { LogSink } from '../log.ts';
import type { SharedPubSub, Unsubscribe } from '../stores/shared-pubsub.ts';
import { viewAccounts, type AccountsView } from '../upstream/to-accounts.ts';

/** Where a stream's text goes (Hono's SSE stream, in the route). */
export interface EventStreamSink {
  /** Resolves once the text is handed on; never rejects. */
  write(text: string): Promise<unknown>;
  /** Cuts the response short, unflushed writes and all (a client that stopped reading). */
  abort(): void;
}

export interface StreamHubOptions {
  pubsub: SharedPubSub;
  /** Every offered platform, in order: what a stream shows unless it asked for some. */
  platforms: readonly string[];
  maxStreams: number;
  maxStreamsPerUser: number;
  heartbeatMs: number;
  /** Longest wait for the channel to take a message (a frozen Redis must not hold up the readings). */
  publishTimeoutMs: number;
  log: LogSink;
  now: () => number;
}

export interface OpenedStream {
  /** Resolves when the stream has ended, for whatever reason. */
  finished: Promise<void>;
  /** Ends it; with a reason, the client is told first (an `end` event). */
  end: (reason?: StreamEnd['reason']) => void;
}

export interface StreamSeat {
  /** Starts the stream in the place reserved. `shown`: the platforms asked for (every offered one when undefined); `extras`: the profile's other platforms too (default true, as with no filter). */
  open(sink: EventStreamSink, options: { shown?: readonly string[]; extras?: boolean; expiresAt?: number }): OpenedStream;
  /** Gives the place back when the stream will not open after all. */
  release(): void;
}

interface Stream {
  profile: string;
  /** What it shows, as `GET /accounts` with the same `?platforms=` would. */
  view: AccountsView;
  sink: EventStreamSink;
  /** Writes the client has not taken yet. */
  pending: number;
  end: (reason?: StreamEnd['reason']) => void;
}

/** The channel every instance publishes accounts changes on. */
export const ACCOUNTS_CHANNEL = 'upload-post-connect:accounts';
/** Writes a client may leave untaken (heartbeats included) before it is dropped. */
const MAX_PENDING_WRITES = 32;
const MAX_TIMER_MS = 2_147_483_647;

/** One SSE event: its data is one line of JSON (JSON.stringify writes no raw line breaks). */
export function sseEvent<Name extends TokenServerEventName>(name: Name, data: TokenServerEvents[Name]): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

export class StreamHub {
  private readonly byProfile = new Map<string, Set<Stream>>();
  /** Streams open plus places reserved. */
  private seats = 0;
  private readonly seatsByProfile = new Map<string, number>();
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private subscription: Promise<Unsubscribe | undefined> | undefined;
  private closing = false;
  constructor(private readonly options: StreamHubOptions) {}

  /** Streams open right now. */
  get size(): number {
    let count = 0;
    for (const streams of this.byProfile.values()) count += streams.size;
    return count;
  }

  /** A place for one more stream of `profile`, or a 429 TOO_MANY_STREAMS saying which bound was hit. */
  reserve(profile: string): StreamSeat {
    const { maxStreams, maxStreamsPerUser } = this.options;
    const mine = this.seatsByProfile.get(profile) ?? 0;
    if (mine >= maxStreamsPerUser) {
      fail('TOO_MANY_STREAMS', `This user already has ${maxStreamsPerUser} event streams open; close one (or keep reading /accounts).`);
    }
    if (this.seats >= maxStreams) fail('TOO_MANY_STREAMS', 'This server has as many event streams open as it allows; keep reading /accounts.');
    this.seats += 1;
    this.seatsByProfile.set(profile, mine + 1);
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      this.seats -= 1;
      const left = (this.seatsByProfile.get(profile) ?? 1) - 1;
      if (left > 0) this.seatsByProfile.set(profile, left);
      else this.seatsByProfile.delete(profile);
    };
    return { open: (sink, options) => this.open(profile, sink, options, release), release };
  }

  /**
   * Tells every instance's streams of `profile` its slots (every platform the profile has, as
   * accounts); if the channel fails, at least this instance's. Never rejects.
   */
  async publish(profile: string, slots: Account[]): Promise<void> {
    const message = JSON.stringify({ profile, slots });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.options.publishTimeoutMs} ms`)), this.options.publishTimeoutMs);
    });
    try {
      await Promise.race([this.options.pubsub.publish(ACCOUNTS_CHANNEL, message), deadline]);
    } catch (error) {
      this.note('warn', 'publishing an accounts change failed: only the streams on this instance hear of it', error);
      this.deliver(message);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends every stream with `end: shutdown`; a stream opened afterwards is ended the same way at once. */
  closeAll(): void {
    this.closing = true;
    for (const streams of [...this.byProfile.values()]) for (const stream of [...streams]) stream.end('shutdown');
    void this.subscription?.then((unsubscribe) => unsubscribe?.()).catch(() => undefined);
    this.subscription = undefined;
  }

  private open(
    profile: string,
    sink: EventStreamSink,
    options: { shown?: readonly string[]; extras?: boolean; expiresAt?: number },
    release: () => void,
  ): OpenedStream {
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    let ended = false;
    let expiry: ReturnType<typeof setTimeout> | undefined;
    const stream: Stream = {
      profile,
      view: { shown: options.shown ?? this.options.platforms, offered: this.options.platforms, extras: options.extras ?? true },
      sink,
      pending: 0,
      end: (reason) => {
        if (ended) return;
        ended = true;
        clearTimeout(expiry);
        if (reason) this.write(stream, sseEvent('end', { reason }));
        const streams = this.byProfile.get(profile);
        streams?.delete(stream);
        if (streams?.size === 0) this.byProfile.delete(profile);
        release();
        if (this.byProfile.size === 0) this.stopHeartbeat();
        finish();
      },
    };
    if (this.closing) {
      stream.end('shutdown');
      return { finished, end: stream.end };
    }
    let streams = this.byProfile.get(profile);
    if (!streams) this.byProfile.set(profile, (streams = new Set()));
    streams.add(stream);
    this.startHeartbeat();
    this.subscribe();
    if (options.expiresAt !== undefined) {
      expiry = setTimeout(() => stream.end('session-expired'), Math.min(MAX_TIMER_MS, Math.max(0, options.expiresAt - this.options.now())));
      (expiry as { unref?: () => void }).unref?.();
    }
    return { finished, end: stream.end };
  }

  private subscribe(): void {
    this.subscription ??= this.options.pubsub
      .subscribe(ACCOUNTS_CHANNEL, (message) => this.deliver(message))
      .catch((error: unknown) => {
        this.note('error', 'subscribing to accounts changes failed: the streams here hear only of changes learnt here; retried at the next stream', error);
        this.subscription = undefined;
        return undefined;
      });
  }

  /** A message from the channel → the streams of its profile here, each with its own view of the slots. */
  private deliver(message: string): void {
    let parsed: { profile?: unknown; slots?: unknown };
    try {
      parsed = JSON.parse(message) as typeof parsed;
    } catch {
      return;
    }
    if (typeof parsed.profile !== 'string' || !Array.isArray(parsed.slots)) return;
    const streams = this.byProfile.get(parsed.profile);
    if (!streams) return;
    const slots = parsed.slots as Account[];
    // Streams of one user usually show the same platforms: each text is built once.
    const texts = new Map<string, string>();
    for (const stream of [...streams]) {
      const key = `${String(stream.view.extras)}:${stream.view.shown.join()}`;
      let text = texts.get(key);
      if (text === undefined) texts.set(key, (text = sseEvent('accounts', { accounts: viewAccounts(slots, stream.view) })));
      this.write(stream, text);
    }
  }

  private write(stream: Stream, text: string): void {
    if (stream.pending >= MAX_PENDING_WRITES) {
      // The client stopped reading; EventSource reconnects if it is still there, and catches up.
      stream.end();
      stream.sink.abort();
      return;
    }
    stream.pending += 1;
    void stream.sink.write(text).finally(() => (stream.pending -= 1));
  }

  private startHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => {
      for (const streams of [...this.byProfile.values()]) for (const stream of [...streams]) this.write(stream, ': ping\n\n');
    }, this.options.heartbeatMs);
    (this.heartbeat as { unref?: () => void }).unref?.();
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  private note(level: 'warn' | 'error', msg: string, error: unknown): void {
    this.options.log({ time: new Date(this.options.now()).toISOString(), level, msg, error: error instanceof Error ? error.message : String(error) });
  }
}
