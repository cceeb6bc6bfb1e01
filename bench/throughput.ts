/**
 * Token-server throughput and overhead: autocannon (in the runner's process) against four servers,
 * each in its own child process, all proxying to the emulator (a fifth process):
 *
 *   direct         the emulator's API hit directly — the baseline of "× direct"
 *   bare proxy     node:http + undici request(): what any Node proxy costs at least
 *   hono proxy     the same proxy as a two-route Hono app: what any Hono app costs at least, the
 *                  baseline of the CPU target
 *   token server (undici)  createTokenServer with createUndiciTransport() — what the CLI runs
 *   token server (fetch)   createTokenServer with Node 20's global fetch — the edge-runtime default
 *
 * The token servers run with every feature on: session-token identity, the origin check and CORS
 * (every request carries an allowed `Origin`), CSRF and the body limit, zod validation, the mint
 * rate limit (counting every mint, with a limit 1000 users never reach), connect sessions, and a
 * JSON log line per request (redacted) on stdout. Every request of a run is for another user (1000
 * seeded profiles, session tokens signed up front) and the read cache is off (`cacheTtlMs: 0`), so
 * every request costs exactly one upstream call — checked by counting at the emulator. Coalescing
 * is measured separately, on purpose.
 */
import autocannon from 'autocannon';
import { createSessionToken } from '../token-server/identity/session-token.ts';
import {
  BENCH_API_KEY,
  BENCH_SESSION_SECRET,
  BenchFailure,
  mb,
  median,
  ms,
  ratio,
  setUpstreamLatency,
  startAll,
  startChild,
  table,
  type ChildServer,
  type Check,
  type Section,
} from './lib.ts';

const USERS = 1000;
const PLATFORMS = ['tiktok', 'instagram', 'linkedin', 'youtube', 'facebook', 'x', 'threads', 'google_business', 'bluesky'];
/** Seconds per slice; ROUNDS slices per target and configuration, TARGET_ROUNDS where a target is checked. */
const SLICE_S = Number(process.env.BENCH_SLICE ?? 1);
const ROUNDS = 3;
const TARGET_ROUNDS = 5;
const TARGET_CONNECTIONS = 100;
const TARGET_LATENCY_MS = 20;
const CONNECTIONS = [10, 100] as const;
const LATENCIES = [0, 20] as const;
/** Issue #18: what the token server's own work may cost over the floor of any Hono app doing the same upstream calls. */
const MAX_CPU_VS_HONO = 1.6;
/** Issue #18: what the Node transport must win over `fetch`, in throughput. */
const MIN_UNDICI_VS_FETCH = 1.4;
/** The page origin every token-server request names: allowed, so the origin check and CORS run in full. */
export const BENCH_ORIGIN = 'http://app.bench.test';
/** Mints per user per minute: the limiter counts every mint, and 1000 users at a few thousand mints a second never reach it. */
const UNREACHED_MINT_LIMIT = 1_000_000;
const COALESCE_N = 100;
const COALESCE_LATENCY_MS = 200;

export type Endpoint = 'GET /accounts' | 'POST /connect-url';
type TargetName = 'direct' | 'bare proxy' | 'hono proxy' | 'token server (undici)' | 'token server (fetch)' | (string & {});

export interface Target {
  name: TargetName;
  server: ChildServer;
  /** The request for user `i`. */
  request(endpoint: Endpoint, i: number, tokens: string[]): { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string };
}

export interface Run {
  target: TargetName;
  endpoint: Endpoint;
  connections: number;
  latencyMs: number;
  rps: number;
  /**
   * × direct: the median over rounds of this target's req/s ÷ direct's in the same round, slices
   * measured seconds apart; a drift in the machine's load over the run then moves both alike. NaN
   * when no target is named `direct`.
   */
  ratio: number;
  ratioMin: number;
  ratioMax: number;
  p50: number;
  p99: number;
  requests: number;
  failures: number;
  /** CPU time of the server process per answered request (for direct, the emulator's). */
  cpuMicrosPerRequest: number;
  /** The same, slice by slice (round by round). */
  cpuMicrosPerRequestByRound: number[];
  upstreamPerRequest: number;
  /** Every answered request made an upstream call, and no request made two. */
  upstreamWithinIssued: boolean;
}

/** What the element sends from a page on an allowed origin, for user `i`. */
export const tokenServerRequest: Target['request'] = (endpoint, i, tokens) => {
  const headers: Record<string, string> = { Authorization: `Bearer ${tokens[i]!}`, Origin: BENCH_ORIGIN };
  if (endpoint === 'GET /accounts') return { method: 'GET', path: '/upload-post/accounts', headers };
  return { method: 'POST', path: '/upload-post/connect-url', headers: { ...headers, 'Content-Type': 'application/json' }, body: '{}' };
};

function targets(emulator: ChildServer, bare: ChildServer, hono: ChildServer, undici: ChildServer, fetchServer: ChildServer): Target[] {
  const apiKey = { Authorization: `Apikey ${BENCH_API_KEY}` };
  const json = { 'Content-Type': 'application/json' };
  const proxyRequest: Target['request'] = (endpoint, i) =>
    endpoint === 'GET /accounts'
      ? { method: 'GET', path: '/accounts', headers: { 'x-user': `u${i}` } }
      : { method: 'POST', path: '/connect-url', headers: { 'x-user': `u${i}`, ...json }, body: '{}' };
  return [
    {
      name: 'direct',
      server: emulator,
      request: (endpoint, i) =>
        endpoint === 'GET /accounts'
          ? { method: 'GET', path: `/api/uploadposts/users/u${i}`, headers: apiKey }
          : {
              method: 'POST',
              path: '/api/uploadposts/users/generate-jwt',
              headers: { ...apiKey, ...json },
              // What the token server sends for a mint (its /done page as redirect_url).
              body: JSON.stringify({ username: `u${i}`, platforms: PLATFORMS, redirect_url: 'http://127.0.0.1/upload-post/done' }),
            },
    },
    { name: 'bare proxy', server: bare, request: proxyRequest },
    { name: 'hono proxy', server: hono, request: proxyRequest },
    { name: 'token server (undici)', server: undici, request: tokenServerRequest },
    { name: 'token server (fetch)', server: fetchServer, request: tokenServerRequest },
  ];
}

/** The token servers' configuration: every feature on, the read cache off (one upstream call per request). */
export const EVERY_FEATURE = { cacheTtlMs: 0, allowedOrigins: [BENCH_ORIGIN], maxMintsPerMinute: UNREACHED_MINT_LIMIT };

export async function load(target: Target, endpoint: Endpoint, connections: number, duration: number, tokens: string[]) {
  let issued = 0;
  const result = await autocannon({
    url: target.server.url,
    connections,
    duration,
    requests: [
      {
        // A new user per request, round robin: never two in flight for one user, so no coalescing.
        setupRequest: (request: Record<string, unknown>) => ({ ...request, ...target.request(endpoint, issued++ % USERS, tokens) }),
      },
    ],
  });
  return { result, issued };
}

/**
 * The emulator's call count once it stops moving: requests still in a socket when autocannon
 * stops arrive a moment later, and would otherwise be counted in the next target's slice.
 */
async function settledCount(emulator: ChildServer): Promise<number> {
  let previous = (await emulator.stats()).count;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const current = (await emulator.stats()).count;
    if (current === previous) return current;
    previous = current;
  }
}

/**
 * One configuration for every target, in interleaved rounds (direct, bare, Hono, undici, fetch,
 * direct, …): the machine is shared, and a burst of someone else's load then hits every target
 * alike instead of one. Requests per second = all answers / all slices' time; the ratio to direct
 * is taken round by round.
 */
export async function measureAll(
  all: Target[],
  endpoint: Endpoint,
  connections: number,
  latencyMs: number,
  emulator: ChildServer,
  tokens: string[],
  rounds = connections === TARGET_CONNECTIONS && latencyMs === TARGET_LATENCY_MS ? TARGET_ROUNDS : ROUNDS,
): Promise<Run[]> {
  const slices = new Map<
    TargetName,
    {
      rps: number[];
      p50: number[];
      p99: number[];
      cpuPerRequest: number[];
      requests: number;
      seconds: number;
      failures: number;
      upstream: number;
      issued: number;
      cpuMicros: number;
    }
  >();
  for (let round = 0; round < rounds; round++) {
    // Each round starts with the next target: a slice may pay for the one before it (its sockets
    // closing, the runner's garbage), and a fixed order would give that cost to the same target.
    for (const target of all.map((_, index) => all[(index + round) % all.length]!)) {
      const before = await settledCount(emulator);
      const cpuBefore = (await target.server.stats()).cpuMicros;
      const { result, issued } = await load(target, endpoint, connections, SLICE_S, tokens);
      const upstream = (await settledCount(emulator)) - before;
      const slice = slices.get(target.name) ?? {
        rps: [],
        p50: [],
        p99: [],
        cpuPerRequest: [],
        requests: 0,
        seconds: 0,
        failures: 0,
        upstream: 0,
        issued: 0,
        cpuMicros: 0,
      };
      // Read after the stragglers settled: the CPU they cost belongs to this slice.
      const cpuMicros = (await target.server.stats()).cpuMicros - cpuBefore;
      slice.cpuMicros += cpuMicros;
      slice.cpuPerRequest.push(cpuMicros / result.requests.total);
      slice.rps.push(result.requests.total / result.duration);
      slice.p50.push(result.latency.p50);
      slice.p99.push(result.latency.p99);
      slice.requests += result.requests.total;
      slice.seconds += result.duration;
      slice.failures += result.errors + result.timeouts + result.non2xx;
      slice.upstream += upstream;
      slice.issued += issued;
      slices.set(target.name, slice);
    }
  }
  const directRps = slices.get('direct')?.rps ?? [];
  return all.map(({ name }) => {
    const slice = slices.get(name)!;
    const ratios = slice.rps.map((rps, round) => rps / (directRps[round] ?? NaN));
    return {
      target: name,
      endpoint,
      connections,
      latencyMs,
      rps: slice.requests / slice.seconds,
      ratio: median(ratios),
      ratioMin: Math.min(...ratios),
      ratioMax: Math.max(...ratios),
      p50: median(slice.p50),
      p99: median(slice.p99),
      requests: slice.requests,
      failures: slice.failures,
      cpuMicrosPerRequest: slice.cpuMicros / slice.requests,
      cpuMicrosPerRequestByRound: slice.cpuPerRequest,
      // Requests still in flight when a slice ends reached the upstream but were not counted as answered.
      upstreamPerRequest: slice.upstream / slice.requests,
      // Each request sent costs at most one upstream call; requests still in flight when a slice
      // ends reached the upstream without being answered, so the bound is what was sent, not answered.
      upstreamWithinIssued: slice.upstream >= slice.requests && slice.upstream <= slice.issued,
    };
  });
}

/** N identical reads at once → how many reach the upstream. */
async function coalescing(server: ChildServer, emulator: ChildServer, path: string, headers: Record<string, string>) {
  const before = (await emulator.stats()).count;
  const answers = await Promise.all(
    Array.from({ length: COALESCE_N }, () =>
      fetch(`${server.url}${path}`, { headers }).then(async (response) => {
        await response.arrayBuffer();
        return response.status;
      }),
    ),
  );
  const failed = answers.filter((status) => status !== 200).length;
  if (failed) throw new BenchFailure(`Coalescing burst against ${server.url}${path}: ${failed} of ${COALESCE_N} answers were not 200.`);
  return (await emulator.stats()).count - before;
}

export async function run(): Promise<Section> {
  const tokens = await Promise.all(Array.from({ length: USERS }, (_, i) => createSessionToken({ userId: `u${i}`, secret: BENCH_SESSION_SECRET })));
  const emulator = await startChild('emulator', { users: USERS });
  const upstreamUrl = emulator.url;
  const children: ChildServer[] = [emulator];
  try {
    const [bare, hono, undici, fetchServer] = await startAll([
      ['bare-proxy', { upstreamUrl }],
      ['hono-proxy', { upstreamUrl }],
      ['token-server', { ...EVERY_FEATURE, upstreamUrl, transport: 'undici' }],
      ['token-server', { ...EVERY_FEATURE, upstreamUrl, transport: 'fetch' }],
    ]);
    children.push(bare!, hono!, undici!, fetchServer!);
    const all = targets(emulator, bare!, hono!, undici!, fetchServer!);

    // JIT warm-up of every path measured, not recorded.
    for (const target of all) {
      for (const endpoint of ['GET /accounts', 'POST /connect-url'] as const) await load(target, endpoint, 10, 1, tokens);
    }

    const runs: Run[] = [];
    for (const latencyMs of LATENCIES) {
      await setUpstreamLatency(emulator.url, latencyMs);
      for (const endpoint of ['GET /accounts', 'POST /connect-url'] as const) {
        for (const connections of CONNECTIONS) runs.push(...(await measureAll(all, endpoint, connections, latencyMs, emulator, tokens)));
      }
    }

    // Coalescing: an upstream slow enough (200 ms) that all 100 reads arrive while the first is in
    // flight, even on a loaded machine; with 20 ms, stragglers start a second read.
    await setUpstreamLatency(emulator.url, COALESCE_LATENCY_MS);
    const token = tokens[0]!;
    // A first burst for another user opens the keep-alive connections: the measured bursts then
    // arrive together, as concurrent reads do, instead of spread over 100 TCP handshakes.
    await coalescing(undici!, emulator, '/upload-post/accounts', { Authorization: `Bearer ${tokens[1]!}` });
    await coalescing(bare!, emulator, '/accounts', { 'x-user': 'u1' });
    const burst = {
      tokenServer: await coalescing(undici!, emulator, '/upload-post/accounts', { Authorization: `Bearer ${token}` }),
      tokenServerFresh: await coalescing(undici!, emulator, '/upload-post/accounts', { Authorization: `Bearer ${token}`, 'Cache-Control': 'no-cache' }),
      bare: await coalescing(bare!, emulator, '/accounts', { 'x-user': 'u0' }),
    };

    const rss = await Promise.all(
      children.map(
        async (child, i) => [['emulator', 'bare proxy', 'hono proxy', 'token server (undici)', 'token server (fetch)'][i]!, (await child.stats()).rss] as const,
      ),
    );

    return report(runs, burst, rss);
  } finally {
    await Promise.all(children.map((child) => child.stop()));
  }
}

function report(runs: Run[], burst: { tokenServer: number; tokenServerFresh: number; bare: number }, rss: (readonly [string, number])[]): Section {
  const checks: Check[] = [];
  const failures = runs.filter((run) => run.failures > 0);
  checks.push({
    name: 'throughput: no errors, timeouts or non-2xx answers',
    ok: failures.length === 0,
    detail:
      failures.length === 0
        ? `${runs.reduce((sum, run) => sum + run.requests, 0)} requests, 0 failed`
        : failures.map((run) => `${run.target} ${run.endpoint} ${run.connections}c ${run.latencyMs}ms: ${run.failures} failed`).join('; '),
  });
  const extra = runs.filter((run) => !run.upstreamWithinIssued);
  checks.push({
    name: 'throughput: exactly one upstream call per request (no cache, no coalescing in the way)',
    ok: extra.length === 0,
    detail:
      extra.length === 0
        ? 'every run: answered ≤ upstream calls ≤ requests sent'
        : extra
            .map((run) => `${run.target} ${run.endpoint} ${run.connections}c ${run.latencyMs}ms: ${run.upstreamPerRequest.toFixed(2)} per answer`)
            .join('; '),
  });

  const rows = runs.map((run) => [
    run.endpoint,
    `${run.connections}`,
    `${run.latencyMs} ms`,
    run.target,
    Math.round(run.rps),
    ratio(run.ratio),
    ms(run.p50, 0),
    ms(run.p99, 0),
    run.failures,
    `${Math.round(run.cpuMicrosPerRequest)} µs`,
  ]);

  for (const endpoint of ['GET /accounts', 'POST /connect-url'] as const) {
    const at = (target: TargetName) =>
      runs.find(
        (candidate) =>
          candidate.target === target &&
          candidate.endpoint === endpoint &&
          candidate.connections === TARGET_CONNECTIONS &&
          candidate.latencyMs === TARGET_LATENCY_MS,
      )!;
    const undici = at('token server (undici)');
    const fetchRun = at('token server (fetch)');
    const bare = at('bare proxy');
    const hono = at('hono proxy');
    const cpuVsHono = undici.cpuMicrosPerRequest / hono.cpuMicrosPerRequest;
    const roundRatios = undici.cpuMicrosPerRequestByRound.map((cpu, round) => cpu / hono.cpuMicrosPerRequestByRound[round]!);
    checks.push({
      name: `target: token server (undici) CPU per request ≤ ${MAX_CPU_VS_HONO}× the minimal Hono proxy's, every feature on, ${endpoint}, ${TARGET_CONNECTIONS} connections, ${TARGET_LATENCY_MS} ms upstream`,
      ok: cpuVsHono <= MAX_CPU_VS_HONO,
      detail:
        `${ratio(cpuVsHono)} (${Math.round(undici.cpuMicrosPerRequest)} µs vs ${Math.round(hono.cpuMicrosPerRequest)} µs; rounds ` +
        `${ratio(Math.min(...roundRatios))}–${ratio(Math.max(...roundRatios))}; bare node:http proxy ${Math.round(bare.cpuMicrosPerRequest)} µs, ` +
        `fetch transport ${Math.round(fetchRun.cpuMicrosPerRequest)} µs)`,
    });
    const undiciVsFetch = undici.ratio / fetchRun.ratio;
    checks.push({
      name: `target: token server on the undici transport ≥ ${MIN_UNDICI_VS_FETCH}× the throughput on fetch, ${endpoint}, same configuration`,
      ok: undiciVsFetch >= MIN_UNDICI_VS_FETCH,
      detail:
        `${ratio(undiciVsFetch)} (${ratio(undici.ratio)} vs ${ratio(fetchRun.ratio)} direct; minimal Hono proxy ${ratio(hono.ratio)}, ` +
        `bare node:http proxy ${ratio(bare.ratio)})`,
    });
  }

  checks.push({
    name: `coalescing: ${COALESCE_N} identical concurrent reads → 1 upstream call`,
    ok: burst.tokenServer === 1 && burst.tokenServerFresh === 1,
    detail: `token server: ${burst.tokenServer} (with Cache-Control: no-cache: ${burst.tokenServerFresh}); bare proxy: ${burst.bare}`,
  });

  const markdown = [
    'Token servers with every feature on (identity, origin check and CORS, CSRF and body limit, zod validation, the mint rate limit ' +
      'counting every mint, connect sessions, a redacted JSON log line per request on stdout); the proxies do the same upstream calls and nothing else.',
    '',
    `autocannon, ${ROUNDS} interleaved slices of ${SLICE_S} s per server and configuration (${TARGET_ROUNDS} at the target's ${TARGET_CONNECTIONS} connections and ` +
      `${TARGET_LATENCY_MS} ms), after a 1 s warm-up of every server and route. ` +
      `Each request is for a different user (round robin over ${USERS} seeded profiles), the read cache is off (\`cacheTtlMs: 0\`) ` +
      'so every request costs exactly one upstream call (counted at the emulator). ' +
      '"× direct" is the median over rounds of the server\'s req/s divided by the emulator\'s hit directly in the same round ' +
      "(same connections and latency, slices seconds apart), so a drift in the machine's load moves both sides alike.",
    '',
    table(['route', 'conns', 'upstream latency', 'server', 'req/s', '× direct', 'p50', 'p99', 'errors', 'server CPU per request'], rows),
    '',
    '"Server CPU per request" is the user + system CPU time of the server process (for direct, the emulator) divided by the ' +
      'requests it answered in those slices. It depends much less than req/s on how busy the other processes were, ' +
      'so it is the better measure of what each layer costs.',
    '',
    `**Coalescing** (${COALESCE_LATENCY_MS} ms upstream latency, ${COALESCE_N} identical \`GET /accounts\` for one user fired at once): ` +
      `token server → **${burst.tokenServer}** upstream call${burst.tokenServer === 1 ? '' : 's'} ` +
      `(${burst.tokenServerFresh} with \`Cache-Control: no-cache\`, which skips settled answers but joins the read in flight); ` +
      `bare proxy → ${burst.bare}. With the default \`cacheTtlMs\` (2 s) repeated reads within 2 s cost no upstream call at all.`,
    '',
    `**Memory after** (RSS): ${rss.map(([name, bytes]) => `${name} ${mb(bytes)}`).join(', ')}.`,
  ].join('\n');
  return { title: 'Token-server throughput and overhead', markdown, checks };
}
