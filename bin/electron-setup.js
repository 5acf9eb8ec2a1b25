// What `npm start` needs before the desktop app can run: the Electron
// binary (Electron fetches it on first use, not at install) and a
// better-sqlite3 addon built for Electron's ABI. The addon is built
// once into .cache/electron-sqlite, apart from the package's own Node
// build, so the command line keeps working. Both steps need the network
// once; offline they fail fast and the caller falls back to browser
// mode with the reason.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** How long a first-start download or build may take. */
const SETUP_TIMEOUT_MS = 10 * 60_000;

/** The Electron executable, or null with the reason it cannot run. */
export function findElectron(env, dir) {
  const pkg = join(dir, 'node_modules', 'electron');
  const pathTxt = join(pkg, 'path.txt');
  if (!existsSync(pkg)) return { bin: null, why: 'electron is not installed' };
  // Read the path the installer wrote rather than require('electron'),
  // which would download the binary without asking.
  const rel = existsSync(pathTxt) ? readFileSync(pathTxt, 'utf8').trim() : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!override && !rel) {
    return { bin: null, why: 'its binary was never downloaded' };
  }
  const bin = override
    ? join(override, rel || 'electron')
    : join(pkg, 'dist', rel);
  if (!existsSync(bin)) return { bin: null, why: `${bin} does not exist` };
  return { bin, why: null };
}

/**
 * Finds the Electron binary, downloading it first where it was never
 * fetched (Electron's own installer, as its first run would).
 */
export function findOrFetchElectron(env, dir, say) {
  const found = findElectron(env, dir);
  const installer = join(dir, 'node_modules', 'electron', 'install.js');
  const fetchable = !found.bin && !env.ELECTRON_OVERRIDE_DIST_PATH &&
    existsSync(installer);
  if (!fetchable) return found;
  say('downloading the Electron binary (first start only)…');
  const run = runNode([installer], dir);
  if (!run.ok) {
    return { bin: null, why: `its download failed: ${run.why}` };
  }
  return findElectron(env, dir);
}

/**
 * The better-sqlite3 addon Electron should load: null when the
 * package's own build already loads in Electron, else the path of one
 * built for Electron; `why` says what failed.
 */
export function electronSqlite(bin, dir, say) {
  if (probe(bin, dir, null).ok) return { binding: null, why: null };
  const version = electronVersion(dir);
  const home = join(dir, '.cache', 'electron-sqlite',
    `${version}-${process.platform}-${process.arch}`);
  const binding = join(home, 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(binding) && probe(bin, dir, binding).ok) {
    return { binding, why: null };
  }
  say(`building better-sqlite3 for Electron ${version} (first start only)…`);
  const built = buildAddon(dir, home, version);
  const loaded = built.ok ? probe(bin, dir, binding) : built;
  if (loaded.ok) return { binding, why: null };
  return {
    binding: null,
    why: `better-sqlite3 could not be built for Electron ${version} ` +
      `(${loaded.why}); the first start needs the network once, or run ` +
      '`npm run rebuild:electron`',
  };
}

function electronVersion(dir) {
  const pkg = join(dir, 'node_modules', 'electron', 'package.json');
  return JSON.parse(readFileSync(pkg, 'utf8')).version;
}

// A private copy of the package (sources, no Node build) in which the
// prebuilt Electron addon is fetched, or compiled from source.
function buildAddon(dir, home, version) {
  const source = join(dir, 'node_modules', 'better-sqlite3');
  rmSync(home, { recursive: true, force: true });
  cpSync(source, home, {
    recursive: true,
    filter: (p) => relative(source, p).split(sep)[0] !== 'build',
  });
  const prebuilt = runNode([
    join(dir, 'node_modules', 'prebuild-install', 'bin.js'),
    '--runtime', 'electron', '--target', version,
    '--platform', process.platform, '--arch', process.arch,
  ], home);
  if (prebuilt.ok) return prebuilt;
  return runNode([
    join(dir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    'rebuild', '--release', `--target=${version}`,
    '--dist-url=https://electronjs.org/headers',
  ], home);
}

// Asks Electron, run as plain Node, to open an in-memory database.
function probe(bin, dir, binding) {
  const pkg = JSON.stringify(join(dir, 'node_modules', 'better-sqlite3'));
  const options = binding ? JSON.stringify({ nativeBinding: binding }) : '{}';
  const script = `require(${pkg})(':memory:', ${options}).close()`;
  return run(bin, ['-e', script], dir, { ELECTRON_RUN_AS_NODE: '1' });
}

function runNode(args, cwd) {
  return run(process.execPath, args, cwd, {});
}

function run(bin, args, cwd, env) {
  const r = spawnSync(bin, args, {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: SETUP_TIMEOUT_MS,
  });
  if (r.status === 0) return { ok: true, why: null };
  return { ok: false, why: failure(r) };
}

function failure(r) {
  if (r.error) return r.error.message;
  const lines = `${r.stderr ?? ''}${r.stdout ?? ''}`.trim().split('\n');
  // The last line that is not part of a stack trace says what failed.
  const last = lines.filter((l) => l.trim() && !/^\s*at /.test(l))
    .pop() ?? '';
  const what = r.signal ? `killed by ${r.signal}` : `exit code ${r.status}`;
  return last ? `${what}: ${last.trim().slice(0, 200)}` : what;
}
