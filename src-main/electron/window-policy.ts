/**
 * The security policy of every window, as plain decisions that need no
 * Electron: what a window may load, where it may navigate, what it may
 * open, which permissions it gets. `harden.ts` wires them to Electron.
 */
import { CONTENT_SECURITY_POLICY } from '../serve/security-headers.js';
import { isAppUrl, parseUrl } from './app-scheme.js';

/** The Content-Security-Policy every workbench page is given. */
export const WINDOW_CSP = CONTENT_SECURITY_POLICY;

/**
 * The web preferences of every window: context isolation, sandbox, no
 * Node anywhere, web security on, no webview tag, and the preload.
 */
export function secureWebPreferences(preload: string) {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  } as const;
}

/**
 * True for a link the system browser may open: http or https with a
 * host and no user name or password (which can disguise the real host,
 * as in https://login.microsoft.com@evil.example/).
 */
export function isExternalLink(raw: string): boolean {
  const url = parseUrl(raw);
  if (!url) return false;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return url.hostname !== '' && url.username === '' && url.password === '';
}

/** What to do with an attempt to leave or replace the page. */
export interface LinkDecision {
  /** Always false: the window stays on the workbench. */
  allow: false;
  /** The link to hand to the system browser, if any. */
  openExternally: string | null;
}

/**
 * Decides a navigation or `window.open`: the window never goes
 * anywhere; an http(s) link goes to the system browser, anything else
 * (file:, javascript:, data:, custom schemes) is dropped.
 */
export function decideLink(raw: string): LinkDecision {
  return { allow: false, openExternally: isExternalLink(raw) ? raw : null };
}

/** Every permission request (camera, notifications, …) is refused. */
export function decidePermission(_permission: string): boolean {
  return false;
}

/** True when a page may be loaded in a window: the app's own pages. */
export function mayLoad(raw: string): boolean {
  return isAppUrl(raw);
}

/** Response headers without any Content-Security-Policy of their own. */
export function withoutCsp(
  headers: Record<string, string[] | string> | undefined,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (k.toLowerCase() === 'content-security-policy') continue;
    out[k] = Array.isArray(v) ? v : [v];
  }
  return out;
}
