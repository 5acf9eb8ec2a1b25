/**
 * The desktop app's main process: the composition root. It locks down
 * every window and the session, serves the renderer from the app
 * scheme, registers the contract's calls on IPC and builds the menu.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  session,
  shell,
  type MenuItemConstructorOptions,
} from 'electron';
import {
  EVENT_CHANNELS,
  type MenuCommand,
} from '../../src-shared/contract.js';
import type { ApiContext } from '../api/api-context.js';
import { HANDLERS } from '../api/handlers.js';
import { createLogger } from '../api/logger.js';
import { loadCatalog } from '../catalog/catalog.js';
import {
  SQLITE_BINDING_ENV,
  useNativeBinding,
} from '../case/sqlite-binding.js';
import { distPath } from '../util/paths.js';
import {
  answerAppRequest,
  APP_ENTRY,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
} from './app-scheme.js';
import {
  CaseHolder,
  createDesktopServices,
  type DesktopActions,
} from './desktop-services.js';
import { assertLoadable, guardContents, guardSession } from './harden.js';
import { registerCalls } from './ipc.js';
import { parseLaunchArgs } from './launch-args.js';
import { buildMenuTemplate, type MenuActions } from './menu.js';
import { nativeDialogs } from './native-dialogs.js';
import { RecentCases } from './recent-cases.js';
import { isExternalLink, secureWebPreferences } from './window-policy.js';

const log = createLogger('desktop');
const here = dirname(fileURLToPath(import.meta.url));
const windows = new Set<number>();
let mainWindow: BrowserWindow | null = null;

protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.enableSandbox();
app.on('web-contents-created', (_event, contents) => {
  guardContents(contents, openInBrowser);
});

if (!app.requestSingleInstanceLock()) app.quit();
else void app.whenReady().then(start);
app.on('second-instance', () => mainWindow?.focus());

async function start(): Promise<void> {
  useNativeBinding(process.env[SQLITE_BINDING_ENV]);
  guardSession(session.defaultSession);
  protocol.handle(APP_SCHEME, (req) =>
    answerAppRequest(distPath('renderer'), req),
  );
  const recent = new RecentCases(
    join(app.getPath('userData'), 'recent-cases.json'),
  );
  const holder = new CaseHolder(() => refreshMenu(holder, recent, desktop));
  const desktop = createDesktopServices({
    holder,
    recent,
    dialogs: nativeDialogs(dialog, () => mainWindow),
    onImportProgress: (p) => push(EVENT_CHANNELS.importProgress, p),
  });
  registerCalls(ipcMain, {
    handlers: HANDLERS,
    context: apiContext(holder, desktop),
    isOwnContents: (id) => windows.has(id),
  });
  openLaunchCase(holder, recent);
  refreshMenu(holder, recent, desktop);
  mainWindow = createWindow();
  app.on('window-all-closed', () => {
    holder.close();
    app.quit();
  });
}

function apiContext(holder: CaseHolder, desktop: DesktopActions): ApiContext {
  return {
    currentSession: () => holder.current(),
    catalog: loadCatalog,
    log,
    desktop,
  };
}

function openLaunchCase(holder: CaseHolder, recent: RecentCases): void {
  const { casePath } = parseLaunchArgs(process.argv.slice(1));
  if (!casePath) return;
  try {
    recent.add(holder.open(casePath).path);
  } catch (err) {
    dialog.showErrorBox('Tenant Trail: cannot open the case', message(err));
  }
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'Tenant Trail',
    show: false,
    // The three settings are repeated as literals so that reviewers and
    // Electronegativity see them where the window is made.
    webPreferences: {
      ...secureWebPreferences(join(here, 'preload.cjs')),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  const id = win.webContents.id;
  windows.add(id);
  win.on('closed', () => {
    windows.delete(id);
    if (mainWindow === win) mainWindow = null;
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(assertLoadable(APP_ENTRY));
  return win;
}

function push(channel: string, payload: unknown): void {
  mainWindow?.webContents.send(channel, payload);
}

function command(c: MenuCommand): void {
  push(EVENT_CHANNELS.menuCommand, c);
}

function refreshMenu(
  holder: CaseHolder,
  recent: RecentCases,
  desktop: DesktopActions,
): void {
  const template = buildMenuTemplate(menuActions(desktop), {
    caseOpen: holder.current() !== null,
    recent: recent.list(),
    isMac: process.platform === 'darwin',
  });
  const items = template as MenuItemConstructorOptions[];
  Menu.setApplicationMenu(Menu.buildFromTemplate(items));
}

function menuActions(desktop: DesktopActions): MenuActions {
  const changed = (p: Promise<unknown>) =>
    void p.then(() => command('caseChanged')).catch(showError);
  return {
    newCase: () => command('newCase'),
    openCase: () => changed(desktop.openCase({})),
    openRecent: (path) => changed(desktop.openCase({ path })),
    importFiles: () => changed(desktop.importFiles({})),
    exportBundle: () => void desktop.exportBundle().then(
      (s) => s && showInfo(`Bundle written: ${s.out}\nSHA-256 ${s.sha256}`),
    ).catch(showError),
    about: () => command('about'),
  };
}

function showInfo(text: string): void {
  void dialog.showMessageBox({ type: 'info', message: text });
}

function showError(err: unknown): void {
  dialog.showErrorBox('Tenant Trail', message(err));
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// Only http(s) links without credentials reach this call (decideLink
// and isExternalLink both check); the system browser opens them.
async function openInBrowser(url: string): Promise<void> {
  if (!isExternalLink(url)) return;
  await shell.openExternal(url); /* eng-disable OPEN_EXTERNAL_JS_CHECK */
}
