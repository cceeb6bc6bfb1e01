/**
 * SECURITY.md's table names, for every claim, the tests that fail when its defence is removed: each
 * named file (`token-server/fuzz` → `test/token-server/fuzz.test.ts`) must exist, and each quoted
 * test name after it must be in that file (`…` stands for words left out), so that a renamed or
 * deleted test cannot leave a claim pointing at nothing.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

const root = new URL('../../', import.meta.url);
const security = readFileSync(new URL('SECURITY.md', root), 'utf8');

/** The third cell ("fails without it") of each row of the defences table. */
function proofCells(): { claim: string; proof: string }[] {
  const lines = security.split('\n');
  const start = lines.findIndex((line) => line.startsWith('| claim | defence |'));
  assert.ok(start >= 0, 'SECURITY.md has no table headed "| claim | defence | …"');
  const cells: { claim: string; proof: string }[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const [claim = '', , proof = ''] = line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim());
    cells.push({ claim, proof });
  }
  return cells;
}

/** Apostrophes and quotes as typed or as typeset are the same words. */
const plain = (text: string) => text.replace(/[’‘]/g, "'").replace(/[“”]/g, '"');

/** A test file as the table writes it: a folder of `test/` and the file's name without `.test.ts`. */
const TEST_PATH = '(?:token-server|upload-post|emulator|e2e|widget|demo|readme|package|lib)(?:/[a-z0-9-]+)+';

describe('SECURITY.md names tests that exist', () => {
  const rows = proofCells();

  test('the table has a row per claim, each naming at least one test file', () => {
    assert.ok(rows.length >= 30, `only ${rows.length} rows`);
    for (const { claim, proof } of rows) assert.match(proof, new RegExp(`\`${TEST_PATH}\``), `"${claim}" names no test`);
  });

  for (const { claim, proof } of rows) {
    test(`"${claim}"`, () => {
      let file: string | undefined;
      let source = '';
      // Backticked test paths and the quoted test names that follow them, in order.
      for (const match of proof.matchAll(new RegExp(`\`(${TEST_PATH})\`|"([^"]+)"`, 'g'))) {
        if (match[1] !== undefined) {
          file = `test/${match[1]}.test.ts`;
          assert.ok(existsSync(new URL(file, root)), `${file} does not exist`);
          source = plain(readFileSync(new URL(file, root), 'utf8'));
          continue;
        }
        assert.ok(file, `"${match[2]}" comes before any test file`);
        for (const words of plain(match[2]!).split('…')) {
          const fragment = words.trim();
          if (fragment) assert.ok(source.includes(fragment), `${file} has no test named like "${fragment}"`);
        }
      }
    });
  }
});
