/** @module The script-tag bundle and its modules, read from files for `/widget.js` and `/widget.<module>.js`. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { WidgetModule } from '../widget-bundle.ts';

/**
 * The built bundle: `dist/browser/` of the repository when this runs from source, or the package's
 * `dist/browser/` when it runs from the published build (`dist/server/token-server/node/`).
 */
export const DEFAULT_WIDGET_FILE =
  ['../../dist/browser/upload-post-connect.min.js', '../../../browser/upload-post-connect.min.js']
    .map((path) => fileURLToPath(new URL(path, import.meta.url)))
    .find((file) => existsSync(file)) ?? fileURLToPath(new URL('../../dist/browser/upload-post-connect.min.js', import.meta.url));

/** The bundle at `file`, and its modules beside it (`….min.es.js`, `….min.connect.js`), as the build writes them; null while not built. */
export function widgetFileLoader(file: string = DEFAULT_WIDGET_FILE): (module?: WidgetModule) => Promise<string | null> {
  return async (module) => {
    try {
      return await readFile(module ? file.replace(/\.js$/, `.${module}.js`) : file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  };
}
