/**
 * The element's builds (the token server is not built by Vite):
 *
 * - `vite build` → `dist/*.js`: ESM for applications with a bundler. lit, @lit/* (but @lit/react) and
 *   react stay imports (the application has them once); every non-English language and the connect flow are
 *   chunks of their own, loaded only when needed.
 * - `vite build --mode script` → `dist/browser/upload-post-connect.min.js`: one self-registering
 *   IIFE for a `<script>` tag, with lit and English inlined. The token server serves it at /widget.js.
 *
 * `node scripts/build.mjs` runs both, then the script's sibling modules (esbuild), the declarations
 * and custom-elements.json.
 */
import { defineConfig } from 'vite';
import { minifyTemplatesPlugin } from './scripts/minify-templates.mjs';

const widget = (file: string) => new URL(`./widget/${file}`, import.meta.url).pathname;

export default defineConfig(({ mode }) =>
  mode === 'script'
    ? {
        publicDir: false,
        plugins: [minifyTemplatesPlugin()],
        resolve: {
          alias: [{ find: /^\.\.?\/(modules\/)?import-(language|connect|pages|live|view|diagnostics)\.ts$/, replacement: widget('modules/import-sibling.ts') }],
        },
        build: {
          outDir: 'dist/browser',
          emptyOutDir: true,
          target: 'es2022',
          sourcemap: true,
          lib: {
            entry: widget('index.ts'),
            name: 'UploadPostConnect',
            formats: ['iife'],
            fileName: () => 'upload-post-connect.min.js',
          },
          rolldownOptions: {
            output: { codeSplitting: false, minify: true },
          },
        },
      }
    : {
        publicDir: false,
        plugins: [minifyTemplatesPlugin()],
        build: {
          outDir: 'dist',
          // dist/browser and dist/types come from the other steps of scripts/build.mjs.
          emptyOutDir: false,
          target: 'es2022',
          sourcemap: true,
          lib: {
            entry: {
              index: widget('index.ts'),
              define: widget('define.ts'),
              element: widget('upload-post-connect.ts'),
              react: widget('react.ts'),
            },
            formats: ['es'],
          },
          rolldownOptions: {
            // @lit/react is bundled into react.js: a dependency of its own would install React's types into
            // every front-end, React or not.
            external: [/^lit($|\/)/, /^@lit\/(?!react($|\/))/, /^react($|\/)/, /^react-dom($|\/)/],
            output: {
              minify: true,
              // The minifier drops @lit/react's licence comment; BSD-3-Clause asks for the notice.
              postBanner: (chunk) => (chunk.name === 'react' ? '/*! Includes @lit/react: Copyright 2018 Google LLC, BSD-3-Clause */' : ''),
              entryFileNames: '[name].js',
              chunkFileNames: 'chunks/[name]-[hash].js',
            },
          },
        },
      },
);
