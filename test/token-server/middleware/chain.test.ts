/**
 * `chain()` (token-server/chain.ts) must behave as the same middleware registered one by one; and
 * the token server, once mounted, must keep Hono on its RegExpRouter (both are per-request costs
 * the benchmark found).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hono, type ErrorHandler, type MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { chain } from '../../../token-server/middleware/chain.ts';
import { createTokenServer } from '../../../token-server/app.ts';
import { WIDGET_FILES } from '../../../token-server/routes/widget-script.ts';
import { API_KEY, SESSION_SECRET } from '../../helpers/token-server-fixtures.ts';

const onError: ErrorHandler = (error, c) => c.json({ error: error.message }, error instanceof HTTPException ? error.status : 500);

/** A middleware that notes its name before and after the rest of the chain. */
function noting(name: string, trail: string[]): MiddlewareHandler {
  return async (c, next) => {
    trail.push(`${name}>`);
    await next();
    trail.push(`<${name}`);
    c.header(`X-${name}`, 'seen');
  };
}

/** The same middleware, one by one or chained, in front of the same routes. */
function apps(middleware: (trail: string[]) => MiddlewareHandler[]) {
  const build = (register: (app: Hono, list: MiddlewareHandler[]) => void) => {
    const trail: string[] = [];
    const app = new Hono();
    app.onError(onError);
    register(app, middleware(trail));
    app.get('/answer', (c) => {
      trail.push('route');
      return c.json({ ok: true });
    });
    app.get('/fail', () => {
      throw new HTTPException(418, { message: 'route failed' });
    });
    return { app, trail };
  };
  return {
    separate: build((app, list) => {
      for (const entry of list) app.use('*', entry);
    }),
    chained: build((app, list) => app.use('*', chain(onError, ...list))),
  };
}

async function snapshot(response: Response) {
  return { status: response.status, body: await response.text(), headers: [...response.headers].sort() };
}

describe('chain()', () => {
  it('runs the middleware in order around the route, as separate registrations do', async () => {
    const { separate, chained } = apps((trail) => [noting('A', trail), noting('B', trail), noting('C', trail)]);
    for (const path of ['/answer', '/fail', '/missing']) {
      separate.trail.length = 0;
      chained.trail.length = 0;
      assert.deepEqual(await snapshot(await chained.app.request(path)), await snapshot(await separate.app.request(path)), path);
      assert.deepEqual(chained.trail, separate.trail, path);
    }
    assert.deepEqual(chained.trail.slice(0, 3), ['A>', 'B>', 'C>']);
  });

  it('lets a middleware answer by returning a Response, without calling the rest', async () => {
    const answering: MiddlewareHandler = async (c) => c.body(null, 204);
    const { separate, chained } = apps((trail) => [noting('A', trail), answering, noting('C', trail)]);
    const answer = await chained.app.request('/answer');
    assert.equal(answer.status, 204);
    assert.equal(answer.headers.get('X-A'), 'seen', 'the outer middleware still finished');
    assert.deepEqual(chained.trail, ['A>', '<A']);
    assert.deepEqual(await snapshot(answer), await snapshot(await separate.app.request('/answer')));
  });

  it('answers a middleware’s error with onError right there, as separate registrations do', async () => {
    const refusing: MiddlewareHandler = async () => {
      throw new HTTPException(401, { message: 'refused' });
    };
    const { separate, chained } = apps((trail) => [noting('A', trail), refusing, noting('C', trail)]);
    const answer = await chained.app.request('/answer');
    assert.equal(answer.status, 401);
    assert.deepEqual(await answer.json(), { error: 'refused' });
    assert.equal(answer.headers.get('X-A'), 'seen', 'the middleware before the failing one still finished');
    assert.ok(!chained.trail.includes('route'));
    assert.deepEqual(await snapshot(await chained.app.request('/answer')), await snapshot(await separate.app.request('/answer')));
  });
});

describe('routing cost', () => {
  it('a mounted token server keeps Hono on its RegExpRouter, and still serves every widget file', async () => {
    const root = new Hono();
    root.route(
      '/upload-post',
      createTokenServer({
        apiKey: API_KEY,
        client: { baseUrl: 'http://127.0.0.1:9/api' },
        identity: { sessionSecret: SESSION_SECRET },
        allowedOrigins: [],
        widgetScript: async () => 'customElements.define("x-widget", class extends HTMLElement {});',
        log: () => undefined,
      }),
    );
    for (const { file } of WIDGET_FILES) assert.equal((await root.request(`/upload-post/${file}`)).status, 200, file);
    assert.equal((await root.request('/upload-post/widget.xx.js')).status, 404);
    // SmartRouter names the router it settled on after the first match. A custom-regex route
    // param beside static routes would make it fall back to the TrieRouter.
    assert.match((root.router as { name: string }).name, /RegExpRouter/);
  });
});
