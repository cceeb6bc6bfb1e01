/**
 * @module The server side's packages (hono, zod, undici, @hono/node-server) are optional peer
 * dependencies, so that a front-end install of the element does not get them. Under Node each
 * server entry loads through `importWithPeers` (the `node-addons` entries scripts/server-entries.mjs
 * writes): when one it needs is missing, it fails with the command that installs them, not with
 * Node's "Cannot find package".
 */

export interface PeerDependency {
  name: string;
  /** The range package.json asks for, e.g. `^4.13.19`. */
  range: string;
}

/** A peer package Node cannot find from here (where the installed package's own imports look). */
function isMissing(name: string): boolean {
  try {
    import.meta.resolve(name);
    return false;
  } catch {
    return true;
  }
}

/** The error an entry fails with when peers are missing; `cause` keeps Node's own. */
export class MissingPeerDependencyError extends Error {
  override readonly name = 'MissingPeerDependencyError';
  readonly missing: readonly string[];

  constructor(entry: string, missing: readonly PeerDependency[], cause: unknown) {
    const names = missing.map((peer) => peer.name);
    const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}` : names[0]!;
    super(
      `${entry} needs ${list}, which ${names.length > 1 ? 'are' : 'is'} not installed: the package's server side asks for its ` +
        `dependencies as optional peer dependencies, so that a front-end install goes without them. Install them beside it: ` +
        `npm install ${missing.map((peer) => `${peer.name}@${peer.range}`).join(' ')}`,
      { cause },
    );
    this.missing = names;
  }
}

/** Loads an entry; if that fails because some of `peers` are not installed, says which and how to install them. */
export async function importWithPeers<T>(entry: string, peers: readonly PeerDependency[], load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if ((error as { code?: unknown } | undefined)?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    const missing = peers.filter((peer) => isMissing(peer.name));
    if (missing.length === 0) throw error;
    throw new MissingPeerDependencyError(entry, missing, error);
  }
}
