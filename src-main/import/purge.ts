/** Removal of an evidence item that never finished importing. */
import type Database from 'better-sqlite3';
import { ftsKeySql } from '../search/search-keys.js';

/** Deletes an incomplete evidence item and everything derived from it. */
export function purgeEvidence(db: Database.Database, evidenceId: number): void {
  const status = db
    .prepare('SELECT status FROM evidence WHERE id = ?')
    .get(evidenceId) as { status: string } | undefined;
  if (!status) return;
  if (status.status === 'complete') {
    throw new Error(`evidence ${evidenceId} is complete and is never purged`);
  }
  db.prepare('DELETE FROM event_occurrence WHERE evidence_id = ?').run(evidenceId);
  db.prepare('DELETE FROM import_warning WHERE evidence_id = ?').run(evidenceId);
  db.prepare(
    `DELETE FROM event_fts WHERE rowid IN
       (SELECT ${ftsKeySql('time_ms', 'id')} FROM event
        WHERE evidence_id = ?)`,
  ).run(evidenceId);
  db.prepare('DELETE FROM event WHERE evidence_id = ?').run(evidenceId);
  db.prepare('DELETE FROM evidence_chunk WHERE evidence_id = ?').run(evidenceId);
  db.prepare('DELETE FROM evidence WHERE id = ?').run(evidenceId);
}
