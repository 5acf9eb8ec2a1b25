/**
 * Timeline pages for the workbench grid: the filters of events-query plus
 * the ones only the workbench has (annotations, more equality columns),
 * paged by start and end row, returning only the columns the grid shows.
 */
import type Database from 'better-sqlite3';
import type { Category, Result } from '../../src-shared/domain.js';
import type {
  EventFilter,
  EventPageResult,
  SortColumn,
  TimelineRow,
} from '../../src-shared/contract.js';
import {
  buildOrder,
  buildWhere,
  searchMode,
  type SearchMode,
  type Where,
} from './events-query.js';
import { ftsQuery } from '../search/search-index.js';
import {
  FTS_EVENT_ID,
  FTS_BUCKET,
  KEY_AT,
} from '../search/search-keys.js';
import { summarizedEventCount } from './summaries.js';

/** Looks up the meaning of an operation, for the operation cell's tooltip. */
export type MeaningLookup =
  (source: string, operation: string) => string | null;

/** A page of the timeline by row numbers, as the grid asks for it. */
export interface TimelinePage {
  filter: EventFilter;
  sort?: { column: SortColumn; descending: boolean };
  startRow: number;
  endRow: number;
}

/** Translates every workbench filter into one WHERE clause. */
export function timelineWhere(f: EventFilter, mode: SearchMode): Where {
  const base = buildWhere(f, mode);
  const parts: string[] = [];
  const params: (string | number)[] = [];
  const eq = (col: string, v: string | number | undefined) => {
    if (v === undefined || v === '') return;
    parts.push(`${col} = ?`);
    params.push(v);
  };
  eq('city', f.city);
  eq('asn', f.asn);
  eq('client_app', f.app);
  eq('workload', f.workload);
  eq('target', f.target);
  if (f.bookmarked) parts.push('id IN (SELECT event_id FROM bookmark)');
  if (f.noted) parts.push('id IN (SELECT event_id FROM note)');
  if (f.findingId !== undefined) {
    parts.push('id IN (SELECT event_id FROM finding_event ' +
      'WHERE finding_id = ?)');
    params.push(f.findingId);
  }
  if (f.inFinding) parts.push('id IN (SELECT event_id FROM finding_event)');
  if (f.tag !== undefined) {
    parts.push('id IN (SELECT event_id FROM tag WHERE tag = ?)');
    params.push(f.tag);
  }
  return joinWhere(base, { sql: parts.join(' AND '), params });
}

function joinWhere(base: Where, extra: Where): Where {
  if (!extra.sql) return base;
  const sql = base.sql ? `${base.sql} AND ${extra.sql}` : `WHERE ${extra.sql}`;
  return { sql, params: [...base.params, ...extra.params] };
}

/** The search mode a filter needs: LIKE until the index covers all. */
export function modeFor(db: Database.Database, f: EventFilter): SearchMode {
  return f.search ? searchMode(db) : 'fts';
}

const ROW_COLUMNS = `id, time_ms, source, operation, category, result,
  result_code, actor, ip, country, city, asn, as_org, client_app, workload,
  target, user_agent,
  EXISTS (SELECT 1 FROM bookmark b WHERE b.event_id = event.id) AS marked`;

interface TimelineDbRow {
  id: number;
  time_ms: number;
  source: string;
  operation: string;
  category: string;
  result: string;
  result_code: string | null;
  actor: string | null;
  ip: string | null;
  country: string | null;
  city: string | null;
  asn: number | null;
  as_org: string | null;
  client_app: string | null;
  workload: string | null;
  target: string | null;
  user_agent: string | null;
  marked: number;
}

/**
 * Rows of a search alone sorted by time up to which its page is read
 * from the time-keyed index; deeper pages sort every hit in SQL.
 */
export const SEARCH_KEY_ROWS = 50_000;

/**
 * Reads rows startRow..endRow-1 of the filtered, sorted timeline;
 * keyRows is the search plan's bound, a parameter for tests.
 */
export function queryTimeline(
  db: Database.Database,
  p: TimelinePage,
  meaning: MeaningLookup,
  keyRows = SEARCH_KEY_ROWS,
): EventPageResult {
  const mode = modeFor(db, p.filter);
  const limit = p.endRow - p.startRow;
  const rows = byTimePosition(db, p, limit) ??
    bySearchKeys(db, p, limit, keyRows) ??
    bySql(db, p, timelineWhere(p.filter, mode), limit);
  const lastRow = rows.length < limit ? p.startRow + rows.length : null;
  return {
    rows: rows.map((r) => toTimelineRow(r, meaning)),
    lastRow,
    searchMode: mode,
  };
}

function bySql(
  db: Database.Database,
  p: TimelinePage,
  where: Where,
  limit: number,
): TimelineDbRow[] {
  const order = buildOrder({
    sort: p.sort?.column ?? 'time',
    descending: p.sort?.descending ?? false,
    limit,
    offset: p.startRow,
  });
  return db
    .prepare(`SELECT ${ROW_COLUMNS} FROM event ${where.sql} ${order.sql}`)
    .all(...where.params, ...order.params) as TimelineDbRow[];
}

/** True when a filter holds no condition at all. */
export function isEmptyFilter(f: EventFilter): boolean {
  return Object.values(f).every((v) => v === undefined || v === '');
}

/**
 * The unfiltered timeline in time order, read by position from the
 * time_order summary, so a page deep in the scroll costs what the first
 * does. Null when the filter or sort needs SQL, or the summary is stale.
 */
function byTimePosition(
  db: Database.Database,
  p: TimelinePage,
  limit: number,
): TimelineDbRow[] | null {
  if ((p.sort?.column ?? 'time') !== 'time') return null;
  if (!isEmptyFilter(p.filter)) return null;
  const total = summarizedEventCount(db);
  if (total === null) return null;
  const descending = p.sort?.descending ?? false;
  const sql = descending
    ? 'o.pos <= ? ORDER BY o.pos DESC'
    : 'o.pos >= ? ORDER BY o.pos';
  const from = descending ? total - 1 - p.startRow : p.startRow;
  return db
    .prepare(
      `SELECT ${ROW_COLUMNS} FROM time_order o
       JOIN event ON event.id = o.event_id WHERE ${sql} LIMIT ?`,
    )
    .all(from, limit) as TimelineDbRow[];
}

/**
 * A search alone sorted by time, read from the time-keyed index: the
 * hits up to the page's last row come out in order of their hour, the
 * rest of that hour is added, and SQL orders them exactly by time and
 * id. Null when the filter, sort or depth needs the general plan.
 */
function bySearchKeys(
  db: Database.Database,
  p: TimelinePage,
  limit: number,
  keyRows: number,
): TimelineDbRow[] | null {
  const fts = keyedSearch(db, p, keyRows);
  if (!fts) return null;
  const desc = p.sort?.descending ?? false;
  const ids = keyedHits(db, fts, p.endRow, desc);
  const dir = desc ? 'DESC' : 'ASC';
  return db
    .prepare(
      `SELECT ${ROW_COLUMNS} FROM event
       WHERE id IN (SELECT value FROM json_each(?))
       ORDER BY time_ms ${dir}, id ${dir} LIMIT ? OFFSET ?`,
    )
    .all(JSON.stringify(ids), limit, p.startRow) as TimelineDbRow[];
}

function keyedSearch(
  db: Database.Database,
  p: TimelinePage,
  keyRows: number,
): string | null {
  const { search, ...rest } = p.filter;
  if (!search || !isEmptyFilter(rest) || p.endRow > keyRows) return null;
  if ((p.sort?.column ?? 'time') !== 'time') return null;
  if (searchMode(db) !== 'fts') return null;
  return ftsQuery(search);
}

interface KeyedHit {
  bucket: number;
  id: number;
}

// The ids of the first `rows` hits in time order, and of every other
// hit in the same key bucket (hour) as the last of them.
function keyedHits(
  db: Database.Database,
  fts: string,
  rows: number,
  desc: boolean,
): number[] {
  const head = db
    .prepare(
      `SELECT ${FTS_BUCKET} AS bucket, ${FTS_EVENT_ID} AS id
       FROM event_fts WHERE event_fts MATCH ?
       ORDER BY rowid ${desc ? 'DESC' : 'ASC'} LIMIT ?`,
    )
    .all(fts, rows) as KeyedHit[];
  const ids = head.map((h) => h.id);
  if (head.length < rows) return ids;
  const last = head[head.length - 1];
  const rest = desc
    ? `rowid >= ${KEY_AT} AND rowid < ${KEY_AT}`
    : `rowid > ${KEY_AT} AND rowid < ${KEY_AT}`;
  const args = desc
    ? [last.bucket, 0, last.bucket, last.id]
    : [last.bucket, last.id, last.bucket + 1, 0];
  const more = db
    .prepare(
      `SELECT ${FTS_EVENT_ID} FROM event_fts
       WHERE event_fts MATCH ? AND ${rest}`,
    )
    .pluck()
    .all(fts, ...args) as number[];
  return ids.concat(more);
}

/** Counts the events every workbench filter lets through. */
export function countTimeline(db: Database.Database, f: EventFilter): number {
  if (isEmptyFilter(f)) {
    const n = summarizedEventCount(db);
    if (n !== null) return n;
  }
  const where = timelineWhere(f, modeFor(db, f));
  const r = db
    .prepare(`SELECT count(*) AS n FROM event ${where.sql}`)
    .get(...where.params) as { n: number };
  return r.n;
}

function toTimelineRow(r: TimelineDbRow, meaning: MeaningLookup): TimelineRow {
  return {
    id: r.id,
    timeMs: r.time_ms,
    source: r.source,
    operation: r.operation,
    meaning: meaning(r.source, r.operation),
    category: r.category as Category,
    result: r.result as Result,
    resultCode: r.result_code,
    user: r.actor,
    ip: r.ip,
    country: r.country,
    city: r.city,
    asn: r.asn,
    asOrg: r.as_org,
    app: r.client_app,
    workload: r.workload,
    target: r.target,
    userAgent: r.user_agent,
    bookmarked: r.marked === 1,
  };
}
