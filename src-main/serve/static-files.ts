/**
 * The renderer's files, served from one folder only: a request path is
 * resolved inside it or refused, never followed outside.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

/** Content types of the files the renderer consists of. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/** A file to send: where it is and its content type. */
export interface StaticFile {
  path: string;
  contentType: string;
}

/**
 * Resolves a URL path to a file inside root, or null when the path is
 * malformed, leaves root (also through a symbolic link), is not a plain
 * file, or has a type the renderer does not use.
 */
export function resolveStatic(
  root: string,
  urlPath: string,
): StaticFile | null {
  const decoded = safeDecode(urlPath);
  if (decoded === null || !decoded.startsWith('/')) return null;
  if (/[\0\\]/.test(decoded) || decoded.split('/').includes('..')) return null;
  const wanted = decoded === '/' ? '/index.html' : decoded;
  const type = CONTENT_TYPES[extname(wanted).toLowerCase()];
  if (!type) return null;
  const base = realpathSync(root);
  const full = resolve(base, `.${wanted}`);
  if (!inside(base, full) || !existsSync(full)) return null;
  const real = realpathSync(full);
  if (!inside(base, real) || !statSync(real).isFile()) return null;
  return { path: real, contentType: type };
}

function inside(base: string, path: string): boolean {
  const rel = relative(base, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' &&
    !isAbsolute(rel);
}

function safeDecode(p: string): string | null {
  try {
    return decodeURIComponent(p);
  } catch {
    // A malformed percent escape makes the whole path malformed.
    return null;
  }
}
