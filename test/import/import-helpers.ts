/**
 * Helpers shared by the import, case, query and CLI tests: temporary
 * cases, imports whose counts are always checked, and reads of what an
 * import stored.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { EventRecord, ImportCounts } from '../../src-shared/domain.js';
import {
  closeCase,
  createCase,
  type CaseFile,
} from '../../src-main/case/case-file.js';
import { EvidenceReader } from '../../src-main/case/evidence-store.js';
import { openGeo, type GeoEnricher } from '../../src-main/enrich/geoip.js';
import {
  importFile,
  type ImportOptions,
  type ImportSummary,
} from '../../src-main/import/import-file.js';
import {
  toEventRecord,
  type EventRow,
} from '../../src-main/query/events-query.js';

/** The repository's own test fixtures. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** The shared folder beside the repository (cases and corpus). */
export const SHARED = fileURLToPath(
  new URL('../../../shared/', import.meta.url),
);

/** True when ../shared is present. */
export const SHARED_EXISTS = existsSync(join(SHARED, 'cases'));

/** Path of a fixture file. */
export function fixture(...parts: string[]): string {
  return join(FIXTURES, ...parts);
}

/** Makes a fresh temporary directory. */
export function tempDir(prefix = 'tt-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Removes a temporary directory and everything in it. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

let geo: GeoEnricher | null = null;

/** One GeoIP enricher per test worker: opening it takes a while. */
export function sharedGeo(): GeoEnricher {
  geo ??= openGeo();
  return geo;
}

let caseNo = 0;

/** Creates a case in `dir`. */
export function newCase(dir: string, displayTimeZone = 'UTC'): CaseFile {
  caseNo++;
  return createCase(join(dir, `case-${caseNo}.ttcase`), {
    caseNumber: `T-${caseNo}`,
    title: 'test case',
    examiner: 'Examiner One',
    displayTimeZone,
  });
}

/**
 * Imports a file and checks that its counts add up, in the summary and
 * in what the case stored. Every import in the suite goes through here.
 */
export async function importInto(
  c: CaseFile,
  path: string,
  opts: ImportOptions = {},
): Promise<ImportSummary> {
  const s = await importFile(c, path, { geo: sharedGeo(), ...opts });
  expectCountsAddUp(c, s);
  return s;
}

/** Asserts read = imported + duplicates + rejected, stored and reported. */
export function expectCountsAddUp(c: CaseFile, s: ImportSummary): void {
  const n = s.counts;
  expect(n.read).toBe(n.imported + n.duplicates + n.rejected);
  if (s.status !== 'imported') return;
  const row = c.db
    .prepare(
      `SELECT read_count AS read, imported_count AS imported,
         duplicate_count AS duplicates, rejected_count AS rejected
       FROM evidence WHERE id = ?`,
    )
    .get(s.evidenceId) as ImportCounts;
  expect(row).toEqual(n);
  expect(countWhere(c, 'event', s.evidenceId)).toBe(n.imported);
  expect(countWhere(c, 'event_occurrence', s.evidenceId)).toBe(n.duplicates);
}

function countWhere(c: CaseFile, table: string, evidenceId: unknown): number {
  const r = c.db
    .prepare(`SELECT count(*) AS n FROM ${table} WHERE evidence_id = ?`)
    .get(evidenceId) as { n: number };
  return r.n;
}

/** Asserts the exact counts of one import (and that they add up). */
export function expectCounts(s: ImportSummary, counts: ImportCounts): void {
  expect(s.counts).toEqual(counts);
}

/** The events of one evidence item (or all), in id order. */
export function eventsOf(
  c: CaseFile,
  evidenceId?: number | null,
): EventRecord[] {
  const rows = c.db
    .prepare(
      `SELECT * FROM event WHERE (? IS NULL OR evidence_id = ?) ORDER BY id`,
    )
    .all(evidenceId ?? null, evidenceId ?? null) as EventRow[];
  return rows.map(toEventRecord);
}

/** A stored warning, as the tests compare it. */
export interface WarningView {
  line: number | null;
  severity: string;
  code: string;
}

/** The warnings of one evidence item, in the order they were stored. */
export function warningsOf(
  c: CaseFile,
  evidenceId: number | null,
): WarningView[] {
  return c.db
    .prepare(
      `SELECT line, severity, code FROM import_warning
       WHERE evidence_id = ? ORDER BY id`,
    )
    .all(evidenceId) as WarningView[];
}

/** Warning messages of one evidence item with a given code. */
export function messagesOf(
  c: CaseFile,
  evidenceId: number | null,
  code: string,
): string[] {
  return (
    c.db
      .prepare(
        `SELECT message FROM import_warning
         WHERE evidence_id = ? AND code = ? ORDER BY id`,
      )
      .all(evidenceId, code) as { message: string }[]
  ).map((r) => r.message);
}

/** The stored original bytes of an event's record. */
export function storedBytes(c: CaseFile, e: EventRecord): Buffer {
  return new EvidenceReader(c.db)
    .read(e.evidenceId, e.byteOffset, e.byteLength);
}

/** Asserts the stored record bytes equal the file's bytes at that range. */
export function expectOriginalBytes(
  c: CaseFile,
  e: EventRecord,
  path: string,
): Buffer {
  const file = readFileSync(path);
  const want = file.subarray(e.byteOffset, e.byteOffset + e.byteLength);
  const got = storedBytes(c, e);
  expect(got.equals(want)).toBe(true);
  return got;
}

/** Imports one file into a fresh case; the caller closes the case. */
export async function importFresh(
  dir: string,
  path: string,
  opts: ImportOptions = {},
  displayTimeZone = 'UTC',
): Promise<{ c: CaseFile; s: ImportSummary; events: EventRecord[] }> {
  const c = newCase(dir, displayTimeZone);
  try {
    const s = await importInto(c, path, opts);
    return { c, s, events: eventsOf(c, s.evidenceId) };
  } catch (err) {
    closeCase(c);
    throw err;
  }
}

/** Closes cases opened by a test. */
export function closeAll(cases: CaseFile[]): void {
  for (const c of cases.splice(0)) if (c.db.open) closeCase(c);
}

/** ISO UTC text of epoch milliseconds. */
export function utc(ms: number): string {
  return new Date(ms).toISOString();
}
