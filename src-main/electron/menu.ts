/**
 * The application menu as plain data: File (new, open, recent, import,
 * export bundle), Edit, View and Help (About). main.ts hands it to
 * Electron's Menu.buildFromTemplate.
 */
import type { RecentCase } from '../../src-shared/contract.js';

/** What the menu items do; each is wired by the composition root. */
export interface MenuActions {
  newCase(): void;
  openCase(): void;
  openRecent(path: string): void;
  importFiles(): void;
  exportBundle(): void;
  about(): void;
}

/** One menu item, the subset of Electron's template the app uses. */
export interface MenuItem {
  label?: string;
  role?: string;
  type?: 'separator' | 'submenu';
  accelerator?: string;
  enabled?: boolean;
  click?: () => void;
  submenu?: MenuItem[];
}

/** What the menu needs to know about the app's state. */
export interface MenuState {
  caseOpen: boolean;
  recent: readonly RecentCase[];
  isMac: boolean;
}

/** Builds the menu template. */
export function buildMenuTemplate(a: MenuActions, s: MenuState): MenuItem[] {
  const app: MenuItem[] = s.isMac
    ? [{ role: 'appMenu', label: 'Tenant Trail' }]
    : [];
  return [
    ...app,
    { label: 'File', submenu: fileMenu(a, s) },
    { role: 'editMenu', label: 'Edit' },
    { label: 'View', submenu: viewMenu() },
    { role: 'help', label: 'Help', submenu: [
      { label: 'About Tenant Trail', click: () => a.about() },
    ] },
  ];
}

function fileMenu(a: MenuActions, s: MenuState): MenuItem[] {
  return [
    { label: 'New Case…', accelerator: 'CmdOrCtrl+N', click: a.newCase },
    { label: 'Open Case…', accelerator: 'CmdOrCtrl+O', click: a.openCase },
    { label: 'Open Recent', submenu: recentMenu(a, s.recent) },
    { type: 'separator' },
    {
      label: 'Import Files…',
      accelerator: 'CmdOrCtrl+I',
      enabled: s.caseOpen,
      click: a.importFiles,
    },
    {
      label: 'Export Evidence Bundle…',
      accelerator: 'CmdOrCtrl+E',
      enabled: s.caseOpen,
      click: a.exportBundle,
    },
    { type: 'separator' },
    { role: s.isMac ? 'close' : 'quit' },
  ];
}

function recentMenu(a: MenuActions, recent: readonly RecentCase[]): MenuItem[] {
  if (recent.length === 0) {
    return [{ label: 'No recent cases', enabled: false }];
  }
  return recent.map((r) => ({
    label: r.path,
    click: () => a.openRecent(r.path),
  }));
}

// No developer tools and no reload: a reload would lose the view, and
// the tools are a way around the window's policy.
function viewMenu(): MenuItem[] {
  return [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
}
