/**
 * The full-text search index over events and their original records.
 *
 * It is built after an import, from the stored evidence bytes, so the
 * timeline is browsable before search is ready. `fts_state` remembers
 * how far indexing got; an interrupted build resumes from there.
 */
import type Database from 'better-sqlite3';
import { releaseFreePages } from '../case/case-file.js';
import { EvidenceReader } from '../case/evidence-store.js';
import { TrailError } from '../../src-shared/errors.js';
import type { Encoding } from '../import/framing/units.js';
import { originalText } from '../import/original-text.js';
import {
  ftsKeySql,
  keyBucket,
  MAX_KEYED_EVENT_ID,
} from './search-keys.js';

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
  time_ms: number;
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

/**
 * What to tell an examiner whose search ran before the index covered
 * every event, or null when it did: the results differ (substrings of
 * the normalized fields, not whole words of the original records).
 */
export function searchFallbackNote(
  db: Database.Database,
  casePath: string,
): string | null {
  const s = searchIndexState(db);
  if (s.pending === 0) return null;
  return `note: ${s.pending} events are not in the search index (the ` +
    'case was upgraded or an import did not finish), so this search ' +
    'matched parts of words in the normalized fields only, not whole ' +
    `words of the original records; \`tenant-trail index ${casePath}\` ` +
    'builds the index';
}

/**
 * Indexes every event not yet in the search index, in batches, then
 * hands back the pages its merges (and the import) left free.
 */
export function buildSearchIndex(
  db: Database.Database,
  onProgress?: (done: number, total: number) => void,
  batch = 20_000,
): number {
  const total = searchIndexState(db).pending;
  mergeWide(db);
  const reader = new EvidenceReader(db);
  const insert = db.prepare(
    `INSERT INTO event_fts (rowid, text)
     VALUES (${ftsKeySql('?', '?')}, ?)`,
  );
  const next = db.prepare(
    `SELECT e.id, e.time_ms, e.operation, e.actor, e.ip, e.user_agent, e.target,
       e.evidence_id, e.byte_offset, e.byte_length, v.encoding
     FROM event e JOIN evidence v ON v.id = e.evidence_id
     WHERE e.id > ? ORDER BY e.id LIMIT ?`,
  );
  const mark = db.prepare(
    'UPDATE fts_state SET indexed_through = ? WHERE id = 1',
  );
  let done = 0;
  let from = searchIndexState(db).indexedThrough;
  for (;;) {
    const rows = next.all(from, batch) as PendingRow[];
    if (rows.length === 0) break;
    db.transaction(() => {
      for (const r of inKeyOrder(rows)) {
        insert.run(r.time_ms, checkedId(r.id), searchText(reader, r));
      }
      mark.run(rows[rows.length - 1].id);
    })();
    from = rows[rows.length - 1].id;
    done += rows.length;
    onProgress?.(done, total);
  }
  releaseFreePages(db);
  return done;
}

// FTS5 merges its segments four at a time by default; sixteen at a
// time cut the cost of an entry at 960,000 UAL events from 86 to 55 µs,
// with an index 1.4% larger and a user-address search no slower. The
// setting is kept in the index, so set once per case.
const MERGE_WIDTH = 16;

function mergeWide(db: Database.Database): void {
  const set = db
    .prepare("SELECT v FROM event_fts_config WHERE k = 'automerge'")
    .get() as { v: number } | undefined;
  if (set?.v === MERGE_WIDTH) return;
  db.exec(`INSERT INTO event_fts (event_fts, rank)
    VALUES ('automerge', ${MERGE_WIDTH})`);
}

// FTS5 flushes its pending terms whenever a key is lower than the last
// one written, so a batch goes in in key order: by hour, then id.
function inKeyOrder(rows: PendingRow[]): PendingRow[] {
  const at = (r: PendingRow) => keyBucket(r.time_ms);
  return [...rows].sort((a, b) => at(a) - at(b) || a.id - b.id);
}

// One column: the normalized fields (an operation or user the importer
// derived may not be spelled so in the record), then the original text.
// A word both carry costs one more position, not a second posting.
function searchText(reader: EvidenceReader, r: PendingRow): string {
  const fields = [r.operation, r.actor, r.ip, r.user_agent, r.target];
  return `${fields.filter((f) => f).join('\n')}\n${originalText(reader, r)}`;
}

function checkedId(id: number): number {
  if (id > MAX_KEYED_EVENT_ID) {
    throw new TrailError('NOT_SUPPORTED', `event ${id}: a case holds at ` +
      `most ${MAX_KEYED_EVENT_ID} events; split the evidence across cases`);
  }
  return id;
}

/**
 * Turns what a user typed into an FTS5 query: every term must appear as
 * whole words ("10.0.0.1" never matches 10.0.0.10); a term ending in `*`
 * matches words that begin with it. Quotes keep spaces in a phrase.
 */
export function ftsQuery(text: string): string | null {
  const terms = text.match(/"[^"]+"\*?|\S+/g) ?? [];
  const phrases = terms.map(toPhrase).filter((p) => p !== null);
  return phrases.length === 0 ? null : phrases.join(' AND ');
}

function toPhrase(term: string): string | null {
  const prefix = term.endsWith('*');
  const words = term.replace(/\*+$/, '').replace(/"/g, '');
  if (!/[\p{L}\p{N}]/u.test(words)) return null;
  return prefix ? `"${words}" *` : `"${words}"`;
}
