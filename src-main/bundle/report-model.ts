/**
 * What the human-readable report says, gathered once and drawn twice:
 * as HTML and as PDF.
 */
import type Database from 'better-sqlite3';
import type { CaseInfo } from '../../src-shared/domain.js';
import type { CustodyEntry } from '../case/custody.js';
import { GEO_CREDIT } from '../enrich/geoip.js';
import type { EventRow } from '../query/events-query.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { isoTime, type Condition } from './bundle-scope.js';
import type { GeoDatabases } from './case-metadata.js';
import type { BundleEvidence } from './evidence-items.js';
import type { BundleFinding } from './findings-annotations.js';

/** Evidence rows shown per finding; the rest are in `events.csv`. */
export const ROWS_PER_FINDING = 50;
/** Users shown in the per-user summary, most active first. */
export const USERS_SHOWN = 500;

/** One event as a row of evidence under a finding. */
export interface EvidenceRow {
  eventId: number;
  time: string;
  operation: string;
  result: string;
  user: string | null;
  ip: string | null;
  country: string | null;
  exhibit: string;
  sha256: string;
  line: number | null;
  row: number | null;
  byteOffset: number;
  byteLength: number;
}

/** A finding with the evidence rows that support it. */
export interface ReportFinding extends BundleFinding {
  rows: EvidenceRow[];
}

/** Activity of one user within the scope. */
export interface UserSummary {
  user: string | null;
  events: number;
  failures: number;
  first: string;
  last: string;
  ips: number;
  countries: string[];
  findings: number;
}

/** Everything the report shows. */
export interface ReportModel {
  info: CaseInfo;
  tool: string;
  exportedAt: string;
  exportedBy: string;
  scope: string[];
  counts: Record<string, number>;
  span: { first: string | null; last: string | null };
  evidence: BundleEvidence[];
  findings: ReportFinding[];
  users: UserSummary[];
  usersOmitted: number;
  custody: CustodyEntry[];
  geo: GeoDatabases[];
  geoCredit: string;
  fingerprint: string;
}

/** What the report model is built from. */
export interface ReportInput {
  db: Database.Database;
  cond: Condition;
  info: CaseInfo;
  exportedAt: string;
  exportedBy: string;
  scope: string[];
  counts: Record<string, number>;
  evidence: BundleEvidence[];
  evidenceById: Map<number, BundleEvidence>;
  findings: BundleFinding[];
  custody: CustodyEntry[];
  geo: GeoDatabases[];
  fingerprint: string;
}

/** Gathers the report model. */
export function buildReportModel(r: ReportInput): ReportModel {
  const users = userSummaries(r.db, r.cond, r.findings);
  return {
    info: r.info,
    tool: `${TOOL_NAME} ${TOOL_VERSION}`,
    exportedAt: r.exportedAt,
    exportedBy: r.exportedBy,
    scope: r.scope,
    counts: { ...r.counts, users: users.total },
    span: timeSpan(r.db, r.cond),
    evidence: r.evidence,
    findings: r.findings.map((f) => ({
      ...f,
      rows: findingRows(r.db, r.cond, f.id, r.evidenceById),
    })),
    users: users.shown,
    usersOmitted: users.total - users.shown.length,
    custody: r.custody,
    geo: r.geo,
    geoCredit: GEO_CREDIT,
    fingerprint: r.fingerprint,
  };
}

function timeSpan(
  db: Database.Database,
  cond: Condition,
): ReportModel['span'] {
  const r = db
    .prepare(
      `SELECT min(time_ms) AS first, max(time_ms) AS last
       FROM event WHERE ${cond.sql}`,
    )
    .get(...cond.params) as { first: number | null; last: number | null };
  return {
    first: r.first === null ? null : isoTime(r.first),
    last: r.last === null ? null : isoTime(r.last),
  };
}

function findingRows(
  db: Database.Database,
  cond: Condition,
  findingId: number,
  evidence: Map<number, BundleEvidence>,
): EvidenceRow[] {
  const rows = db
    .prepare(
      `SELECT * FROM event WHERE (${cond.sql}) AND id IN
         (SELECT event_id FROM finding_event WHERE finding_id = ?)
       ORDER BY time_ms, id LIMIT ?`,
    )
    .all(...cond.params, findingId, ROWS_PER_FINDING) as EventRow[];
  return rows.map((e) => evidenceRow(e, evidence.get(e.evidence_id)));
}

function evidenceRow(e: EventRow, ev: BundleEvidence | undefined): EvidenceRow {
  return {
    eventId: e.id,
    time: isoTime(e.time_ms),
    operation: e.operation,
    result: e.result,
    user: e.actor,
    ip: e.ip,
    country: e.country,
    exhibit: ev?.exhibitNumber ?? '?',
    sha256: ev?.sha256 ?? '',
    line: e.line,
    row: e.row,
    byteOffset: e.byte_offset,
    byteLength: e.byte_length,
  };
}

interface UserRow {
  user: string | null;
  events: number;
  failures: number;
  first: number;
  last: number;
  ips: number;
  countries: string | null;
}

function userSummaries(
  db: Database.Database,
  cond: Condition,
  findings: readonly BundleFinding[],
): { shown: UserSummary[]; total: number } {
  const total = db
    .prepare(
      `SELECT count(*) AS n FROM
         (SELECT 1 FROM event WHERE ${cond.sql} GROUP BY actor)`,
    )
    .get(...cond.params) as { n: number };
  const rows = db
    .prepare(
      `SELECT actor AS user, count(*) AS events,
         sum(result = 'failure') AS failures,
         min(time_ms) AS first, max(time_ms) AS last,
         count(DISTINCT ip) AS ips,
         group_concat(DISTINCT country) AS countries
       FROM event WHERE ${cond.sql}
       GROUP BY actor ORDER BY events DESC, actor LIMIT ?`,
    )
    .all(...cond.params, USERS_SHOWN) as UserRow[];
  return { shown: rows.map((u) => toUserSummary(u, findings)), total: total.n };
}

function toUserSummary(
  u: UserRow,
  findings: readonly BundleFinding[],
): UserSummary {
  return {
    user: u.user,
    events: u.events,
    failures: u.failures,
    first: isoTime(u.first),
    last: isoTime(u.last),
    ips: u.ips,
    countries: (u.countries ?? '').split(',').filter(Boolean).sort(),
    findings: u.user === null ? 0 : countWhere(findings, u.user),
  };
}

function countWhere(findings: readonly BundleFinding[], user: string): number {
  return findings.filter((f) => f.actor === user).length;
}

/** Where a record is: its row or line, and its byte range. */
export function position(r: EvidenceRow): string {
  const where = r.row !== null ? `row ${r.row}` : `line ${r.line ?? '?'}`;
  return `${where}, bytes ${r.byteOffset}+${r.byteLength}`;
}
