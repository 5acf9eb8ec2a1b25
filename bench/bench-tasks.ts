/**
 * The measured steps of the benchmark. Each runs in a child process of
 * its own, so that its peak resident memory is its own.
 */
import { rmSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
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

/** The import of one file into the bench case. */
export interface FileImport {
  file: string;
  bytes: number;
  events: number;
  importSeconds: number;
  searchSeconds: number;
}

/** What building one case measured. */
export interface CaseBuild {
  casePath: string;
  caseBytes: number;
  files: FileImport[];
  peakRssMb: number;
}

/** Imports files in order into a new case, indexing search after each. */
export async function buildCase(
  casePath: string,
  files: string[],
): Promise<CaseBuild> {
  removeCase(casePath);
  const c = createCase(casePath, {
    caseNumber: 'BENCH-1', title: 'benchmark', examiner: 'Bench',
  });
  const geo = openGeo();
  const out: FileImport[] = [];
  try {
    for (const file of files) out.push(await importOne(c, file, geo));
  } finally {
    closeCase(c);
  }
  return {
    casePath,
    caseBytes: statSync(casePath).size,
    files: out,
    peakRssMb: peakRssMb(),
  };
}

async function importOne(
  c: ReturnType<typeof createCase>,
  file: string,
  geo: ReturnType<typeof openGeo>,
): Promise<FileImport> {
  const t0 = performance.now();
  const s = await importFile(c, file, { geo });
  refreshSummaries(c.db);
  const t1 = performance.now();
  buildSearchIndex(c.db);
  const t2 = performance.now();
  if (s.status !== 'imported') {
    throw new Error(`${file}: ${s.status}: ${s.message ?? ''}`);
  }
  return {
    file,
    bytes: s.size,
    events: s.counts.read,
    importSeconds: (t1 - t0) / 1000,
    searchSeconds: (t2 - t1) / 1000,
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

/** Query timings and the export of a built case. */
export interface CaseUse {
  events: number;
  queries: QueryTiming[];
  export: { seconds: number; bytes: number; events: number };
  peakRssMb: number;
}

/** Times the workbench queries, then exports the case to a bundle. */
export async function useCase(
  casePath: string,
  bundlePath: string,
  keyDir: string,
  runs: number,
): Promise<CaseUse> {
  const q = benchUiQueries(casePath, runs);
  const c = openCase(casePath, { readonly: true });
  try {
    const t0 = performance.now();
    const s = await exportBundle(c.db, {
      out: bundlePath, keyDir, overwrite: true, examiner: 'Bench',
    });
    const seconds = (performance.now() - t0) / 1000;
    return {
      events: q.events,
      queries: q.timings,
      export: { seconds, bytes: s.size, events: s.counts.events ?? 0 },
      peakRssMb: peakRssMb(),
    };
  } finally {
    closeCase(c);
  }
}

/** Peak resident memory of this process so far, in MB. */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
