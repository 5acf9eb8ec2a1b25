/**
 * The damaged-input corpus: broken variants of the real samples in
 * ../shared/corpus, made by the tests, never stored.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { CaseFile } from '../../src-main/case/case-file.js';
import {
  importFile,
  type ImportSummary,
} from '../../src-main/import/import-file.js';
import {
  expectCountsAddUp,
  SHARED,
  sharedGeo,
} from '../import/import-helpers.js';

/** The real samples the damage starts from, by kind. */
export const SAMPLES = {
  ualJsonl: 'm365-ual-json/panther__microsoft365-audit-tests.jsonl',
  ualBlob: 'm365-ual-json/msdocs__activity-api-reference__content-blob-response.json',
  signinPage: 'entra-signins/graphdocs-zhCN__beta-signin-list-response1.json',
  signinJsonl: 'entra-signins/panther__azure-audit-signinlogs-tests.jsonl',
  gwsJsonl: 'gws-reports/panther__gsuite-activityevent-tests.jsonl',
  gwsArray: 'gws-reports/sentinel__GWorkspace_ReportsAPI_drive_CL.json',
  formatList:
    'm365-purview-csv/msdocs__AipDiscover__search-unifiedauditlog-formatlist-1.txt',
} as const;

/** The bytes of a corpus sample. */
export function sample(name: keyof typeof SAMPLES): Buffer {
  return readFileSync(join(SHARED, 'corpus', SAMPLES[name]));
}

/** A small Purview CSV export, as Purview writes it. */
export function purviewCsv(rows: number): Buffer {
  const header = 'RecordId,CreationDate,RecordType,Operation,UserId,AuditData';
  const lines = [header];
  for (let i = 0; i < rows; i++) lines.push(purviewRow(i));
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

/** One Purview CSV row whose AuditData is a UAL record. */
export function purviewRow(i: number, extra: Record<string, unknown> = {}) {
  const id = `6f1c2b0e-0000-4000-8000-${String(i).padStart(12, '0')}`;
  const time = new Date(Date.UTC(2026, 2, 1, 8, 0, i % 60)).toISOString();
  const audit = JSON.stringify({
    CreationTime: time.slice(0, 19),
    Id: id,
    Operation: 'FileAccessed',
    RecordType: 6,
    UserId: `user${i % 7}@contoso.example`,
    ClientIP: `198.51.100.${i % 250}`,
    Workload: 'SharePoint',
    ...extra,
  });
  const quoted = `"${audit.replace(/"/g, '""')}"`;
  return `${id},${time},SharePointFileOperation,FileAccessed,` +
    `user${i % 7}@contoso.example,${quoted}`;
}

/** Index of the first byte of the first multi-byte UTF-8 character. */
export function firstMultiByte(b: Buffer): number {
  return b.findIndex((x) => x >= 0xc0);
}

/** What one import of damaged input left in the case. */
export interface Outcome {
  summary: ImportSummary;
  /** Error warnings that carry a record position (line and offset). */
  positioned: number;
  codes: string[];
}

/**
 * Imports bytes through the public API and checks the invariants every
 * input must keep: no exception, read = imported + duplicates +
 * rejected (reported and stored), one positioned error per rejection.
 */
export async function importBytes(
  c: CaseFile,
  dir: string,
  name: string,
  bytes: Buffer,
): Promise<Outcome> {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const summary = await importFile(c, path, { geo: sharedGeo() });
  expectCountsAddUp(c, summary);
  const rows = c.db
    .prepare(
      `SELECT severity, code, line, byte_offset FROM import_warning
       WHERE evidence_id = ? ORDER BY id`,
    )
    .all(summary.evidenceId) as {
    severity: string;
    code: string;
    line: number | null;
    byte_offset: number | null;
  }[];
  const positioned = rows.filter(
    (r) => r.severity === 'error' && r.line !== null && r.byte_offset !== null,
  ).length;
  expect(positioned).toBe(summary.counts.rejected);
  return { summary, positioned, codes: rows.map((r) => r.code) };
}
