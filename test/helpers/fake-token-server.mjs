/**
 * A stand-in token server for the browser tests, mounted in @web/test-runner's dev server at
 * `/upload-post/s/<scenario>/…`. Each test makes its own scenario id, sets it up, and reads back what
 * the element asked for: real HTTP, real CORS (the same server is also reachable as 127.0.0.1, a
 * second origin), real popups with a real `/done` page, without the token server's code.
 *
 * Routes per scenario: `POST __setup` (state), `GET __log` (requests seen), `GET accounts`,
 * `POST connect-url`, `GET connect-page`, `GET done?origin=`, `POST __connect` (the fake connect
 * page's "connect" action), `GET facebook/pages`, and with `events: true` the event stream
 * `GET events` that `POST __push` (`{ accounts }`: new state, sent to every open stream) and
 * `POST __end` (`{ reason }`) drive. Outside scenarios, `GET /__avatar.png` is a picture that loads.
 */
import { PassThrough } from 'node:stream';

const scenarios = new Map();

function fresh() {
  return {
    accounts: [],
    /** Answers to use, in order, before the normal ones: `{ status, body, headers? }`. */
    accountsFailures: [],
    connectFailures: [],
    /** When set, requests need `Authorization: Bearer <token>`. */
    token: null,
    /** Overrides the minted URL (for unsafe-URL tests). */
    connectUrl: null,
    /** Links minted so far: each link's URL carries its number (`&link=N`), as real links differ. */
    links: 0,
    /** How long `connect-url` takes to answer. */
    connectDelayMs: 0,
    /** When set, the answer's `sessionExpiresAt` is this far ahead (a token server's connect session). */
    sessionLifetimeMs: null,
    /** Platforms the fake connect page connects as soon as it opens, before sending the person back. */
    autoConnect: null,
    /** Where the connect page sends the person back: `done` on this origin, or `elsewhere` (another origin). */
    doneOn: 'done',
    delayMs: 0,
    /** `GET /accounts` says the server streams changes, and `GET events` serves them. */
    events: false,
    /** Answers to `GET events` to use first (`{ status, body }`), e.g. a refusal. */
    eventsFailures: [],
    /** `GET facebook/pages`: the pages, or `{ status, body }` answers to use first. */
    facebookPages: [],
    facebookPagesFailures: [],
    facebookPagesDelayMs: 0,
    /** Open event streams. */
    streams: new Set(),
    log: [],
  };
}

const json = (ctx, status, body) => {
  ctx.status = status;
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(body);
};

const error = (ctx, status, code) => json(ctx, status, { error: { code, message: `fake ${code}`, requestId: 'req-test' } });

async function readBody(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : undefined;
}

const otherOrigin = (ctx) => {
  const { protocol, port, hostname } = new URL(ctx.href);
  return `${protocol}//${hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1'}:${port}`;
};

/** A 1×1 transparent PNG, so that avatar tests have a picture that really loads. */
const AVATAR_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

export function fakeTokenServer() {
  return async (ctx, next) => {
    if (ctx.path === '/__avatar.png') {
      ctx.type = 'image/png';
      ctx.body = AVATAR_PNG;
      return;
    }
    const match = /^\/upload-post\/s\/([\w-]+)\/([\w/-]+)$/.exec(ctx.path);
    if (!match) return next();
    const [, id, route] = match;
    const origin = ctx.get('Origin');
    if (origin) {
      ctx.set('Access-Control-Allow-Origin', origin);
      ctx.set('Access-Control-Allow-Credentials', 'true');
      ctx.set('Vary', 'Origin');
    }
    if (!scenarios.has(id)) scenarios.set(id, fresh());
    const state = scenarios.get(id);
    if (ctx.method === 'OPTIONS') {
      state.log.push({ method: 'OPTIONS', route, authorization: null, cacheControl: null, cookie: null, origin: origin || null, body: null });
      ctx.set('Access-Control-Allow-Methods', 'GET, POST');
      ctx.set('Access-Control-Allow-Headers', 'authorization, content-type, cache-control');
      // As the token server does: a preflight answer is reused for ten minutes.
      ctx.set('Access-Control-Max-Age', '600');
      ctx.status = 204;
      return;
    }
    if (route === '__setup') {
      Object.assign(state, await readBody(ctx.req));
      return json(ctx, 200, { ok: true });
    }
    if (route === '__log') return json(ctx, 200, state.log);
    if (route === '__push') {
      state.accounts = (await readBody(ctx.req)).accounts;
      for (const stream of state.streams) stream.write(`event: accounts\ndata: ${JSON.stringify({ accounts: state.accounts })}\n\n`);
      return json(ctx, 200, { streams: state.streams.size });
    }
    if (route === '__end') {
      const { reason } = await readBody(ctx.req);
      for (const stream of state.streams) stream.end(`event: end\ndata: ${JSON.stringify({ reason })}\n\n`);
      state.streams.clear();
      return json(ctx, 200, { ok: true });
    }
    if (route === '__streams') return json(ctx, 200, { streams: state.streams.size });
    if (route === '__connect') {
      const { platforms } = await readBody(ctx.req);
      state.accounts = state.accounts.map((account) =>
        platforms.includes(account.platform)
          ? { ...account, connected: true, displayName: `${account.platform} person`, handle: `${account.platform}_handle` }
          : account,
      );
      return json(ctx, 200, { ok: true });
    }

    const body = ctx.method === 'POST' ? await readBody(ctx.req) : undefined;
    state.log.push({
      method: ctx.method,
      route,
      authorization: ctx.get('Authorization') || null,
      cacheControl: ctx.get('Cache-Control') || null,
      cookie: ctx.get('Cookie') || null,
      origin: origin || null,
      body: body ?? null,
      query: ctx.querystring || null,
    });
    if (state.delayMs) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
    const authorised = !state.token || ctx.get('Authorization') === `Bearer ${state.token}`;

    if (route === 'accounts' && ctx.method === 'GET') {
      if (!authorised) return error(ctx, 401, 'UNAUTHENTICATED');
      const failure = state.accountsFailures.shift();
      if (failure) {
        if (failure.headers) ctx.set(failure.headers);
        ctx.status = failure.status;
        ctx.type = failure.type ?? 'application/json';
        ctx.body = typeof failure.body === 'string' ? failure.body : JSON.stringify(failure.body);
        return;
      }
      return json(ctx, 200, state.events ? { accounts: state.accounts, events: true } : { accounts: state.accounts });
    }
    if (route === 'events' && ctx.method === 'GET') {
      const token = new URLSearchParams(ctx.querystring).get('session_token');
      if (state.token && token !== state.token) return error(ctx, 401, 'UNAUTHENTICATED');
      if (!state.events) return error(ctx, 404, 'NOT_FOUND');
      const failure = state.eventsFailures.shift();
      if (failure) return json(ctx, failure.status, failure.body);
      const stream = new PassThrough();
      state.streams.add(stream);
      const forget = () => state.streams.delete(stream);
      ctx.req.on('close', forget);
      stream.on('close', forget);
      ctx.status = 200;
      ctx.type = 'text/event-stream';
      ctx.set('Cache-Control', 'no-store');
      ctx.body = stream;
      stream.write(`retry: 200\nevent: accounts\ndata: ${JSON.stringify({ accounts: state.accounts })}\n\n`);
      return;
    }
    if (route === 'facebook/pages' && ctx.method === 'GET') {
      if (!authorised) return error(ctx, 401, 'UNAUTHENTICATED');
      if (state.facebookPagesDelayMs) await new Promise((resolve) => setTimeout(resolve, state.facebookPagesDelayMs));
      const failure = state.facebookPagesFailures.shift();
      if (failure) return json(ctx, failure.status, failure.body);
      return json(ctx, 200, { pages: state.facebookPages });
    }
    if (route === 'connect-url' && ctx.method === 'POST') {
      if (!authorised) return error(ctx, 401, 'UNAUTHENTICATED');
      if (state.connectDelayMs) await new Promise((resolve) => setTimeout(resolve, state.connectDelayMs));
      const failure = state.connectFailures.shift();
      if (failure) {
        if (failure.headers) ctx.set(failure.headers);
        return json(ctx, failure.status, failure.body);
      }
      const self = `${ctx.protocol}://${ctx.host}/upload-post/s/${id}`;
      const pageOrigin = origin || `${ctx.protocol}://${ctx.host}`;
      const url = state.connectUrl ?? `${self}/connect-page?origin=${encodeURIComponent(pageOrigin)}&link=${++state.links}`;
      const answer = { url, expiresAt: new Date(Date.now() + 48 * 3600e3).toISOString() };
      if (state.sessionLifetimeMs !== null) answer.sessionExpiresAt = new Date(Date.now() + state.sessionLifetimeMs).toISOString();
      return json(ctx, 200, answer);
    }
    if (route === 'connect-page') {
      const pageOrigin = ctx.query.origin;
      const doneBase = state.doneOn === 'elsewhere' ? `${otherOrigin(ctx)}/upload-post/s/${id}` : '.';
      const done = `${doneBase}/done?origin=${encodeURIComponent(pageOrigin)}`;
      ctx.type = 'text/html';
      ctx.body = `<!doctype html><title>Fake connect page</title><h1>Connect</h1><script>
        const auto = ${JSON.stringify(state.autoConnect)};
        if (auto) fetch('__connect', { method: 'POST', body: JSON.stringify({ platforms: auto }) })
          .then(() => location.replace(${JSON.stringify(done)}));
      </script>`;
      return;
    }
    if (route === 'done') {
      ctx.type = 'text/html';
      // Exactly what the token server's /done does: tell the opener, on its origin only, then close.
      ctx.body = `<!doctype html><title>Done</title><script>
        if (window.opener) window.opener.postMessage({ type: 'upload-post:done' }, ${JSON.stringify(String(ctx.query.origin))});
        setTimeout(() => window.close(), ${state.closeAfterDoneMs ?? 0});
      </script>`;
      return;
    }
    return error(ctx, 404, 'NOT_FOUND');
  };
}
