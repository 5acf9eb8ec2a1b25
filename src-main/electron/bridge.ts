/**
 * The typed API the preload exposes as `window.api`, built from the
 * contract: one method per call, plus the two pushed notifications.
 * Kept free of Electron so it can be tested; the preload wires it.
 */
import {
  CALLS,
  EVENT_CHANNELS,
  ipcChannel,
  type Api,
  type CallName,
  type DesktopApi,
  type Envelope,
  type ImportProgressEvent,
  type MenuCommand,
} from '../../src-shared/contract.js';

type Listener = (event: unknown, payload: unknown) => void;

/** The parts of Electron's ipcRenderer the bridge uses. */
export interface RendererIpc {
  invoke(channel: string, request: unknown): Promise<unknown>;
  on(channel: string, listener: Listener): unknown;
  removeListener(channel: string, listener: Listener): unknown;
}

/** Builds the desktop API over an ipcRenderer. */
export function buildDesktopApi(
  ipc: RendererIpc,
  pathForFile: (file: object) => string,
): DesktopApi {
  return {
    ...buildCalls(ipc),
    onImportProgress: (cb: (p: ImportProgressEvent) => void) =>
      subscribe(ipc, EVENT_CHANNELS.importProgress, cb),
    onMenuCommand: (cb: (c: MenuCommand) => void) =>
      subscribe(ipc, EVENT_CHANNELS.menuCommand, cb),
    pathForFile: (file: object) => pathForFile(file),
  };
}

function buildCalls(ipc: RendererIpc): Api {
  const api: Partial<Record<CallName, (r: unknown) => Promise<unknown>>> =
    {};
  for (const name of CALLS) {
    api[name] = (request: unknown) => invoke(ipc, name, request);
  }
  return api as Api;
}

async function invoke(
  ipc: RendererIpc,
  name: CallName,
  request: unknown,
): Promise<Envelope<unknown>> {
  try {
    return (await ipc.invoke(ipcChannel(name), request)) as Envelope<unknown>;
  } catch {
    // Only a broken channel rejects: handlers answer failures as values.
    return {
      ok: false,
      error: { code: 'INTERNAL', message: `the ${name} call did not reach` +
        ' the engine' },
    };
  }
}

// The IPC event object never reaches the page: it carries `sender`,
// which would hand the renderer the raw ipcRenderer.
function subscribe<T>(
  ipc: RendererIpc,
  channel: string,
  cb: (payload: T) => void,
): () => void {
  const listener: Listener = (_event, payload) => cb(payload as T);
  ipc.on(channel, listener);
  return () => void ipc.removeListener(channel, listener);
}
