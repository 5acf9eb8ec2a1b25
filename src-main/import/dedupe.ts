/**
 * De-duplication after a file is stored: a record whose id was already
 * imported with the same content becomes an occurrence of the first
 * event; one whose content differs is kept and both are flagged.
 */
import type Database from 'better-sqlite3';
import { EvidenceReader } from '../case/evidence-store.js';
import { ftsKeySql } from '../search/search-keys.js';
import { canonicalHash, isTextHash } from './content-hash.js';
import type { Obj } from './normalize/fields.js';
import { ualContent } from './normalize/ual.js';
import { originalText, type StoredRecord } from './original-text.js';
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
  const same = sameContent(db);
  let duplicates = 0;
  let conflicts = 0;
  for (const r of rows) {
    const where = r.same_file
      ? `line ${r.first_line}`
      : `line ${r.first_line} of ${r.first_file}`;
    if (same(r)) {
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

/**
 * Decides whether an event and the first event of its key hold the
 * same record. Equal hashes settle it; otherwise an event hashed by its
 * JSON text gets its canonical hash from its stored original, which is
 * kept in place of the text hash for the next copy.
 */
function sameContent(db: Database.Database): (r: DupRow) => boolean {
  const reader = new EvidenceReader(db);
  const stored = db.prepare(
    `SELECT e.evidence_id, e.byte_offset, e.byte_length, v.encoding
     FROM event e JOIN evidence v ON v.id = e.evidence_id WHERE e.id = ?`,
  );
  const keep = db.prepare('UPDATE event SET content_hash = ? WHERE id = ?');
  const worked = new Map<number, string | null>();
  const canonical = (id: number, hash: string): string | null => {
    if (!isTextHash(hash)) return hash;
    if (worked.has(id)) return worked.get(id) as string | null;
    const found = storedCanonicalHash(reader, stored.get(id) as StoredRecord);
    if (found !== null) keep.run(found, id);
    worked.set(id, found);
    return found;
  };
  return (r) => {
    if (r.content_hash === r.first_hash) return true;
    const mine = canonical(r.id, r.content_hash);
    const first = canonical(r.first_id, r.first_hash);
    return mine !== null && mine === first;
  };
}

/**
 * The canonical hash of a stored UAL record read exactly from JSON
 * text; null if its bytes no longer read as such a record (a damaged
 * case), which keeps both copies as a conflict rather than drop one.
 */
function storedCanonicalHash(
  reader: EvidenceReader,
  r: StoredRecord,
): string | null {
  try {
    const value: unknown = JSON.parse(originalText(reader, r));
    if (typeof value !== 'object' || value === null) return null;
    if (Array.isArray(value)) return null;
    return canonicalHash(ualContent(value as Obj));
  } catch {
    // Not JSON: no copy can be proven the same.
    return null;
  }
}
