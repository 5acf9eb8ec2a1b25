/**
 * Users (actors) of a case: the summary grid of everyone who appears in
 * the timeline, and the profile of one user for the user page.
 */
import type Database from 'better-sqlite3';
import type {
  Counted,
  DayCount,
  IpUse,
  Page,
  SignInPoint,
  UserProfile,
  UserSortColumn,
  UserSummary,
} from '../../src-shared/contract.js';
import { summariesFresh } from './summaries.js';

/** Everything the user page needs besides the credits. */
export type UserFacts = Omit<UserProfile, 'geoCredit' | 'findings'>;

/** A page request of the users grid. */
export interface UsersPage {
  search?: string;
  sort?: { column: UserSortColumn; descending: boolean };
  startRow: number;
  endRow: number;
}

interface SummaryRow {
  actor: string;
  events: number;
  first_ms: number;
  last_ms: number;
  countries: string | null;
  ips: number;
  failed: number;
}

/**
 * Summarizes every actor: from the actor summary when it is fresh, else
 * in one pass over the event table, which callers then cache per version
 * of the data. A sequential scan beats walking the actor index, which
 * would fetch every row out of order (1.6 s against 4.1 s at 1M events).
 */
export function summarizeUsers(db: Database.Database): UserSummary[] {
  const sql = summariesFresh(db)
    ? `SELECT actor, events, first_ms, last_ms, countries, ips, failed
       FROM actor_summary`
    : `SELECT actor, count(*) AS events, min(time_ms) AS first_ms,
         max(time_ms) AS last_ms,
         group_concat(DISTINCT country) AS countries,
         count(DISTINCT ip) AS ips,
         sum(category = 'sign-in' AND result = 'failure') AS failed
       FROM event NOT INDEXED WHERE actor IS NOT NULL GROUP BY actor`;
  const rows = db.prepare(sql).all() as SummaryRow[];
  return rows.map((r) => ({
    user: r.actor,
    events: r.events,
    firstMs: r.first_ms,
    lastMs: r.last_ms,
    countries: r.countries ? r.countries.split(',').sort() : [],
    ips: r.ips,
    failedSignIns: r.failed,
  }));
}

const SORT_KEYS: Record<UserSortColumn, (u: UserSummary) => number | string> = {
  user: (u) => u.user,
  events: (u) => u.events,
  firstSeen: (u) => u.firstMs,
  lastSeen: (u) => u.lastMs,
  countries: (u) => u.countries.length,
  ips: (u) => u.ips,
  failedSignIns: (u) => u.failedSignIns,
};

/** Filters, sorts and pages a list of user summaries. */
export function pageUsers(all: UserSummary[], p: UsersPage): Page<UserSummary> {
  const needle = p.search?.trim().toLowerCase();
  const hits = needle ? all.filter((u) => u.user.includes(needle)) : all;
  const column = p.sort?.column ?? 'events';
  const key = SORT_KEYS[column];
  const dir = (p.sort?.descending ?? column !== 'user') ? -1 : 1;
  const sorted = [...hits].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) return (ka < kb ? -1 : 1) * dir;
    return a.user < b.user ? -1 : a.user > b.user ? 1 : 0;
  });
  return { rows: sorted.slice(p.startRow, p.endRow), total: hits.length };
}

/** Builds the profile of one user from the events they are the actor of. */
export function userFacts(db: Database.Database, user: string): UserFacts {
  const totals = db
    .prepare(
      `SELECT count(*) AS n, min(time_ms) AS lo, max(time_ms) AS hi,
         sum(category = 'sign-in' AND result = 'failure') AS failed
       FROM event WHERE actor = ?`,
    )
    .get(user) as { n: number; lo: number | null; hi: number | null;
      failed: number | null };
  return {
    user,
    events: totals.n,
    firstMs: totals.lo,
    lastMs: totals.hi,
    failedSignIns: totals.failed ?? 0,
    countries: countBy(db, user, 'country', 300),
    ips: ipUses(db, user),
    userAgents: countBy(db, user, 'user_agent', 100),
    apps: countBy(db, user, 'workload', 100),
    clients: countBy(db, user, 'client_app', 100),
    activity: activity(db, user),
    signInPoints: signInPoints(db, user),
  };
}

type CountColumn = 'country' | 'user_agent' | 'workload' | 'client_app';

function countBy(
  db: Database.Database,
  user: string,
  column: CountColumn,
  limit: number,
): Counted[] {
  return db
    .prepare(
      `SELECT ${column} AS value, count(*) AS count FROM event
       WHERE actor = ? AND ${column} IS NOT NULL
       GROUP BY ${column} ORDER BY count DESC, value LIMIT ?`,
    )
    .all(user, limit) as Counted[];
}

interface IpRow {
  ip: string;
  count: number;
  first_ms: number;
  last_ms: number;
  country: string | null;
  city: string | null;
  asn: number | null;
  as_org: string | null;
}

function ipUses(db: Database.Database, user: string): IpUse[] {
  const rows = db
    .prepare(
      `SELECT ip, count(*) AS count, min(time_ms) AS first_ms,
         max(time_ms) AS last_ms, max(country) AS country, max(city) AS city,
         max(asn) AS asn, max(as_org) AS as_org
       FROM event WHERE actor = ? AND ip IS NOT NULL
       GROUP BY ip ORDER BY count DESC, ip LIMIT 500`,
    )
    .all(user) as IpRow[];
  return rows.map((r) => ({
    ip: r.ip,
    count: r.count,
    firstMs: r.first_ms,
    lastMs: r.last_ms,
    country: r.country,
    city: r.city,
    asn: r.asn,
    asOrg: r.as_org,
  }));
}

const DAY_MS = 86_400_000;

function activity(db: Database.Database, user: string): DayCount[] {
  const rows = db
    .prepare(
      `SELECT time_ms / ${DAY_MS} - (time_ms < 0 AND time_ms % ${DAY_MS} != 0)
         AS d, count(*) AS n
       FROM event WHERE actor = ? GROUP BY d ORDER BY d`,
    )
    .all(user) as { d: number; n: number }[];
  return rows.map((r) => ({
    day: new Date(r.d * DAY_MS).toISOString().slice(0, 10),
    count: r.n,
  }));
}

function signInPoints(db: Database.Database, user: string): SignInPoint[] {
  return db
    .prepare(
      `SELECT lat, lon, max(country) AS country, max(city) AS city,
         count(*) AS count, sum(result = 'failure') AS failures
       FROM event
       WHERE actor = ? AND category = 'sign-in' AND lat IS NOT NULL
         AND lon IS NOT NULL
       GROUP BY lat, lon ORDER BY count DESC LIMIT 1000`,
    )
    .all(user) as SignInPoint[];
}
