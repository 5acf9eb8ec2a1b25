/**
 * Reading events in time order one page at a time, so an export of a
 * million events never holds more than a page in memory.
 */
import type Database from 'better-sqlite3';
import type { EventRow } from '../query/events-query.js';
import type { Condition } from './bundle-scope.js';

/** Events per page read from the case. */
export const PAGE_SIZE = 2000;

/** Where a duplicate of an event was also seen. */
export interface OccurrenceRow {
  event_id: number;
  evidence_id: number;
  byte_offset: number;
  byte_length: number;
  line: number | null;
  row: number | null;
}

/**
 * Yields the events matching a condition ordered by time and id, a page
 * at a time; each page is its own query (keyset paging), so no
 * statement stays open while the consumer awaits.
 */
export function* eventPages(
  db: Database.Database,
  cond: Condition,
  pageSize = PAGE_SIZE,
): Generator<EventRow[]> {
  const stmt = db.prepare(
    `SELECT * FROM event WHERE (${cond.sql}) AND (time_ms, id) > (?, ?)
     ORDER BY time_ms, id LIMIT ?`,
  );
  let after: [number, number] = [Number.MIN_SAFE_INTEGER, 0];
  for (;;) {
    const rows = stmt.all(...cond.params, ...after, pageSize) as EventRow[];
    if (rows.length === 0) return;
    yield rows;
    const last = rows[rows.length - 1];
    after = [last.time_ms, last.id];
  }
}

/** The other positions of each event of a page, by event id. */
export function occurrencesOf(
  db: Database.Database,
  rows: readonly EventRow[],
): Map<number, OccurrenceRow[]> {
  const out = new Map<number, OccurrenceRow[]>();
  if (rows.length === 0) return out;
  const marks = rows.map(() => '?').join(', ');
  const found = db
    .prepare(
      `SELECT event_id, evidence_id, byte_offset, byte_length, line, row
       FROM event_occurrence WHERE event_id IN (${marks})
       ORDER BY event_id, id`,
    )
    .all(...rows.map((r) => r.id)) as OccurrenceRow[];
  for (const o of found) {
    const list = out.get(o.event_id) ?? [];
    list.push(o);
    out.set(o.event_id, list);
  }
  return out;
}

/** Counts the events matching a condition. */
export function countScoped(db: Database.Database, cond: Condition): number {
  const r = db
    .prepare(`SELECT count(*) AS n FROM event WHERE ${cond.sql}`)
    .get(...cond.params) as { n: number };
  return r.n;
}
