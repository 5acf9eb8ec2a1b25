/**
 * De-duplication after a file is stored: a record whose id was already
 * imported with the same content as any earlier event of that id
 * becomes an occurrence of that event; one whose content differs from
 * all of them is kept, and it and they are flagged.
 */
import type Database from 'better-sqlite3';
import { EvidenceReader } from '../case/evidence-store.js';
import { ftsKeySql } from '../search/search-keys.js';
import { canonicalHash, isTextHash } from './content-hash.js';
import type { Obj } from './normalize/fields.js';
import { ualContent } from './normalize/ual.js';
import { originalText, type StoredRecord } from './original-text.js';
import type { WarningLog } from './warning-log.js';

/** An event of the item whose id an earlier event already has. */
interface CopyRow {
  id: number;
  dedupe_key: string;
  content_hash: string;
  byte_offset: number;
  byte_length: number;
  line: number | null;
  row: number | null;
}

/** An earlier event with the same id. */
interface EarlierRow {
  id: number;
  content_hash: string;
  line: number | null;
  file: string;
  same_file: number;
}

/** Resolves duplicates of one evidence item; returns how many it dropped. */
export function deduplicate(
  db: Database.Database,
  evidenceId: number,
  warnings: WarningLog,
): { duplicates: number; conflicts: number } {
  const copies = db.prepare(
    `SELECT e.id, e.dedupe_key, e.content_hash, e.byte_offset, e.byte_length,
       e.line, e.row
     FROM event e
     WHERE e.evidence_id = ? AND e.dedupe_key IS NOT NULL
       AND EXISTS (SELECT 1 FROM event f
         WHERE f.dedupe_key = e.dedupe_key AND f.id < e.id)
     ORDER BY e.id`,
  ).all(evidenceId) as CopyRow[];
  const store = copyStore(db, evidenceId);
  let duplicates = 0;
  let conflicts = 0;
  for (const c of copies) {
    const earlier = store.earlier(c);
    const match = earlier.find((f) => store.same(c, f));
    if (match) {
      store.occurrence(c, match);
      duplicates++;
      warnings.add(c.line, c.byte_offset, duplicateWarning(c, match));
    } else {
      store.flag(c, earlier);
      conflicts++;
      warnings.add(c.line, c.byte_offset, conflictWarning(c, earlier));
    }
  }
  return { duplicates, conflicts };
}

/** The statements de-duplication reads and writes with. */
function copyStore(db: Database.Database, evidenceId: number) {
  const earlier = db.prepare(
    `SELECT f.id, f.content_hash, f.line, v.original_name AS file,
       f.evidence_id = ? AS same_file
     FROM event f JOIN evidence v ON v.id = f.evidence_id
     WHERE f.dedupe_key = ? AND f.id < ? ORDER BY f.id`,
  );
  const occurrence = db.prepare(
    `INSERT INTO event_occurrence
       (event_id, evidence_id, byte_offset, byte_length, line, row)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const dropFts = db.prepare(
    `DELETE FROM event_fts WHERE rowid =
       (SELECT ${ftsKeySql('time_ms', 'id')} FROM event WHERE id = ?)`,
  );
  const dropEvent = db.prepare('DELETE FROM event WHERE id = ?');
  const flag = db.prepare('UPDATE event SET conflict = 1 WHERE id = ?');
  const same = sameContent(db);
  return {
    earlier: (c: CopyRow) =>
      earlier.all(evidenceId, c.dedupe_key, c.id) as EarlierRow[],
    same: (c: CopyRow, f: EarlierRow) =>
      same(c.id, c.content_hash, f.id, f.content_hash),
    occurrence: (c: CopyRow, f: EarlierRow) => {
      occurrence.run(f.id, evidenceId, c.byte_offset, c.byte_length,
        c.line, c.row);
      dropFts.run(c.id);
      dropEvent.run(c.id);
    },
    flag: (c: CopyRow, earlierRows: EarlierRow[]) => {
      for (const id of [c.id, ...earlierRows.map((f) => f.id)]) flag.run(id);
    },
  };
}

function placeOf(f: EarlierRow): string {
  return f.same_file ? `line ${f.line}` : `line ${f.line} of ${f.file}`;
}

function duplicateWarning(c: CopyRow, match: EarlierRow) {
  return {
    severity: 'info' as const,
    code: 'DUPLICATE_RECORD',
    message: `record ${c.dedupe_key} already imported at ${placeOf(match)}; ` +
      'kept once in the timeline, this copy recorded as an occurrence',
  };
}

function conflictWarning(c: CopyRow, earlier: EarlierRow[]) {
  const others = earlier.length > 1
    ? ` (and ${earlier.length - 1} other version` +
      `${earlier.length > 2 ? 's' : ''} of it)`
    : '';
  return {
    severity: 'warning' as const,
    code: 'DUPLICATE_ID_CONFLICT',
    message: `record ${c.dedupe_key} also appears at ` +
      `${placeOf(earlier[0])}${others} with different content; all kept ` +
      'and flagged',
  };
}

/**
 * Decides whether two events hold the same record. Equal hashes settle
 * it; otherwise an event hashed by its JSON text gets its canonical hash
 * from its stored original, which is kept in place of the text hash for
 * the next copy.
 */
function sameContent(
  db: Database.Database,
): (a: number, aHash: string, b: number, bHash: string) => boolean {
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
  return (a, aHash, b, bHash) => {
    if (aHash === bHash) return true;
    const mine = canonical(a, aHash);
    return mine !== null && mine === canonical(b, bHash);
  };
}

/**
 * The canonical hash of a stored UAL record read exactly from JSON
 * text; null if it has none or its bytes no longer read as such a
 * record (a damaged case), which keeps both copies rather than drop one.
 */
function storedCanonicalHash(
  reader: EvidenceReader,
  r: StoredRecord,
): string | null {
  let value: unknown;
  try {
    value = JSON.parse(originalText(reader, r));
  } catch {
    // Not JSON (a CSV row hashed by its text): no copy can be proven
    // the same but by its very text.
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) return null;
  return canonicalHash(ualContent(value as Obj));
}
