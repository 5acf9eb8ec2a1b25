/**
 * Helpers of the case, CLI and hardening tests: file fingerprints, the
 * files beside a case, and child processes running the built code.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The built CLI entry; tests that run the built code need it. */
export const BUILT = existsSync(`${ROOT}dist/src-main/cli/main.js`);

if (!BUILT) {
  console.warn(
    'dist/ is missing: run `npm run build`; tests that run the built ' +
      'code in a child process are SKIPPED, not passed',
  );
}

/** SHA-256 of a file's bytes. */
export function fileHash(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The sorted names in a folder. */
export function namesIn(dir: string): string[] {
  return readdirSync(dir).sort();
}

/** Runs a Node script of the test tree with the built code available. */
export function runNode(
  script: string,
  args: string[],
  timeout = 120_000,
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [script, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout,
  });
}

/** Path of a child script in test/hardening/children. */
export function childScript(name: string): string {
  return fileURLToPath(new URL(`../hardening/children/${name}`, import.meta.url));
}
