/**
 * What ships, as a customer meets it: the tarball of `npm pack` installed into a throwaway project.
 * First as a front-end installs it (the element alone): its footprint held to a budget, the browser
 * entries imported, a server entry refused with the command that installs what it needs. Then with
 * the server's optional peer dependencies: every `exports` path imported by plain Node, every `bin`
 * started, a strict TypeScript file importing every typed path type-checked under `bundler` and
 * `node16` resolution. Needs `npm run build` (the build stage of `npm test` runs it first) and the
 * npm registry (npm's cache first) for the package's dependencies.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  createConsumerProject,
  customerEnv,
  describeFootprint,
  readManifest,
  REPO_ROOT,
  startProcess,
  type ConsumerProject,
  type InstallFootprint,
} from '../helpers/consumer-project.ts';

const manifest = readManifest();
const specifier = (path: string) => (path === '.' ? manifest.name : `${manifest.name}/${path.slice(2)}`);

/** Entries that exist for browsers: under Node they must import without throwing (server-side rendering). */
const BROWSER_ENTRIES = ['.', './define', './element', './react', './vue', './svelte', './jsx'];

/** Names each entry must keep exporting; an entry not listed here must export something. */
const PUBLIC_NAMES: Record<string, string[]> = {
  '.': ['UploadPostConnectElement', 'defineUploadPostConnect', 'TAG_NAME', 'UploadPostConnectError', 'UploadPostErrorEvent'],
  './define': ['defineUploadPostConnect', 'TAG_NAME'],
  './element': ['UploadPostConnectElement'],
  './react': ['UploadPostConnect'],
  './vue': ['defineUploadPostConnect'],
  './svelte': ['defineUploadPostConnect'],
  './jsx': ['defineUploadPostConnect'],
  './server': ['createTokenServer', 'createSessionToken', 'verifySessionToken', 'UploadPostClient', 'UploadPostError', 'MemoryStore', 'RedisStore', 'KvStore'],
  './server/cli': ['main'],
  './server/express': ['uploadPostConnect'],
  './server/fastify': ['uploadPostConnect'],
  './server/undici': ['createUndiciTransport'],
  './emulator': ['createEmulator', 'EmulatorStore'],
  './protocol': ['ERROR_CODES'],
  './protocol/schemas': ['accountsResponseSchema', 'errorBodySchema'],
  './custom-elements.json': ['default'],
};

/**
 * A front-end install (the element, nothing of the server): issue 15 measured 14 packages and
 * 14.6 MB before the server's packages became optional peer dependencies, 7 and 3.9 MB after.
 */
const FRONT_END_BUDGET = { packages: 8, bytes: 5 * 1024 * 1024 };
/** What only the server side (or React users) need, never in a front-end install. */
const SERVER_ONLY = ['hono', 'zod', 'undici', '@hono/node-server', '@types/react', '@lit/react', 'react'];

/** A package the customer brings, at the version the repository has installed, so npm's cache has it. */
const installedVersion = (name: string) =>
  `${name}@${(JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version}`;
/** The React the customer brings for `./react`, and the server's optional peer dependencies. */
const CUSTOMER_PACKAGES = ['react', ...Object.keys(manifest.peerDependencies ?? {}).filter((name) => name !== 'react')].map(installedVersion);

let project: ConsumerProject;
let frontEnd: InstallFootprint;
/** What importing a server entry printed before its peer dependencies were installed. */
let serverWithoutPeers: string;
/** What importing the browser entries (but React's) printed then. */
let browserWithoutPeers: string;

before(async () => {
  project = await createConsumerProject({ name: 'upload-post-connect-consumer' });
  // The front-end install, before the customer adds anything of their own.
  frontEnd = project.footprint();
  const browserEntries = BROWSER_ENTRIES.filter((path) => path !== './react').map(specifier);
  browserWithoutPeers = await project.node(`for (const entry of ${JSON.stringify(browserEntries)}) await import(entry); console.log('imported');`);
  serverWithoutPeers = await project.node(
    `await import('${manifest.name}/server').then(() => console.log('imported'), (error) => console.log(error.message));`,
  );
  await project.install(...CUSTOMER_PACKAGES);
  // The frameworks the README's server snippets mount in, and the Redis client one uses, as the customer has them.
  project.link('express', '@types/express', 'fastify', 'ioredis');
});
after(() => {
  // Left behind when before() failed half-way: the temp directory is the operating system's to clear.
  (project as ConsumerProject | undefined)?.remove();
});

describe('the packed package installed in a consumer project', () => {
  it('a front-end install gets the element’s dependencies only, within its budget', () => {
    console.log(`front-end install footprint of ${manifest.name}: ${describeFootprint(frontEnd)}`);
    const names = frontEnd.byPackage.map(({ name }) => name);
    assert.ok(names.includes(manifest.name));
    assert.deepEqual(
      SERVER_ONLY.filter((name) => names.includes(name)),
      [],
      describeFootprint(frontEnd),
    );
    assert.ok(frontEnd.packages <= FRONT_END_BUDGET.packages, `${frontEnd.packages} packages > ${FRONT_END_BUDGET.packages}: ${describeFootprint(frontEnd)}`);
    assert.ok(frontEnd.bytes <= FRONT_END_BUDGET.bytes, `${frontEnd.bytes} bytes > ${FRONT_END_BUDGET.bytes}: ${describeFootprint(frontEnd)}`);
  });

  it('without the server’s packages, the browser entries import under Node (server-side rendering)', () => {
    assert.equal(browserWithoutPeers.trim(), 'imported');
  });

  it('without its peer dependencies, the server entry says which to install and how', () => {
    assert.match(serverWithoutPeers, /upload-post-connect\/server needs hono and zod, which are not installed/);
    assert.match(serverWithoutPeers, /npm install hono@\^[\d.]+ zod@\^[\d.]+/);
  });

  describe('imports every exports path in plain Node', () => {
    for (const path of Object.keys(manifest.exports)) {
      const name = specifier(path);
      const browser = BROWSER_ENTRIES.includes(path) ? ' (a browser entry, imported server-side)' : '';
      it(`${name}${browser}`, async () => {
        const json = path.endsWith('.json') ? ", { with: { type: 'json' } }" : '';
        const stdout = await project.node(`const module = await import(${JSON.stringify(name)}${json}); console.log(JSON.stringify(Object.keys(module)));`);
        const exported = JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]') as string[];
        assert.ok(exported.length > 0, `${name} exports nothing`);
        for (const expected of PUBLIC_NAMES[path] ?? [])
          assert.ok(exported.includes(expected), `${name} no longer exports ${expected}: ${exported.join(', ')}`);
      });
    }
  });

  it('bundles its server entries for Node as CommonJS too (a bundler does not get the entries that check peers with a top-level await)', async () => {
    const entry = project.writeFile(
      'bundle-entry.js',
      `export { createTokenServer } from '${manifest.name}/server';\nexport { uploadPostConnect } from '${manifest.name}/server/express';\n`,
    );
    const esbuild = join(REPO_ROOT, 'node_modules/esbuild/bin/esbuild');
    await project.run(esbuild, [entry, '--bundle', '--platform=node', '--format=cjs', '--log-level=error', `--outfile=${join(project.dir, 'bundle.cjs')}`]);
    const stdout = await project.node(
      `import { createRequire } from 'node:module'; const { createTokenServer } = createRequire(import.meta.url)('./bundle.cjs'); console.log(typeof createTokenServer);`,
    );
    assert.equal(stdout.trim(), 'function');
  });

  describe('starts every bin', () => {
    /** How each bin shows it started. A new bin fails the first test until it has a line here. */
    const STARTS: Record<string, () => Promise<void>> = {
      'upload-post-token-server': async () => {
        // No key: the standalone server runs against its embedded emulator, on a port of its own.
        const server = await startProcess(join(project.dir, 'node_modules/.bin/upload-post-token-server'), [], {
          cwd: project.dir,
          env: customerEnv({ PORT: '0', UPLOAD_POST_EMULATOR_PORT: '0', UPLOAD_POST_API_KEY: '', UPLOAD_POST_SESSION_SECRET: '' }),
          ready: /"msg":"listening"[^\n]*?"url":"(http:\/\/[^"]+)"/,
        });
        try {
          const base = server.match[1]!;
          const health = await fetch(`${base.replace(/\/$/, '')}/healthz`, { headers: { Connection: 'close' } });
          assert.equal(health.status, 200, server.output());
        } finally {
          assert.equal(await server.stop(), 0, server.output());
        }
      },
      'upload-post-emulator': async () => {
        const { stdout } = await project.run('node_modules/.bin/upload-post-emulator', ['--help']);
        assert.match(stdout, /^Usage: upload-post-emulator --port P --api-key K/, 'the installed bin names itself, not npm run');
        const emulator = await startProcess(join(project.dir, 'node_modules/.bin/upload-post-emulator'), ['--port', '0', '--api-key', 'consumer-key'], {
          cwd: project.dir,
          ready: /Upload-Post emulator: (http:\/\/\S+)/,
        });
        try {
          const users = await fetch(`${emulator.match[1]!}/uploadposts/users`, { headers: { Authorization: 'Apikey consumer-key', Connection: 'close' } });
          assert.equal(users.status, 200, emulator.output());
        } finally {
          assert.equal(await emulator.stop(), 0, emulator.output());
        }
      },
    };

    it('every bin of package.json has a start check here', () => {
      assert.deepEqual(Object.keys(manifest.bin ?? {}).sort(), Object.keys(STARTS).sort());
    });
    for (const [bin, start] of Object.entries(STARTS)) it(bin, start);
  });

  describe('type-checks a strict TypeScript consumer', () => {
    const typedPaths = Object.entries(manifest.exports)
      .filter(([, target]) => typeof target === 'object' && 'types' in target)
      .map(([path]) => path);

    const files = {
      // Every typed entry, so a declaration that does not resolve or compile fails here.
      'every-entry.ts': `${typedPaths.map((path, i) => `import * as entry${i} from '${specifier(path)}';`).join('\n')}
export const entries = [${typedPaths.map((_, i) => `entry${i}`).join(', ')}];
`,
      // The main types, used as the README shows them.
      'usage.ts': `import { UploadPostConnectElement, type Account } from 'upload-post-connect';
import { UploadPostConnect } from 'upload-post-connect/react';
import { createSessionToken, createTokenServer, UploadPostClient, type TokenServerOptions } from 'upload-post-connect/server';
import { createUndiciTransport } from 'upload-post-connect/server/undici';
import { createEmulator, type Emulator } from 'upload-post-connect/emulator';
import { ERROR_CODES } from 'upload-post-connect/protocol';
import { accountsResponseSchema } from 'upload-post-connect/protocol/schemas';

const secret = 'a-session-secret-of-at-least-32-characters';
const emulator: Emulator = createEmulator({ apiKey: 'consumer-key' });
const options: TokenServerOptions = {
  apiKey: 'consumer-key',
  client: { baseUrl: 'http://127.0.0.1:8788/api', transport: createUndiciTransport() },
  identity: { sessionSecret: secret },
};
const app = createTokenServer(options);
const health: Response = await app.request('/healthz');
const token: string = await createSessionToken({ userId: 'user-1', secret, ttl: 60 });
const client = new UploadPostClient({ apiKey: 'consumer-key', baseUrl: 'http://127.0.0.1:8788/api' });
const usernames: string[] = (await client.listProfiles()).profiles.map((profile) => profile.username);
const unauthenticated: number = ERROR_CODES.UNAUTHENTICATED;
const parsed: { accounts: unknown[] } = accountsResponseSchema.parse({ accounts: [] });

const element = document.createElement('upload-post-connect');
const sameClass: UploadPostConnectElement = element;
element.endpoint = '/upload-post';
element.fetchSessionToken = async () => token;
element.addEventListener('upload-post-error', (event) => console.log(event.detail.code, event.detail.message));
const accounts: Account[] = element.accounts;

export { emulator, health, usernames, unauthenticated, parsed, sameClass, accounts, UploadPostConnect };
`,
    };
    const strict = {
      strict: true,
      target: 'ES2022',
      lib: ['ES2022', 'DOM', 'DOM.Iterable'],
      skipLibCheck: true,
      // The repository's @types/node (a server consumer has its own); nothing else is installed for the check.
      types: ['node'],
      typeRoots: [join(REPO_ROOT, 'node_modules/@types')],
    };

    it('with moduleResolution bundler', async () => {
      const result = await project.typecheck(files, { ...strict, module: 'ESNext', moduleResolution: 'bundler' });
      assert.ok(result.ok, result.output);
    });
    it('with moduleResolution node16', async () => {
      const result = await project.typecheck(files, { ...strict, module: 'node16', moduleResolution: 'node16' });
      assert.ok(result.ok, result.output);
    });

    it('the README’s server snippets, as files, against the installed package (Hono, Express, Fastify, Node, Next.js, Redis)', async () => {
      const dir = join(REPO_ROOT, 'test/readme');
      const snippets = Object.fromEntries(
        readdirSync(dir)
          .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
          .map((name) => [`readme/${name}`, readFileSync(join(dir, name), 'utf8')]),
      );
      assert.ok(Object.keys(snippets).length >= 10, Object.keys(snippets).join(', '));
      // The repository's own imports (`./next-session.ts`) keep their extension, as there.
      const result = await project.typecheck(snippets, { ...strict, module: 'ESNext', moduleResolution: 'bundler', allowImportingTsExtensions: true });
      assert.ok(result.ok, result.output);
    });
  });
});
