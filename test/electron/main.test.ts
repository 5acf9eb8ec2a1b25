import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeCase, createCase } from '../../src-main/case/case-file.js';
import { distPath } from '../../src-main/util/paths.js';

// The main process is a composition root over Electron; it runs here
// against a stand-in that records what it was asked to do.
const e = vi.hoisted(() => {
  type Fn = (...a: any[]) => any;
  const rec = {
    privileged: [] as unknown[],
    sandboxed: false,
    appListeners: new Map<string, Fn>(),
    protocols: new Map<string, Fn>(),
    channels: new Map<string, Fn>(),
    windows: [] as { options: any; loaded: string[]; sent: unknown[][] }[],
    menus: [] as any[],
    permissionHandler: null as Fn | null,
    quit: 0,
    userData: '',
  };
  class BrowserWindow {
    webContents: { id: number; send: Fn };
    private rec: { options: any; loaded: string[]; sent: unknown[][] };
    constructor(options: any) {
      this.rec = { options, loaded: [], sent: [] };
      rec.windows.push(this.rec);
      const sent = this.rec.sent;
      this.webContents = { id: 41, send: (...a: unknown[]) => sent.push(a) };
    }
    on() { return this; }
    once() { return this; }
    focus() {}
    loadURL(url: string) {
      this.rec.loaded.push(url);
      return Promise.resolve();
    }
  }
  const electron = {
    app: {
      enableSandbox: () => void (rec.sandboxed = true),
      on: (ev: string, l: Fn) => void rec.appListeners.set(ev, l),
      requestSingleInstanceLock: () => true,
      whenReady: () => Promise.resolve(),
      getPath: () => rec.userData,
      quit: () => void rec.quit++,
    },
    BrowserWindow,
    dialog: { showErrorBox: vi.fn(), showMessageBox: vi.fn() },
    ipcMain: {
      handle: (c: string, l: Fn) => void rec.channels.set(c, l),
      removeHandler: (c: string) => void rec.channels.delete(c),
    },
    Menu: {
      buildFromTemplate: (t: unknown) => t,
      setApplicationMenu: (m: unknown) => void rec.menus.push(m),
    },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => rec.privileged.push(...s),
      handle: (s: string, h: Fn) => void rec.protocols.set(s, h),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Fn) =>
          void (rec.permissionHandler = h),
        setPermissionCheckHandler: () => undefined,
        webRequest: { onHeadersReceived: () => undefined },
      },
    },
    shell: { openExternal: vi.fn(async () => undefined) },
  };
  return { rec, electron };
});

vi.mock('electron', () => e.electron);

let dir: string;
let casePath: string;
const argv = process.argv;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tt-main-'));
  e.rec.userData = dir;
  casePath = join(dir, 'launch.ttcase');
  closeCase(createCase(casePath, { caseNumber: 'L-1', title: 'Launch',
    examiner: 'E' }));
  process.argv = [...argv, '--case', casePath];
  await import('../../src-main/electron/main.js');
  await vi.waitFor(() => expect(e.rec.windows).toHaveLength(1));
});

afterAll(() => {
  process.argv = argv;
  e.rec.appListeners.get('window-all-closed')?.();
  rmSync(dir, { recursive: true, force: true });
});

describe('the main process', () => {
  it('registers the app scheme and sandboxes every renderer', () => {
    expect(e.rec.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true } },
    ]);
    expect(e.rec.sandboxed).toBe(true);
  });

  it('opens one locked-down window on the app scheme', () => {
    const [w] = e.rec.windows;
    expect(w.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(w.options.webPreferences.preload)
      .toMatch(/src-main[\\/]electron[\\/]preload\.cjs$/);
    expect(w.loaded).toEqual(['app://tenant-trail/index.html']);
  });

  it('guards every web contents Electron creates', () => {
    const events: string[] = [];
    let openHandler: ((d: { url: string }) => unknown) | null = null;
    e.rec.appListeners.get('web-contents-created')?.({}, {
      on: (ev: string) => events.push(ev),
      setWindowOpenHandler: (h: typeof openHandler) => (openHandler = h),
    });
    expect(events.sort()).toEqual(['will-attach-webview',
      'will-frame-navigate', 'will-navigate', 'will-redirect']);
    expect(openHandler!({ url: 'https://example.com/' }))
      .toEqual({ action: 'deny' });
  });

  it('refuses permission requests on the session', () => {
    const answers: boolean[] = [];
    e.rec.permissionHandler?.({}, 'media', (g: boolean) => answers.push(g));
    expect(answers).toEqual([false]);
  });

  it('registers the calls and opens the case named at launch', async () => {
    expect(e.rec.channels.size).toBe(25);
    const call = e.rec.channels.get('tt:call:caseInfo')!;
    const event = { sender: { id: 41 },
      senderFrame: { url: 'app://tenant-trail/index.html', parent: null } };
    const answer = await call(event, {});
    expect(answer).toMatchObject({ ok: true, value: { path: casePath,
      info: { caseNumber: 'L-1', title: 'Launch' } } });
    const stranger = await call({ ...event, sender: { id: 99 } }, {});
    expect(stranger).toMatchObject({ ok: false,
      error: { code: 'BAD_REQUEST' } });
  });

  it('builds the menu with the launch case as the recent one', () => {
    const menu = e.rec.menus.at(-1) as { label?: string; submenu?: any[] }[];
    expect(menu.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Help']);
    const recent = menu[0].submenu?.find((i) => i.label === 'Open Recent');
    expect(recent.submenu.map((i: { label: string }) => i.label))
      .toEqual([casePath]);
  });

  it.skipIf(!existsSync(distPath('renderer', 'index.html')))(
    'serves the built renderer on the app scheme',
    async () => {
      const handler = e.rec.protocols.get('app')!;
      const res = await handler(new Request('app://tenant-trail/index.html'));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy'))
        .toContain("script-src 'self'");
    },
  );
});
