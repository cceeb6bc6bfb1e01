/**
 * What the live paths cost the reads: the connect-session signal (`GET /connect-sessions/:id`, a
 * long poll, always on) and event streams (`GET /events`, on with `webhookSecret`).
 *
 *   CPU per `GET /accounts`   the token server with every feature on (as in `throughput.ts`) against
 *                             the same with live accounts on (`webhookSecret`: every read is also a
 *                             reading the watch compares), interleaved at 100 connections and 20 ms
 *                             upstream; a second process without them shows the noise (A/A)
 *   memory per pending connect session   the server alone (`streams-server.ts`, after a full GC)
 *                             holding minted links' sessions, then as many long polls waiting on
 *                             them; per session = (with them − before) ÷ count
 *
 * Memory per open event stream is measured by `streams.ts`.
 */
import { Agent, request, type ClientRequest } from 'node:http';
import { createSessionToken } from '../token-server/identity/session-token.ts';
import {
  BENCH_SESSION_SECRET,
  BenchFailure,
  kb,
  median,
  ratio,
  setUpstreamLatency,
  startAll,
  startChild,
  table,
  type ChildServer,
  type Check,
  type Section,
} from './lib.ts';
import { startServer, type Memory } from './streams.ts';
import { EVERY_FEATURE, measureAll, tokenServerRequest, type Run, type Target } from './throughput.ts';

const USERS = 1000;
const ROUNDS = 10;
const CONNECTIONS = 100;
const LATENCY_MS = 20;
/** "Not measurably higher": within this of the same server without live accounts. */
const MAX_LIVE_VS_OFF = 1.05;
const WEBHOOK_SECRET = 'bench-webhook-secret-0123456789';
/** Connect sessions: users × per user (the long poll allows 4 waiting per user). */
const SESSION_USERS = 250;
const SESSIONS_PER_USER = 4;
const SESSIONS = SESSION_USERS * SESSIONS_PER_USER;
const MEMORY_ROUNDS = 3;

async function cpuPerRead(tokens: string[]): Promise<Run[]> {
  const emulator = await startChild('emulator', { users: USERS });
  const children: ChildServer[] = [emulator];
  try {
    const upstreamUrl = emulator.url;
    const config = { ...EVERY_FEATURE, upstreamUrl, transport: 'undici' };
    const [off, on, again] = await startAll([
      ['token-server', config],
      ['token-server', { ...config, webhookSecret: WEBHOOK_SECRET }],
      ['token-server', config],
    ]);
    children.push(off!, on!, again!);
    const all: Target[] = [
      { name: 'live accounts off', server: off!, request: tokenServerRequest },
      { name: 'live accounts on', server: on!, request: tokenServerRequest },
      { name: 'live accounts off, another process', server: again!, request: tokenServerRequest },
    ];
    await setUpstreamLatency(emulator.url, LATENCY_MS);
    // Warm-up (JIT, pools, and a first reading of every profile for the watch to compare with).
    await measureAll(all, 'GET /accounts', CONNECTIONS, LATENCY_MS, emulator, tokens, 1);
    return await measureAll(all, 'GET /accounts', CONNECTIONS, LATENCY_MS, emulator, tokens, ROUNDS);
  } finally {
    await Promise.all(children.map((child) => child.stop()));
  }
}

/** Sends `req` and resolves with its answer's body (JSON). */
function send(url: string, options: { method?: string; headers: Record<string, string>; body?: string; agent: Agent }): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers, agent: options.agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () =>
        res.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new BenchFailure(`${url} answered ${String(res.statusCode)}: ${text}`)),
      );
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Memory of the server with SESSIONS minted links' sessions stored, then with a long poll waiting on each. */
async function sessionsRound(tokens: string[]) {
  const server = await startServer('token-server', SESSION_USERS);
  try {
    const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
    const mint = (token: string) =>
      send(`${server.url}/upload-post/connect-url`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: '{}',
        agent,
      }) as Promise<{ session: string }>;
    // One unrecorded mint and poll: the routes' code compiled, their first allocations made.
    const warm = await mint(tokens[0]!);
    const warmPoll = request(`${server.url}/upload-post/connect-sessions/${warm.session}`, { headers: { Authorization: `Bearer ${tokens[0]!}` }, agent });
    warmPoll.on('error', () => undefined).end();
    await new Promise((resolve) => setTimeout(resolve, 200));
    warmPoll.destroy();

    const before = await server.memory();
    const sessions: { token: string; id: string }[] = [];
    for (let round = 0; round < SESSIONS_PER_USER; round++) {
      sessions.push(...(await Promise.all(tokens.map(async (token) => ({ token, id: (await mint(token)).session })))));
    }
    const stored = await server.memory();
    const polls: ClientRequest[] = sessions.map(({ token, id }) => {
      const poll = request(`${server.url}/upload-post/connect-sessions/${id}`, { headers: { Authorization: `Bearer ${token}` }, agent });
      poll.on('error', () => undefined).end();
      return poll;
    });
    // Each poll waits 20 s on the server before it answers `pending`: read well before that.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const waiting = await server.memory();
    for (const poll of polls) poll.destroy();
    agent.destroy();
    const per = (after: Memory, key: keyof Memory) => (after[key] - before[key]) / SESSIONS;
    return { storedHeap: per(stored, 'heapUsed'), storedRss: per(stored, 'rss'), waitingHeap: per(waiting, 'heapUsed'), waitingRss: per(waiting, 'rss') };
  } finally {
    await server.stop();
  }
}

export async function run(): Promise<Section> {
  const tokens = await Promise.all(Array.from({ length: USERS }, (_, i) => createSessionToken({ userId: `u${i}`, secret: BENCH_SESSION_SECRET })));
  const runs = await cpuPerRead(tokens);
  const memory: Awaited<ReturnType<typeof sessionsRound>>[] = [];
  for (let i = 0; i < MEMORY_ROUNDS; i++) memory.push(await sessionsRound(tokens.slice(0, SESSION_USERS)));
  return report(runs, memory);
}

function report(runs: Run[], memory: { storedHeap: number; storedRss: number; waitingHeap: number; waitingRss: number }[]): Section {
  const [off, on, again] = runs as [Run, Run, Run];
  const roundRatios = (a: Run, b: Run) => a.cpuMicrosPerRequestByRound.map((cpu, round) => cpu / b.cpuMicrosPerRequestByRound[round]!);
  const liveVsOff = median(roundRatios(on, off));
  const noise = median(roundRatios(again, off));
  const m = (key: keyof (typeof memory)[number]) => median(memory.map((round) => round[key]));
  const failed = runs.filter((item) => item.failures > 0);
  const checks: Check[] = [
    {
      name: `target: live accounts on (connect sessions, /events, the webhook's watch) cost GET /accounts no measurable CPU: ≤ ${MAX_LIVE_VS_OFF}× off, ${CONNECTIONS} connections, ${LATENCY_MS} ms upstream`,
      ok: liveVsOff <= MAX_LIVE_VS_OFF && failed.length === 0,
      detail:
        `${ratio(liveVsOff)} (${Math.round(on.cpuMicrosPerRequest)} µs vs ${Math.round(off.cpuMicrosPerRequest)} µs; rounds ` +
        `${ratio(Math.min(...roundRatios(on, off)))}–${ratio(Math.max(...roundRatios(on, off)))}; the same server in another process: ${ratio(noise)})` +
        (failed.length ? `; ${failed.map((item) => `${item.target}: ${item.failures} failed`).join(', ')}` : ''),
    },
  ];
  const markdown = [
    `**CPU per \`GET /accounts\`**: token servers with every feature on (as in the throughput section), ${ROUNDS} interleaved 1 s rounds at ` +
      `${CONNECTIONS} connections, ${LATENCY_MS} ms upstream, ${USERS} users round robin, read cache off. "Live accounts on" sets \`webhookSecret\`: ` +
      'the webhook route and `/events` exist, and every read of a profile is also a reading the watch compares with the last one kept. ' +
      'Ratios are the median of round-by-round ratios.',
    '',
    table(
      ['server', 'CPU per request', '÷ live accounts off', 'req/s', 'errors'],
      [off, on, again].map((item) => [
        item.target,
        `${Math.round(item.cpuMicrosPerRequest)} µs`,
        item === off ? '1.00×' : ratio(median(roundRatios(item, off))),
        Math.round(item.rps),
        item.failures,
      ]),
    ),
    '',
    `**Memory per pending connect session**: ${SESSIONS} links minted (${SESSIONS_PER_USER} for each of ${SESSION_USERS} users) against a token server alone in its ` +
      `process (live accounts on, upstream a fake in memory), then a long poll (\`GET /connect-sessions/:id\`) waiting on each; ${MEMORY_ROUNDS} rounds, ` +
      'a fresh server each, medians; memory read after a full GC. Memory per open event stream is in the streams section.',
    '',
    table(
      ['per connect session', 'server heap', 'server RSS'],
      [
        ['minted, its session stored (30 min)', kb(m('storedHeap')), kb(m('storedRss'))],
        ['with a long poll waiting on it (stored session, request, socket)', kb(m('waitingHeap')), kb(m('waitingRss'))],
      ],
    ),
  ].join('\n');
  return { title: 'Live paths: what they cost the reads', markdown, checks };
}
