/**
 * The Worker entry (`main` of `wrangler.toml`, or the module `scripts/build-worker.mjs` bundles):
 * the token server under `/upload-post`, configured by the Worker's bindings — see
 * `create-worker.ts` for which. Only the default export: workerd treats every named export of an
 * entry module as a handler.
 */
import { createWorker } from './create-worker.ts';
import bundledWidget from './bundled-widget.ts';

export default createWorker({ widgetFiles: bundledWidget });
