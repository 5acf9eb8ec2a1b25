/**
 * Reading findings for the CLI and the app: filtered and paged lists,
 * one finding with its events, a user's findings, and the events that
 * belong to any finding (the timeline's "part of a finding" filter).
 */
import type Database from 'better-sqlite3';
import type { EventRecord } from '../../src-shared/domain.js';
import {
  toEventRecord,
  type EventRow,
  type Where,
} from '../query/events-query.js';
import {
  toFinding,
  type Finding,
  type FindingRow,
  type FindingStatus,
} from './finding-types.js';
import type { FindingSeverity } from './rule.js';

/** Filters of the findings list; all given filters must hold. */
export interface FindingFilter {
  severity?: FindingSeverity[];
  ruleId?: string;
  /** Findings about this user: its actor, or in its events. */
  actor?: string;
  status?: FindingStatus[];
}

/** Columns the findings list sorts by, and their SQL. */
export const FINDING_SORTS = {
  severity:
    "CASE severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3 " +
    "WHEN 'medium' THEN 2 ELSE 1 END",
  time: 'first_time_ms',
  rule: 'rule_id',
  actor: 'actor',
  count: 'event_count',
  status: 'status',
} as const;

/** A column the findings list can be sorted by. */
export type FindingSort = keyof typeof FINDING_SORTS;

/** A page request of the findings list. */
export interface FindingPage extends FindingFilter {
  sort?: FindingSort;
  descending?: boolean;
  limit?: number;
  offset?: number;
}

/** One page of findings and how many match in all. */
export interface FindingList {
  total: number;
  findings: Finding[];
}

function whereOf(f: FindingFilter): Where {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  const inList = (col: string, values: string[] | undefined) => {
    if (!values?.length) return;
    parts.push(`${col} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  inList('severity', f.severity);
  inList('status', f.status);
  if (f.ruleId) {
    parts.push('rule_id = ?');
    params.push(f.ruleId);
  }
  if (f.actor) {
    // About the user: as the actor, or in the events it rests on (a
    // role granted to them by a service principal, say).
    parts.push(`(actor = ? OR id IN (SELECT fe.finding_id
      FROM finding_event fe JOIN event e ON e.id = fe.event_id
      WHERE e.actor = ? OR lower(e.target) = ?))`);
    const u = f.actor.trim().toLowerCase();
    params.push(u, u, u);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/** Lists findings; by default the most severe first, then by time. */
export function listFindings(
  db: Database.Database,
  p: FindingPage = {},
): FindingList {
  const where = whereOf(p);
  const sort = FINDING_SORTS[p.sort ?? 'severity'];
  if (!sort) throw new Error(`cannot sort findings by ${String(p.sort)}`);
  const dir = p.descending ?? (p.sort ?? 'severity') === 'severity'
    ? 'DESC'
    : 'ASC';
  const rows = db
    .prepare(
      `SELECT * FROM finding ${where.sql}
       ORDER BY ${sort} ${dir}, first_time_ms, id LIMIT ? OFFSET ?`,
    )
    .all(...where.params, p.limit ?? 1000, p.offset ?? 0) as FindingRow[];
  const total = db
    .prepare(`SELECT count(*) AS n FROM finding ${where.sql}`)
    .get(...where.params) as { n: number };
  return { total: total.n, findings: rows.map(toFinding) };
}

/** A finding with (a page of) the events it rests on. */
export interface FindingDetail {
  finding: Finding;
  events: EventRecord[];
  eventTotal: number;
}

/** One finding and its events in time order; null when there is none. */
export function findingDetail(
  db: Database.Database,
  id: number,
  eventLimit = 1000,
): FindingDetail | null {
  const row = db.prepare('SELECT * FROM finding WHERE id = ?').get(id) as
    | FindingRow
    | undefined;
  if (!row) return null;
  const events = db
    .prepare(
      `SELECT e.* FROM finding_event f JOIN event e ON e.id = f.event_id
       WHERE f.finding_id = ? ORDER BY e.time_ms, e.id LIMIT ?`,
    )
    .all(id, eventLimit) as EventRow[];
  return {
    finding: toFinding(row),
    events: events.map(toEventRecord),
    eventTotal: row.event_count,
  };
}

/**
 * A user's findings: those naming the user as actor, and those resting
 * on events the user acted in or was the target of.
 */
export function findingsForUser(
  db: Database.Database,
  user: string,
): Finding[] {
  const u = user.trim().toLowerCase();
  const rows = db
    .prepare(
      `SELECT * FROM finding WHERE actor = @u OR id IN (
         SELECT f.finding_id FROM finding_event f
         JOIN event e ON e.id = f.event_id
         WHERE e.actor = @u OR lower(e.target) = @u)
       ORDER BY first_time_ms, id`,
    )
    .all({ u }) as FindingRow[];
  return rows.map(toFinding);
}

/** Ids of events that belong to a finding, optionally of some findings. */
export function eventIdsInFindings(
  db: Database.Database,
  f: FindingFilter = {},
): number[] {
  const where = whereOf(f);
  return db
    .prepare(
      `SELECT DISTINCT fe.event_id FROM finding_event fe
       WHERE fe.finding_id IN (SELECT id FROM finding ${where.sql})
       ORDER BY fe.event_id`,
    )
    .pluck()
    .all(...where.params) as number[];
}

/**
 * A condition on the event table keeping events that belong to a
 * finding, to AND into a timeline query without listing their ids.
 */
export function inFindingCondition(f: FindingFilter = {}): Where {
  const where = whereOf(f);
  return {
    sql:
      'id IN (SELECT event_id FROM finding_event WHERE finding_id IN ' +
      `(SELECT id FROM finding ${where.sql}))`,
    params: where.params,
  };
}
