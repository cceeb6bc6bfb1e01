/**
 * What every fuzzed request must leave as it was, shared by the fuzz files: the emulator's state
 * (a refused request changes nothing) and `Object.prototype` (no pollution through any body).
 */
import assert from 'node:assert/strict';
import type { Emulator } from '../../emulator/app.ts';

/** The emulator's whole state as text: profiles, links, sessions, the plan's limit and its faults. */
export function emulatorSnapshot(emulator: Emulator): string {
  // The maps are private on purpose; a test may read them to compare before and after.
  const store = emulator.store as unknown as Record<string, Map<string, unknown>>;
  return JSON.stringify({
    limit: emulator.store.profileLimit,
    faults: emulator.faults.settings,
    profiles: [...store.profiles!],
    links: [...store.links!],
    sessions: [...store.sessions!],
  });
}

const prototypeNames = () => Reflect.ownKeys(Object.prototype).map(String).sort().join();
const PROTOTYPE = prototypeNames();

export function assertPrototypesClean(): void {
  assert.equal(prototypeNames(), PROTOTYPE, 'Object.prototype gained or lost a property');
  const probe: Record<string, unknown> = {};
  for (const key of ['polluted', 'isAdmin', 'username', 'x']) assert.equal(probe[key], undefined, `Object.prototype.${key} was set`);
  assert.equal(Object.getPrototypeOf({}), Object.prototype);
}
