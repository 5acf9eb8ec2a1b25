/**
 * What the desktop app adds to the shared handlers: creating, opening
 * and importing into cases through native dialogs, the recent-cases
 * list, and the evidence bundle export of the menu. Dialogs and the
 * window are injected, so all of it runs under plain Node in tests.
 */
import { basename } from 'node:path';
import type {
  ImportedFile,
  ImportProgressEvent,
  ValidRequestOf,
} from '../../src-shared/contract.js';
import { TrailError } from '../../src-shared/errors.js';
import type { DesktopServices } from '../api/api-context.js';
import { CaseSession } from '../api/case-session.js';
import {
  exportBundle,
  type ExportSummary,
} from '../bundle/export-bundle.js';
import { closeCase, createCase } from '../case/case-file.js';
import {
  importFile,
  type ImportProgress,
  type ImportSummary,
} from '../import/import-file.js';
import { isTimeZone } from '../import/time.js';
import {
  buildSearchIndex,
  searchIndexState,
} from '../search/search-index.js';
import { refreshSummaries } from '../query/summaries.js';
import { expandEvidencePaths } from '../util/evidence-paths.js';
import type { RecentCases } from './recent-cases.js';

/** The native dialogs the services ask the examiner through. */
export interface Dialogs {
  /** Where to create a new case; null when cancelled. */
  chooseNewCasePath(suggestedName: string): Promise<string | null>;
  /** Which case to open; null when cancelled. */
  chooseCase(): Promise<string | null>;
  /** Which evidence files or folders to import; empty when cancelled. */
  chooseEvidence(): Promise<string[]>;
  /** Where to write an evidence bundle; null when cancelled. */
  chooseBundlePath(suggestedName: string): Promise<string | null>;
  /** Which evidence bundle to verify; null when cancelled. */
  chooseBundle(): Promise<string | null>;
}

/** The case open in the desktop app, one at a time. */
export class CaseHolder {
  private session: CaseSession | null = null;

  /** onChange runs after a case was opened or closed. */
  constructor(private readonly onChange: () => void = () => undefined) {}

  /** The open case, or null. */
  current(): CaseSession | null {
    return this.session;
  }

  /** Opens a case for writing; the previous one closes once it opened. */
  open(path: string): CaseSession {
    const next = CaseSession.open(path, { writable: true });
    this.session?.close();
    this.session = next;
    this.onChange();
    return next;
  }

  /** Closes the open case, if any. */
  close(): void {
    if (!this.session) return;
    this.session.close();
    this.session = null;
    this.onChange();
  }
}

/** What the services need. */
export interface DesktopDeps {
  holder: CaseHolder;
  dialogs: Dialogs;
  recent: RecentCases;
  /** Pushes import progress to the window. */
  onImportProgress(p: ImportProgressEvent): void;
  /** Folder of bundle signing keys; default ~/.tenant-trail/keys. */
  keyDir?: string;
}

/** The desktop services with the menu's bundle export. */
export interface DesktopActions extends DesktopServices {
  /** Exports the open case as a signed evidence bundle, via a dialog. */
  exportBundle(): Promise<ExportSummary | null>;
}

/** Builds the desktop services over injected dialogs and window. */
export function createDesktopServices(d: DesktopDeps): DesktopActions {
  return {
    newCase: (req) => newCase(d, req),
    openCase: (req) => openCaseFile(d, req),
    importFiles: (req) => importEvidence(d, req),
    recentCases: () => d.recent.list(),
    exportBundle: () => exportOpenCase(d),
    chooseBundle: () => d.dialogs.chooseBundle(),
  };
}

/** The file extension of case files. */
export const CASE_EXTENSION = '.ttcase';

async function newCase(
  d: DesktopDeps,
  req: ValidRequestOf<'newCase'>,
): Promise<{ path: string } | null> {
  const zone = req.displayTimeZone;
  if (zone !== undefined && !isTimeZone(zone)) {
    throw new TrailError('BAD_REQUEST', `${zone} is not an IANA time zone`);
  }
  const chosen = await d.dialogs.chooseNewCasePath(
    `${safeFileName(req.caseNumber)}${CASE_EXTENSION}`,
  );
  if (chosen === null) return null;
  const path = withCaseExtension(chosen);
  closeCase(createCase(path, { ...req, displayTimeZone: zone }));
  return opened(d, path);
}

async function openCaseFile(
  d: DesktopDeps,
  req: ValidRequestOf<'openCase'>,
): Promise<{ path: string } | null> {
  if (req.path !== undefined && !d.recent.has(req.path)) {
    // The renderer may only reopen what the examiner chose before.
    throw new TrailError(
      'BAD_REQUEST',
      'only a case from the recent list can be opened by path; use Open case…',
    );
  }
  const path = req.path ?? (await d.dialogs.chooseCase());
  return path === null ? null : opened(d, path);
}

// A case from an older release, or one whose search index an import
// left unfinished, is made searchable as it opens, with progress.
function opened(d: DesktopDeps, path: string): { path: string } {
  const session = d.holder.open(path);
  d.recent.add(session.path);
  const db = session.writer();
  if (searchIndexState(db).pending > 0) {
    indexForSearch(d, db, 1);
    session.refresh();
  }
  return { path: session.path };
}

/** Adds the case extension when the examiner typed a bare name. */
export function withCaseExtension(path: string): string {
  return path.toLowerCase().endsWith(CASE_EXTENSION)
    ? path
    : `${path}${CASE_EXTENSION}`;
}

function safeFileName(name: string): string {
  return name.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 100) || 'case';
}

function openSession(d: DesktopDeps): CaseSession {
  const s = d.holder.current();
  if (!s) {
    throw new TrailError('CASE_NOT_FOUND', 'open or create a case first');
  }
  return s;
}

async function importEvidence(
  d: DesktopDeps,
  req: ValidRequestOf<'importFiles'>,
): Promise<ImportedFile[]> {
  const session = openSession(d);
  const chosen = req.paths ?? (await d.dialogs.chooseEvidence());
  const { files, skipped } = expandEvidencePaths(chosen);
  const c = { db: session.writer(), path: session.path, readonly: false };
  const out: ImportedFile[] = skipped.filter((k) => k.refused)
    .map((k) => refusedFile(k.path, `${k.path}: ${k.why}`));
  for (const [i, file] of files.entries()) {
    const report = progressReporter(d, i, files.length, basename(file));
    out.push(await importOne(c, file, session.examiner, report));
  }
  if (files.length > 0) indexForSearch(d, c.db, files.length);
  session.refresh();
  return out;
}

async function importOne(
  c: Parameters<typeof importFile>[0],
  file: string,
  examiner: string,
  onProgress: (p: ImportProgress) => void,
): Promise<ImportedFile> {
  try {
    return importedFile(await importFile(c, file, { examiner, onProgress }));
  } catch (err) {
    if (!(err instanceof TrailError)) throw err;
    return refusedFile(file, err.message);
  }
}

function indexForSearch(
  d: DesktopDeps,
  db: Parameters<typeof buildSearchIndex>[0],
  fileCount: number,
): void {
  const push = (done: number, total: number) =>
    d.onImportProgress({
      fileIndex: fileCount - 1, fileCount, name: '', phase: 'index',
      done, total,
    });
  refreshSummaries(db);
  buildSearchIndex(db, push);
  push(1, 1);
}

/**
 * A progress callback for one file that pushes at most one event per
 * percent and phase, so a large file does not flood the window.
 */
export function progressReporter(
  d: Pick<DesktopDeps, 'onImportProgress'>,
  fileIndex: number,
  fileCount: number,
  name: string,
): (p: ImportProgress) => void {
  let last = '';
  return (p) => {
    const pct = p.total > 0 ? Math.floor((100 * p.bytes) / p.total) : 100;
    const key = `${p.phase}:${pct}`;
    if (key === last) return;
    last = key;
    d.onImportProgress({
      fileIndex, fileCount, name, phase: p.phase, done: p.bytes,
      total: p.total,
    });
  };
}

function importedFile(s: ImportSummary): ImportedFile {
  return {
    name: s.name,
    status: s.status,
    sha256: s.sha256,
    counts: s.counts,
    // Every stored warning row, errors (rejected records) included, as
    // the warnings panel and the command line count them.
    warnings: s.warnings + s.errors,
    message: s.message,
  };
}

function refusedFile(file: string, message: string): ImportedFile {
  return {
    name: basename(file),
    status: 'refused',
    sha256: '',
    counts: { read: 0, imported: 0, duplicates: 0, rejected: 0 },
    warnings: 0,
    message,
  };
}

async function exportOpenCase(d: DesktopDeps): Promise<ExportSummary | null> {
  const session = openSession(d);
  const name = basename(session.path).replace(/\.ttcase$/i, '');
  const out = await d.dialogs.chooseBundlePath(`${name}-bundle.zip`);
  if (out === null) return null;
  // The save dialog already asked before replacing an existing file.
  return exportBundle(session.db, {
    out,
    examiner: session.examiner,
    keyDir: d.keyDir,
    overwrite: true,
  });
}
