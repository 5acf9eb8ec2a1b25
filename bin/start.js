#!/usr/bin/env node
// `npm start`: opens the workbench on the demo case (or on the case
// given with --case). In the desktop app when the Electron binary is
// installed and usable; otherwise, said plainly, in browser mode on
// 127.0.0.1 with the URL and its token printed.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  electronSqlite,
  findElectron,
  findOrFetchElectron,
} from './electron-setup.js';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = (...p) => join(root, 'dist', ...p);

/**
 * Whether the desktop app can run here, getting it ready where it can:
 * `{ bin, binding, blocker }`, blocker null when it can, else the
 * reason it cannot.
 */
export function prepareDesktop(
  env = process.env,
  platform = process.platform,
  dir = root,
  say = (line) => process.stdout.write(`${line}\n`),
) {
  const blocked = (blocker) => ({ bin: null, binding: null, blocker });
  if (env.TENANT_TRAIL_BROWSER === '1') {
    return blocked('TENANT_TRAIL_BROWSER=1 is set');
  }
  const noDisplay = platform === 'linux' && !env.DISPLAY &&
    !env.WAYLAND_DISPLAY;
  const displayWhy =
    'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)';
  // Without a display the binary would be fetched for nothing.
  const found = noDisplay
    ? findElectron(env, dir)
    : findOrFetchElectron(env, dir, say);
  if (!found.bin) {
    const also = noDisplay ? `, and ${displayWhy}` : '';
    return blocked(`the Electron binary is missing (${found.why})${also}`);
  }
  if (noDisplay) return blocked(displayWhy);
  const sqlite = electronSqlite(found.bin, dir, say);
  if (sqlite.why) return blocked(sqlite.why);
  return { bin: found.bin, binding: sqlite.binding, blocker: null };
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

function runDesktop(casePath, { bin, binding }) {
  const env = { ...process.env };
  if (binding) env.TENANT_TRAIL_SQLITE_BINDING = binding;
  const child = spawn(bin, [root, '--case', casePath], {
    stdio: 'inherit',
    env,
  });
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
  const desktop = prepareDesktop();
  if (desktop.blocker === null) runDesktop(casePath, desktop);
  else await runBrowser(casePath, desktop.blocker);
}

const invoked = process.argv[1] && resolve(process.argv[1]);
if (invoked === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`tenant-trail start: ${err.message ?? err}\n`);
    process.exit(1);
  });
}
