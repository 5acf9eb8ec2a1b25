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
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureCase, type FixtureCase } from '../ui/fixture-case.js';
import { send } from '../serve/http-client.js';

type Found = { bin: string | null; why: string | null };
interface StartModule {
  findElectron(env: object, dir: string): Found;
  desktopBlocker(env: object, platform: string, dir: string): string | null;
}

const START = new URL('../../bin/start.js', import.meta.url);
const start = (await import(START.href)) as StartModule;

let dir: string;
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'tt-start-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An app folder whose Electron package is in the given state. */
function appWith(state: 'none' | 'no-binary' | 'lost' | 'ok', exit = 0) {
  const app = mkdtempSync(join(dir, 'app-'));
  if (state === 'none') return app;
  const pkg = join(app, 'node_modules', 'electron');
  mkdirSync(pkg, { recursive: true });
  if (state === 'no-binary') return app;
  writeFileSync(join(pkg, 'path.txt'), 'electron');
  if (state === 'lost') return app;
  mkdirSync(join(pkg, 'dist'));
  // A stand-in binary that answers the native-module probe.
  writeFileSync(join(pkg, 'dist', 'electron'), `#!/bin/sh\nexit ${exit}\n`);
  chmodSync(join(pkg, 'dist', 'electron'), 0o755);
  return app;
}

const display = { DISPLAY: ':0' };

describe('finding the Electron binary', () => {
  it('says why it is missing, without trying to download it', () => {
    expect(start.findElectron({}, appWith('none')))
      .toEqual({ bin: null, why: 'electron is not installed' });
    expect(start.findElectron({}, appWith('no-binary')))
      .toEqual({ bin: null, why: 'its binary was never downloaded' });
    const lost = appWith('lost');
    expect(start.findElectron({}, lost)).toEqual({ bin: null,
      why: `${join(lost, 'node_modules/electron/dist/electron')} ` +
        'does not exist' });
  });

  it('finds an installed binary and honours the override', () => {
    const app = appWith('ok');
    const bin = join(app, 'node_modules/electron/dist/electron');
    expect(start.findElectron({}, app)).toEqual({ bin, why: null });
    expect(start.findElectron({ ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'x') },
      app)).toEqual({ bin: null,
      why: `${join(dir, 'x', 'electron')} does not exist` });
  });
});

describe('choosing desktop or browser mode', () => {
  it('uses the desktop app when Electron loads the native module', () => {
    expect(start.desktopBlocker(display, 'linux', appWith('ok', 0)))
      .toBeNull();
  });

  it('falls back when better-sqlite3 is built for Node only', () => {
    expect(start.desktopBlocker(display, 'linux', appWith('ok', 1))).toBe(
      'better-sqlite3 is not built for Electron: run `npm run ' +
        'rebuild:electron` (and `npm rebuild better-sqlite3` before using ' +
        'the command line again)',
    );
  });

  it('falls back without a display on Linux, or when asked', () => {
    expect(start.desktopBlocker({}, 'linux', appWith('ok'))).toBe(
      'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)',
    );
    expect(start.desktopBlocker({ TENANT_TRAIL_BROWSER: '1' }, 'linux',
      appWith('ok'))).toBe('TENANT_TRAIL_BROWSER=1 is set');
  });

  it('falls back when the binary is missing', () => {
    expect(start.desktopBlocker(display, 'linux', appWith('no-binary')))
      .toBe('the Electron binary is missing (its binary was never ' +
        'downloaded)');
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
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'none') },
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
