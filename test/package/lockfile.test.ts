/**
 * `npm install` in a fresh clone leaves package-lock.json as committed: npm rewrites the lock's
 * root entry whenever it differs from what package.json says (a missing `bin` once did), so the
 * two are held equal here, field by field, along with the license the package declares.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../helpers/consumer-project.ts';

const read = (file: string) => JSON.parse(readFileSync(join(REPO_ROOT, file), 'utf8')) as Record<string, unknown>;

/** The fields npm copies from package.json into the lock's root entry (`packages[""]`). */
const ROOT_FIELDS = [
  'name',
  'version',
  'license',
  'dependencies',
  'devDependencies',
  'optionalDependencies',
  'peerDependencies',
  'peerDependenciesMeta',
  'bin',
  'engines',
];

test('package-lock.json’s root entry is what npm would write from package.json', () => {
  const manifest = read('package.json');
  const lock = read('package-lock.json') as { name: string; version: string; packages: Record<string, Record<string, unknown>> };
  assert.equal(lock.name, manifest.name);
  assert.equal(lock.version, manifest.version);
  const root = lock.packages[''] ?? {};
  for (const field of ROOT_FIELDS) {
    // npm writes `bin` paths without their leading `./`.
    const expected =
      field === 'bin' && manifest.bin
        ? Object.fromEntries(Object.entries(manifest.bin).map(([name, path]) => [name, String(path).replace(/^\.\//, '')]))
        : manifest[field];
    assert.deepEqual(root[field], expected, `package-lock.json's packages[""].${field} differs from package.json: run npm install and commit the lock`);
  }
  for (const name of Object.keys({ ...(manifest.dependencies as object), ...(manifest.devDependencies as object) })) {
    assert.ok(lock.packages[`node_modules/${name}`], `${name} is not locked: run npm install and commit the lock`);
  }
});

test('the MIT license package.json declares is shipped as LICENSE', () => {
  assert.equal(read('package.json').license, 'MIT');
  assert.ok(existsSync(join(REPO_ROOT, 'LICENSE')));
  assert.match(readFileSync(join(REPO_ROOT, 'LICENSE'), 'utf8'), /^MIT License\n/);
});
