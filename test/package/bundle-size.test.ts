/**
 * The script-tag bundle's size budget: 12 KB min+gzip (#18) for what paints the card (lit, its styles,
 * the card's English, the client); the list (with what an answer needs: its parsing, the rest of English, the
 * notices, the events' reporting), the connect flow, the diagnostics and the rest are modules beside it, each
 * self-contained and without a Lit of its own. Reads the built files, so it needs `npm run build`
 * first, and says so rather than skip.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { MODULE_BUDGETS as MODULES, SCRIPT_TAG_BUDGET as BUDGET } from './bundle-budgets.ts';

const root = new URL('../../', import.meta.url);
const SCRIPT = 'dist/browser/upload-post-connect.min.js';

const gzipped = (path: string) => gzipSync(readFileSync(new URL(path, root)), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;

test(`the script-tag bundle is at most ${kb(BUDGET)} min+gzip`, () => {
  assert.ok(existsSync(new URL(SCRIPT, root)), `${SCRIPT} does not exist: run npm run build first.`);
  const size = gzipped(SCRIPT);
  console.log(`${SCRIPT}: ${kb(size)} min+gzip (budget ${kb(BUDGET)})`);
  assert.ok(size <= BUDGET, `${SCRIPT} is ${kb(size)} min+gzip, over the ${kb(BUDGET)} budget.`);
});

test('each language the script loads on demand is built beside it, and small', () => {
  for (const language of ['es', 'de', 'fr', 'pt', 'pl', 'tr']) {
    const path = SCRIPT.replace(/\.js$/, `.${language}.js`);
    assert.ok(existsSync(new URL(path, root)), `${path} does not exist: run npm run build first.`);
    const size = gzipped(path);
    assert.ok(size < 1024, `${path} is ${kb(size)} gzipped; a language should stay under 1 KB.`);
  }
});

test('the list, the connect flow, the page picker and the stream listener are built beside it: self-contained, no second Lit, small', () => {
  for (const [name, budget] of Object.entries(MODULES)) {
    const path = SCRIPT.replace(/\.js$/, `.${name}.js`);
    assert.ok(existsSync(new URL(path, root)), `${path} does not exist: run npm run build first.`);
    const code = readFileSync(new URL(path, root), 'utf8');
    // The token server serves these files and no others: a shared chunk would be a 404.
    assert.doesNotMatch(code, /\bimport\s*[{*\w]|\bfrom\s*["']/, `${path} imports another file`);
    assert.doesNotMatch(code, /litHtmlVersions|reactiveElementVersions/, `${path} carries a Lit of its own`);
    const size = gzipped(path);
    console.log(`${path}: ${kb(size)} min+gzip (budget ${kb(budget)})`);
    assert.ok(size <= budget, `${path} is ${kb(size)} min+gzip, over its ${kb(budget)} budget.`);
  }
});

test('the ESM build keeps lit external and prints its own size', () => {
  assert.ok(existsSync(new URL('dist/index.js', root)), 'dist/index.js does not exist: run npm run build first.');
  const files = [
    'dist/index.js',
    ...readdirSync(new URL('dist/chunks/', root))
      .filter((name) => name.startsWith('upload-post-connect') && name.endsWith('.js'))
      .map((name) => `dist/chunks/${name}`),
  ];
  const code = files.map((path) => readFileSync(new URL(path, root), 'utf8')).join('\n');
  assert.match(code, /from"lit"|from "lit"/, 'the ESM build should import lit, not inline it');
  assert.doesNotMatch(code, /Verknüpfe/, 'German strings belong in their own chunk');
  const size = files.reduce((sum, path) => sum + gzipped(path), 0);
  console.log(`ESM element (without lit): ${kb(size)} min+gzip`);
});
