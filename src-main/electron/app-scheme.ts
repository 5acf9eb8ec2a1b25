/**
 * The app's own URL scheme: the renderer is loaded from
 * `app://tenant-trail/`, served from the built renderer folder only,
 * never from a remote URL.
 */
import { readFile } from 'node:fs/promises';
import { securityHeaders } from '../serve/security-headers.js';
import { resolveStatic } from '../serve/static-files.js';

/** The scheme the renderer is served under. */
export const APP_SCHEME = 'app';

/** The one host of the scheme. */
export const APP_HOST = 'tenant-trail';

/** The origin of every page of the workbench. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The page the window opens. */
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** How the scheme is registered: standard and secure, nothing more. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true },
} as const;

/** True when a URL is a page or file of the workbench itself. */
export function isAppUrl(raw: string): boolean {
  const url = parseUrl(raw);
  return url !== null && url.protocol === `${APP_SCHEME}:` &&
    url.host === APP_HOST && url.username === '' && url.password === '';
}

/**
 * Answers one request of the app scheme: a file of the renderer folder
 * with the workbench's security headers, or a refusal.
 */
export async function answerAppRequest(
  root: string,
  request: Pick<Request, 'url' | 'method'>,
): Promise<Response> {
  if (request.method !== 'GET') return refusal(405, 'method not allowed');
  if (!isAppUrl(request.url)) return refusal(404, 'not found');
  const file = resolveStatic(root, new URL(request.url).pathname);
  if (!file) return refusal(404, 'not found');
  const body = await readFile(file.path);
  return new Response(body, {
    status: 200,
    headers: { ...securityHeaders(), 'Content-Type': file.contentType },
  });
}

function refusal(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { ...securityHeaders(), 'Content-Type': 'text/plain' },
  });
}

/** Parses a URL, or null when it is not one. */
export function parseUrl(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    // Not a URL at all: nothing to allow.
    return null;
  }
}
