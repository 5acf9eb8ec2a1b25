/**
 * The facts about a case the workbench shows in its header and About
 * panel: evidence items with counts and hashes, time range, sources,
 * GeoIP databases and how far the search index has got.
 */
import type Database from 'better-sqlite3';
import type { EvidenceItem } from '../../src-shared/domain.js';
import type { GeoDatabaseInfo } from '../../src-shared/contract.js';
import { searchIndexState } from '../search/search-index.js';

interface EvidenceDbRow {
  id: number;
  sha256: string;
  size: number;
  original_name: string;
  imported_at: string;
  examiner: string;
  format: string;
  encoding: string;
  importer_version: string;
  status: 'importing' | 'complete';
  read_count: number;
  imported_count: number;
  duplicate_count: number;
  rejected_count: number;
  first_time_ms: number | null;
  last_time_ms: number | null;
}

/** Lists the evidence items of a case with their counts. */
export function listEvidence(db: Database.Database): EvidenceItem[] {
  const rows = db
    .prepare('SELECT * FROM evidence ORDER BY id')
    .all() as EvidenceDbRow[];
  return rows.map((r) => ({
    id: r.id,
    sha256: r.sha256,
    size: r.size,
    originalName: r.original_name,
    importedAt: r.imported_at,
    examiner: r.examiner,
    format: r.format,
    encoding: r.encoding,
    importerVersion: r.importer_version,
    status: r.status,
    counts: {
      read: r.read_count,
      imported: r.imported_count,
      duplicates: r.duplicate_count,
      rejected: r.rejected_count,
    },
    firstTime: isoOrNull(r.first_time_ms),
    lastTime: isoOrNull(r.last_time_ms),
  }));
}

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** Lists the GeoIP database pairs the case's events were enriched with. */
export function listGeoDatabases(db: Database.Database): GeoDatabaseInfo[] {
  return db
    .prepare(
      `SELECT id, city_name AS cityName, city_build_date AS cityBuildDate,
         asn_name AS asnName, asn_build_date AS asnBuildDate
       FROM geo_db ORDER BY id`,
    )
    .all() as GeoDatabaseInfo[];
}

/** Time span and size of the timeline, read from the time index. */
export function timelineSpan(db: Database.Database): {
  count: number;
  firstMs: number | null;
  lastMs: number | null;
} {
  const r = db
    .prepare(
      `SELECT (SELECT min(time_ms) FROM event) AS lo,
         (SELECT max(time_ms) FROM event) AS hi,
         (SELECT total(imported_count) FROM evidence) AS n`,
    )
    .get() as { lo: number | null; hi: number | null; n: number };
  return { count: r.n, firstMs: r.lo, lastMs: r.hi };
}

/**
 * The distinct event sources. Without an index on source this reads the
 * whole table, so callers cache it per version of the data.
 */
export function listSources(db: Database.Database): string[] {
  return db
    .prepare('SELECT DISTINCT source FROM event ORDER BY source')
    .pluck()
    .all() as string[];
}

/** Counts the import warnings of the case; info notes are not counted. */
export function countWarnings(db: Database.Database): number {
  return (db.prepare(
    "SELECT count(*) FROM import_warning WHERE severity != 'info'",
  ).pluck().get() ?? 0) as number;
}

/** A key that changes whenever events are added or removed. */
export function dataVersion(db: Database.Database): string {
  const r = db
    .prepare(
      `SELECT (SELECT max(id) FROM event) AS top,
         (SELECT count(*) FROM evidence) AS items,
         (SELECT total(imported_count) FROM evidence) AS n`,
    )
    .get() as { top: number | null; items: number; n: number };
  return `${r.top ?? 0}:${r.items}:${r.n}`;
}

/** How far the full-text index covers the timeline. */
export function searchState(db: Database.Database): {
  indexedThrough: number;
  pending: number;
  ready: boolean;
} {
  const s = searchIndexState(db);
  return { ...s, ready: s.pending === 0 };
}
