/**
 * Import warnings of a case, paged, each with its evidence file name.
 */
import type Database from 'better-sqlite3';
import type { Severity } from '../../src-shared/domain.js';
import type { Page, WarningRow } from '../../src-shared/contract.js';

interface WarningDbRow {
  id: number;
  evidence_id: number;
  original_name: string;
  line: number | null;
  byte_offset: number | null;
  severity: string;
  code: string;
  message: string;
}

/** Reads rows startRow..endRow-1 of the warnings, in import order. */
export function queryWarnings(
  db: Database.Database,
  p: { evidenceId?: number; startRow: number; endRow: number },
): Page<WarningRow> {
  const where = p.evidenceId === undefined ? '' : 'WHERE w.evidence_id = ?';
  const params = p.evidenceId === undefined ? [] : [p.evidenceId];
  const rows = db
    .prepare(
      `SELECT w.id, w.evidence_id, v.original_name, w.line, w.byte_offset,
         w.severity, w.code, w.message
       FROM import_warning w JOIN evidence v ON v.id = w.evidence_id
       ${where} ORDER BY w.evidence_id, w.id LIMIT ? OFFSET ?`,
    )
    .all(...params, p.endRow - p.startRow, p.startRow) as WarningDbRow[];
  const total = db
    .prepare(`SELECT count(*) AS n FROM import_warning w ${where}`)
    .get(...params) as { n: number };
  return { rows: rows.map(toWarningRow), total: total.n };
}

function toWarningRow(r: WarningDbRow): WarningRow {
  return {
    id: r.id,
    evidenceId: r.evidence_id,
    fileName: r.original_name,
    line: r.line,
    byteOffset: r.byte_offset,
    severity: r.severity as Severity,
    code: r.code,
    message: r.message,
  };
}
