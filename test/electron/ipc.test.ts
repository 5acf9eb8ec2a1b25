import { describe, expect, it } from 'vitest';
import { CALLS, ipcChannel } from '../../src-shared/contract.js';
import type { ApiContext } from '../../src-main/api/api-context.js';
import { HANDLERS } from '../../src-main/api/handlers.js';
import type { Handlers } from '../../src-main/api/dispatch.js';
import type { Logger } from '../../src-main/api/logger.js';
import { loadCatalog } from '../../src-main/catalog/catalog.js';
import {
  registerCalls,
  senderAllowed,
  type CallEvent,
  type CallRegistry,
} from '../../src-main/electron/ipc.js';
import { TOOL_VERSION } from '../../src-main/version.js';

type Listener = (event: CallEvent, ...args: unknown[]) => Promise<unknown>;

function recordingLog() {
  const lines: string[] = [];
  const put = (level: string) => (m: string, f?: object) =>
    void lines.push(`${level} ${m} ${JSON.stringify(f ?? {})}`);
  const log: Logger = {
    debug: put('debug'),
    info: put('info'),
    warn: put('warn'),
    error: put('error'),
  };
  return { log, lines };
}

function wire(handlers: Handlers = HANDLERS) {
  const channels = new Map<string, Listener>();
  const ipc: CallRegistry = {
    handle: (c, l) => void channels.set(c, l),
    removeHandler: (c) => void channels.delete(c),
  };
  const { log, lines } = recordingLog();
  const context: ApiContext = {
    currentSession: () => null,
    catalog: loadCatalog,
    log,
    desktop: null,
  };
  const unregister = registerCalls(ipc, {
    handlers,
    context,
    isOwnContents: (id) => id === 7,
  });
  const call = (name: string, req: unknown, event = fromWindow()) =>
    channels.get(ipcChannel(name as never))!(event, req);
  return { channels, call, unregister, lines };
}

type Sender = { id: number; url: string; parent: unknown };

function fromWindow(o: Partial<Sender> = {}): CallEvent {
  return {
    sender: { id: o.id ?? 7 },
    senderFrame: { url: o.url ?? 'app://tenant-trail/index.html#/users',
      parent: o.parent ?? null },
  };
}

describe('registerCalls', () => {
  it('registers one channel per call of the contract', () => {
    const { channels } = wire();
    expect([...channels.keys()]).toEqual(CALLS.map(ipcChannel));
    expect(channels.size).toBe(25);
  });

  it('answers a call from the workbench window through dispatch', async () => {
    const answer = await wire().call('about', {});
    expect(answer).toMatchObject({
      ok: true,
      value: { toolName: 'Tenant Trail', toolVersion: TOOL_VERSION },
    });
  });

  it('refuses a malformed request with a code, without throwing', async () => {
    const answer = await wire().call('eventDetail', { id: 'x; DROP TABLE' });
    expect(answer).toEqual({
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message: 'malformed eventDetail request: id: Expected number, ' +
          'received string',
      },
    });
  });

  it('answers a thrown error as INTERNAL without its details', async () => {
    const w = wire({
      ...HANDLERS,
      about: () => {
        throw new Error('disk I/O at /home/examiner/secret.ttcase');
      },
    });
    expect(await w.call('about', {})).toEqual({
      ok: false,
      error: {
        code: 'INTERNAL',
        message: 'internal error; details are in the log',
      },
    });
  });

  it('answers a call without an open case with CASE_NOT_FOUND', async () => {
    const answer = await wire().call('caseInfo', {});
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'CASE_NOT_FOUND' },
    });
  });

  it.each([
    ['another web contents', fromWindow({ id: 8 })],
    ['a subframe', fromWindow({ parent: {} })],
    ['a page off the app scheme', fromWindow({ url: 'https://evil.example/' })],
    ['a file page', fromWindow({ url: 'file:///tmp/x.html' })],
    ['a destroyed frame', { sender: { id: 7 }, senderFrame: null }],
  ])('refuses a call from %s and logs it', async (_what, event) => {
    const w = wire();
    expect(await w.call('about', {}, event as CallEvent)).toEqual({
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message: 'calls are accepted from the workbench only',
      },
    });
    expect(w.lines).toEqual([
      'warn call refused: unknown sender {"call":"about"}',
    ]);
  });

  it('unregisters every channel', () => {
    const w = wire();
    w.unregister();
    expect(w.channels.size).toBe(0);
  });
});

describe('senderAllowed', () => {
  it('accepts only the top frame of an own window on an app page', () => {
    const own = (id: number) => id === 1;
    const ev = (id: number, url: string, parent: unknown = null) =>
      ({ sender: { id }, senderFrame: { url, parent } });
    expect(senderAllowed(ev(1, 'app://tenant-trail/'), own)).toBe(true);
    expect(senderAllowed(ev(2, 'app://tenant-trail/'), own)).toBe(false);
    expect(senderAllowed(ev(1, 'app://tenant-trail/', {}), own)).toBe(false);
    expect(senderAllowed(ev(1, 'app://evil/'), own)).toBe(false);
  });
});
