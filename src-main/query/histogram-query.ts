/**
 * Events over time: counts per bucket of the filtered timeline, with a
 * bucket size the engine picks from a list of round durations.
 */
import type Database from 'better-sqlite3';
import type {
  EventFilter,
  Histogram,
} from '../../src-shared/contract.js';
import type { Where } from './events-query.js';
import { MINUTE_MS, summariesFresh } from './summaries.js';
import { modeFor, timelineWhere } from './timeline-query.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Round bucket sizes, smallest first. */
export const BUCKET_SIZES: readonly number[] = [
  SECOND, 5 * SECOND, 15 * SECOND, 30 * SECOND,
  MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR,
  DAY, 7 * DAY, 30 * DAY, 365 * DAY,
];

/** The smallest round bucket size that spans a range in at most n buckets. */
export function chooseBucketMs(
  fromMs: number,
  toMs: number,
  n: number,
): number {
  for (const size of BUCKET_SIZES) {
    const first = Math.floor(fromMs / size);
    const last = Math.floor(toMs / size);
    if (last - first + 1 <= n) return size;
  }
  const span = Math.max(1, toMs - fromMs + 1);
  return Math.ceil(span / n / DAY) * DAY;
}

/**
 * Filters that have an index led by their column and followed by time.
 * With only these, each bucket is one index range count; with others,
 * one grouped pass over the matching rows is cheaper.
 */
const TIME_INDEXED = new Set(['user', 'ip', 'country', 'operation', 'fromMs',
  'toMs']);

/** Counts the filtered events per bucket between their first and last. */
export function queryHistogram(
  db: Database.Database,
  filter: EventFilter,
  buckets: number,
): Histogram {
  const where = timelineWhere(filter, modeFor(db, filter));
  const range = db
    .prepare(
      `SELECT (SELECT min(time_ms) FROM event ${where.sql}) AS lo,
         (SELECT max(time_ms) FROM event ${where.sql}) AS hi`,
    )
    .get(...where.params, ...where.params) as {
      lo: number | null;
      hi: number | null;
    };
  if (range.lo === null || range.hi === null) {
    return { fromMs: filter.fromMs ?? 0, bucketMs: DAY, counts: [], total: 0 };
  }
  const bucketMs = chooseBucketMs(range.lo, range.hi, buckets);
  const fromMs = Math.floor(range.lo / bucketMs) * bucketMs;
  const size = Math.floor((range.hi - fromMs) / bucketMs) + 1;
  const plan = { where, fromMs, bucketMs, size };
  const counts = byMinutes(db, filter, plan) ??
    (usesTimeIndexes(filter) ? countByRanges(db, plan)
      : countByGroups(db, plan));
  const total = counts.reduce((a, b) => a + b, 0);
  return { fromMs, bucketMs, counts, total };
}

interface BucketPlan {
  where: Where;
  fromMs: number;
  bucketMs: number;
  size: number;
}

/** True when every filter given has an index with time behind it. */
export function usesTimeIndexes(filter: EventFilter): boolean {
  return Object.entries(filter).every(
    ([k, v]) => v === undefined || TIME_INDEXED.has(k),
  );
}

function countByRanges(db: Database.Database, p: BucketPlan): number[] {
  const and = p.where.sql ? `${p.where.sql} AND` : 'WHERE';
  const stmt = db
    .prepare(
      `SELECT count(*) FROM event ${and} time_ms >= ? AND time_ms < ?`,
    )
    .pluck();
  const counts: number[] = [];
  for (let i = 0; i < p.size; i++) {
    const lo = p.fromMs + i * p.bucketMs;
    counts.push(stmt.get(...p.where.params, lo, lo + p.bucketMs) as number);
  }
  return counts;
}

// better-sqlite3 binds numbers as REAL; the casts keep the division whole.
function countByGroups(db: Database.Database, p: BucketPlan): number[] {
  const rows = db
    .prepare(
      `SELECT (time_ms - CAST(? AS INTEGER)) / CAST(? AS INTEGER) AS b,
         count(*) AS n
       FROM event ${p.where.sql} GROUP BY b`,
    )
    .all(p.fromMs, p.bucketMs, ...p.where.params) as { b: number; n: number }[];
  const counts = new Array<number>(p.size).fill(0);
  for (const r of rows) counts[r.b] = r.n;
  return counts;
}

/**
 * Counts from the per-minute summary, for a timeline filtered by time
 * at most: whole minutes from the summary, the partial minutes at the
 * edges of a time filter from the time index. Null when it cannot.
 */
function byMinutes(
  db: Database.Database,
  filter: EventFilter,
  p: BucketPlan,
): number[] | null {
  const { fromMs, toMs, ...rest } = filter;
  const others = Object.values(rest).some((v) => v !== undefined && v !== '');
  if (others || p.bucketMs % MINUTE_MS !== 0) return null;
  if (!summariesFresh(db)) return null;
  const lo = fromMs ?? -Infinity;
  const hi = toMs ?? Infinity;
  const counts = new Array<number>(p.size).fill(0);
  const firstWhole = Math.ceil(lo / MINUTE_MS);
  const lastWhole = Math.floor((hi + 1) / MINUTE_MS) - 1;
  if (firstWhole <= lastWhole) addWholeMinutes(db, p, counts, firstWhole,
    lastWhole);
  for (const [a, b] of edgeRanges(lo, hi, firstWhole, lastWhole)) {
    addRange(db, p, counts, a, b);
  }
  return counts;
}

function addWholeMinutes(
  db: Database.Database,
  p: BucketPlan,
  counts: number[],
  first: number,
  last: number,
): void {
  const bound = (m: number) => (Number.isFinite(m) ? m : null);
  const rows = db
    .prepare(
      `SELECT (minute * ${MINUTE_MS} - CAST(? AS INTEGER))
         / CAST(? AS INTEGER) AS b, sum(events) AS n
       FROM minute_count
       WHERE minute >= coalesce(?, minute) AND minute <= coalesce(?, minute)
       GROUP BY b`,
    )
    .all(p.fromMs, p.bucketMs, bound(first), bound(last)) as
      { b: number; n: number }[];
  for (const r of rows) {
    if (r.b >= 0 && r.b < p.size) counts[r.b] += r.n;
  }
}

/** The parts of [lo, hi] outside whole minutes first..last. */
function edgeRanges(
  lo: number,
  hi: number,
  first: number,
  last: number,
): [number, number][] {
  if (first > last) return [[lo, hi]];
  const ranges: [number, number][] = [];
  if (lo < first * MINUTE_MS) ranges.push([lo, first * MINUTE_MS - 1]);
  if (hi > (last + 1) * MINUTE_MS - 1) {
    ranges.push([(last + 1) * MINUTE_MS, hi]);
  }
  return ranges;
}

// An edge range lies inside one minute, so inside one bucket.
function addRange(
  db: Database.Database,
  p: BucketPlan,
  counts: number[],
  lo: number,
  hi: number,
): void {
  const n = db
    .prepare('SELECT count(*) FROM event WHERE time_ms >= ? AND time_ms <= ?')
    .pluck()
    .get(lo, hi) as number;
  const b = Math.floor((lo - p.fromMs) / p.bucketMs);
  if (n > 0 && b >= 0 && b < p.size) counts[b] += n;
}
