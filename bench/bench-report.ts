/**
 * The benchmark's result: measured figures turned into rates and ratios,
 * and the table printed at the end of a run.
 */
import { cpus, totalmem } from 'node:os';
import type {
  CaseBuild,
  CaseUse,
  DuckDbLoad,
  GroupImport,
} from './bench-tasks.js';
import type { QueryTiming } from './ui-queries.js';

/** Import figures of one input format. */
export interface FormatFigures {
  format: string;
  files: number;
  events: number;
  inputBytes: number;
  browsablePerSecond: number;
  searchReadyPerSecond: number;
  browsableSeconds: number;
  searchReadySeconds: number;
  /** Peak RSS of the importing process once this format was in. */
  peakRssMb: GroupImport['peakRssMb'];
}

/** Everything one run measured. */
export interface BenchResult {
  startedAt: string;
  machine: {
    cores: number;
    cpu: string;
    memoryGb: number;
    node: string;
    loadAverage: number;
  };
  eventsTarget: number;
  formats: FormatFigures[];
  import: {
    peakRssMb: number;
    caseBytes: number;
    inputBytes: number;
    events: number;
    caseBytesPerEvent: number;
    caseToInput: number;
    purviewCaseToInput: number;
  };
  duckdb: (DuckDbLoad & {
    perSecond: number;
    oursToDuckBrowsable: number;
    oursToDuckSearchReady: number;
  }) | null;
  queries: QueryTiming[];
  queryCaseEvents: number;
  export: CaseUse['export'] & { perSecond: number };
  usePeakRssMb: number;
}

interface Parts {
  o: { events: number };
  main: CaseBuild;
  csv: CaseBuild;
  duck: DuckDbLoad | null;
  use: CaseUse;
  load: number;
}

/** Turns the raw measurements into the result. */
export function summarize(p: Parts): BenchResult {
  const [ual, signIns, gws] = p.main.groups;
  const formats = [
    figures('UAL JSON Lines', ual),
    figures('Purview CSV', p.csv.groups[0]),
    figures('Entra sign-in JSON', signIns),
    figures('Google Workspace JSON', gws),
  ];
  const f = p.main.groups;
  const inputBytes = sum(f.map((x) => x.bytes));
  const events = sum(f.map((x) => x.events));
  return {
    startedAt: new Date().toISOString(),
    machine: machine(p.load),
    eventsTarget: p.o.events,
    formats,
    import: {
      peakRssMb: Math.max(p.main.peakRssMb, p.csv.peakRssMb),
      caseBytes: p.main.caseBytes,
      inputBytes,
      events,
      caseBytesPerEvent: round(p.main.caseBytes / events, 0),
      caseToInput: round(p.main.caseBytes / inputBytes, 2),
      purviewCaseToInput: round(
        p.csv.caseBytes / p.csv.groups[0].bytes, 2),
    },
    duckdb: p.duck ? duckFigures(p.duck, formats[0]) : null,
    queries: p.use.queries,
    queryCaseEvents: p.use.events,
    export: {
      ...p.use.export,
      perSecond: Math.round(p.use.export.events / p.use.export.seconds),
    },
    usePeakRssMb: p.use.peakRssMb,
  };
}

function figures(format: string, g: GroupImport): FormatFigures {
  const { events } = g;
  const browsable = g.importSeconds;
  const ready = browsable + g.searchSeconds;
  return {
    format,
    files: g.files.length,
    events,
    inputBytes: g.bytes,
    browsablePerSecond: Math.round(events / browsable),
    searchReadyPerSecond: Math.round(events / ready),
    browsableSeconds: round(browsable, 2),
    searchReadySeconds: round(ready, 2),
    peakRssMb: g.peakRssMb,
  };
}

function duckFigures(d: DuckDbLoad, ual: FormatFigures): BenchResult['duckdb'] {
  const perSecond = Math.round(d.rows / d.seconds);
  return {
    ...d,
    perSecond,
    oursToDuckBrowsable: round(ual.browsablePerSecond / perSecond, 2),
    oursToDuckSearchReady: round(ual.searchReadyPerSecond / perSecond, 2),
  };
}

function machine(load: number): BenchResult['machine'] {
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverage: round(load, 2),
  };
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Formats a result as the plain-text table printed after a run. */
export function formatResult(r: BenchResult): string {
  return [
    `Tenant Trail benchmark, ${r.eventsTarget} records asked, ` +
      `${r.machine.cores} cores (${r.machine.cpu}), load ` +
      `${r.machine.loadAverage}, Node ${r.machine.node}`,
    '',
    importTable(r),
    '',
    sizeLines(r),
    '',
    queryTable(r.queries, r.queryCaseEvents),
    '',
    `export to a bundle: ${r.export.events} events` +
      `${r.export.scope.toMs === undefined ? '' : ' (the first by time)'} in ` +
      `${r.export.seconds.toFixed(1)} s (${r.export.perSecond}/s), ` +
      `${mb(r.export.bytes)}; peak RSS ${r.usePeakRssMb} MB`,
    '',
  ].join('\n');
}

function importTable(r: BenchResult): string {
  const head = `${'format'.padEnd(24)}${'events'.padStart(10)}` +
    `${'input'.padStart(10)}${'browsable/s'.padStart(13)}` +
    `${'search-ready/s'.padStart(16)}${'peak RSS MB'.padStart(13)}`;
  const rows = r.formats.map((f) =>
    `${f.format.padEnd(24)}${String(f.events).padStart(10)}` +
    `${mb(f.inputBytes).padStart(10)}` +
    `${String(f.browsablePerSecond).padStart(13)}` +
    `${String(f.searchReadyPerSecond).padStart(16)}` +
    `${String(f.peakRssMb.searchReady).padStart(13)}`);
  const d = r.duckdb;
  if (d) {
    rows.push(`${'DuckDB read_json_auto'.padEnd(24)}` +
      `${String(d.rows).padStart(10)}${''.padStart(10)}` +
      `${String(d.perSecond).padStart(13)}` +
      `   (UAL JSONL, peak RSS ${d.peakRssMb} MB)`);
    rows.push(`ours / DuckDB on the same UAL file: browsable ` +
      `${d.oursToDuckBrowsable}x, search-ready ${d.oursToDuckSearchReady}x`);
  }
  return [head, ...rows].join('\n');
}

function sizeLines(r: BenchResult): string {
  const i = r.import;
  return `case: ${mb(i.caseBytes)} for ${i.events} events ` +
    `(${i.caseBytesPerEvent} B/event), ${i.caseToInput}x the input ` +
    `(${mb(i.inputBytes)}); Purview CSV case ${i.purviewCaseToInput}x; ` +
    `import peak RSS ${i.peakRssMb} MB`;
}

function queryTable(timings: QueryTiming[], events: number): string {
  const head = `queries on ${events} events${''.padEnd(6)}` +
    `${'p50 ms'.padStart(10)}${'p95 ms'.padStart(10)}`;
  const rows = timings.map((t) =>
    `${t.name.padEnd(34)}${t.p50.toFixed(2).padStart(10)}` +
    `${t.p95.toFixed(2).padStart(10)}`);
  return [head, ...rows].join('\n');
}

function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}
