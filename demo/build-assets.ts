/**
 * Builds what the demo serves when it is missing or older than its sources: the element's bundles
 * (`scripts/build.mjs`, which serves `/upload-post/widget.js`) and the demo's own scripts
 * (`demo/vite.config.ts`). A fresh clone after `npm install` needs nothing else; a second start
 * with nothing changed builds nothing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/** The newest modification time under the given files and folders (0 when none exist). */
function newest(paths: string[]): number {
  let latest = 0;
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const name of readdirSync(path)) visit(join(path, name));
    } else {
      latest = Math.max(latest, stat.mtimeMs);
    }
  };
  for (const path of paths) visit(join(root, path));
  return latest;
}

function stale(output: string, sources: string[]): boolean {
  const target = join(root, output);
  return !existsSync(target) || statSync(target).mtimeMs < newest(sources);
}

export interface BuildStep {
  name: string;
  output: string;
  sources: string[];
  command: [string, string[]];
}

export const BUILD_STEPS: BuildStep[] = [
  {
    name: 'the element (scripts/build.mjs)',
    output: 'dist/browser/upload-post-connect.min.js',
    sources: ['widget', 'protocol', 'vite.config.ts', 'scripts/build.mjs'],
    command: ['node', ['scripts/build.mjs']],
  },
  {
    name: 'the demo scripts (demo/vite.config.ts)',
    output: 'dist/demo/main.js',
    // scripts/build.mjs empties dist/, so the demo's step always follows the element's.
    sources: ['widget', 'protocol', 'demo/main.ts', 'demo/module-example.ts', 'demo/react-example.tsx', 'demo/session-token.ts', 'demo/vite.config.ts'],
    command: ['npx', ['vite', 'build', '-c', 'demo/vite.config.ts', '--logLevel', 'warn']],
  },
];

/** Runs the steps whose output is missing or stale; returns the names of those it ran. */
export function buildDemoAssets(log: (line: string) => void = () => {}): string[] {
  const ran: string[] = [];
  for (const step of BUILD_STEPS) {
    // A rebuilt element empties dist/, which takes the demo's scripts with it.
    if (!stale(step.output, step.sources) && ran.length === 0) continue;
    log(`Building ${step.name}…`);
    const [command, args] = step.command;
    try {
      // Captured, not inherited: inside a test runner the build's chatter would be noise.
      execFileSync(command, args, { cwd: root, stdio: 'pipe', encoding: 'utf8' });
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      throw new Error(`Building ${step.name} failed:\n${stdout}${stderr}`, { cause: error });
    }
    ran.push(step.name);
  }
  return ran;
}
