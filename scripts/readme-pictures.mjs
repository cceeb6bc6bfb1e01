#!/usr/bin/env node
/**
 * `npm run pictures`: the README's pictures, made by the screenshot scripts from the built element
 * and the running demo, then copied to docs/pictures/ (committed). Run it after a visible change.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const run = (script) => execFileSync('node', [script], { cwd: root, stdio: 'inherit' });

run('scripts/build.mjs');
run('scripts/screenshots-widget.mjs');
run('scripts/screenshots-demo.mjs');

const PICTURES = {
  'element-light.png': 'screenshots/widget/partial-light.png',
  'element-dark.png': 'screenshots/widget/partial-dark.png',
  'demo.png': 'screenshots/demo/demo-light-desktop-first-screen.png',
};
mkdirSync(`${root}docs/pictures`, { recursive: true });
for (const [name, source] of Object.entries(PICTURES)) copyFileSync(`${root}${source}`, `${root}docs/pictures/${name}`);
console.log(`README pictures: ${Object.keys(PICTURES).join(', ')} in docs/pictures/`);
