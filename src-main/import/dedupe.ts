/**
 * De-duplication after a file is stored: a record whose id was already
 * imported with the same content becomes an occurrence of the first
 * event; one whose content differs is kept and both are flagged.
 */
import type Database from 'better-sqlite3';
import { ftsKeySql } from '../search/search-keys.js';
import type { WarningLog } from './warning-log.js';

interface DupRow {
  id: number;
  dedupe_key: string;
  content_hash: string;
  byte_offset: number;
  byte_length: number;
  line: number | null;
  row: number | null;
  first_id: number;
  first_hash: string;
  first_line: number | null;
  first_file: string;
  same_file: number;
}

/** Resolves duplicates of one evidence item; returns how many it dropped. */
export function deduplicate(
  db: Database.Database,
  evidenceId: number,
  warnings: WarningLog,
): { duplicates: number; conflicts: number } {
  const rows = db.prepare(
    `SELECT e.id, e.dedupe_key, e.content_hash, e.byte_offset, e.byte_length,
       e.line, e.row, f.id AS first_id, f.content_hash AS first_hash,
       f.line AS first_line, v.original_name AS first_file,
       f.evidence_id = e.evidence_id AS same_file
     FROM event e
     JOIN event f ON f.id = (
       SELECT min(id) FROM event WHERE dedupe_key = e.dedupe_key)
     JOIN evidence v ON v.id = f.evidence_id
     WHERE e.evidence_id = ? AND e.dedupe_key IS NOT NULL AND f.id < e.id
     ORDER BY e.id`,
  ).all(evidenceId) as DupRow[];
  const occurrence = db.prepare(
    `INSERT INTO event_occurrence
       (event_id, evidence_id, byte_offset, byte_length, line, row)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const dropEvent = db.prepare('DELETE FROM event WHERE id = ?');
  const dropFts = db.prepare(
    `DELETE FROM event_fts WHERE rowid =
       (SELECT ${ftsKeySql('time_ms', 'id')} FROM event WHERE id = ?)`,
  );
  const drop = { run: (id: number) => (dropFts.run(id), dropEvent.run(id)) };
  const flag = db.prepare('UPDATE event SET conflict = 1 WHERE id IN (?, ?)');
  let duplicates = 0;
  let conflicts = 0;
  for (const r of rows) {
    const where = r.same_file
      ? `line ${r.first_line}`
      : `line ${r.first_line} of ${r.first_file}`;
    if (r.content_hash === r.first_hash) {
      occurrence.run(r.first_id, evidenceId, r.byte_offset, r.byte_length,
        r.line, r.row);
      drop.run(r.id);
      duplicates++;
      warnings.add(r.line, r.byte_offset, {
        severity: 'info',
        code: 'DUPLICATE_RECORD',
        message: `record ${r.dedupe_key} already imported at ${where}; ` +
          'kept once in the timeline, this copy recorded as an occurrence',
      });
    } else {
      flag.run(r.id, r.first_id);
      conflicts++;
      warnings.add(r.line, r.byte_offset, {
        severity: 'warning',
        code: 'DUPLICATE_ID_CONFLICT',
        message: `record ${r.dedupe_key} also appears at ${where} with ` +
          'different content; both kept and flagged',
      });
    }
  }
  return { duplicates, conflicts };
}
