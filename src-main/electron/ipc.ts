/**
 * The one wrapper that registers the contract's calls on Electron IPC:
 * each call checks its sender, then goes through the same dispatch as
 * `serve`. Failures come back as envelopes, never as thrown errors,
 * because Electron would pass only an error's message across `invoke`.
 */
import {
  CALLS,
  ipcChannel,
  type Envelope,
} from '../../src-shared/contract.js';
import type { ApiContext } from '../api/api-context.js';
import { dispatch, type Handlers } from '../api/dispatch.js';
import { fail } from '../api/envelope.js';
import { isAppUrl } from './app-scheme.js';

/** The parts of an `invoke` event the sender check reads. */
export interface CallEvent {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

/** The parts of Electron's ipcMain the wrapper uses. */
export interface CallRegistry {
  handle(
    channel: string,
    listener: (event: CallEvent, ...args: unknown[]) => Promise<unknown>,
  ): void;
  removeHandler(channel: string): void;
}

/** What the calls run against, and which windows may make them. */
export interface CallWiring {
  handlers: Handlers;
  context: ApiContext;
  /** True for the id of a web contents the app created. */
  isOwnContents(id: number): boolean;
}

/**
 * True when a call comes from the top frame of one of the app's own
 * windows showing an app page; not from a subframe, a stray contents or
 * a page that somehow left the app scheme.
 */
export function senderAllowed(
  event: CallEvent,
  isOwnContents: (id: number) => boolean,
): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return isOwnContents(event.sender.id) && isAppUrl(frame.url);
}

/** Registers every call of the contract; returns the unregistering. */
export function registerCalls(ipc: CallRegistry, w: CallWiring): () => void {
  for (const name of CALLS) {
    ipc.handle(ipcChannel(name), (event, raw) => answer(w, name, event, raw));
  }
  return () => CALLS.forEach((name) => ipc.removeHandler(ipcChannel(name)));
}

async function answer(
  w: CallWiring,
  name: string,
  event: CallEvent,
  raw: unknown,
): Promise<Envelope<unknown>> {
  if (!senderAllowed(event, (id) => w.isOwnContents(id))) {
    w.context.log.warn('call refused: unknown sender', { call: name });
    return fail('BAD_REQUEST', 'calls are accepted from the workbench only');
  }
  return dispatch(w.handlers, w.context, name, raw);
}
