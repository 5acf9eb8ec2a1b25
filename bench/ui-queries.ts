/**
 * Benchmark of the workbench's queries on a case given by path: first
 * timeline page, pages deep in the scroll, filtered pages, search, the
 * histogram and the pivots, each as p50 and p95 over repeated runs.
 *
 * Not a test: it asserts nothing. Run after `npm run build`:
 *   node dist/bench/ui-queries.js <case> [--runs N] [--json out.json]
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type Database from 'better-sqlite3';
import { closeCase, openCase } from '../src-main/case/case-file.js';
import { EvidenceReader } from '../src-main/case/evidence-store.js';
import { queryHistogram } from '../src-main/query/histogram-query.js';
import { readEventDetail } from '../src-main/query/event-detail.js';
import { ipFacts } from '../src-main/query/ip-query.js';
import {
  countTimeline,
  queryTimeline,
} from '../src-main/query/timeline-query.js';
import { summarizeUsers, userFacts } from '../src-main/query/users-query.js';

/** Latency of one query over repeated runs, in milliseconds. */
export interface QueryTiming {
  name: string;
  runs: number;
  p50: number;
  p95: number;
  max: number;
}

/** What a run of the benchmark measured. */
export interface UiBenchResult {
  casePath: string;
  events: number;
  cores: number;
  timings: QueryTiming[];
}

const PAGE = 100;
const noMeaning = () => null;

/** Runs every workbench query `runs` times on the case at casePath. */
export function benchUiQueries(casePath: string, runs = 20): UiBenchResult {
  const c = openCase(casePath, { readonly: true });
  try {
    const events = countTimeline(c.db, {});
    const timings = cases(c.db, events).map(([name, fn, heavy]) =>
      measure(name, fn, heavy ? Math.max(3, Math.ceil(runs / 4)) : runs),
    );
    return { casePath, events, cores: cpus().length, timings };
  } finally {
    closeCase(c);
  }
}

type BenchCase = [name: string, fn: () => unknown, heavy?: boolean];

function cases(db: Database.Database, events: number): BenchCase[] {
  const probe = sample(db);
  const page = (startRow: number, descending = false) => () =>
    queryTimeline(db, {
      filter: {},
      sort: { column: 'time', descending },
      startRow,
      endRow: startRow + PAGE,
    }, noMeaning);
  const filtered = (filter: object, column = 'time') => () =>
    queryTimeline(db, {
      filter,
      sort: { column: column as 'time', descending: false },
      startRow: 0,
      endRow: PAGE,
    }, noMeaning);
  const reader = new EvidenceReader(db);
  return [
    ['first page (time)', page(0)],
    ['first page (time, descending)', page(0, true)],
    ['page at 10%', page(Math.floor(events * 0.1))],
    ['page at 50% (deep scroll)', page(Math.floor(events * 0.5))],
    ['page at 90%', page(Math.floor(events * 0.9))],
    ['filter user, by time', filtered({ user: probe.user })],
    ['filter ip, by time', filtered({ ip: probe.ip })],
    ['filter country, by time', filtered({ country: probe.country })],
    ['filter operation, by time', filtered({ operation: probe.operation })],
    ['sort by user', filtered({}, 'user')],
    ['sort by city (unindexed)', filtered({}, 'city'), true],
    ['search (full text, an IP)', filtered({ search: probe.ip })],
    ['search (full text, a user)', filtered({ search: probe.user })],
    ['search (an operation, common)', filtered({ search: probe.operation })],
    ['count, user filter', () => countTimeline(db, { user: probe.user })],
    ['count, all', () => countTimeline(db, {}), true],
    ['histogram, all', () => queryHistogram(db, {}, 200), true],
    ['histogram, user', () => queryHistogram(db, { user: probe.user }, 200)],
    ['user list (all actors)', () => summarizeUsers(db), true],
    ['user profile', () => userFacts(db, probe.user)],
    ['ip profile', () => ipFacts(db, probe.ip)],
    ['event detail', () => readEventDetail(db, reader, probe.id, () => ({
      operation: null,
      resultCode: null,
    }))],
  ];
}

interface Probe {
  id: number;
  user: string;
  ip: string;
  country: string;
  operation: string;
}

// Values taken from one event in the middle of the timeline.
function sample(db: Database.Database): Probe {
  const r = db
    .prepare(
      `SELECT id, coalesce(actor, '') AS user, coalesce(ip, '') AS ip,
         coalesce(country, 'US') AS country, operation
       FROM event ORDER BY id LIMIT 1
       OFFSET (SELECT count(*) / 2 FROM event)`,
    )
    .get() as Probe | undefined;
  return r ?? { id: 1, user: '', ip: '', country: 'US', operation: '' };
}

function measure(name: string, fn: () => unknown, runs: number): QueryTiming {
  fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const pick = (q: number) =>
    round(times[Math.min(runs - 1, Math.floor(q * runs))]);
  return {
    name, runs, p50: pick(0.5), p95: pick(0.95), max: round(times[runs - 1]),
  };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** Formats a result as a plain-text table. */
export function formatTable(r: UiBenchResult): string {
  const head = `${r.casePath}: ${r.events} events, ${r.cores} cores\n`;
  const rows = r.timings.map(
    (t) =>
      `${t.name.padEnd(34)} p50 ${fmt(t.p50)}  p95 ${fmt(t.p95)}  ` +
      `max ${fmt(t.max)}  (${t.runs} runs)`,
  );
  return `${head}${rows.join('\n')}\n`;
}

function fmt(ms: number): string {
  return `${ms.toFixed(2).padStart(9)} ms`;
}

function main(argv: string[]): void {
  const [casePath] = argv;
  if (!casePath) {
    process.stderr.write(
      'usage: node dist/bench/ui-queries.js <case> [--runs N] [--json out]\n',
    );
    process.exitCode = 2;
    return;
  }
  const runs = Number(option(argv, '--runs') ?? 20);
  const result = benchUiQueries(casePath, runs);
  process.stdout.write(formatTable(result));
  const json = option(argv, '--json');
  if (json) writeFileSync(json, `${JSON.stringify(result, null, 2)}\n`);
}

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2));
}
