/**
 * Expands the paths an examiner names into the evidence files to
 * import: folders recursively in a stable order, following links once.
 * Whatever is not imported is said, never dropped: hidden files, links
 * that lead nowhere or back into a folder already read, and things that
 * are not files (pipes, sockets, devices).
 */
import {
  lstatSync,
  readdirSync,
  realpathSync,
  statSync,
  type Stats,
} from 'node:fs';
import { join } from 'node:path';
import { TrailError } from '../../src-shared/errors.js';

/** A path left out of an import, and why. */
export interface SkippedPath {
  path: string;
  why: string;
  /** False for hidden files and folders, left out on purpose. */
  refused: boolean;
}

/** The files to import and what was left out. */
export interface EvidencePaths {
  files: string[];
  skipped: SkippedPath[];
}

/** Expands files and folders; a named path that is missing is refused. */
export function expandEvidencePaths(paths: readonly string[]): EvidencePaths {
  const out: EvidencePaths = { files: [], skipped: [] };
  const seen = new Set<string>();
  for (const p of paths) {
    if (!exists(p)) {
      throw new TrailError('FILE_NOT_FOUND', `${p} does not exist`);
    }
    visit(p, true, seen, out);
  }
  return out;
}

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function visit(
  p: string,
  named: boolean,
  seen: Set<string>,
  out: EvidencePaths,
): void {
  const why = named || !isHidden(p) ? null : 'hidden; name it to import it';
  const target = why ? why : targetOf(p);
  if (typeof target === 'string') {
    out.skipped.push({ path: p, why: target, refused: target !== why });
  } else if (target.isDirectory()) {
    visitFolder(p, seen, out);
  } else if (!target.isFile()) {
    out.skipped.push({ path: p, refused: true,
      why: 'not a file (a pipe, socket or device)' });
  } else {
    out.files.push(p);
  }
}

/** What a path leads to, or why it leads nowhere. */
function targetOf(p: string): Stats | string {
  try {
    return statSync(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return 'a link that leads back to itself';
    if (code === 'ENOENT') return 'a link to something that does not exist';
    return `cannot be read (${code ?? String(err)})`;
  }
}

function visitFolder(p: string, seen: Set<string>, out: EvidencePaths) {
  const real = realpathSync(p);
  if (seen.has(real)) {
    out.skipped.push({ path: p, why: 'a link to a folder already read',
      refused: false });
    return;
  }
  seen.add(real);
  const names = readdirSync(p).sort();
  for (const n of names) visit(join(p, n), false, seen, out);
}

function isHidden(p: string): boolean {
  const name = p.split(/[\\/]/).pop() ?? '';
  return name.startsWith('.');
}
