import { describe, expect, it, vi } from 'vitest';
import {
  buildMenuTemplate,
  type MenuActions,
  type MenuItem,
} from '../../src-main/electron/menu.js';

function actions(): MenuActions {
  return {
    newCase: vi.fn(), openCase: vi.fn(), openRecent: vi.fn(),
    importFiles: vi.fn(), exportBundle: vi.fn(), about: vi.fn(),
  };
}

const state = {
  caseOpen: true,
  recent: [{ path: '/cases/acme.ttcase', openedAt: '2026-12-01T10:00:00Z' }],
  isMac: false,
};

function flatten(items: MenuItem[]): MenuItem[] {
  return items.flatMap((i) => [i, ...flatten(i.submenu ?? [])]);
}

function find(items: MenuItem[], label: string): MenuItem {
  const item = flatten(items).find((i) => i.label === label);
  if (!item) throw new Error(`no menu item ${label}`);
  return item;
}

describe('the application menu', () => {
  it('has File, Edit, View and Help', () => {
    const t = buildMenuTemplate(actions(), state);
    expect(t.map((i) => i.label)).toEqual(['File', 'Edit', 'View', 'Help']);
  });

  it('lists the file commands in order', () => {
    const file = buildMenuTemplate(actions(), state)[0].submenu ?? [];
    expect(file.map((i) => i.label ?? i.type ?? i.role)).toEqual([
      'New Case…', 'Open Case…', 'Open Recent', 'separator',
      'Import Files…', 'Export Evidence Bundle…', 'separator', 'quit',
    ]);
  });

  it('runs each action from its item', () => {
    const a = actions();
    const t = buildMenuTemplate(a, state);
    for (const [label, fn] of [
      ['New Case…', a.newCase], ['Open Case…', a.openCase],
      ['Import Files…', a.importFiles],
      ['Export Evidence Bundle…', a.exportBundle],
      ['About Tenant Trail', a.about],
    ] as const) {
      find(t, label).click?.();
      expect(fn, label).toHaveBeenCalledTimes(1);
    }
    find(t, '/cases/acme.ttcase').click?.();
    expect(vi.mocked(a.openRecent).mock.calls).toEqual([['/cases/acme.ttcase']]);
  });

  it('disables import and export while no case is open', () => {
    const t = buildMenuTemplate(actions(), { ...state, caseOpen: false });
    expect(find(t, 'Import Files…').enabled).toBe(false);
    expect(find(t, 'Export Evidence Bundle…').enabled).toBe(false);
    expect(find(t, 'New Case…').enabled).toBeUndefined();
  });

  it('says so when there are no recent cases', () => {
    const t = buildMenuTemplate(actions(), { ...state, recent: [] });
    expect(find(t, 'Open Recent').submenu).toEqual([
      { label: 'No recent cases', enabled: false },
    ]);
  });

  it('offers no developer tools and no reload', () => {
    const roles = flatten(buildMenuTemplate(actions(), state))
      .map((i) => i.role).filter(Boolean);
    expect(roles).toEqual(['quit', 'editMenu', 'resetZoom', 'zoomIn',
      'zoomOut', 'togglefullscreen', 'help']);
    expect(roles).not.toContain('toggleDevTools');
    expect(roles).not.toContain('reload');
    expect(roles).not.toContain('forceReload');
  });

  it('adds the app menu on macOS', () => {
    const t = buildMenuTemplate(actions(), { ...state, isMac: true });
    expect(t[0]).toEqual({ role: 'appMenu', label: 'Tenant Trail' });
    expect(find(t, 'File').submenu?.at(-1)).toEqual({ role: 'close' });
  });
});
