/**
 * The script-tag bundle inside the Worker. `scripts/build-worker.mjs` replaces this module, at
 * bundle time, by the text of `dist/browser/upload-post-connect.min.js` (under `''`) and of the
 * modules it loads beside itself (under their names: `es`, …, `connect`), so the Worker serves
 * `/widget.js` and `/widget.<module>.js` without a file system or a second request.
 *
 * Left as it is (the source bundled by another tool) it is null, and `/widget.js` answers 404
 * unless the `UPLOAD_POST_WIDGET_SCRIPT` text binding carries the bundle.
 */
const bundledWidget: Readonly<Record<string, string>> | null = null;
export default bundledWidget;
