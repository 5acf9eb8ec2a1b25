/**
 * The import pipeline: one evidence file in, stored byte-exact, its
 * records normalized into events, every problem kept as a warning, and
 * the whole act written to the custody log.
 */
import { createHash } from 'node:crypto';
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import type { ImportCounts } from '../../src-shared/domain.js';
import { TrailError } from '../../src-shared/errors.js';
import { readCaseInfo, type CaseFile } from '../case/case-file.js';
import { appendCustody } from '../case/custody.js';
import { CHUNK_SIZE, compressChunk } from '../case/evidence-store.js';
import { loadCatalog } from '../catalog/catalog.js';
import { openGeo, type GeoEnricher } from '../enrich/geoip.js';
import { hashFile } from '../util/hash.js';
import { IMPORTER_VERSION } from '../version.js';
import {
  deferEventIndexes,
  restoreEventIndexes,
  shouldDeferIndexes,
} from './bulk-indexes.js';
import { EvidenceRun } from './evidence-run.js';
import { openParseChannel, type ParseChannel } from './parse-channel.js';
import type { ParseStep } from './record-parser.js';
import { purgeEvidence } from './purge.js';
import { sniff, type Sniffed } from './sniff.js';
import { isTimeZone, type DateOrder } from './time.js';

/** Choices the examiner makes for an import. */
export interface ImportOptions {
  examiner?: string;
  dateOrder?: DateOrder;
  sourceTimeZone?: string;
  geo?: GeoEnricher;
  onProgress?: (p: ImportProgress) => void;
  /** Largest JSON record or line in code units (default 16 MiB). */
  maxRecordUnits?: number;
  /**
   * Read on a worker thread: true or false forces it; by default files
   * of WORKER_MIN_BYTES and more are, when the worker is built.
   */
  parseInWorker?: boolean;
}

/** Progress of one file. */
export interface ImportProgress {
  file: string;
  phase: 'hash' | 'import';
  bytes: number;
  total: number;
}

/** What happened to one file. */
export interface ImportSummary {
  file: string;
  name: string;
  sha256: string;
  size: number;
  status: 'imported' | 'already-imported' | 'refused';
  evidenceId: number | null;
  format: string | null;
  encoding: string | null;
  counts: ImportCounts;
  firstTime: string | null;
  lastTime: string | null;
  warnings: number;
  errors: number;
  message: string | null;
}

const ZERO: ImportCounts = { read: 0, imported: 0, duplicates: 0, rejected: 0 };

/** Imports one file into an open, writable case. */
export async function importFile(
  c: CaseFile,
  path: string,
  opts: ImportOptions = {},
): Promise<ImportSummary> {
  if (opts.sourceTimeZone && !isTimeZone(opts.sourceTimeZone)) {
    throw new TrailError('BAD_REQUEST',
      `${opts.sourceTimeZone} is not an IANA time zone (e.g. Europe/Berlin)`);
  }
  const file = resolve(path);
  const size = statSync(file).size;
  const examiner = opts.examiner ?? readCaseInfo(c.db).examiner;
  const progress = (phase: ImportProgress['phase'], bytes: number) =>
    opts.onProgress?.({ file, phase, bytes, total: size });
  let hashed = 0;
  const { sha256 } = await hashFile(file, (n) => progress('hash', (hashed += n)));
  const base = summaryBase(file, sha256, size);
  const existing = findEvidence(c.db, sha256);
  if (existing?.status === 'complete') {
    return alreadyImported(c, base, existing.id, examiner);
  }
  if (existing) c.db.transaction(() => purgeEvidence(c.db, existing.id))();
  let sniffed: Sniffed;
  try {
    const head = readHead(file);
    sniffed = sniff(head, base.name, head.length < HEAD_SIZE);
  } catch (err) {
    return refuse(c, base, examiner, err);
  }
  return withBulkSettings(c.db, size, () =>
    runWithDateOrder(c, base, sniffed, { ...opts, examiner }, progress));
}

/**
 * Page cache of the case connection while importing (32 MB); SQLite's
 * sorter for the deferred index builds takes as much again. 64 MB made
 * no import measurably faster and peak RSS 30 MB higher (issue #8).
 */
const IMPORT_CACHE_KIB = 32 * 1024;

/**
 * Runs an import with a larger page cache and, for a file large next to
 * the case, with the event indexes set aside; both are put back however
 * the import ends.
 */
async function withBulkSettings<T>(
  db: Database.Database,
  size: number,
  work: () => Promise<T>,
): Promise<T> {
  restoreEventIndexes(db);
  const cache = db.pragma('cache_size', { simple: true }) as number;
  const threads = db.pragma('threads', { simple: true }) as number;
  db.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  db.pragma(`threads = ${SORTER_THREADS}`);
  try {
    if (shouldDeferIndexes(db, size)) deferEventIndexes(db);
    return await work();
  } finally {
    restoreEventIndexes(db);
    db.pragma(`cache_size = ${cache}`);
    db.pragma(`threads = ${threads}`);
  }
}

/**
 * Helper threads SQLite's sorter may use to build the deferred indexes,
 * which run once the parser thread is done: on two cores, building the
 * seven event indexes of 124,000 events took 795 ms with one helper
 * against 970 ms without (issue #8).
 */
const SORTER_THREADS = Math.max(0, Math.min(availableParallelism(), 4) - 1);

async function runWithDateOrder(
  c: CaseFile,
  base: ImportSummary,
  sniffed: Sniffed,
  opts: ImportOptions & { examiner: string },
  progress: (phase: 'import', bytes: number) => void,
): Promise<ImportSummary> {
  const geo = opts.geo ?? openGeo();
  const catalog = loadCatalog();
  const run = () =>
    new EvidenceRun(c.db, base, sniffed, {
      examiner: opts.examiner,
      dateOrder: opts.dateOrder,
      sourceTimeZone: opts.sourceTimeZone,
      displayTimeZone: readCaseInfo(c.db).displayTimeZone,
      geo,
      categorize: (s, op) => catalog.categoryFor(s, op),
      catalogVersion: catalog.version,
      maxRecordUnits: opts.maxRecordUnits,
    });
  const read = (r: EvidenceRun) => stream(base.file, r,
    openParseChannel(sniffed, r.parserSettings(), opts.parseInWorker),
    progress);
  let attempt = run();
  let changed = changeOf(base, await read(attempt));
  const verdict = attempt.dateVerdict();
  if (!changed && verdict.kind === 'rerun') {
    c.db.transaction(() => purgeEvidence(c.db, attempt.evidenceId))();
    opts = { ...opts, dateOrder: verdict.order };
    attempt = run();
    changed = changeOf(base, await read(attempt));
  }
  if (changed) {
    c.db.transaction(() => purgeEvidence(c.db, attempt.evidenceId))();
    return refuse(c, base, opts.examiner,
      new TrailError('IMPORT_FAILED', changed));
  }
  if (attempt.nothingRecognised()) {
    c.db.transaction(() => purgeEvidence(c.db, attempt.evidenceId))();
    return refuse(c, base, opts.examiner, new TrailError(
      'NOT_A_LOG',
      `${base.name} is JSON, but none of its records is a known log ` +
        'record (see the import formats in the README)',
    ));
  }
  if (verdict.kind === 'refuse') {
    c.db.transaction(() => purgeEvidence(c.db, attempt.evidenceId))();
    return refuse(c, base, opts.examiner, new TrailError(
      'AMBIGUOUS_DATE_ORDER', `${base.name}: ${verdict.message}`,
    ));
  }
  restoreEventIndexes(c.db);
  return attempt.finish();
}

/**
 * Bytes read, stored and parsed per transaction: one evidence chunk.
 * Two pieces are in flight (one read ahead), and their parsed records
 * live until stored: 4 MiB pieces cost 100 MB more peak memory than
 * 1 MiB ones for no measurable speed (issue #8).
 */
const READ_SIZE = CHUNK_SIZE;

/**
 * Pieces handed to the parser ahead of the one being stored. More did
 * not measurably speed a 124,000-record import and cost 30 MB of peak
 * memory per piece.
 */
const PIECES_AHEAD = 1;

/** The bytes an import read and stored: their SHA-256 and length. */
interface ReadBytes {
  sha256: string;
  size: number;
}

/**
 * Streams the file into the run, hashing the very bytes it stores, so
 * a file that changes while it is read cannot pass for the one hashed.
 * Reading runs one piece ahead of storing: while the main thread stores
 * piece n, a parser worker (parse-channel.ts) reads piece n + 1.
 */
async function stream(
  file: string,
  run: EvidenceRun,
  parse: ParseChannel,
  progress: (phase: 'import', bytes: number) => void,
): Promise<ReadBytes> {
  let done = 0;
  const hash = createHash('sha256');
  const reads = createReadStream(file, { highWaterMark: READ_SIZE });
  const ahead: ParsedPiece[] = [];
  const storeOldest = async () => {
    const p = ahead.shift() as ParsedPiece;
    progress('import', (done += await storePiece(run, p)));
  };
  try {
    let offset = 0;
    for await (const chunk of reads) {
      hash.update(chunk as Buffer);
      ahead.push(parsedPiece(parse, chunk as Buffer, offset));
      offset += (chunk as Buffer).length;
      if (ahead.length > PIECES_AHEAD) await storeOldest();
    }
    while (ahead.length > 0) await storeOldest();
    const rest = await parse.end();
    run.end(rest.steps, rest.facts);
  } finally {
    reads.destroy();
    await parse.close();
  }
  return { sha256: hash.digest('hex'), size: done };
}

/**
 * A piece of the file, what reading it will find and, for a whole
 * evidence chunk, its compressed bytes.
 */
interface ParsedPiece {
  chunk: Buffer;
  steps: Promise<ParseStep[]>;
  deflated: Promise<Buffer> | null;
}

function parsedPiece(
  parse: ParseChannel,
  chunk: Buffer,
  offset: number,
): ParsedPiece {
  const steps = parse.feed(chunk);
  const whole = chunk.length === CHUNK_SIZE && offset % CHUNK_SIZE === 0;
  const deflated = whole ? compressChunk(chunk) : null;
  // Awaited once the piece before it is stored; until then a failure
  // must not count as unhandled.
  steps.catch(() => {});
  deflated?.catch(() => {});
  return { chunk, steps, deflated };
}

async function storePiece(run: EvidenceRun, p: ParsedPiece): Promise<number> {
  const steps = await p.steps;
  run.store(p.chunk, steps, (await p.deflated) ?? undefined);
  return p.chunk.length;
}

/** Why the bytes read differ from those hashed first, if they do. */
function changeOf(base: ImportSummary, read: ReadBytes): string | null {
  if (read.sha256 === base.sha256 && read.size === base.size) return null;
  return `${base.name} changed while it was being imported (${base.size} ` +
    `bytes with SHA-256 ${base.sha256} when hashed, ${read.size} bytes ` +
    `with SHA-256 ${read.sha256} when read): nothing was imported; ` +
    'import it again once the file is complete';
}

function summaryBase(
  file: string,
  sha256: string,
  size: number,
): ImportSummary {
  return {
    file,
    name: basename(file),
    sha256,
    size,
    status: 'imported',
    evidenceId: null,
    format: null,
    encoding: null,
    counts: { ...ZERO },
    firstTime: null,
    lastTime: null,
    warnings: 0,
    errors: 0,
    message: null,
  };
}

/** Bytes read from the start of a file to decide its format. */
const HEAD_SIZE = 1 << 20;

function readHead(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(HEAD_SIZE);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function findEvidence(
  db: Database.Database,
  sha256: string,
): { id: number; status: string } | undefined {
  return db
    .prepare('SELECT id, status FROM evidence WHERE sha256 = ?')
    .get(sha256) as { id: number; status: string } | undefined;
}

function alreadyImported(
  c: CaseFile,
  base: ImportSummary,
  evidenceId: number,
  examiner: string,
): ImportSummary {
  const row = c.db
    .prepare('SELECT original_name, format, encoding FROM evidence WHERE id = ?')
    .get(evidenceId) as {
      original_name: string; format: string; encoding: string;
    };
  c.db.transaction(() =>
    appendCustody(c.db, examiner, 'import.skipped', {
      file: base.name,
      sha256: base.sha256,
      reason: `same bytes as evidence item ${evidenceId}`,
    }),
  )();
  return {
    ...base,
    status: 'already-imported',
    evidenceId,
    format: row.format,
    encoding: row.encoding,
    message:
      `same bytes as evidence item ${evidenceId} (${row.original_name}); ` +
      'nothing added',
  };
}

function refuse(
  c: CaseFile,
  base: ImportSummary,
  examiner: string,
  err: unknown,
): ImportSummary {
  if (!(err instanceof TrailError)) throw err;
  c.db.transaction(() =>
    appendCustody(c.db, examiner, 'import.refused', {
      file: base.name,
      sha256: base.sha256,
      size: base.size,
      code: err.code,
      reason: err.message,
      importerVersion: IMPORTER_VERSION,
    }),
  )();
  return { ...base, status: 'refused', message: err.message };
}
