// Browser tests of the element, in the machine's Chromium (no browser is downloaded), against a
// fake token server served by the test runner itself (test/helpers/fake-token-server.mjs).
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { countReporter } from './scripts/test-counts/wtr-reporter.mjs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fileURLToPath } from 'node:url';
import { fakeTokenServer } from './test/helpers/fake-token-server.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.mjs';
import { build } from 'esbuild';

/** Serves react, react-dom and the React wrapper as one ES module (React ships only CommonJS). */
function reactBundle() {
  let bundled;
  return {
    name: 'react-bundle',
    async serve(context) {
      if (context.path !== '/__react-bundle.js') return undefined;
      bundled ??= build({
        entryPoints: [fileURLToPath(new URL('./test/helpers/react-entry.ts', import.meta.url))],
        bundle: true,
        format: 'esm',
        write: false,
        tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
        define: { 'process.env.NODE_ENV': '"production"' },
        logLevel: 'error',
      }).then((result) => result.outputFiles[0].text);
      return { body: await bundled, type: 'js' };
    },
  };
}

export default {
  files: ['test/widget/**/*.test.ts'],
  nodeResolve: true,
  // Listen on every local address so that 127.0.0.1 is a second origin next to localhost.
  hostname: 'localhost',
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  middleware: [fakeTokenServer()],
  reporters: [defaultReporter(), countReporter('.test-results/browser.json')],
  // Lit's development build stays on (its warnings are worth seeing) minus its one notice that it
  // is the development build; the tests fail on any other console warning or error.
  testRunnerHtml: (testFramework) => `<!doctype html><html><head>
    <script>globalThis.litIssuedWarnings = new Set(['dev-mode']);</script>
    </head><body><script type="module" src="${testFramework}"></script></body></html>`,
  plugins: [reactBundle(), esbuildPlugin({ ts: true, tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)) })],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: CHROMIUM_ARGS,
      },
    }),
  ],
};
