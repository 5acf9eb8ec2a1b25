/**
 * The full-text search index over events and their original records.
 *
 * It is built after an import, from the stored evidence bytes, so the
 * timeline is browsable before search is ready. `fts_state` remembers
 * how far indexing got; an interrupted build resumes from there.
 */
import type Database from 'better-sqlite3';
import { EvidenceReader } from '../case/evidence-store.js';
import { decodeUnits, type Encoding } from '../import/framing/units.js';

/** How far the search index covers the timeline. */
export interface SearchIndexState {
  indexedThrough: number;
  pending: number;
}

/** Reads how many events are not yet searchable. */
export function searchIndexState(db: Database.Database): SearchIndexState {
  const s = db.prepare('SELECT indexed_through FROM fts_state WHERE id = 1')
    .get() as { indexed_through: number };
  const pending = db
    .prepare('SELECT count(*) AS n FROM event WHERE id > ?')
    .get(s.indexed_through) as { n: number };
  return { indexedThrough: s.indexed_through, pending: pending.n };
}

interface PendingRow {
  id: number;
  operation: string;
  actor: string | null;
  ip: string | null;
  user_agent: string | null;
  target: string | null;
  evidence_id: number;
  byte_offset: number;
  byte_length: number;
  encoding: Encoding;
}

/** Indexes every event not yet in the search index, in batches. */
export function buildSearchIndex(
  db: Database.Database,
  onProgress?: (done: number, total: number) => void,
  batch = 20_000,
): number {
  const total = searchIndexState(db).pending;
  const reader = new EvidenceReader(db);
  const insert = db.prepare(
    `INSERT INTO event_fts (rowid, operation, actor, ip, user_agent, target, original)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const next = db.prepare(
    `SELECT e.id, e.operation, e.actor, e.ip, e.user_agent, e.target,
       e.evidence_id, e.byte_offset, e.byte_length, v.encoding
     FROM event e JOIN evidence v ON v.id = e.evidence_id
     WHERE e.id > ? ORDER BY e.id LIMIT ?`,
  );
  const mark = db.prepare('UPDATE fts_state SET indexed_through = ? WHERE id = 1');
  let done = 0;
  let from = searchIndexState(db).indexedThrough;
  for (;;) {
    const rows = next.all(from, batch) as PendingRow[];
    if (rows.length === 0) break;
    db.transaction(() => {
      for (const r of rows) {
        const original = originalText(reader, r);
        insert.run(r.id, r.operation, r.actor, r.ip, r.user_agent, r.target,
          original);
      }
      mark.run(rows[rows.length - 1].id);
    })();
    from = rows[rows.length - 1].id;
    done += rows.length;
    onProgress?.(done, total);
  }
  return done;
}

function originalText(reader: EvidenceReader, r: PendingRow): string {
  const bytes = reader.read(r.evidence_id, r.byte_offset, r.byte_length);
  const units = r.encoding.startsWith('utf-16')
    ? toUtf16Units(bytes, r.encoding)
    : bytes;
  return decodeUnits(units).text;
}

function toUtf16Units(bytes: Buffer, encoding: Encoding): Uint16Array {
  const copy = Buffer.from(bytes);
  if (encoding === 'utf-16be') copy.swap16();
  return new Uint16Array(copy.buffer, copy.byteOffset, copy.length >> 1);
}

/** Turns what a user typed into an FTS5 query of quoted phrases. */
export function ftsQuery(text: string): string | null {
  const terms = text.match(/"[^"]+"|\S+/g) ?? [];
  const phrases = terms
    .map((t) => t.replace(/^"|"$/g, '').replace(/"/g, ''))
    .filter((t) => /[\p{L}\p{N}]/u.test(t))
    .map((t) => `"${t}"`);
  if (phrases.length === 0) return null;
  phrases[phrases.length - 1] += ' *';
  return phrases.join(' AND ');
}
