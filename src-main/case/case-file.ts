/**
 * The case file: one SQLite database holding evidence, events, warnings
 * and the custody log of an investigation.
 */
import { existsSync, openSync, readSync, closeSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { CaseInfo, Policy } from '../../src-shared/domain.js';
import { EMPTY_POLICY } from '../../src-shared/domain.js';
import { TrailError } from '../../src-shared/errors.js';
import { TOOL_VERSION } from '../version.js';
import { appendCustody } from './custody.js';
import { LATEST_VERSION, migrate } from './migrations.js';

/** SQLite application id marking a Tenant Trail case ('TTRC'). */
export const APPLICATION_ID = 0x54545243;

const SQLITE_MAGIC = 'SQLite format 3\0';

/** An open case file. */
export interface CaseFile {
  db: Database.Database;
  path: string;
  readonly: boolean;
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
  const db = new Database(path);
  configureWriter(db);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  migrate(db);
  db.transaction(() => {
    const createdAt = new Date().toISOString();
    db.prepare(
      `INSERT INTO case_info (id, case_number, title, examiner, created_at,
         tool_version, display_tz, policy_json)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      info.caseNumber,
      info.title,
      info.examiner,
      createdAt,
      TOOL_VERSION,
      info.displayTimeZone ?? 'UTC',
      JSON.stringify(EMPTY_POLICY),
    );
    appendCustody(db, info.examiner, 'case.create', {
      caseNumber: info.caseNumber,
      title: info.title,
      toolVersion: TOOL_VERSION,
    });
  })();
  return { db, path, readonly: false };
}

/** Opens an existing case; read-only opens never write to the file. */
export function openCase(
  path: string,
  opts: { readonly?: boolean } = {},
): CaseFile {
  assertCaseFile(path);
  const readonly = opts.readonly ?? false;
  let db: Database.Database;
  try {
    db = new Database(path, { readonly, fileMustExist: true });
    checkSchema(db, path, readonly);
  } catch (err) {
    if (err instanceof TrailError) throw err;
    throw describeOpenFailure(path, err);
  }
  if (!readonly) {
    configureWriter(db);
    migrate(db);
  }
  return { db, path, readonly };
}

/** Closes a case, checkpointing the write-ahead log of a writer. */
export function closeCase(c: CaseFile): void {
  if (!c.readonly && c.db.open) c.db.pragma('wal_checkpoint(TRUNCATE)');
  c.db.close();
}

function configureWriter(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 2000');
}

function assertCaseFile(path: string): void {
  if (!existsSync(path)) {
    throw new TrailError(
      'CASE_NOT_FOUND',
      `${path} does not exist; create it with \`tenant-trail new\``,
    );
  }
  const fd = openSync(path, 'r');
  const head = Buffer.alloc(16);
  const n = readSync(fd, head, 0, 16, 0);
  closeSync(fd);
  if (n < 16 || head.toString('latin1') !== SQLITE_MAGIC) {
    throw new TrailError(
      'CASE_CORRUPT',
      `${path} is not a Tenant Trail case file (not an SQLite database)`,
    );
  }
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
      `${path} uses schema ${version}; open it once for writing to upgrade`,
    );
  }
}

function describeOpenFailure(path: string, err: unknown): TrailError {
  const e = err as { code?: string; message?: string };
  if (e.code === 'SQLITE_BUSY' || e.code === 'SQLITE_LOCKED') {
    return new TrailError('CASE_IN_USE', `${path} is in use by another process`);
  }
  return new TrailError(
    'CASE_CORRUPT',
    `${path} cannot be opened as a case: ${e.message ?? String(err)}`,
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
