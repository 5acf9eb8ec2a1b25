/**
 * The measured steps of the benchmark. Each runs in a child process of
 * its own, so that its peak resident memory is its own.
 */
import { rmSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type Database from 'better-sqlite3';
import type { BundleScope } from '../src-main/bundle/bundle-scope.js';
import {
  closeCase,
  createCase,
  openCase,
} from '../src-main/case/case-file.js';
import { exportBundle } from '../src-main/bundle/export-bundle.js';
import { openGeo } from '../src-main/enrich/geoip.js';
import { importFile } from '../src-main/import/import-file.js';
import { buildSearchIndex } from '../src-main/search/search-index.js';
import { refreshSummaries } from '../src-main/query/summaries.js';
import { benchUiQueries, type QueryTiming } from './ui-queries.js';

/**
 * The import of one group of files, as one import command takes them:
 * summaries are rebuilt and search is indexed once, after the group.
 */
export interface GroupImport {
  files: string[];
  bytes: number;
  events: number;
  /** Until the timeline is browsable: stored, indexed, summarized. */
  importSeconds: number;
  /** The full-text index of the group, built after it is browsable. */
  searchSeconds: number;
  /** Peak RSS of the process so far, once browsable and search-ready. */
  peakRssMb: { browsable: number; searchReady: number };
}

/** What building one case measured. */
export interface CaseBuild {
  casePath: string;
  caseBytes: number;
  groups: GroupImport[];
  peakRssMb: number;
}

/** Imports groups of files in order into a new case. */
export async function buildCase(
  casePath: string,
  groups: string[][],
): Promise<CaseBuild> {
  removeCase(casePath);
  const c = createCase(casePath, {
    caseNumber: 'BENCH-1', title: 'benchmark', examiner: 'Bench',
  });
  const geo = openGeo();
  const out: GroupImport[] = [];
  try {
    for (const files of groups) out.push(await importGroup(c, files, geo));
  } finally {
    closeCase(c);
  }
  return {
    casePath,
    caseBytes: statSync(casePath).size,
    groups: out,
    peakRssMb: peakRssMb(),
  };
}

async function importGroup(
  c: ReturnType<typeof createCase>,
  files: string[],
  geo: ReturnType<typeof openGeo>,
): Promise<GroupImport> {
  const t0 = performance.now();
  let bytes = 0;
  let events = 0;
  for (const file of files) {
    const s = await importFile(c, file, { geo });
    if (s.status !== 'imported') {
      throw new Error(`${file}: ${s.status}: ${s.message ?? ''}`);
    }
    bytes += s.size;
    events += s.counts.read;
  }
  refreshSummaries(c.db);
  const t1 = performance.now();
  const browsable = peakRssMb();
  buildSearchIndex(c.db);
  const t2 = performance.now();
  return {
    files, bytes, events,
    importSeconds: (t1 - t0) / 1000,
    searchSeconds: (t2 - t1) / 1000,
    peakRssMb: { browsable, searchReady: peakRssMb() },
  };
}

/** Deletes a case file and its write-ahead log. */
export function removeCase(casePath: string): void {
  for (const p of [casePath, `${casePath}-wal`, `${casePath}-shm`]) {
    rmSync(p, { force: true });
  }
}

/** What loading one file into DuckDB measured. */
export interface DuckDbLoad {
  rows: number;
  seconds: number;
  dbBytes: number;
  peakRssMb: number;
  query: string;
}

/**
 * Loads a JSON file with DuckDB's read_json_auto into an on-disk table,
 * two threads, as an analyst would. `sample_size = -1` makes DuckDB read
 * the whole file to infer the columns; with its default sample it
 * refuses audit records whose keys vary.
 */
export async function loadWithDuckDb(
  file: string,
  dbPath: string,
): Promise<DuckDbLoad> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  removeCase(dbPath);
  rmSync(`${dbPath}.wal`, { force: true });
  const query = `CREATE TABLE t AS SELECT * FROM read_json_auto(` +
    `'${file.replace(/'/g, "''")}', sample_size = -1)`;
  const t0 = performance.now();
  const db = await DuckDBInstance.create(dbPath, { threads: '2' });
  const con = await db.connect();
  await con.run(query);
  await con.run('CHECKPOINT');
  const seconds = (performance.now() - t0) / 1000;
  const r = await con.runAndReadAll('SELECT count(*) FROM t');
  const rows = Number(r.getRows()[0][0]);
  con.closeSync();
  db.closeSync();
  return {
    rows,
    seconds,
    dbBytes: statSync(dbPath).size,
    peakRssMb: peakRssMb(),
    query: query.replace(file, '<file>'),
  };
}

/** What exporting a bundle measured. */
export interface BundleExport {
  seconds: number;
  bytes: number;
  events: number;
  /** The bundle's scope: empty for the whole case. */
  scope: BundleScope;
}

/** Query timings and the export of a built case. */
export interface CaseUse {
  events: number;
  queries: QueryTiming[];
  export: BundleExport;
  peakRssMb: number;
}

/** Events a bench bundle holds at most, as the issue asks: 1M. */
export const EXPORT_EVENTS = 1_000_000;

/**
 * Times the workbench queries, then exports a bundle of the case's
 * first `exportEvents` events by time (the whole case when smaller).
 */
export async function useCase(
  casePath: string,
  bundlePath: string,
  keyDir: string,
  runs: number,
  exportEvents = EXPORT_EVENTS,
): Promise<CaseUse> {
  const q = benchUiQueries(casePath, runs);
  const c = openCase(casePath, { readonly: true });
  try {
    const scope = firstEvents(c.db, exportEvents);
    const t0 = performance.now();
    const s = await exportBundle(c.db, {
      out: bundlePath, keyDir, overwrite: true, examiner: 'Bench', scope,
      recordCustody: false,
    });
    const seconds = (performance.now() - t0) / 1000;
    return {
      events: q.events,
      queries: q.timings,
      export: { seconds, bytes: s.size, events: s.counts.events ?? 0, scope },
      peakRssMb: peakRssMb(),
    };
  } finally {
    closeCase(c);
  }
}

/**
 * A scope holding at most n events: those before the time of the
 * (n+1)th event; the whole case when it has n events or fewer.
 */
export function firstEvents(db: Database.Database, n: number): BundleScope {
  const next = db
    .prepare('SELECT time_ms FROM event ORDER BY time_ms LIMIT 1 OFFSET ?')
    .pluck()
    .get(n) as number | undefined;
  return next === undefined ? {} : { toMs: next - 1 };
}

/** Peak resident memory of this process so far, in MB. */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
