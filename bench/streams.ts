/**
 * Open event streams (`GET /upload-post/events`): what each costs the token server, and how fast a
 * change reaches them. The server runs alone in its own process (`streams-server.ts`, after a full
 * GC for every reading); the clients are plain node:http requests from this process.
 *
 *   memory per stream    heap and RSS of the server with STREAMS streams open, minus before, ÷ STREAMS
 *   baselines            the same for a bare Hono `streamSSE` route (the floor of any Hono stream),
 *                        and for STREAMS idle keep-alive connections (the floor of any connection)
 *   one change           a webhook for one user → the moment all its PER_USER streams got the event
 *   fan-out              USERS webhooks (one per user) → the moment the last of the STREAMS streams
 *                        got its user's `accounts` event
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Agent, request, type ClientRequest, type IncomingMessage } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createSessionToken } from '../token-server/identity/session-token.ts';
import { BENCH_SESSION_SECRET, BenchFailure, kb, median, ms, ratio, table, type Section } from './lib.ts';

const USERS = 200;
const PER_USER = 5;
const STREAMS = USERS * PER_USER;
const ROUNDS = 3;
/** Users changed one at a time (the single-change latency); the others all at once (the fan-out). */
const SINGLE_CHANGES = 20;
const WEBHOOK_SECRET = 'bench-webhook-secret-0123456789';

export interface Memory {
  heapUsed: number;
  rss: number;
  external: number;
  arrayBuffers: number;
}

export interface StreamsServer {
  url: string;
  child: ChildProcess;
  memory(): Promise<Memory>;
  link(): Promise<void>;
  stop(): Promise<void>;
}

/** `streams-server.ts` in a process of its own, with users u0…u(users-1). */
export function startServer(mode: 'token-server' | 'bare-sse', users = USERS): Promise<StreamsServer> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./streams-server.ts', import.meta.url)), [mode, String(users)], {
      execArgv: ['--import', 'tsx', '--expose-gc'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const waiting = new Map<number, (message: unknown) => void>();
    let next = 0;
    const ask = <T>(type: string) =>
      new Promise<T>((done) => {
        const id = next++;
        waiting.set(id, done as (message: unknown) => void);
        child.send({ type, id });
      });
    child.once('exit', (code) => reject(new BenchFailure(`streams server exited (${code ?? 'signal'}):\n${stderr}`)));
    child.on('message', (message: { type: string; id?: number; url?: string }) => {
      if (message.type === 'listening') {
        resolve({
          url: message.url!,
          child,
          memory: () => ask<Memory>('memory'),
          link: () => ask<unknown>('link').then(() => undefined),
          stop: () =>
            new Promise((done) => {
              child.removeAllListeners('exit');
              if (child.exitCode !== null) {
                done();
                return;
              }
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      } else if (message.id !== undefined) {
        waiting.get(message.id)?.(message);
        waiting.delete(message.id);
      }
    });
  });
}

interface OpenStream {
  request: ClientRequest;
  /** Resolves when the `accounts` event number `n` (0 = the first) has arrived. */
  accounts(n: number): Promise<void>;
}

/** A stream read by node:http: counts its `accounts` events, nothing more. */
function openStream(url: string, agent: Agent): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    const waiters: { n: number; done: () => void }[] = [];
    const req = request(url, { agent, headers: { Accept: 'text/event-stream' } }, (res: IncomingMessage) => {
      if (res.statusCode !== 200) {
        reject(new BenchFailure(`GET /events answered ${String(res.statusCode)}`));
        return;
      }
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        seen += chunk.split('event: accounts').length - 1;
        for (const waiter of [...waiters]) {
          if (seen <= waiter.n) continue;
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.done();
        }
      });
      res.on('error', () => undefined);
      resolve({ request: req, accounts: (n) => (seen > n ? Promise.resolve() : new Promise((done) => waiters.push({ n, done }))) });
    });
    req.on('error', (error) => reject(new BenchFailure(`opening a stream: ${error.message}`)));
    req.end();
  });
}

/** `count` idle keep-alive connections, each having fetched /healthz once: the floor of an open connection. */
async function idleConnections(url: string, count: number): Promise<Agent> {
  const agent = new Agent({ keepAlive: true, maxSockets: count, maxFreeSockets: count });
  await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<void>((done, fail) => {
          request(`${url}/upload-post/healthz`, { agent }, (res) => {
            res.resume();
            res.on('end', () => done());
          })
            .on('error', (error) => fail(new BenchFailure(`an idle connection: ${error.message}`)))
            .end();
        }),
    ),
  );
  return agent;
}

const perStream = (after: Memory, before: Memory, key: keyof Memory) => (after[key] - before[key]) / STREAMS;

function webhook(server: StreamsServer, agent: Agent, user: number): Promise<void> {
  return new Promise<void>((done, fail) => {
    const body = JSON.stringify({ event: 'social_account_connected', profile_username: `u${user}`, platform: 'tiktok' });
    request(`${server.url}/upload-post/webhooks/upload-post?secret=${WEBHOOK_SECRET}`, {
      agent,
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
    })
      .on('response', (res) => {
        res.resume();
        if (res.statusCode !== 202) fail(new BenchFailure(`webhook answered ${String(res.statusCode)}`));
        else done();
      })
      .on('error', (error) => fail(new BenchFailure(`posting a webhook: ${error.message}`)))
      .end(body);
  });
}

/** Heap and RSS per stream of a bare Hono streamSSE route, the same number of streams. */
async function bareRound() {
  const server = await startServer('bare-sse');
  try {
    const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
    (await openStream(`${server.url}/upload-post/events`, agent)).request.destroy();
    const before = await server.memory();
    const streams = await Promise.all(Array.from({ length: STREAMS }, () => openStream(`${server.url}/upload-post/events`, agent)));
    await Promise.all(streams.map((stream) => stream.accounts(0)));
    const open = await server.memory();
    for (const stream of streams) stream.request.destroy();
    agent.destroy();
    return { heap: perStream(open, before, 'heapUsed'), rss: perStream(open, before, 'rss') };
  } finally {
    await server.stop();
  }
}

async function round() {
  const server = await startServer('token-server');
  try {
    const tokens = await Promise.all(Array.from({ length: USERS }, (_, i) => createSessionToken({ userId: `u${i}`, secret: BENCH_SESSION_SECRET })));
    const warm = new Agent({ keepAlive: false });
    (await openStream(`${server.url}/upload-post/events?session_token=${tokens[0]!}`, warm)).request.destroy();

    const idle0 = await server.memory();
    const idleAgent = await idleConnections(server.url, STREAMS);
    const idle1 = await server.memory();
    idleAgent.destroy();

    const before = await server.memory();
    const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
    const opening = performance.now();
    const streams: OpenStream[] = [];
    for (let batch = 0; batch < PER_USER; batch++) {
      streams.push(...(await Promise.all(tokens.map((token) => openStream(`${server.url}/upload-post/events?session_token=${token}`, agent)))));
    }
    await Promise.all(streams.map((stream) => stream.accounts(0)));
    const openMs = performance.now() - opening;
    const open = await server.memory();

    await server.link();
    // One user at a time first: streams i, i + USERS, … are user i's.
    const single: number[] = [];
    for (let user = 0; user < SINGLE_CHANGES; user++) {
      const changed = performance.now();
      await webhook(server, agent, user);
      await Promise.all(streams.filter((_, i) => i % USERS === user).map((stream) => stream.accounts(1)));
      single.push(performance.now() - changed);
    }
    const changed = performance.now();
    await Promise.all(tokens.slice(SINGLE_CHANGES).map((_, i) => webhook(server, agent, i + SINGLE_CHANGES)));
    await Promise.all(streams.map((stream) => stream.accounts(1)));
    const fanOutMs = performance.now() - changed;
    for (const stream of streams) stream.request.destroy();
    agent.destroy();
    return {
      heap: perStream(open, before, 'heapUsed'),
      rss: perStream(open, before, 'rss'),
      external: perStream(open, before, 'external'),
      idleHeap: perStream(idle1, idle0, 'heapUsed'),
      idleRss: perStream(idle1, idle0, 'rss'),
      openMs,
      fanOutMs,
      singleMs: median(single),
    };
  } finally {
    await server.stop();
  }
}

export async function run(): Promise<Section> {
  const rounds: Awaited<ReturnType<typeof round>>[] = [];
  const bare: Awaited<ReturnType<typeof bareRound>>[] = [];
  // Interleaved, so that a drift in the machine's load moves both alike.
  for (let i = 0; i < ROUNDS; i++) {
    rounds.push(await round());
    bare.push(await bareRound());
  }
  const m = (key: keyof (typeof rounds)[number]) => median(rounds.map((result) => result[key]));
  const b = (key: keyof (typeof bare)[number]) => median(bare.map((result) => result[key]));
  const heapRatio = m('heap') / b('heap');
  const markdown = [
    `${STREAMS} streams (${PER_USER} for each of ${USERS} users) held open against a token server alone in its process, ${ROUNDS} rounds (a fresh server each), medians. Memory is read after a full GC; per stream = (with them open − before) ÷ ${STREAMS}.`,
    '',
    table(
      ['per open stream', 'token server `/events`', 'bare Hono `streamSSE` (floor)', 'ours ÷ floor', 'idle keep-alive connection'],
      [
        ['server heap', kb(m('heap')), kb(b('heap')), ratio(heapRatio), kb(m('idleHeap'))],
        ['server RSS', kb(m('rss')), kb(b('rss')), ratio(m('rss') / b('rss')), kb(m('idleRss'))],
      ],
    ),
    '',
    table(
      ['measure', 'median', 'min–max'],
      [
        [`open ${STREAMS} streams (first event received by all)`, ms(m('openMs'), 0), rounds.map((r) => ms(r.openMs, 0)).join(', ')],
        [
          `one webhook → its user's ${PER_USER} streams told (median of ${SINGLE_CHANGES} users)`,
          ms(m('singleMs')),
          rounds.map((r) => ms(r.singleMs)).join(', '),
        ],
        [`${USERS - SINGLE_CHANGES} webhooks at once → all their streams told`, ms(m('fanOutMs'), 0), rounds.map((r) => ms(r.fanOutMs, 0)).join(', ')],
      ],
    ),
  ].join('\n');
  return {
    title: 'Open event streams',
    markdown,
    checks: [
      {
        name: `streams: ${STREAMS} open streams cost ≤ 64 KB of server heap each`,
        ok: m('heap') <= 64 * 1024,
        detail: `${kb(m('heap'))} heap, ${kb(m('rss'))} RSS per stream (${ratio(heapRatio)} a bare Hono streamSSE's heap)`,
      },
    ],
  };
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const section = await run();
  console.log(`## ${section.title}\n\n${section.markdown}\n`);
  for (const check of section.checks) console.log(`${check.ok ? 'met' : 'MISSED'}: ${check.name} — ${check.detail}`);
}
