/**
 * Deferred index builds for bulk imports. Keeping the event table's
 * secondary indexes up to date row by row costs more than the rest of
 * storing; when a file is large next to what the case already holds,
 * the indexes are set aside, the rows are stored, and the indexes are
 * built again in one sorted pass before the item is marked complete.
 *
 * The SQL of each index set aside is kept in `deferred_index` in the
 * same transaction that drops it, so a crash mid-import leaves a case
 * that restores its own indexes when it is next imported into (and the
 * evidence item stays incomplete, to be purged).
 */
import type Database from 'better-sqlite3';

/** Bytes per record assumed when guessing a file's record count. */
const BYTES_PER_RECORD_GUESS = 1024;

/** Files smaller than this are stored with live indexes. */
const MIN_BULK_BYTES = 1 << 20;

/**
 * True when storing `fileBytes` of evidence is cheaper with the event
 * indexes set aside: the file holds about as many records as the case.
 */
export function shouldDeferIndexes(
  db: Database.Database,
  fileBytes: number,
): boolean {
  if (fileBytes < MIN_BULK_BYTES) return false;
  const r = db.prepare('SELECT max(id) AS n FROM event').get() as {
    n: number | null;
  };
  return fileBytes / BYTES_PER_RECORD_GUESS >= (r.n ?? 0);
}

interface IndexRow {
  name: string;
  sql: string;
}

/** Drops the event table's secondary indexes, remembering their SQL. */
export function deferEventIndexes(db: Database.Database): number {
  return db.transaction(() => {
    const rows = db.prepare(
      `SELECT name, sql FROM sqlite_master
       WHERE type = 'index' AND tbl_name = 'event' AND sql IS NOT NULL`,
    ).all() as IndexRow[];
    const keep = db.prepare(
      'INSERT OR REPLACE INTO deferred_index (name, sql) VALUES (?, ?)',
    );
    for (const r of rows) {
      keep.run(r.name, r.sql);
      db.exec(`DROP INDEX ${quoteName(r.name)}`);
    }
    return rows.length;
  })();
}

/** Builds every index set aside; returns how many it built. */
export function restoreEventIndexes(db: Database.Database): number {
  const rows = db.prepare('SELECT name, sql FROM deferred_index ORDER BY name')
    .all() as IndexRow[];
  const done = db.prepare('DELETE FROM deferred_index WHERE name = ?');
  for (const r of rows) {
    db.transaction(() => {
      const exists = db.prepare(
        "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?",
      ).get(r.name);
      if (!exists) db.exec(r.sql);
      done.run(r.name);
    })();
  }
  return rows.length;
}

function quoteName(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
