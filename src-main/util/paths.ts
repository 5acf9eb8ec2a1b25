/** Locations inside the installed application. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The folder holding the application's package.json. */
export function appRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && isOurs(pkg)) return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('application root not found');
    dir = up;
  }
}

function isOurs(pkgPath: string): boolean {
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { name?: string };
  return pkg.name === 'tenant-trail';
}

/**
 * A path under the application's resources folder: beside the archive
 * of a packaged app (where an examiner can read the catalog and lists),
 * in the application folder otherwise.
 */
export function resourcePath(...parts: string[]): string {
  return join(resourcesRoot(), ...parts);
}

function resourcesRoot(): string {
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  const beside = packaged ? join(packaged, 'resources') : null;
  if (beside && existsSync(beside)) return beside;
  return join(appRoot(), 'resources');
}

/** A path under the build output folder. */
export function distPath(...parts: string[]): string {
  return join(appRoot(), 'dist', ...parts);
}
