/**
 * `npm run bench`: generates scale-mode demo exports, imports them per
 * format, loads the UAL file with DuckDB in the same run, times the
 * workbench queries and a bundle export, and writes the figures to
 * bench/results/<timestamp>.json and a table to stdout.
 *
 * Not a test: it asserts nothing about time. Options:
 *   --events N   about N records in all (default 200000)
 *   --small      a CI-size run (the smallest scale size, 3 query runs)
 *   --runs N     repetitions of each query (default 20)
 *   --data DIR   where generated inputs are kept and reused
 *   --out DIR    where the result JSON goes (default bench/results)
 *   --no-duckdb  skip the DuckDB comparison
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MIN_SCALE_EVENTS, generateScale } from '../src-main/demo/scale.js';
import { appRoot } from '../src-main/util/paths.js';
import {
  buildCase,
  loadWithDuckDb,
  removeCase,
  useCase,
  type CaseBuild,
  type CaseUse,
  type DuckDbLoad,
} from './bench-tasks.js';
import { formatResult, summarize, type BenchResult } from './bench-report.js';

/** Options of a benchmark run. */
export interface BenchOptions {
  events: number;
  runs: number;
  dataDir: string;
  outDir: string;
  duckdb: boolean;
}

/** The default size: large enough to mean something, minutes to run. */
export const DEFAULT_EVENTS = 200_000;

/** The size of `--small`, for CI: the smallest scale mode makes. */
export const SMALL_EVENTS = MIN_SCALE_EVENTS;

/** Reads the command line into options. */
export function parseArgs(argv: string[]): BenchOptions {
  const small = argv.includes('--small');
  const events = Number(option(argv, '--events') ??
    (small ? SMALL_EVENTS : DEFAULT_EVENTS));
  if (!Number.isSafeInteger(events) || events < MIN_SCALE_EVENTS) {
    throw new Error(`--events must be a whole number >= ${MIN_SCALE_EVENTS}`);
  }
  const runs = Number(option(argv, '--runs') ?? (small ? 3 : 20));
  return {
    events,
    runs,
    dataDir: resolve(option(argv, '--data') ??
      join(tmpdir(), 'tenant-trail-bench')),
    outDir: resolve(option(argv, '--out') ?? resultsDir()),
    duckdb: !argv.includes('--no-duckdb'),
  };
}

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

function resultsDir(): string {
  return join(appRoot(), 'bench', 'results');
}

/** The generated inputs of one size. */
interface Inputs {
  jsonl: string;
  purview: string;
  signIns: string;
  gws: string[];
}

/** Generates (or reuses) both scale-mode sets of exports. */
export async function prepareInputs(o: BenchOptions): Promise<Inputs> {
  const base = join(o.dataDir, `scale-${o.events}`);
  const jsonlDir = await generated(join(base, 'jsonl'), o.events, 'jsonl');
  const csvDir = await generated(join(base, 'purview'), o.events,
    'purview-csv');
  const gwsApps = ['login', 'drive', 'gmail', 'token', 'admin',
    'user_accounts'];
  return {
    jsonl: join(jsonlDir, 'ual-records.jsonl'),
    purview: join(csvDir, 'ual-purview-export.csv'),
    signIns: join(jsonlDir, 'entra-signins-graph.json'),
    gws: gwsApps.map((a) => join(jsonlDir, `gws-reports-${a}.json`)),
  };
}

async function generated(
  dir: string,
  events: number,
  ualFormat: 'jsonl' | 'purview-csv',
): Promise<string> {
  if (existsSync(join(dir, 'manifest.json'))) return dir;
  process.stderr.write(`generating ${events} records (${ualFormat})\n`);
  await generateScale({ dir, events, ualFormat });
  return dir;
}

/** Runs one task of bench-tasks.ts in a child process; returns its JSON. */
function inChild<T>(task: string, args: unknown[]): T {
  const out = execFileSync(process.execPath, [
    '--max-old-space-size=2048',
    fileURLToPath(import.meta.url), '--child', task, JSON.stringify(args),
  ], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 << 20 });
  return JSON.parse(out) as T;
}

async function runChild(task: string, argsJson: string): Promise<void> {
  const a = JSON.parse(argsJson) as never[];
  let result: unknown;
  if (task === 'build') result = await buildCase(a[0], a[1]);
  else if (task === 'duckdb') result = await loadWithDuckDb(a[0], a[1]);
  else if (task === 'use') result = await useCase(a[0], a[1], a[2], a[3]);
  else throw new Error(`unknown bench task ${task}`);
  process.stdout.write(JSON.stringify(result));
}

/** Runs the whole benchmark and writes its result file. */
export async function runBench(o: BenchOptions): Promise<BenchResult> {
  const inputs = await prepareInputs(o);
  const work = join(o.dataDir, `work-${o.events}`);
  mkdirSync(work, { recursive: true });
  const load = loadavg()[0];
  log('importing UAL JSON Lines, Entra sign-ins, Google Workspace');
  const main = inChild<CaseBuild>('build', [join(work, 'main.ttcase'),
    [[inputs.jsonl], [inputs.signIns], inputs.gws]]);
  log('importing the Purview CSV');
  const csv = inChild<CaseBuild>('build', [join(work, 'purview.ttcase'),
    [[inputs.purview]]]);
  // Only its size is reported; at 10M it would hold 15 GB of disk.
  removeCase(csv.casePath);
  let duck: DuckDbLoad | null = null;
  if (o.duckdb) {
    log('loading the UAL JSON Lines with DuckDB read_json_auto');
    duck = inChild<DuckDbLoad>('duckdb', [inputs.jsonl,
      join(work, 'duck.db')]);
  }
  log('timing queries and the bundle export');
  const use = inChild<CaseUse>('use', [main.casePath,
    join(work, 'bench.ttbundle'), join(work, 'keys'), o.runs]);
  const result = summarize({ o, main, csv, duck, use, load });
  save(o.outDir, result);
  return result;
}

function save(dir: string, r: BenchResult): void {
  mkdirSync(dir, { recursive: true });
  const name = `${r.startedAt.replace(/[:.]/g, '-')}.json`;
  writeFileSync(join(dir, name), `${JSON.stringify(r, null, 2)}\n`);
  log(`wrote ${join(dir, name)}`);
}

function log(s: string): void {
  process.stderr.write(`bench: ${s}\n`);
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--child') return runChild(argv[1], argv[2]);
  const o = parseArgs(argv);
  log(`${o.events} records, ${cpus().length} cores`);
  const r = await runBench(o);
  process.stdout.write(formatResult(r));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((err: Error) => {
    process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
    process.exitCode = 1;
  });
}
