/**
 * The app must run on an edge runtime unchanged: nothing in the import graphs of
 * `token-server/index.ts` and of the Worker entry `token-server/edge/worker.ts` may use a
 * Node-only API (`edge-workerd.test.ts` then runs the Worker for real). Walks each graph from the
 * source (static imports and re-exports, relative ones followed) and checks each file of ours and
 * each package it names.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g;
/** Packages that are Node-only; the runtime-neutral ones the app uses are listed to catch newcomers. */
const NODE_ONLY_PACKAGES = ['undici', '@hono/node-server'];
const NEUTRAL_PACKAGES = ['hono', 'zod'];

function importGraph(entry: string): { files: string[]; packages: Set<string> } {
  const files: string[] = [];
  const packages = new Set<string>();
  const queue = [resolve(root, entry)];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (files.includes(file)) continue;
    files.push(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(IMPORT)) {
      const specifier = match[1]!;
      // `import type` vanishes at build time; it cannot pull anything into a runtime.
      if (/^\s*(?:import|export)\s+type\s/.test(match[0].trim())) continue;
      if (specifier.startsWith('.')) queue.push(resolve(dirname(file), specifier));
      else packages.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
    }
  }
  return { files, packages };
}

/** The app's public entry, and the Worker entry (which also reads its bindings with `config.ts`). */
const ENTRIES = [
  { entry: 'token-server/index.ts', expected: ['token-server/app.ts', 'upload-post/client.ts', 'protocol/schemas.ts'] },
  {
    entry: 'token-server/edge/worker.ts',
    expected: ['token-server/edge/create-worker.ts', 'token-server/env-options.ts', 'token-server/app.ts', 'token-server/stores/shared-store.ts'],
  },
] as const;

for (const { entry, expected } of ENTRIES) {
  describe(`edge-runtime readiness of ${entry}`, () => {
    const { files, packages } = importGraph(entry);

    it('walks the whole app (sanity: the graph is not trivially small)', () => {
      const names = files.map((file) => relative(root, file));
      for (const name of expected) {
        assert.ok(names.includes(name), `${name} is not in the graph: ${names.join(', ')}`);
      }
      // The Node entry and the Node-only transport must never be reachable from an edge entry.
      assert.ok(!names.includes('token-server/node/cli.ts') && !names.includes('upload-post/undici-transport.ts'));
      if (entry === 'token-server/index.ts') assert.ok(!names.includes('token-server/env-options.ts'));
    });

    it('imports no node: module and no Node-only package', () => {
      for (const name of packages) {
        assert.ok(!name.startsWith('node:'), `imports ${name}`);
        assert.ok(!NODE_ONLY_PACKAGES.includes(name), `imports the Node-only package ${name}`);
        assert.ok(NEUTRAL_PACKAGES.includes(name), `imports ${name}: add it to NEUTRAL_PACKAGES once checked to run on the edge`);
      }
    });

    it('uses no Node global (process, Buffer, require, __dirname) in our files', () => {
      for (const file of files) {
        const code = readFileSync(file, 'utf8')
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/(^|[^:])\/\/.*$/gm, '$1');
        for (const global of [/\bprocess\./, /\bBuffer\b/, /\brequire\(/, /\b__dirname\b/, /\bsetImmediate\b/]) {
          assert.doesNotMatch(code, global, `${relative(root, file)} uses ${global}`);
        }
      }
    });
  });
}
