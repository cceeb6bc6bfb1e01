/**
 * @module `GET /widget.js` and `GET /widget.<module>.js`: the element's script-tag bundle and the
 * modules it loads when a page needs them (other languages, the connect flow), so that a site needs
 * only the token server's origin.
 *
 * A URL carrying `?v=<version>` of the current content is immutable; the bare URL is cached briefly
 * and revalidated by ETag. Public files loaded by other sites' `<script crossorigin>` and `import()`,
 * hence `Access-Control-Allow-Origin: *`: they carry no user data.
 */
import type { Handler, Hono } from 'hono';
import { etag } from 'hono/etag';
import type { TokenServerEnv } from '../context.ts';
import { fail } from '../errors.ts';
import { WIDGET_MODULES, type WidgetModule, type WidgetScript } from '../widget-bundle.ts';

export const INTEGRITY_HEADER = 'X-Upload-Post-Integrity';

type LoadWidgetScript = (module?: WidgetModule) => Promise<WidgetScript | undefined>;

/** Each file the token server serves the widget as: `widget.js`, and `widget.<module>.js` per module. */
export const WIDGET_FILES: readonly { file: string; module?: WidgetModule }[] = [
  { file: 'widget.js' },
  ...WIDGET_MODULES.map((module) => ({ file: `widget.${module}.js`, module })),
];

/** Serves the bundle, or one module of it, with its integrity and cache headers. */
export function widgetScriptRoute(load: LoadWidgetScript, module?: WidgetModule): Handler<TokenServerEnv> {
  return async function widgetScript(c) {
    const script = await load(module);
    if (!script) {
      fail(
        'NOT_FOUND',
        module
          ? `The widget's ${module} module is not available: run \`npm run build\`, and serve the bundle with its modules beside it.`
          : 'The widget bundle is not built: run `npm run build` (it writes dist/browser/upload-post-connect.min.js), then reload.',
      );
    }
    const versioned = c.req.query('v') === script.version;
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300, must-revalidate');
    c.header('ETag', `"${script.version}"`);
    c.header(INTEGRITY_HEADER, script.integrity);
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    c.header('Access-Control-Allow-Origin', '*');
    return c.body(script.source);
  };
}

/**
 * One static route per file, not one `/:file{…}` pattern: a custom-regex param beside static routes
 * makes Hono give up its RegExpRouter for the slower TrieRouter, for every route.
 */
export function addWidgetScriptRoutes(app: Hono<TokenServerEnv>, load: LoadWidgetScript): void {
  const revalidate = etag({ retainedHeaders: ['cache-control', 'etag', 'vary', INTEGRITY_HEADER.toLowerCase(), 'access-control-allow-origin'] });
  for (const { file, module } of WIDGET_FILES) app.get(`/${file}`, revalidate, widgetScriptRoute(load, module));
}
