/**
 * The case file: one SQLite database holding evidence, events, warnings
 * and the custody log of an investigation.
 */
import {
  closeSync,
  existsSync,
  openSync,
  readSync,
  statSync,
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { CaseInfo, Policy } from '../../src-shared/domain.js';
import { EMPTY_POLICY } from '../../src-shared/domain.js';
import { TrailError } from '../../src-shared/errors.js';
import { TOOL_VERSION } from '../version.js';
import { appendCustody } from './custody.js';
import { acquireCaseLock, releaseCaseLock } from './case-lock.js';
import { LATEST_VERSION, migrate } from './migrations.js';
import { bindingOptions } from './sqlite-binding.js';
import { registerSqlFunctions } from './sql-functions.js';

/** SQLite application id marking a Tenant Trail case ('TTRC'). */
export const APPLICATION_ID = 0x54545243;

const SQLITE_MAGIC = 'SQLite format 3\0';

/** An open case file. */
export interface CaseFile {
  db: Database.Database;
  path: string;
  readonly: boolean;
  /** The writer lock held while the case is open for writing. */
  lock?: string;
}

/** What a new case needs. */
export interface NewCase {
  caseNumber: string;
  title: string;
  examiner: string;
  displayTimeZone?: string;
}

/** Creates a new case file; refuses to overwrite an existing file. */
export function createCase(path: string, info: NewCase): CaseFile {
  if (existsSync(path)) {
    throw new TrailError('CASE_EXISTS', `${path} already exists`);
  }
  if (!existsSync(dirname(resolve(path)))) {
    throw new TrailError('FILE_NOT_FOUND',
      `cannot create ${path}: the folder ${dirname(resolve(path))} does ` +
        'not exist');
  }
  const lock = acquireCaseLock(path);
  try {
    const db = new Database(path, bindingOptions());
    registerSqlFunctions(db);
    // Only settable before the first table: lets releaseFreePages give
    // back what the search index's merges leave free (issue #8).
    db.pragma('auto_vacuum = INCREMENTAL');
    configureWriter(db);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    migrate(db);
    db.transaction(() => writeCaseInfo(db, info))();
    return { db, path, readonly: false, lock };
  } catch (err) {
    releaseCaseLock(lock);
    throw err;
  }
}

function writeCaseInfo(db: Database.Database, info: NewCase): void {
  db.prepare(
    `INSERT INTO case_info (id, case_number, title, examiner, created_at,
       tool_version, display_tz, policy_json)
     VALUES (1, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    info.caseNumber,
    info.title,
    info.examiner,
    new Date().toISOString(),
    TOOL_VERSION,
    info.displayTimeZone ?? 'UTC',
    JSON.stringify(EMPTY_POLICY),
  );
  appendCustody(db, info.examiner, 'case.create', {
    caseNumber: info.caseNumber,
    title: info.title,
    toolVersion: TOOL_VERSION,
  });
}

/**
 * Opens an existing case. A read-only open never writes to the file; a
 * writable one takes the case's writer lock and checks the whole file
 * before its first write, so a damaged case is refused untouched.
 */
export function openCase(
  path: string,
  opts: { readonly?: boolean } = {},
): CaseFile {
  assertCaseFile(path);
  const readonly = opts.readonly ?? false;
  const lock = readonly ? undefined : acquireCaseLock(path);
  let db: Database.Database | undefined;
  try {
    db = new Database(path, {
      ...bindingOptions(),
      readonly,
      fileMustExist: true,
    });
    registerSqlFunctions(db);
    checkSchema(db, path, readonly);
    if (!readonly) checkPages(db, path);
  } catch (err) {
    db?.close();
    if (lock) releaseCaseLock(lock);
    if (err instanceof TrailError) throw err;
    throw describeOpenFailure(path, err);
  }
  if (!readonly) {
    configureWriter(db);
    migrate(db);
  }
  return { db, path, readonly, lock };
}

/**
 * Closes a case. A writer checkpoints and leaves the file in rollback
 * journal mode, so the case at rest is one file that read-only opens
 * (even from read-only media) use without creating any beside it.
 */
export function closeCase(c: CaseFile): void {
  if (!c.readonly && c.db.open) {
    c.db.pragma('wal_checkpoint(TRUNCATE)');
    leaveWalMode(c.db);
  }
  c.db.close();
  if (c.lock) releaseCaseLock(c.lock);
  c.lock = undefined;
}

function leaveWalMode(db: Database.Database): void {
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('journal_mode = DELETE');
  } catch {
    // Another connection still reads the case: it stays in WAL mode.
  }
}

function configureWriter(db: Database.Database): void {
  db.pragma('busy_timeout = 2000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
}

/** Pages handed back to the file system per transaction. */
const RELEASE_STEP_PAGES = 16_384;

/**
 * Hands the case's free pages back to the file system, a step at a time
 * so the write-ahead log stays small; returns how many it released.
 * Merging the search index's segments leaves a quarter of a fresh case
 * free. A case created by an earlier build, without auto-vacuum, keeps
 * its free pages (only a full VACUUM could release them).
 */
export function releaseFreePages(
  db: Database.Database,
  step = RELEASE_STEP_PAGES,
): number {
  const free = () => db.pragma('freelist_count', { simple: true }) as number;
  if (db.pragma('auto_vacuum', { simple: true }) !== 2) return 0;
  const before = free();
  for (let left = before; left > 0; left = free()) {
    db.pragma(`incremental_vacuum(${step})`);
    if (free() === left) break;
  }
  return before - free();
}

/** Size of the SQLite file header. */
const HEADER_SIZE = 100;

function assertCaseFile(path: string): void {
  if (!existsSync(path)) {
    throw new TrailError(
      'CASE_NOT_FOUND',
      `${path} does not exist; create it with \`tenant-trail new\``,
    );
  }
  const stat = statSync(path);
  if (stat.isDirectory()) {
    throw new TrailError('CASE_CORRUPT',
      `${path} is a folder, not a Tenant Trail case file`);
  }
  const size = stat.size;
  const head = readHeader(path);
  if (head.subarray(0, 16).toString('latin1') !== SQLITE_MAGIC) {
    throw new TrailError(
      'CASE_CORRUPT',
      `${path} is not a Tenant Trail case file (not an SQLite database)`,
    );
  }
  const problem = headerProblem(head, size);
  if (problem) {
    throw new TrailError(
      'CASE_CORRUPT',
      `${path} is damaged: ${problem}; it was not opened and nothing was ` +
        'written to it: restore the case from a copy',
    );
  }
}

function readHeader(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(HEADER_SIZE);
    const n = readSync(fd, head, 0, HEADER_SIZE, 0);
    return head.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** What is wrong with a file's SQLite header and size, if anything. */
function headerProblem(head: Buffer, size: number): string | null {
  if (head.length < HEADER_SIZE) {
    return `it is cut off inside its header (${size} bytes)`;
  }
  const raw = head.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) {
    return `its header names an impossible page size (${raw})`;
  }
  if (size % pageSize !== 0) {
    return `it is truncated (${size} bytes is not a whole number of ` +
      `${pageSize}-byte pages)`;
  }
  const pages = head.readUInt32BE(28);
  const countValid = head.readUInt32BE(24) === head.readUInt32BE(92);
  if (countValid && pages * pageSize > size) {
    return `it is truncated: its header says ${pages * pageSize} bytes, ` +
      `the file has ${size}`;
  }
  return null;
}

function checkSchema(
  db: Database.Database,
  path: string,
  readonly: boolean,
): void {
  const appId = db.pragma('application_id', { simple: true }) as number;
  if (appId !== APPLICATION_ID) {
    throw new TrailError(
      'CASE_CORRUPT',
      `${path} is an SQLite database but not a Tenant Trail case`,
    );
  }
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > LATEST_VERSION) {
    throw new TrailError(
      'CASE_TOO_NEW',
      `${path} was written by a newer Tenant Trail (schema ${version}); ` +
        `this version reads schema ${LATEST_VERSION} and older`,
    );
  }
  if (readonly && version < LATEST_VERSION) {
    throw new TrailError(
      'CASE_READ_ONLY',
      `${path} uses schema ${version} of an older release; upgrade it ` +
        `with \`tenant-trail index ${path}\` (or any command that writes ` +
        'to it), then open it again',
    );
  }
  if (version > 0) readCaseInfo(db);
}

/** Reads every page once (quick_check) before a writer touches the file. */
function checkPages(db: Database.Database, path: string): void {
  const rows = db.pragma('quick_check(5)', { simple: false }) as {
    quick_check: string;
  }[];
  const found = rows.map((r) => r.quick_check);
  if (found.length === 1 && found[0] === 'ok') return;
  throw new TrailError(
    'CASE_CORRUPT',
    `${path} is damaged (${found.join('; ').replace(/\s+/g, ' ')}); it was ` +
      'not opened for writing and nothing was written to it: restore the ' +
      'case from a copy',
  );
}

function describeOpenFailure(path: string, err: unknown): TrailError {
  const e = err as { code?: string; message?: string };
  if (e.code === 'SQLITE_BUSY' || e.code === 'SQLITE_LOCKED') {
    return new TrailError(
      'CASE_IN_USE',
      `case is in use: ${path} is locked by another process`,
    );
  }
  const damaged = e.code?.startsWith('SQLITE_CORRUPT') ||
    e.code === 'SQLITE_NOTADB';
  return new TrailError(
    'CASE_CORRUPT',
    `${path} cannot be opened as a case: ${e.message ?? String(err)}` +
      (damaged ? '; the file is damaged: restore the case from a copy' : ''),
  );
}

interface CaseInfoRow {
  case_number: string;
  title: string;
  examiner: string;
  created_at: string;
  tool_version: string;
  display_tz: string;
  catalog_version: string | null;
  policy_json: string;
}

/** Reads the case metadata. */
export function readCaseInfo(db: Database.Database): CaseInfo {
  const r = db.prepare('SELECT * FROM case_info WHERE id = 1').get() as
    | CaseInfoRow
    | undefined;
  if (!r) throw new TrailError('CASE_CORRUPT', 'case metadata is missing');
  return {
    caseNumber: r.case_number,
    title: r.title,
    examiner: r.examiner,
    createdAt: r.created_at,
    toolVersion: r.tool_version,
    displayTimeZone: r.display_tz,
    catalogVersion: r.catalog_version,
  };
}

/** Reads the tenant policy of the case. */
export function readPolicy(db: Database.Database): Policy {
  const r = db.prepare('SELECT policy_json FROM case_info WHERE id = 1').get() as
    | { policy_json: string }
    | undefined;
  return { ...EMPTY_POLICY, ...(r ? JSON.parse(r.policy_json) : {}) };
}
