/**
 * The demo page's own scripts (`vite build -c demo/vite.config.ts` → `dist/demo/`), built separately
 * from the package: `main.ts` (the page: controls, event log), which pulls in the ES-module example
 * (`widget/define.ts`, as a customer imports `upload-post-connect/define`) and the React example
 * (`widget/react.ts`). `demo/serve.ts` runs this when `dist/demo/` is missing or older than its sources.
 *
 * Everything is served under `/demo/`, hence `base`; lit and react are bundled (this is an app).
 */
import { defineConfig } from 'vite';

const here = (file: string) => new URL(file, import.meta.url).pathname;

export default defineConfig({
  root: here('.'),
  base: '/demo/',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: here('../dist/demo'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Only scripts: the HTML and CSS are served from demo/ as they are.
    rolldownOptions: {
      input: { main: here('main.ts') },
      output: {
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
      },
    },
  },
});
