/**
 * @module `upload-post-connect/server/node`: what only Node needs beside the token server, for a
 * token server mounted in a Node backend. `widgetFileLoader()` serves the installed package's
 * script bundle and its modules at `/widget.js` and `/widget.<module>.js`:
 *
 *   createTokenServer({ …, widgetScript: widgetFileLoader() })
 */
export { DEFAULT_WIDGET_FILE, widgetFileLoader } from './widget-file.ts';
