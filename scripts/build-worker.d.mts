/** Types of `build-worker.mjs` (a plain script, run by node without a compile step). */
export declare const WORKER_ENTRY: string;
export declare const DEFAULT_WORKER_OUTFILE: string;
export declare const DEFAULT_WIDGET_FILE: string;

export interface BuildWorkerOptions {
  /** Default `dist/worker/worker.js`. */
  outfile?: string;
  /** The script-tag bundle to inline; default `dist/browser/upload-post-connect.min.js`; null builds without it. */
  widgetFile?: string | null;
  /** Default true. */
  minify?: boolean;
}

export interface BuiltWorker {
  outfile: string;
  /** Size of the bundled module. */
  bytes: number;
  /** Every file esbuild read, relative to the repository (`node_modules/hono/…`, `token-server/…`). */
  inputs: string[];
}

export declare function buildWorker(options?: BuildWorkerOptions): Promise<BuiltWorker>;
