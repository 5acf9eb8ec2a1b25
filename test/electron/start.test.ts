import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureCase, type FixtureCase } from '../ui/fixture-case.js';
import { send } from '../serve/http-client.js';

type Found = { bin: string | null; why: string | null };
type Say = (line: string) => void;
interface SetupModule {
  findElectron(env: object, dir: string): Found;
  findOrFetchElectron(env: object, dir: string, say: Say): Found;
  electronSqlite(bin: string, dir: string, say: Say):
    { binding: string | null; why: string | null };
}
interface StartModule {
  prepareDesktop(env: object, platform: string, dir: string, say: Say):
    { bin: string | null; binding: string | null; blocker: string | null };
}

const START = new URL('../../bin/start.js', import.meta.url);
const start = (await import(START.href)) as StartModule;
const setup = (await import(
  new URL('../../bin/electron-setup.js', import.meta.url).href,
)) as SetupModule;

let dir: string;
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'tt-start-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function script(path: string, body: string): void {
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
}

/**
 * A stand-in Electron binary. `probe` says which native-module probes
 * it passes: all, none, or only those naming an Electron-built addon.
 */
function electronBinary(path: string, probe: 'all' | 'none' | 'binding') {
  const body = {
    all: 'exit 0',
    none: 'echo "NODE_MODULE_VERSION 115" >&2; exit 1',
    binding: 'case "$2" in *nativeBinding*) exit 0;; esac; exit 1',
  }[probe];
  script(path, body);
}

/** An app folder whose Electron package is in the given state. */
function appWith(
  state: 'none' | 'no-binary' | 'lost' | 'ok',
  probe: 'all' | 'none' | 'binding' = 'all',
) {
  const app = mkdtempSync(join(dir, 'app-'));
  if (state === 'none') return app;
  const pkg = join(app, 'node_modules', 'electron');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), '{"version":"45.6.0"}');
  mkdirSync(join(app, 'node_modules', 'better-sqlite3', 'build'),
    { recursive: true });
  writeFileSync(join(app, 'node_modules', 'better-sqlite3', 'binding.gyp'),
    '{}');
  if (state === 'no-binary') return app;
  writeFileSync(join(pkg, 'path.txt'), 'electron');
  if (state === 'lost') return app;
  mkdirSync(join(pkg, 'dist'));
  electronBinary(join(pkg, 'dist', 'electron'), probe);
  return app;
}

/** Gives an app a stand-in of Electron's first-run installer. */
function withInstaller(app: string, works: boolean): string {
  const pkg = join(app, 'node_modules', 'electron');
  writeFileSync(join(pkg, 'install.js'), works
    ? `const fs = require('fs');
       fs.writeFileSync(${JSON.stringify(join(pkg, 'path.txt'))},
         'electron');
       fs.mkdirSync(${JSON.stringify(join(pkg, 'dist'))});
       fs.writeFileSync(${JSON.stringify(join(pkg, 'dist', 'electron'))},
         '#!/bin/sh\\nexit 0\\n', { mode: 0o755 });`
    : "console.error('RequestError: getaddrinfo ENOTFOUND'); " +
      'process.exit(1);');
  return app;
}

/** Gives an app a stand-in prebuild-install that fetches an addon. */
function withPrebuild(app: string): string {
  const bin = join(app, 'node_modules', 'prebuild-install');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'bin.js'), `const fs = require('fs');
    if (!process.argv.includes('electron')) process.exit(2);
    fs.mkdirSync('build/Release', { recursive: true });
    fs.writeFileSync('build/Release/better_sqlite3.node', 'addon');`);
  return app;
}

const display = { DISPLAY: ':0' };

function sayings(): { say: Say; said: string[] } {
  const said: string[] = [];
  return { said, say: (l) => said.push(l) };
}

describe('finding the Electron binary', () => {
  it('says why it is missing', () => {
    expect(setup.findElectron({}, appWith('none')))
      .toEqual({ bin: null, why: 'electron is not installed' });
    expect(setup.findElectron({}, appWith('no-binary')))
      .toEqual({ bin: null, why: 'its binary was never downloaded' });
    const lost = appWith('lost');
    expect(setup.findElectron({}, lost)).toEqual({ bin: null,
      why: `${join(lost, 'node_modules/electron/dist/electron')} ` +
        'does not exist' });
  });

  it('finds an installed binary and honours the override', () => {
    const app = appWith('ok');
    const bin = join(app, 'node_modules/electron/dist/electron');
    expect(setup.findElectron({}, app)).toEqual({ bin, why: null });
    expect(setup.findElectron({ ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'x') },
      app)).toEqual({ bin: null,
      why: `${join(dir, 'x', 'electron')} does not exist` });
  });

  it('downloads the binary on first start, as Electron would', () => {
    const app = withInstaller(appWith('no-binary'), true);
    const { say, said } = sayings();
    expect(setup.findOrFetchElectron({}, app, say)).toEqual({
      bin: join(app, 'node_modules/electron/dist/electron'), why: null });
    expect(said).toEqual(
      ['downloading the Electron binary (first start only)…']);
  });

  it('says why the download failed, offline', () => {
    const app = withInstaller(appWith('no-binary'), false);
    expect(setup.findOrFetchElectron({}, app, () => {})).toEqual({
      bin: null, why: 'its download failed: exit code 1: RequestError: ' +
        'getaddrinfo ENOTFOUND' });
  });
});

describe('the better-sqlite3 addon for Electron', () => {
  it('needs none when the package build loads in Electron', () => {
    const app = appWith('ok', 'all');
    const bin = join(app, 'node_modules/electron/dist/electron');
    expect(setup.electronSqlite(bin, app, () => {}))
      .toEqual({ binding: null, why: null });
  });

  it('fetches one apart from the Node build, then reuses it', () => {
    const app = withPrebuild(appWith('ok', 'binding'));
    const bin = join(app, 'node_modules/electron/dist/electron');
    const binding = join(app, '.cache', 'electron-sqlite',
      `45.6.0-${process.platform}-${process.arch}`, 'build', 'Release',
      'better_sqlite3.node');
    const first = sayings();
    expect(setup.electronSqlite(bin, app, first.say))
      .toEqual({ binding, why: null });
    expect(first.said).toEqual(
      ['building better-sqlite3 for Electron 45.6.0 (first start only)…']);
    expect(existsSync(join(dirname(dirname(dirname(binding))),
      'binding.gyp'))).toBe(true);
    const again = sayings();
    expect(setup.electronSqlite(bin, app, again.say))
      .toEqual({ binding, why: null });
    expect(again.said).toEqual([]);
  });

  it('says why when it cannot be built', () => {
    const app = appWith('ok', 'none');
    const bin = join(app, 'node_modules/electron/dist/electron');
    const got = setup.electronSqlite(bin, app, () => {});
    expect(got.binding).toBeNull();
    expect(got.why).toMatch(/^better-sqlite3 could not be built for Electron 45\.6\.0 \(exit code 1: .*\); the first start needs the network once, or run `npm run rebuild:electron`$/);
  });
});

describe('choosing desktop or browser mode', () => {
  it('uses the desktop app when Electron loads the native module', () => {
    const app = appWith('ok', 'all');
    expect(start.prepareDesktop(display, 'linux', app, () => {})).toEqual({
      bin: join(app, 'node_modules/electron/dist/electron'),
      binding: null, blocker: null });
  });

  it('falls back when no addon for Electron can be had', () => {
    const got = start.prepareDesktop(display, 'linux', appWith('ok', 'none'),
      () => {});
    expect(got.bin).toBeNull();
    expect(got.blocker).toMatch(/^better-sqlite3 could not be built/);
  });

  it('falls back without a display on Linux, or when asked', () => {
    expect(start.prepareDesktop({}, 'linux', appWith('ok'), () => {})
      .blocker).toBe(
      'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)');
    expect(start.prepareDesktop({ TENANT_TRAIL_BROWSER: '1' }, 'linux',
      appWith('ok'), () => {}).blocker).toBe('TENANT_TRAIL_BROWSER=1 is set');
  });

  it('names both reasons when neither binary nor display is there', () => {
    expect(start.prepareDesktop({}, 'linux', appWith('no-binary'),
      () => {}).blocker).toBe('the Electron binary is missing (its binary ' +
      'was never downloaded), and there is no display (neither DISPLAY nor ' +
      'WAYLAND_DISPLAY is set)');
  });

  it('falls back when the binary is missing', () => {
    expect(start.prepareDesktop(display, 'linux', appWith('no-binary'),
      () => {}).blocker).toBe('the Electron binary is missing (its binary ' +
      'was never downloaded)');
  });
});

const BUILT = new URL('../../dist/src-main/serve/serve-case.js',
  import.meta.url);

describe.skipIf(!existsSync(BUILT))('npm start without Electron', () => {
  let fixture: FixtureCase;
  beforeAll(async () => void (fixture = await buildFixtureCase()));
  afterAll(() => fixture?.remove());

  it('says so and serves the case in browser mode on 127.0.0.1', async () => {
    const child = spawn(process.execPath, [START.pathname, '--case',
      fixture.path], {
      env: { ...process.env, DISPLAY: ':99',
        ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'none') },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', r));
    await expect.poll(() => out, { timeout: 30_000 }).toContain('Ctrl+C');
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('Electron is not used: the Electron binary is ' +
      `missing (${join(dir, 'none', 'electron')} does not exist).`);
    expect(lines[1]).toBe('Serving the workbench in browser mode instead ' +
      '(127.0.0.1 only).');
    expect(lines[2]).toBe(`case ${fixture.path}`);
    const url = /^open (http:\/\/127\.0\.0\.1:(\d+)\/\?token=[\w-]{43})$/
      .exec(lines[3]);
    expect(url).not.toBeNull();
    const visit = await send(Number(url![2]), {
      path: url![1].slice(url![1].indexOf('/?')),
    });
    expect(visit.status).toBe(303);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out.trim().split('\n').at(-1)).toBe('stopped');
  });
});
