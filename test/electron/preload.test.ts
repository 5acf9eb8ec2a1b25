import { existsSync, readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import { CALLS } from '../../src-shared/contract.js';

const exposed = vi.hoisted(() => new Map<string, Record<string, unknown>>());

// The real module would try to start (or download) Electron: the
// preload is checked against a stand-in with the same surface.
vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: Record<string, unknown>) =>
      exposed.set(key, api),
  },
  ipcRenderer: {
    invoke: async () => ({ ok: true, value: null }),
    on: () => undefined,
    removeListener: () => undefined,
  },
  webUtils: { getPathForFile: () => '/dropped/file.json' },
}));

describe('the preload', () => {
  it('exposes only window.api, with the contract calls', async () => {
    await import('../../src-main/electron/preload.js');
    expect([...exposed.keys()]).toEqual(['api']);
    const api = exposed.get('api')!;
    expect(Object.keys(api).sort()).toEqual(
      [...CALLS, 'onImportProgress', 'onMenuCommand', 'pathForFile'].sort(),
    );
    expect((api.pathForFile as (f: object) => string)({})).toBe(
      '/dropped/file.json',
    );
  });
});

const BUILT = new URL(
  '../../dist/src-main/electron/preload.cjs',
  import.meta.url,
);

describe.skipIf(!existsSync(BUILT))('the built preload bundle', () => {
  const code = () => readFileSync(BUILT, 'utf8');

  it('requires nothing but electron, as a sandboxed preload must', () => {
    const required = [...code().matchAll(/require\((["'])([^"']+)\1\)/g)]
      .map((m) => m[2]);
    expect([...new Set(required)]).toEqual(['electron']);
  });

  it('runs as a CommonJS script and exposes window.api', () => {
    const seen = new Map<string, Record<string, unknown>>();
    const electron = {
      contextBridge: {
        exposeInMainWorld: (k: string, v: never) => seen.set(k, v),
      },
      ipcRenderer: { invoke: async () => null, on() {}, removeListener() {} },
      webUtils: { getPathForFile: () => '' },
    };
    const fakeRequire = (id: string) => {
      if (id !== 'electron') throw new Error(`sandbox refuses ${id}`);
      return electron;
    };
    const module = { exports: {} };
    const run = runInNewContext(
      `(function (exports, require, module) {${code()}\n})`, {},
    ) as (e: object, r: typeof fakeRequire, m: object) => void;
    run(module.exports, fakeRequire, module);
    expect(Object.keys(seen.get('api') ?? {})).toHaveLength(CALLS.length + 3);
  });
});
