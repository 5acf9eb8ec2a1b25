#!/usr/bin/env node
// `npm start`: opens the workbench on the demo case (or on the case
// given with --case). In the desktop app when the Electron binary is
// installed and usable; otherwise, said plainly, in browser mode on
// 127.0.0.1 with the URL and its token printed.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = (...p) => join(root, 'dist', ...p);

/** The Electron executable, or null with the reason it cannot run. */
export function findElectron(env = process.env, dir = root) {
  const pkg = join(dir, 'node_modules', 'electron');
  const pathTxt = join(pkg, 'path.txt');
  if (!existsSync(pkg)) return { bin: null, why: 'electron is not installed' };
  // Read the path the installer wrote rather than require('electron'),
  // which would try to download the binary.
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

/** Why the desktop app cannot start here, or null when it can. */
export function desktopBlocker(
  env = process.env,
  platform = process.platform,
  dir = root,
) {
  if (env.TENANT_TRAIL_BROWSER === '1') {
    return 'TENANT_TRAIL_BROWSER=1 is set';
  }
  const found = findElectron(env, dir);
  if (!found.bin) return `the Electron binary is missing (${found.why})`;
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)';
  }
  return nativeModuleBlocker(found.bin);
}

// better-sqlite3 is a native module: built for Node it will not load in
// Electron. Ask Electron (as plain Node) to load it before relying on it.
function nativeModuleBlocker(bin) {
  const script = "require('better-sqlite3')(':memory:')";
  const probe = spawnSync(bin, ['-e', script], {
    cwd: root,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (probe.status === 0) return null;
  return 'better-sqlite3 is not built for Electron: run ' +
    '`npm run rebuild:electron` (and `npm rebuild better-sqlite3` ' +
    'before using the command line again)';
}

function ensureBuilt() {
  const built = existsSync(dist('src-main', 'electron', 'main.js')) &&
    existsSync(dist('renderer', 'index.html'));
  if (built) return;
  process.stdout.write('building Tenant Trail (first start)…\n');
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
}

function caseArgument(argv) {
  const i = argv.indexOf('--case');
  if (i >= 0 && argv[i + 1]) return resolve(argv[i + 1]);
  const eq = argv.find((a) => a.startsWith('--case='));
  return eq ? resolve(eq.slice(7)) : null;
}

// The demo case lives in .cache/demo (ignored by git); it is built once,
// in a scratch folder first, so an interrupted build leaves nothing
// half-made behind.
async function ensureDemoCase() {
  const demo = await import(dist('src-main', 'demo', 'demo-case.js'));
  const dir = join(root, '.cache', 'demo');
  const casePath = join(dir, demo.DEMO_CASE_FILE);
  if (existsSync(casePath)) return casePath;
  const scratch = `${dir}.building`;
  process.stdout.write('building the demo case (first start only)…\n');
  await demo.buildDemoCase(scratch, {
    force: true,
    onFile: (name, i, n) => {
      process.stdout.write(`  ${i + 1}/${n} ${name}\n`);
    },
  });
  rmSync(dir, { recursive: true, force: true });
  renameSync(scratch, dir);
  return casePath;
}

function runDesktop(casePath) {
  const { bin } = findElectron();
  const child = spawn(bin, [root, '--case', casePath], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
}

async function runBrowser(casePath, reason) {
  process.stdout.write(
    `Electron is not used: ${reason}.\n` +
      'Serving the workbench in browser mode instead (127.0.0.1 only).\n',
  );
  const serving = dist('src-main', 'serve', 'serve-case.js');
  const { serveCase } = await import(serving);
  const served = await serveCase(casePath);
  process.stdout.write(
    `case ${casePath}\nopen ${served.url}\npress Ctrl+C to stop\n`,
  );
  await new Promise((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await served.close();
  process.stdout.write('stopped\n');
}

async function main(argv) {
  ensureBuilt();
  const casePath = caseArgument(argv) ?? (await ensureDemoCase());
  const blocker = desktopBlocker();
  if (blocker === null) runDesktop(casePath);
  else await runBrowser(casePath, blocker);
}

const invoked = process.argv[1] && resolve(process.argv[1]);
if (invoked === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`tenant-trail start: ${err.message ?? err}\n`);
    process.exit(1);
  });
}
