/**
 * The SQLite addon cases open with: the package's own under Node, or
 * the Electron-built one npm start names, in every thread.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

async function load() {
  return import('../../src-main/case/sqlite-binding.js');
}

describe('the SQLite addon', () => {
  it('is the package default unless one is named', async () => {
    vi.stubEnv('TENANT_TRAIL_SQLITE_BINDING', '');
    const b = await load();
    expect(b.bindingOptions()).toEqual({});
    b.useNativeBinding('/cache/electron-sqlite/better_sqlite3.node');
    expect(b.bindingOptions()).toEqual({
      nativeBinding: '/cache/electron-sqlite/better_sqlite3.node' });
    b.useNativeBinding(undefined);
    expect(b.bindingOptions()).toEqual({});
  });

  it('is read from the environment at load, as a worker thread has it',
    async () => {
      vi.stubEnv('TENANT_TRAIL_SQLITE_BINDING', '/x/better_sqlite3.node');
      const b = await load();
      expect(b.bindingOptions()).toEqual({
        nativeBinding: '/x/better_sqlite3.node' });
    });
});
