/**
 * Size: what a page downloads for our element, against the browser SDKs a platform would otherwise
 * pick and against a bare Lit element (the floor: nothing written with Lit can be smaller).
 *
 * Ours is measured as shipped (the script-tag IIFE from dist/browser) and as an application's
 * bundler would ship the ESM build. Everything else goes through one esbuild pipeline: bundle the
 * entry a user would write, minified, ES2022, `NODE_ENV=production`, legal comments dropped,
 * dynamic `import()`s left out (code loaded only when needed — our other languages — is reported
 * separately). Then gzip -9 and brotli -11 of the result.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { kb, PEERS_DIR, ratio, ROOT, table, type Check, type Section } from './lib.ts';
import { SCRIPT_TAG_BUDGET } from '../test/package/bundle-budgets.ts';
import { bundleParts } from './size-parts.ts';

/** Installed by the runner into bench/.peers/ only. */
export const PEER_PACKAGES = ['@nangohq/frontend', '@pipedream/sdk', '@stripe/connect-js', 'react-plaid-link'] as const;

/** Issue #18's target: everything a first paint needs, in 12 KB (Lit alone is about 5.8). */
const SCRIPT_TAG_TARGET = 12 * 1024;

interface Measured {
  name: string;
  what: string;
  min: number;
  gzip: number;
  brotli: number;
}

const measure = (name: string, what: string, code: Uint8Array | string): Measured => {
  const bytes = typeof code === 'string' ? Buffer.from(code) : Buffer.from(code);
  return {
    name,
    what,
    min: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length,
  };
};

/** Loaded on demand, so not part of what a page downloads up front. */
const leaveDynamicImportsOut: Plugin = {
  name: 'leave-dynamic-imports-out',
  setup(pipeline) {
    pipeline.onResolve({ filter: /.*/ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined));
  },
};

async function bundle(contents: string, resolveDir: string, external: string[] = []): Promise<Uint8Array> {
  const result = await build({
    stdin: { contents, resolveDir, loader: 'js', sourcefile: 'entry.js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    external,
    plugins: [leaveDynamicImportsOut],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.contents;
}

const version = (name: string, dir = PEERS_DIR) =>
  (JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

/** The smallest useful Lit element: one reactive property, scoped styles, a template. */
const BARE_LIT_ELEMENT = `
import { LitElement, html, css } from 'lit';
class BareElement extends LitElement {
  static properties = { name: {} };
  static styles = css\`:host { display: block; }\`;
  constructor() { super(); this.name = 'World'; }
  render() { return html\`<p>Hello, \${this.name}!</p>\`; }
}
customElements.define('bare-element', BareElement);
`;

export async function run(): Promise<Section> {
  const scriptTagFile = join(ROOT, 'dist/browser/upload-post-connect.min.js');
  const scriptTag = readFileSync(scriptTagFile);
  const { parts } = bundleParts(scriptTagFile);
  const distEntry = join(ROOT, 'dist/index.js');
  const litExternal = ['lit', 'lit/*', '@lit/*'];

  const ours = [
    measure('upload-post-connect, script tag', '`dist/browser/upload-post-connect.min.js` as shipped (IIFE: element, lit, English)', scriptTag),
    measure(
      'upload-post-connect, ESM in an app bundle',
      '`dist/index.js` bundled with lit (what an application ships)',
      await bundle(`export * from ${JSON.stringify(distEntry)};`, ROOT),
    ),
    measure(
      'upload-post-connect, ESM own code',
      '`dist/index.js` with lit external (the app already has lit)',
      await bundle(`export * from ${JSON.stringify(distEntry)};`, ROOT, litExternal),
    ),
  ];
  const floor = measure(
    'bare Lit element (floor)',
    `a minimal LitElement (lit ${version('lit', ROOT)}): one property, styles, a template`,
    await bundle(BARE_LIT_ELEMENT, ROOT),
  );
  const peers = [
    measure(
      '@nangohq/frontend',
      `\`import Nango from '@nangohq/frontend'\` (${version('@nangohq/frontend')}); opens Nango's hosted Connect UI`,
      await bundle(`import Nango from '@nangohq/frontend'; export default Nango;`, PEERS_DIR),
    ),
    measure(
      '@pipedream/sdk browser client',
      `\`createFrontendClient\` from \`@pipedream/sdk/browser\` (${version('@pipedream/sdk')})`,
      await bundle(`export { createFrontendClient } from '@pipedream/sdk/browser';`, PEERS_DIR),
    ),
    measure(
      '@stripe/connect-js',
      `\`loadConnectAndInitialize\` (${version('@stripe/connect-js')}); a loader: Connect's UI comes from Stripe's CDN afterwards`,
      await bundle(`export { loadConnectAndInitialize } from '@stripe/connect-js';`, PEERS_DIR),
    ),
    measure(
      'react-plaid-link',
      `\`usePlaidLink\` (${version('react-plaid-link')}), react and react-dom external; a loader for Plaid's CDN script`,
      await bundle(`export { usePlaidLink } from 'react-plaid-link';`, PEERS_DIR, ['react', 'react-dom', 'react/*']),
    ),
  ];
  const languages = readdirSync(join(ROOT, 'dist/browser'))
    .filter((file) => /^upload-post-connect\.min\.[a-z]{2}\.js$/.test(file))
    .map((file) => measure(file, '', readFileSync(join(ROOT, 'dist/browser', file))));
  const connectFile = join(ROOT, 'dist/browser/upload-post-connect.min.connect.js');
  const connectModule = existsSync(connectFile) ? measure('connect flow', '', readFileSync(connectFile)) : undefined;

  const rows = [...ours, floor, ...peers].map((item) => [
    item.name,
    kb(item.min),
    `**${kb(item.gzip)}**`,
    kb(item.brotli),
    ratio(ours[0]!.gzip / item.gzip),
    ratio(ours[1]!.gzip / item.gzip),
    item.what,
  ]);
  const largestLanguage = languages.reduce((max, item) => (item.gzip > max.gzip ? item : max), languages[0] ?? measure('none', '', ''));

  const script = ours[0]!;
  const partOf = (name: string) => parts.find((part) => part.part === name)!;
  const checks: Check[] = [
    {
      name: `target: script-tag bundle ≤ ${kb(SCRIPT_TAG_TARGET)} min+gzip, everything a first paint needs included`,
      ok: script.gzip <= SCRIPT_TAG_TARGET,
      detail:
        `${kb(script.gzip)} (${ratio(script.gzip / floor.gzip)} the bare Lit floor of ${kb(floor.gzip)}; ` +
        `Lit ${kb(partOf('Lit').gzipShare)}, styles ${kb(partOf('styles').gzipShare)}, icons ${kb(partOf('icons').gzipShare)}, ` +
        `strings ${kb(partOf('strings').gzipShare)}, our code ${kb(partOf('our code').gzipShare)}; ${script.gzip} bytes` +
        (SCRIPT_TAG_BUDGET === SCRIPT_TAG_TARGET ? `, held by test/package/bundle-size.test.ts)` : ')'),
    },
  ];
  // The size test's budget gets a row of its own only when it is not the target itself.
  if (SCRIPT_TAG_BUDGET !== SCRIPT_TAG_TARGET) {
    checks.push({
      name: `size: script-tag bundle within the ${kb(SCRIPT_TAG_BUDGET)} budget of test/package/bundle-size.test.ts`,
      ok: script.gzip <= SCRIPT_TAG_BUDGET,
      detail: `${kb(script.gzip)} (${script.gzip} bytes of ${SCRIPT_TAG_BUDGET})`,
    });
  }

  const partRows = parts.map((part) => [
    part.part,
    kb(part.min),
    kb(part.gzipShare),
    `${((100 * part.gzipShare) / script.gzip).toFixed(0)}%`,
    part.sources.length ? part.sources.map((source) => `\`${source.replace(/^node_modules\//, '')}\``).join(', ') : '—',
  ]);

  const markdown = [
    "Min = minified bytes; gzip -9 and brotli -11 of them. Ratios divide **our** min+gzip by the row's min+gzip " +
      '(first: the script tag; second: the ESM build in an app bundle), so below 1× means ours is smaller.',
    '',
    table(['bundle', 'min', 'min+gzip', 'min+brotli', 'script tag ÷ row', 'ESM bundle ÷ row', 'what was bundled'], rows),
    '',
    `**What the script tag is made of** (${kb(script.gzip)} min+gzip): each minified byte attributed to its source through the build's source map; ` +
      'gzip compresses across parts, so each part is gzipped alone and the real total shared out in proportion.',
    '',
    table(['part', 'min', 'min+gzip (share)', 'of the total', 'sources'], partRows),
    '',
    `Languages other than English load only when the element speaks them: ${languages.length} files of ` +
      `${kb(Math.min(...languages.map((item) => item.gzip)))}–${kb(largestLanguage.gzip)} min+gzip each (\`dist/browser/upload-post-connect.min.<lang>.js\`).` +
      (connectModule ? ` The connect flow (\`….min.connect.js\`, loaded on the first sign of intent) is ${kb(connectModule.gzip)} min+gzip more.` : ''),
    '',
    'The peers are loaders or API clients: Nango, Stripe and Plaid then load their own hosted UI (an iframe or a CDN script) ' +
      "that is not counted here; Pipedream's client is what a page bundles. Ours includes its whole UI (list, icons, states, English strings); " +
      "the connect page itself is Upload-Post's hosted page, like theirs.",
  ].join('\n');
  return { title: 'Size', markdown, checks };
}
