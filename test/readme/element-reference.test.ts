/**
 * README's "Element reference" names exactly what `custom-elements.json` (generated from the
 * element's JSDoc by `npm run build`) lists: attributes and properties (the first two columns of
 * its table), methods (the `Methods:` line), events (the events table), CSS custom properties and
 * CSS parts (the `Styling:` paragraph) — nothing missing, nothing extra.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

const root = new URL('../../', import.meta.url);
const manifestUrl = new URL('custom-elements.json', root);

interface Named {
  name?: string;
}
interface Member extends Named {
  kind: string;
  privacy?: string;
  static?: boolean;
}
interface Attribute extends Named {
  fieldName?: string;
}
interface Declaration {
  tagName?: string;
  attributes?: Attribute[];
  members?: Member[];
  events?: Named[];
  cssParts?: Named[];
  cssProperties?: Named[];
}

function element(): Declaration {
  assert.ok(existsSync(manifestUrl), 'custom-elements.json is missing: run `npm run build` (it generates the manifest)');
  const manifest = JSON.parse(readFileSync(manifestUrl, 'utf8')) as { modules: { declarations?: Declaration[] }[] };
  const found = manifest.modules.flatMap((module) => module.declarations ?? []).find((declaration) => declaration.tagName === 'upload-post-connect');
  assert.ok(found, 'custom-elements.json declares no <upload-post-connect>');
  return found;
}

const isPublic = (member: Member) => member.privacy !== 'private' && member.privacy !== 'protected' && !member.static && !/^[_#]/.test(member.name ?? '');
const names = (list: Named[] | undefined) =>
  (list ?? [])
    .map((item) => item.name)
    .filter((name): name is string => Boolean(name))
    .sort();

/** The README from `## Element reference` to the next `## ` heading. */
function referenceSection(): string {
  const readme = readFileSync(new URL('README.md', root), 'utf8');
  const start = readme.indexOf('\n## Element reference\n');
  assert.ok(start >= 0, 'README.md has no "## Element reference" section');
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** Rows (cells) of the section's table whose header row starts with `| header |`. */
function table(section: string, header: string): string[][] {
  const lines = section.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`| ${header} |`));
  assert.ok(start >= 0, `the Element reference has no table headed "${header}"`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}

/** `name` from a cell holding `` `name` ``; undefined for `—`. */
const codeName = (cell: string) => /^`([^`]+)`$/.exec(cell)?.[1];

/** The paragraph starting with `label` (up to the next blank line). */
function paragraph(section: string, label: string): string {
  const start = section.indexOf(`\n${label}`);
  assert.ok(start >= 0, `the Element reference has no paragraph starting "${label}"`);
  const end = section.indexOf('\n\n', start + 1);
  return section.slice(start, end < 0 ? undefined : end);
}

describe('README element reference = custom-elements.json', () => {
  // Read in each test, so that a missing manifest fails every test with the sentence saying what to run.
  const read = () => {
    const section = referenceSection();
    const rows = table(section, 'attribute').map(([attribute = '', property = '']) => ({ attribute: codeName(attribute), property: codeName(property) }));
    return { declared: element(), section, rows };
  };

  test('attributes', () => {
    const { declared, rows } = read();
    const readme = rows
      .map((row) => row.attribute)
      .filter((name): name is string => Boolean(name))
      .sort();
    assert.deepEqual(readme, names(declared.attributes));
  });

  test('public properties, each beside the attribute that sets it', () => {
    const { declared, rows } = read();
    const fields = (declared.members ?? []).filter((member) => member.kind === 'field' && isPublic(member));
    // An attribute without a field (`lang`) is a native one: its property is the platform's own.
    const native = (declared.attributes ?? []).filter((attribute) => !attribute.fieldName).map((attribute) => attribute.name);
    const readme = rows.map((row) => row.property).filter((name): name is string => Boolean(name));
    assert.deepEqual(readme.filter((name) => !native.includes(name)).sort(), names(fields));
    for (const attribute of declared.attributes ?? []) {
      const row = rows.find((candidate) => candidate.attribute === attribute.name);
      assert.equal(row?.property, attribute.fieldName ?? attribute.name, `README pairs the attribute \`${attribute.name}\` with the wrong property`);
    }
  });

  test('methods', () => {
    const { declared, section } = read();
    const line = paragraph(section, 'Methods:');
    const readme = [...line.matchAll(/`([A-Za-z]\w*)\([^`]*\)`/g)].map((match) => match[1]!).sort();
    const methods = (declared.members ?? []).filter((member) => member.kind === 'method' && isPublic(member));
    assert.deepEqual(readme, names(methods));
  });

  test('events', () => {
    const { declared, section } = read();
    const readme = table(section, 'event')
      .map(([cell = '']) => codeName(cell))
      .filter((name): name is string => Boolean(name))
      .sort();
    // The analyzer may also list nameless `dispatchEvent(new …Event())` calls; only named events are API.
    assert.deepEqual(readme, names(declared.events));
  });

  test('CSS custom properties and parts', () => {
    const { declared, section } = read();
    const styling = paragraph(section, 'Styling:');
    const [customProperties = '', parts = ''] = styling.split('::part()');
    assert.deepEqual([...customProperties.matchAll(/`(--[\w-]+)`/g)].map((match) => match[1]!).sort(), names(declared.cssProperties));
    assert.deepEqual([...parts.matchAll(/`([a-z][\w-]*)`/g)].map((match) => match[1]!).sort(), names(declared.cssParts));
  });
});
