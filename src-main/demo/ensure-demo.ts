/**
 * The cached demo case the app opens when started without a case: built
 * once under the user's data folder and rebuilt whenever the tool, the
 * importers, the catalog or the generator changed.
 */
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { TrailError } from '../../src-shared/errors.js';
import { loadCatalog } from '../catalog/catalog.js';
import { IMPORTER_VERSION, TOOL_VERSION } from '../version.js';
import { DEMO_CASE_FILE, buildDemoCase } from './demo-case.js';
import { DEFAULT_SEED } from './generate.js';

/** Bumped whenever the generator's output changes. */
export const DEMO_GENERATOR_VERSION = '1';

/** Folder of the cached demo case inside the data folder. */
export const DEMO_SUBDIR = 'demo';

/** File recording what built the cached case; written last. */
export const DEMO_STAMP_FILE = 'demo-case.json';

/** A lock older than this belongs to a build that died. */
const STALE_LOCK_MS = 10 * 60 * 1000;

/** What the cached demo case was built with. */
export interface DemoStamp {
  toolVersion: string;
  importerVersion: string;
  catalogVersion: string;
  generatorVersion: string;
  seed: number;
}

/** The stamp a demo case built by this build of the tool carries. */
export function currentDemoStamp(): DemoStamp {
  return {
    toolVersion: TOOL_VERSION,
    importerVersion: IMPORTER_VERSION,
    catalogVersion: loadCatalog().version,
    generatorVersion: DEMO_GENERATOR_VERSION,
    seed: DEFAULT_SEED,
  };
}

/**
 * The user's data folder for Tenant Trail, as Electron names it
 * (`TENANT_TRAIL_DATA_DIR` overrides it).
 */
export function defaultDataDir(): string {
  const own = process.env.TENANT_TRAIL_DATA_DIR;
  if (own) return resolve(own);
  const home = homedir();
  if (process.platform === 'win32') {
    const base = process.env.APPDATA ?? join(home, 'AppData', 'Roaming');
    return join(base, 'tenant-trail');
  }
  if (process.platform === 'darwin') {
    return join(home, 'Library', 'Application Support', 'tenant-trail');
  }
  const base = process.env.XDG_CONFIG_HOME ?? join(home, '.config');
  return join(base, 'tenant-trail');
}

/**
 * The path of the demo case under dataDir/demo, built first when it is
 * missing or was built by another version of the tool.
 */
export async function ensureDemoCase(
  dataDir: string = defaultDataDir(),
): Promise<string> {
  const dir = join(resolve(dataDir), DEMO_SUBDIR);
  const casePath = join(dir, DEMO_CASE_FILE);
  const stamp = currentDemoStamp();
  if (isCurrent(dir, casePath, stamp)) return casePath;
  await mkdir(dir, { recursive: true });
  const unlock = lock(dir);
  try {
    if (isCurrent(dir, casePath, stamp)) return casePath;
    rmSync(join(dir, DEMO_STAMP_FILE), { force: true });
    await buildDemoCase(dir, { force: true });
    writeFileSync(join(dir, DEMO_STAMP_FILE),
      `${JSON.stringify(stamp, null, 2)}\n`);
    return casePath;
  } finally {
    unlock();
  }
}

/** The stamp of the cached case, or null when there is none. */
export function readDemoStamp(dataDir: string): DemoStamp | null {
  const path = join(resolve(dataDir), DEMO_SUBDIR, DEMO_STAMP_FILE);
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as DemoStamp;
  } catch {
    return null;
  }
}

function isCurrent(dir: string, casePath: string, want: DemoStamp): boolean {
  const path = join(dir, DEMO_STAMP_FILE);
  if (!existsSync(casePath) || !existsSync(path)) return false;
  let have: unknown;
  try {
    have = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return false;
  }
  return JSON.stringify(have) === JSON.stringify(want);
}

/** Takes the build lock of the folder; returns its release. */
function lock(dir: string): () => void {
  const path = join(dir, '.building');
  if (existsSync(path) && Date.now() - statSync(path).mtimeMs > STALE_LOCK_MS) {
    rmSync(path, { force: true });
  }
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch {
    throw new TrailError('CASE_IN_USE', `the demo case in ${dir} is being ` +
      `built by another process (lock ${path}); try again in a minute`);
  }
  writeFileSync(fd, `${process.pid}\n`);
  closeSync(fd);
  return () => rmSync(path, { force: true });
}
