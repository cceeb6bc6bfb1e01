/** `importWithPeers`: a missing optional peer dependency is named with its install line; anything else passes through. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importWithPeers, MissingPeerDependencyError } from '../../lib/peer-dependencies.ts';

const notFound = () => Object.assign(new Error("Cannot find package 'absent-peer-for-this-test'"), { code: 'ERR_MODULE_NOT_FOUND' });
const PEERS = [
  { name: 'hono', range: '^4.0.0' },
  { name: 'absent-peer-for-this-test', range: '^1.2.3' },
  { name: 'another-absent-peer', range: '^2.0.0' },
];

describe('importWithPeers', () => {
  it('answers the entry when it loads', async () => {
    assert.equal(await importWithPeers('pkg/server', PEERS, async () => 'loaded'), 'loaded');
  });

  it('names every missing peer, and only those, with the npm install line; Node’s error is the cause', async () => {
    const cause = notFound();
    const error = await importWithPeers('pkg/server', PEERS, () => Promise.reject(cause)).then(
      () => assert.fail('resolved'),
      (thrown: unknown) => thrown,
    );
    assert.ok(error instanceof MissingPeerDependencyError);
    assert.deepEqual(error.missing, ['absent-peer-for-this-test', 'another-absent-peer'], 'hono is installed here');
    assert.match(error.message, /^pkg\/server needs absent-peer-for-this-test and another-absent-peer, which are not installed/);
    assert.match(error.message, /npm install absent-peer-for-this-test@\^1\.2\.3 another-absent-peer@\^2\.0\.0$/);
    assert.equal(error.cause, cause);
  });

  it('passes any other failure through untouched, a module not found with every peer installed too', async () => {
    const bug = new TypeError('a bug in the entry');
    await assert.rejects(
      importWithPeers('pkg/server', PEERS, () => Promise.reject(bug)),
      (thrown) => thrown === bug,
    );
    const elsewhere = notFound();
    await assert.rejects(
      importWithPeers('pkg/server', [PEERS[0]!], () => Promise.reject(elsewhere)),
      (thrown) => thrown === elsewhere,
    );
  });
});
