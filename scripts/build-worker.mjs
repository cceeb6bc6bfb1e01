#!/usr/bin/env node
/**
 * `node scripts/build-worker.mjs [--out FILE] [--widget FILE | --no-widget] [--no-minify]`
 *
 * Bundles the Worker entry (`token-server/edge/worker.ts`) into one ES module for workerd /
 * Cloudflare Workers (`dist/worker/worker.js` by default), with the script-tag bundle
 * (`dist/browser/upload-post-connect.min.js`, from `npm run build`) and the modules it loads beside
 * itself (`….min.<module>.js`: other languages, the connect flow) inlined.
 *
 * Resolved as a browser-like runtime (conditions `workerd`, `worker`, `browser`): a `node:` import
 * or a Node-only package anywhere in the graph fails the build, which is the point.
 *
 * Also importable: `buildWorker({ outfile, widgetFile })` — the workerd test bundles through it.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
export const WORKER_ENTRY = `${root}token-server/edge/worker.ts`;
export const DEFAULT_WORKER_OUTFILE = `${root}dist/worker/worker.js`;
export const DEFAULT_WIDGET_FILE = `${root}dist/browser/upload-post-connect.min.js`;

/**
 * @param {{ outfile?: string, widgetFile?: string | null, minify?: boolean }} [options]
 *   `widgetFile: null` builds without the bundle (`/widget.js` then needs the
 *   `UPLOAD_POST_WIDGET_SCRIPT` binding, or answers 404).
 * @returns {Promise<{ outfile: string, bytes: number, inputs: string[] }>}
 */
export async function buildWorker(options = {}) {
  const outfile = options.outfile ?? DEFAULT_WORKER_OUTFILE;
  const widgetFile = options.widgetFile === undefined ? DEFAULT_WIDGET_FILE : options.widgetFile;
  let widgetFiles = null;
  if (widgetFile !== null) {
    try {
      widgetFiles = { '': await readFile(widgetFile, 'utf8') };
      // Its modules: `upload-post-connect.min.es.js`, `….min.connect.js`, … beside it.
      const stem = basename(widgetFile, '.js');
      for (const name of await readdir(dirname(widgetFile))) {
        const module = name.startsWith(`${stem}.`) && name.endsWith('.js') ? name.slice(stem.length + 1, -'.js'.length) : '';
        if (/^[a-z]+$/.test(module)) widgetFiles[module] = await readFile(join(dirname(widgetFile), name), 'utf8');
      }
    } catch (error) {
      if (error.code !== 'ENOENT') throw error;
      throw new Error(`No widget bundle at ${widgetFile}: run \`npm run build\` first, or pass --no-widget to build the Worker without /widget.js.`, {
        cause: error,
      });
    }
  }

  /** Swaps `edge/bundled-widget.ts` (which exports null) for the bundle's files, by module name. */
  const inlineWidget = {
    name: 'inline-widget-bundle',
    setup(builder) {
      builder.onLoad({ filter: /[\\/]edge[\\/]bundled-widget\.ts$/ }, () =>
        widgetFiles === null ? undefined : { contents: `export default ${JSON.stringify(widgetFiles)};`, loader: 'js' },
      );
    },
  };

  const result = await build({
    entryPoints: [WORKER_ENTRY],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    target: 'es2022',
    minify: options.minify ?? true,
    // Readable stack traces in `wrangler tail` without shipping the sources twice.
    sourcemap: 'linked',
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
    plugins: [inlineWidget],
  });
  const output = result.metafile.outputs[Object.keys(result.metafile.outputs).find((name) => name.endsWith('.js'))];
  return { outfile, bytes: output.bytes, inputs: Object.keys(result.metafile.inputs) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      widget: { type: 'string' },
      'no-widget': { type: 'boolean' },
      'no-minify': { type: 'boolean' },
    },
    strict: true,
  });
  try {
    const built = await buildWorker({
      ...(values.out ? { outfile: values.out } : {}),
      ...(values['no-widget'] ? { widgetFile: null } : values.widget ? { widgetFile: values.widget } : {}),
      minify: !values['no-minify'],
    });
    process.stdout.write(`${built.outfile}: ${(built.bytes / 1024).toFixed(1)} KiB\n`);
  } catch (error) {
    process.stderr.write(`Cannot build the Worker: ${error.message}\n`);
    process.exit(1);
  }
}
