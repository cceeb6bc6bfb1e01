/**
 * The element's typings as each framework's own checker sees them, on the packed tarball: strict
 * TypeScript importing `upload-post-connect/define`, React 19's JSX (`/jsx`, and the `/react`
 * wrapper), Vue 3 with vue-tsc (`/vue`) and Svelte 5 with svelte-check (`/svelte`). In each, the
 * README's snippet type-checks, every attribute, property and event of the shipped
 * custom-elements.json is accepted with its own type, and every misuse fails on its own line.
 *
 * The checkers and the frameworks are the repository's devDependencies, linked into the consumer
 * project (nothing is downloaded). Needs `npm run build`.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { snippet } from '../../demo/snippets.ts';
import { createConsumerProject, REPO_ROOT, TSC, type ConsumerProject } from '../helpers/consumer-project.ts';
import {
  readElementManifest,
  SCRIPT_NAMES,
  scriptUsage,
  templateUsage,
  type ElementManifest,
  type TemplateSyntax,
  type Usage,
} from '../helpers/element-usage.ts';

const EXAMPLES = join(REPO_ROOT, 'test/package/examples');
const VUE_TSC = join(REPO_ROOT, 'node_modules/vue-tsc/bin/vue-tsc.js');
const SVELTE_CHECK = join(REPO_ROOT, 'node_modules/svelte-check/bin/svelte-check');

let project: ConsumerProject;
let manifest: ElementManifest;

before(async () => {
  project = await createConsumerProject({ name: 'upload-post-connect-frameworks' });
  project.link('vue', 'svelte', 'react', '@types/react');
  manifest = readElementManifest(join(project.dir, 'node_modules/upload-post-connect/custom-elements.json'));
  // The README's snippets import the demo's session-token module.
  for (const folder of ['plain', 'jsx', 'vue', 'svelte']) project.writeFile(`${folder}/session-token.ts`, snippet('session-token.ts'));
});
after(() => (project as ConsumerProject | undefined)?.remove());

/** A checker's diagnostics: file (relative to the project), 1-based line, message. */
interface Diagnostic {
  file: string;
  line: number;
  message: string;
}

/** `file(line,col): error TSnnnn: message`, as tsc and vue-tsc print without --pretty. */
function tscDiagnostics(output: string): Diagnostic[] {
  return [...output.matchAll(/^(.+?)\((\d+),\d+\): error (TS\d+: .*)$/gm)].map(([, file, line, message]) => ({
    file: file!,
    line: Number(line),
    message: message!,
  }));
}

/** `<time> ERROR "file" line:col "message"`, as svelte-check prints with --output machine. */
function svelteDiagnostics(output: string, workspace: string): Diagnostic[] {
  return [...output.matchAll(/^\d+ ERROR "(.+?)" (\d+):\d+ "(.*)"$/gm)].map(([, file, line, message]) => ({
    file: `${workspace}/${file!}`,
    line: Number(line),
    message: message!,
  }));
}

/** Runs a checker, which exits non-zero when it finds errors; its whole output either way. */
async function check(args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await project.run(process.execPath, args, { timeoutMs: 120_000 });
    return `${stdout}${stderr}`;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * A file of `header` lines then one line per use; `usage.accepted` lines and the snippet must raise
 * nothing, and each `usage.refused` line exactly one diagnostic or more. Returns the lines to check.
 */
function usageFile(header: string[], usage: Usage, footer: string[] = []) {
  const lines = [...header, ...usage.accepted];
  const refused = usage.refused.map(({ line, what }) => {
    lines.push(line);
    return { line: lines.length, what };
  });
  return { text: [...lines, ...footer, ''].join('\n'), refusedLines: refused };
}

/** Every diagnostic is on a refused line of `usageFile` (none elsewhere, in any file), and every refused line has one. */
function assertOnlyRefusedFail(diagnostics: Diagnostic[], usagePath: string, refusedLines: { line: number; what: string }[], output: string) {
  const unexpected = diagnostics.filter((diagnostic) => diagnostic.file !== usagePath || !refusedLines.some(({ line }) => line === diagnostic.line));
  assert.deepEqual(unexpected, [], `diagnostics where none was expected:\n${output}`);
  const accepted = refusedLines.filter(({ line }) => !diagnostics.some((diagnostic) => diagnostic.file === usagePath && diagnostic.line === line));
  assert.deepEqual(
    accepted.map(({ what }) => what),
    [],
    `misuses that type-checked:\n${output}`,
  );
}

const strictOptions = {
  strict: true,
  target: 'ES2022',
  module: 'ESNext',
  moduleResolution: 'bundler',
  lib: ['ES2022', 'DOM', 'DOM.Iterable'],
  types: [] as string[],
  noEmit: true,
};

// Two checkers at a time: each is mostly one process's CPU.
describe('the element typed in each framework, from the packed package', { concurrency: 2 }, () => {
  it('plain strict TypeScript: `import "upload-post-connect/define"` types the README module snippet, every property and event, and refuses misuse', async () => {
    project.writeFile('plain/module-example.ts', snippet('module-example.ts'));
    const usage = usageFile(
      ["import 'upload-post-connect/define';", ...SCRIPT_NAMES.declarations],
      {
        accepted: scriptUsage(manifest).accepted,
        refused: [...scriptUsage(manifest).refused, { line: "element.layout = 'grid';", what: "layout = 'grid'" }],
      },
      ['export {};'],
    );
    project.writeFile('plain/usage.ts', usage.text);
    // skipLibCheck off: the shipped declarations themselves must compile for a strict consumer.
    project.writeFile('plain/tsconfig.json', JSON.stringify({ compilerOptions: { ...strictOptions, skipLibCheck: false }, include: ['*.ts'] }));
    const output = await check([TSC, '-p', 'plain', '--pretty', 'false']);
    assertOnlyRefusedFail(tscDiagnostics(output), 'plain/usage.ts', usage.refusedLines, output);
  });

  it('React 19 JSX: `upload-post-connect/jsx` types the element in JSX, the `/react` wrapper its snippet and an event prop per event, and misuse fails', async () => {
    project.writeFile('jsx/jsx-example.tsx', readExample('jsx-example.tsx'));
    project.writeFile('jsx/react-example.tsx', snippet('react-example.tsx'));
    let counter = 0;
    const syntax: TemplateSyntax = {
      attribute: (name, value) => `${name}="${value}"`,
      property: (name, expression) => `${name}={${expression}}`,
      listener: (event, handler) => `on${event}={${handler}}`,
      element: (binding) => `export const use${String(counter++)} = <upload-post-connect ${binding} />;`,
    };
    const usage = usageFile(
      ["import 'upload-post-connect/jsx';", "import { UploadPostConnect } from 'upload-post-connect/react';", ...SCRIPT_NAMES.declarations],
      {
        accepted: [
          ...templateUsage(manifest, syntax).accepted,
          // The wrapper's event props, one per event of the manifest (`onReady` for `upload-post-ready`).
          ...manifest.events.map(
            (event) => `export const wrapper${String(counter++)} = <UploadPostConnect ${wrapperProp(event)}={${SCRIPT_NAMES.listenerOf(event)}} />;`,
          ),
        ],
        refused: [
          ...templateUsage(manifest, syntax).refused,
          { line: syntax.element('endpoint={42}'), what: 'a number for endpoint' },
          ...manifest.events.map((event) => ({
            line: `export const wrapper${String(counter++)} = <UploadPostConnect ${wrapperProp(event)}={${SCRIPT_NAMES.numbers}} />;`,
            what: `the wrapper: a listener of numbers for ${wrapperProp(event)}`,
          })),
        ],
      },
    );
    project.writeFile('jsx/usage.tsx', usage.text);
    project.writeFile(
      'jsx/tsconfig.json',
      JSON.stringify({ compilerOptions: { ...strictOptions, jsx: 'react-jsx', skipLibCheck: true }, include: ['*.ts', '*.tsx'] }),
    );
    const output = await check([TSC, '-p', 'jsx', '--pretty', 'false']);
    assertOnlyRefusedFail(tscDiagnostics(output), 'jsx/usage.tsx', usage.refusedLines, output);
  });

  it('Vue 3 with vue-tsc: `upload-post-connect/vue` types the README component, every attribute, property and listener, and misuse fails', async () => {
    project.writeFile('vue/SocialAccounts.vue', readExample('SocialAccounts.vue'));
    const syntax: TemplateSyntax = {
      attribute: (name, value) => `${name}="${value}"`,
      property: (name, expression) => `:${name}="${expression}"`,
      listener: (event, handler) => `@${event}="${handler}"`,
      element: (binding) => `  <upload-post-connect ${binding} />`,
    };
    const uses = templateUsage(manifest, syntax);
    const usage = usageFile(
      ['<script setup lang="ts">', "import 'upload-post-connect/vue';", ...SCRIPT_NAMES.declarations, '</script>', '<template>'],
      {
        accepted: uses.accepted,
        refused: [
          ...uses.refused,
          { line: syntax.element('layout="grid"'), what: 'layout="grid"' },
          { line: syntax.element(':theme="42"'), what: 'theme bound to 42' },
        ],
      },
      ['</template>'],
    );
    project.writeFile('vue/Usage.vue', usage.text);
    project.writeFile(
      'vue/tsconfig.json',
      JSON.stringify({ compilerOptions: { ...strictOptions, jsx: 'preserve', skipLibCheck: true }, include: ['*.ts', '*.vue'] }),
    );
    const output = await check([VUE_TSC, '--noEmit', '-p', 'vue', '--pretty', 'false']);
    assertOnlyRefusedFail(tscDiagnostics(output), 'vue/Usage.vue', usage.refusedLines, output);
  });

  it('Svelte 5 with svelte-check: `upload-post-connect/svelte` types the README component, every attribute, property and listener, and misuse fails', async () => {
    project.writeFile('svelte/SocialAccounts.svelte', readExample('SocialAccounts.svelte'));
    const syntax: TemplateSyntax = {
      attribute: (name, value) => `${name}="${value}"`,
      property: (name, expression) => `${name}={${expression}}`,
      listener: (event, handler) => `on${event}={${handler}}`,
      element: (binding) => `<upload-post-connect ${binding}></upload-post-connect>`,
    };
    const uses = templateUsage(manifest, syntax);
    const usage = usageFile(
      ['<script lang="ts">', "  import 'upload-post-connect/svelte';", "  const element = document.createElement('upload-post-connect');", '</script>'],
      {
        accepted: uses.accepted,
        refused: [
          ...uses.refused,
          { line: syntax.element('layout="grid"'), what: 'layout="grid"' },
          { line: syntax.element('theme={42}'), what: 'theme bound to 42' },
        ],
      },
    );
    project.writeFile('svelte/Usage.svelte', usage.text);
    project.writeFile(
      'svelte/tsconfig.json',
      JSON.stringify({ compilerOptions: { ...strictOptions, skipLibCheck: true, verbatimModuleSyntax: true }, include: ['*.ts', '*.svelte'] }),
    );
    const workspace = join(project.dir, 'svelte');
    const output = await check([SVELTE_CHECK, '--workspace', workspace, '--tsconfig', join(workspace, 'tsconfig.json'), '--output', 'machine']);
    assert.match(output, /COMPLETED \d+ FILES/, output);
    assertOnlyRefusedFail(svelteDiagnostics(output, 'svelte'), 'svelte/Usage.svelte', usage.refusedLines, output);
  });
});

/** The React wrapper's prop for an event: `onReady` for `upload-post-ready`. */
function wrapperProp(event: string): string {
  return `on${event.replace(/^upload-post-/, '').replace(/(^|-)([a-z0-9])/g, (_, __: string, letter: string) => letter.toUpperCase())}`;
}

/** A README example of test/package/examples/, whole (its snippet markers are comments to the checkers). */
function readExample(name: string): string {
  return readFileSync(join(EXAMPLES, name), 'utf8');
}
