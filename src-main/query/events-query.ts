/**
 * The timeline query layer: filters, sort and paging of events turned
 * into parameterized SQL. Every identifier comes from a fixed list.
 */
import { isIP } from 'node:net';
import type Database from 'better-sqlite3';
import { TrailError } from '../../src-shared/errors.js';
import { parseCidr } from '../policy/networks.js';
import { ftsQuery, searchIndexState } from '../search/search-index.js';
import { FTS_EVENT_ID } from '../search/search-keys.js';
import type {
  Category,
  EventRecord,
  Result,
} from '../../src-shared/domain.js';

/** Filters of the timeline; all given filters must hold. */
export interface EventFilter {
  user?: string;
  ip?: string;
  country?: string;
  operation?: string;
  source?: string;
  category?: Category;
  result?: Result;
  evidenceId?: number;
  fromMs?: number;
  toMs?: number;
  search?: string;
  ids?: number[];
}

/** Sortable columns and their SQL expressions. */
export const SORT_COLUMNS = {
  time: 'time_ms',
  source: 'source',
  operation: 'operation',
  category: 'category',
  result: 'result',
  user: 'actor',
  ip: 'ip',
  country: 'country',
  city: 'city',
  asn: 'asn',
  app: 'client_app',
  target: 'target',
} as const;

/** A column the timeline can be sorted by. */
export type SortColumn = keyof typeof SORT_COLUMNS;

/** A page request of the timeline. */
export interface EventPage extends EventFilter {
  sort?: SortColumn;
  descending?: boolean;
  limit: number;
  offset?: number;
}

/** SQL conditions with their bound parameters. */
export interface Where {
  sql: string;
  params: (string | number)[];
}

/** How free-text search runs: the full-text index, or LIKE until built. */
export type SearchMode = 'fts' | 'like';

/** Translates a filter into a WHERE clause. */
export function buildWhere(f: EventFilter, mode: SearchMode = 'fts'): Where {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  const eq = (col: string, v: string | number | undefined) => {
    if (v === undefined || v === '') return;
    parts.push(`${col} = ?`);
    params.push(v);
  };
  eq('actor', f.user === undefined ? undefined : normalizeUser(f.user));
  addIp(f.ip, parts, params);
  eq('country', countryCode(f.country));
  eq('operation', f.operation);
  eq('source', f.source);
  eq('category', f.category);
  eq('result', f.result);
  eq('evidence_id', f.evidenceId);
  if (f.fromMs !== undefined) {
    parts.push('time_ms >= ?');
    params.push(f.fromMs);
  }
  if (f.toMs !== undefined) {
    parts.push('time_ms <= ?');
    params.push(f.toMs);
  }
  if (f.ids) {
    parts.push(`id IN (${f.ids.map(() => '?').join(', ') || 'NULL'})`);
    params.push(...f.ids);
  }
  if (f.search) addSearch(f.search, mode, parts, params);
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

// One address, or a CIDR range (every address in it: a scan, as the
// index orders addresses as text).
function addIp(
  ip: string | undefined,
  parts: string[],
  params: (string | number)[],
): void {
  if (ip === undefined || ip === '') return;
  const text = ip.trim();
  if (text.includes('/')) {
    if (!parseCidr(text)) throw badFilter('ip', ip, IP_EXAMPLE);
    parts.push('in_network(ip, ?)');
    params.push(text);
    return;
  }
  if (isIP(text) === 0) throw badFilter('ip', ip, IP_EXAMPLE);
  parts.push('ip = ?');
  params.push(text);
}

const IP_EXAMPLE = 'an IP address or CIDR range, e.g. 203.0.113.7 or ' +
  '203.0.113.0/24';

function countryCode(c: string | undefined): string | undefined {
  if (c === undefined || c === '') return undefined;
  if (!/^[A-Za-z]{2}$/.test(c.trim())) {
    throw badFilter('country', c, 'a two-letter ISO 3166 code, e.g. CN');
  }
  return c.trim().toUpperCase();
}

function badFilter(name: string, value: string, want: string): TrailError {
  return new TrailError('BAD_REQUEST',
    `the ${name} filter '${value}' is not ${want}`);
}

function normalizeUser(u: string): string {
  return u.includes('@') ? u.trim().toLowerCase() : u.trim();
}

const SEARCH_COLUMNS = [
  'operation', 'actor', 'ip', 'ip_original', 'user_agent', 'target',
  'client_app', 'workload', 'details',
];

function addSearch(
  text: string,
  mode: SearchMode,
  parts: string[],
  params: (string | number)[],
): void {
  const fts = mode === 'fts' ? ftsQuery(text) : null;
  if (fts) {
    parts.push(`id IN (SELECT ${FTS_EVENT_ID} FROM event_fts ` +
      'WHERE event_fts MATCH ?)');
    params.push(fts);
    return;
  }
  for (const term of likeTerms(text)) {
    const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const ors = SEARCH_COLUMNS.map((c) => `${c} LIKE ? ESCAPE '\\'`);
    parts.push(`(${ors.join(' OR ')})`);
    params.push(...SEARCH_COLUMNS.map(() => like));
  }
}

/**
 * The terms of a search as the index reads them (words, or phrases in
 * quotes, each of which must appear), without quotes or a trailing `*`,
 * for the substring match used until the index covers every event.
 */
function likeTerms(text: string): string[] {
  const terms = text.match(/"[^"]+"\*?|\S+/g) ?? [];
  return terms
    .map((t) => t.replace(/\*+$/, '').replace(/"/g, '').trim())
    .filter((t) => t !== '');
}

/** Translates sort and paging into ORDER BY / LIMIT / OFFSET. */
export function buildOrder(p: EventPage): { sql: string; params: number[] } {
  const col = SORT_COLUMNS[p.sort ?? 'time'];
  if (!col) throw new Error(`cannot sort by ${String(p.sort)}`);
  const dir = p.descending ? 'DESC' : 'ASC';
  const tie = col === 'time_ms' ? `id ${dir}` : `time_ms ${dir}, id ${dir}`;
  return {
    sql: `ORDER BY ${col} ${dir}, ${tie} LIMIT ? OFFSET ?`,
    params: [p.limit, p.offset ?? 0],
  };
}

/** Search by the index when it covers every event, else by LIKE. */
export function searchMode(db: Database.Database): SearchMode {
  return searchIndexState(db).pending === 0 ? 'fts' : 'like';
}

/** Reads one page of events. */
export function queryEvents(
  db: Database.Database,
  p: EventPage,
): EventRecord[] {
  const where = buildWhere(p, p.search ? searchMode(db) : 'fts');
  const order = buildOrder(p);
  const rows = db
    .prepare(`SELECT * FROM event ${where.sql} ${order.sql}`)
    .all(...where.params, ...order.params) as EventRow[];
  return rows.map(toEventRecord);
}

/** Counts the events a filter matches. */
export function countEvents(db: Database.Database, f: EventFilter): number {
  const where = buildWhere(f, f.search ? searchMode(db) : 'fts');
  const r = db
    .prepare(`SELECT count(*) AS n FROM event ${where.sql}`)
    .get(...where.params) as { n: number };
  return r.n;
}

/** An event row as SQLite returns it. */
export interface EventRow {
  id: number;
  time_ms: number;
  time_text: string;
  source: string;
  workload: string | null;
  operation: string;
  category: string;
  result: string;
  result_code: string | null;
  actor: string | null;
  actor_original: string | null;
  actor_id: string | null;
  target: string | null;
  ip: string | null;
  ip_original: string | null;
  port: number | null;
  user_agent: string | null;
  client_app: string | null;
  session_id: string | null;
  correlation_id: string | null;
  record_id: string | null;
  tenant_id: string | null;
  country: string | null;
  region: string | null;
  city: string | null;
  lat: number | null;
  lon: number | null;
  asn: number | null;
  as_org: string | null;
  source_location: string | null;
  evidence_id: number;
  byte_offset: number;
  byte_length: number;
  line: number | null;
  row: number | null;
  conflict: number;
  details: string | null;
}

/** Translates a stored row into the domain event. */
export function toEventRecord(r: EventRow): EventRecord {
  return {
    id: r.id,
    timeMs: r.time_ms,
    timeUtc: new Date(r.time_ms).toISOString(),
    timeText: r.time_text,
    source: r.source,
    workload: r.workload,
    operation: r.operation,
    category: r.category as Category,
    result: r.result as Result,
    resultCode: r.result_code,
    actor: r.actor,
    actorOriginal: r.actor_original,
    actorId: r.actor_id,
    target: r.target,
    ip: r.ip,
    ipOriginal: r.ip_original,
    port: r.port,
    userAgent: r.user_agent,
    clientApp: r.client_app,
    sessionId: r.session_id,
    correlationId: r.correlation_id,
    recordId: r.record_id,
    tenantId: r.tenant_id,
    geo: {
      country: r.country,
      region: r.region,
      city: r.city,
      lat: r.lat,
      lon: r.lon,
      asn: r.asn,
      asOrg: r.as_org,
    },
    sourceLocation: r.source_location,
    evidenceId: r.evidence_id,
    byteOffset: r.byte_offset,
    byteLength: r.byte_length,
    line: r.line,
    row: r.row,
    conflict: r.conflict === 1,
    details: r.details
      ? (JSON.parse(r.details) as Record<string, unknown>)
      : null,
  };
}
