/**
 * Streaming reads of events for the rules: only the columns they use,
 * filtered by operation (an indexed column), in one of a few orders.
 */
import type Database from 'better-sqlite3';

/** The event columns detections read. */
export interface Ev {
  id: number;
  time_ms: number;
  source: string;
  operation: string;
  result: string;
  result_code: string | null;
  actor: string | null;
  target: string | null;
  ip: string | null;
  user_agent: string | null;
  client_app: string | null;
  session_id: string | null;
  country: string | null;
  region: string | null;
  city: string | null;
  lat: number | null;
  lon: number | null;
  asn: number | null;
  as_org: string | null;
  details: string | null;
}

const COLUMNS =
  'id, time_ms, source, operation, result, result_code, actor, target, ' +
  'ip, user_agent, client_app, session_id, country, region, city, lat, ' +
  'lon, asn, as_org, details';

const ORDERS = {
  time: 'time_ms, id',
  actor: 'actor, time_ms, id',
  ip: 'ip, time_ms, id',
  session: 'actor, session_id, time_ms, id',
} as const;

/** An order the scans offer. */
export type ScanOrder = keyof typeof ORDERS;

/** What to scan: operations, an optional extra condition, an order. */
export interface Scan {
  operations: readonly string[];
  /** Fixed SQL over event columns; values only through `params`. */
  where?: string;
  params?: (string | number)[];
  order?: ScanOrder;
}

/** Iterates the matching events without loading them all. */
export function scanEvents(db: Database.Database, s: Scan): Iterable<Ev> {
  if (s.operations.length === 0) return [];
  const marks = s.operations.map(() => '?').join(', ');
  const extra = s.where ? ` AND (${s.where})` : '';
  const sql =
    `SELECT ${COLUMNS} FROM event WHERE operation IN (${marks})${extra} ` +
    `ORDER BY ${ORDERS[s.order ?? 'time']}`;
  return db.prepare(sql).iterate(...s.operations, ...(s.params ?? [])) as
    Iterable<Ev>;
}

/** Reads the events of a scan into an array (for small result sets). */
export function readEvents(db: Database.Database, s: Scan): Ev[] {
  return [...scanEvents(db, s)];
}

/** Yields runs of consecutive rows that share a key; null keys skipped. */
export function* groupRuns<T>(
  rows: Iterable<T>,
  keyOf: (r: T) => string | null,
): Generator<[string, T[]]> {
  let key: string | null = null;
  let run: T[] = [];
  for (const r of rows) {
    const k = keyOf(r);
    if (k !== key && key !== null && run.length) yield [key, run];
    if (k !== key) run = [];
    key = k;
    if (k !== null) run.push(r);
  }
  if (key !== null && run.length) yield [key, run];
}

/** An operation name with and without the period the UAL adds. */
export function withPeriod(...names: string[]): string[] {
  return names.flatMap((n) => [n, `${n}.`]);
}

/**
 * A change as the Entra audit log and its UAL copy both record it: the
 * operation without the UAL's trailing period, and the UTC minute.
 */
export function changeKey(e: Pick<Ev, 'operation' | 'time_ms'>): string {
  const minute = new Date(e.time_ms).toISOString().slice(0, 16);
  return `${e.operation.replace(/\.$/, '')}|${minute}`;
}

/** Iterates events matching a fixed condition, for rules of no operation. */
export function scanWhere(
  db: Database.Database,
  where: string,
  order: ScanOrder,
  params: (string | number)[] = [],
): Iterable<Ev> {
  const sql =
    `SELECT ${COLUMNS} FROM event WHERE ${where} ` +
    `ORDER BY ${ORDERS[order]}`;
  return db.prepare(sql).iterate(...params) as Iterable<Ev>;
}
