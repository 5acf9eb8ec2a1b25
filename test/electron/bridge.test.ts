import { describe, expect, it, vi } from 'vitest';
import { CALLS, EVENT_CHANNELS } from '../../src-shared/contract.js';
import {
  buildDesktopApi,
  type RendererIpc,
} from '../../src-main/electron/bridge.js';

type Listener = (event: unknown, payload: unknown) => void;

function fakeIpc(answer: (channel: string, req: unknown) => Promise<unknown>) {
  const listeners = new Map<string, Set<Listener>>();
  const invoked: [string, unknown][] = [];
  const ipc: RendererIpc = {
    invoke: (channel, req) => {
      invoked.push([channel, req]);
      return answer(channel, req);
    },
    on: (channel, l) => {
      const set = listeners.get(channel) ?? new Set();
      set.add(l);
      listeners.set(channel, set);
    },
    removeListener: (channel, l) => listeners.get(channel)?.delete(l),
  };
  const emit = (channel: string, payload: unknown) => {
    const sender = { send: () => undefined };
    for (const l of listeners.get(channel) ?? []) l({ sender }, payload);
  };
  return { ipc, invoked, emit, listeners };
}

describe('the desktop API of the preload', () => {
  it('has one method per call and the three desktop helpers, no more', () => {
    const api = buildDesktopApi(fakeIpc(async () => null).ipc, () => '');
    expect(Object.keys(api).sort()).toEqual(
      [...CALLS, 'onImportProgress', 'onMenuCommand', 'pathForFile'].sort(),
    );
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);
  });

  it('sends a call on its channel and returns the envelope', async () => {
    const f = fakeIpc(async () => ({ ok: true, value: { count: 3 } }));
    const api = buildDesktopApi(f.ipc, () => '');
    const answer = await api.countEvents({ filter: { user: 'a@b.c' } });
    expect(answer).toEqual({ ok: true, value: { count: 3 } });
    expect(f.invoked).toEqual([
      ['tt:call:countEvents', { filter: { user: 'a@b.c' } }],
    ]);
  });

  it('turns a broken channel into an INTERNAL envelope', async () => {
    const f = fakeIpc(() => Promise.reject(new Error('No handler registered')));
    const answer = await buildDesktopApi(f.ipc, () => '').about({});
    expect(answer).toEqual({
      ok: false,
      error: {
        code: 'INTERNAL',
        message: 'the about call did not reach the engine',
      },
    });
  });

  it('passes pushed payloads but never the IPC event', () => {
    const f = fakeIpc(async () => null);
    const api = buildDesktopApi(f.ipc, () => '');
    const seen = vi.fn();
    const stop = api.onMenuCommand(seen);
    f.emit(EVENT_CHANNELS.menuCommand, 'about');
    expect(seen.mock.calls).toEqual([['about']]);
    stop();
    f.emit(EVENT_CHANNELS.menuCommand, 'newCase');
    expect(seen).toHaveBeenCalledTimes(1);
    expect(f.listeners.get(EVENT_CHANNELS.menuCommand)?.size).toBe(0);
  });

  it('delivers import progress', () => {
    const f = fakeIpc(async () => null);
    const seen = vi.fn();
    buildDesktopApi(f.ipc, () => '').onImportProgress(seen);
    const p = { fileIndex: 0, fileCount: 2, name: 'a.json', phase: 'hash',
      done: 5, total: 10 };
    f.emit(EVENT_CHANNELS.importProgress, p);
    expect(seen.mock.calls).toEqual([[p]]);
  });

  it('asks Electron for the path of a dropped file', () => {
    const file = { name: 'ual.csv' };
    const api = buildDesktopApi(fakeIpc(async () => null).ipc,
      (f) => (f === file ? '/evidence/ual.csv' : ''));
    expect(api.pathForFile(file)).toBe('/evidence/ual.csv');
  });
});
