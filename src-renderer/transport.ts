/**
 * The one place that knows how calls reach the engine: through the
 * preload's `window.api` in the desktop app, or `POST /api/<call>` in
 * browser mode. Everything else calls `call()`.
 */
import type {
  CallName,
  DesktopApi,
  Envelope,
  RequestOf,
  ResponseOf,
} from '../src-shared/contract.js';

declare global {
  interface Window {
    /** The typed API the desktop app's preload exposes. */
    api?: DesktopApi;
  }
}

/** A failed call, thrown by `request` for callers that prefer throwing. */
export class CallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CallError';
  }
}

/** True inside the desktop app. */
export function isDesktop(): boolean {
  return window.api !== undefined;
}

/** Makes a call and returns its envelope; never throws. */
export function call<N extends CallName>(
  name: N,
  req: RequestOf<N>,
): Promise<Envelope<ResponseOf<N>>> {
  const desktop = window.api;
  if (desktop) {
    const method = desktop[name] as (
      r: RequestOf<N>,
    ) => Promise<Envelope<ResponseOf<N>>>;
    return method(req);
  }
  return fetchCall(name, req);
}

/** Makes a call and returns its value, throwing a CallError on failure. */
export async function request<N extends CallName>(
  name: N,
  req: RequestOf<N>,
): Promise<ResponseOf<N>> {
  const e = await call(name, req);
  if (!e.ok) throw new CallError(e.error.code, e.error.message);
  return e.value;
}

async function fetchCall<N extends CallName>(
  name: N,
  req: RequestOf<N>,
): Promise<Envelope<ResponseOf<N>>> {
  let res: Response;
  try {
    res = await fetch(`/api/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(req),
    });
  } catch {
    return failure('INTERNAL', 'the workbench server does not answer');
  }
  if (res.status === 401) {
    return failure(
      'BAD_REQUEST',
      'not signed in: open the URL tenant-trail serve printed, token included',
    );
  }
  try {
    return (await res.json()) as Envelope<ResponseOf<N>>;
  } catch {
    return failure('INTERNAL', `the server answered HTTP ${res.status}`);
  }
}

function failure(code: 'INTERNAL' | 'BAD_REQUEST', message: string) {
  return { ok: false as const, error: { code, message } };
}
