/**
 * What ships, as a customer meets it: the tarball of `npm pack` installed into a throwaway project,
 * every `exports` path imported by plain Node, every `bin` started, a strict TypeScript file
 * importing every typed path type-checked under `bundler` and `node16` resolution, and the install's
 * footprint printed. Needs `npm run build` (the build stage of `npm test` runs it first) and the
 * npm registry (npm's cache first) for the package's dependencies.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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
const BROWSER_ENTRIES = ['.', './define', './element', './react'];

/** Names each entry must keep exporting; an entry not listed here must export something. */
const PUBLIC_NAMES: Record<string, string[]> = {
  '.': ['UploadPostConnectElement', 'defineUploadPostConnect', 'TAG_NAME', 'UploadPostConnectError', 'UploadPostErrorEvent'],
  './define': ['defineUploadPostConnect', 'TAG_NAME'],
  './element': ['UploadPostConnectElement'],
  './react': ['UploadPostConnect'],
  './server': ['createTokenServer', 'createSessionToken', 'verifySessionToken', 'UploadPostClient', 'UploadPostError', 'MemoryStore', 'RedisStore', 'KvStore'],
  './server/cli': ['main'],
  './server/undici': ['createUndiciTransport'],
  './emulator': ['createEmulator', 'EmulatorStore'],
  './protocol': ['ERROR_CODES'],
  './protocol/schemas': ['accountsResponseSchema', 'errorBodySchema'],
  './custom-elements.json': ['default'],
};

/** The React the customer brings for `./react` (its peer dependency): the repository's, so npm's cache has it. */
const REACT = `react@${(JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/react/package.json'), 'utf8')) as { version: string }).version}`;

let project: ConsumerProject;
let footprint: InstallFootprint;

before(async () => {
  project = await createConsumerProject({ name: 'upload-post-connect-consumer' });
  // Measured before the customer adds anything of their own.
  footprint = project.footprint();
  await project.install(REACT);
});
after(() => {
  // Left behind when before() failed half-way: the temp directory is the operating system's to clear.
  (project as ConsumerProject | undefined)?.remove();
});

describe('the packed package installed in a consumer project', () => {
  it('installs from the tarball, and its footprint is printed', () => {
    console.log(`install footprint of ${manifest.name} alone: ${describeFootprint(footprint)}`);
    assert.ok(footprint.byPackage.some(({ name }) => name === manifest.name));
    // The budget (issue 15) is one line here, e.g.: assert.ok(footprint.bytes <= BUDGET_BYTES, describeFootprint(footprint));
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
        assert.match(stdout, /--api-key/);
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
  });
});
