/**
 * `tenant-trail demo [dir]`: writes the fictional company's exports and
 * builds the demo case from them through the normal importers.
 */
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { TrailError } from '../../../src-shared/errors.js';
import type { ImportSummary } from '../../import/import-file.js';
import {
  clearOrRefuse,
  DEMO_EXPORTS_DIR,
  DEMO_MANIFEST_FILE,
  buildDemoCase,
  type DemoCase,
} from '../../demo/demo-case.js';
import { generateDemo, type DemoManifest } from '../../demo/generate.js';
import { MIN_SCALE_EVENTS } from '../../demo/scale.js';
import { writeRows } from '../output.js';
import { action } from '../run-action.js';

/** Folder the demo is written to when none is given. */
export const DEFAULT_DEMO_DIR = 'tenant-trail-demo';

/** Registers the demo command. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo [dir]')
    .description('write the demo exports and build the demo case ' +
      `(default folder ./${DEFAULT_DEMO_DIR})`)
    .option('--events <n>', 'scale mode: about n records in total', whole)
    .option('--ual-format <format>', 'scale mode: jsonl or purview-csv',
      'jsonl')
    .option('--seed <n>', 'generator seed (default 20261031)', whole)
    .option('--no-case', 'only write the exports, build no case')
    .option('--no-detect', 'do not run the detection rules')
    .option('--force', 'replace a demo case and exports in the folder')
    .action(action(runDemo));
}

interface DemoCliOptions {
  events?: number;
  ualFormat: string;
  seed?: number;
  case: boolean;
  detect: boolean;
  force?: boolean;
}

function whole(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n)) {
    throw new TrailError('BAD_REQUEST', `${v} is not a whole number`);
  }
  return n;
}

async function runDemo(
  dir: string | undefined,
  o: DemoCliOptions,
): Promise<void> {
  checkOptions(o);
  const root = resolve(dir ?? DEFAULT_DEMO_DIR);
  const exportsDir = join(root, DEMO_EXPORTS_DIR);
  clearOrRefuse(root, o.force === true);
  process.stderr.write(`writing the demo exports to ${exportsDir}\n`);
  const opts = {
    seed: o.seed,
    eventsTarget: o.events,
    ualFormat: o.ualFormat as 'jsonl' | 'purview-csv',
    manifestPath: join(root, DEMO_MANIFEST_FILE),
  };
  if (!o.case) {
    printFiles(await generateDemo(exportsDir, opts), exportsDir);
    return;
  }
  const built = await buildDemoCase(root, {
    ...opts,
    detect: o.detect,
    force: o.force === true,
    onFile: (name, i, n) =>
      process.stderr.write(`importing ${i + 1}/${n} ${name}\n`),
  });
  printCase(built);
}

function checkOptions(o: DemoCliOptions): void {
  if (o.ualFormat !== 'jsonl' && o.ualFormat !== 'purview-csv') {
    throw new TrailError('BAD_REQUEST',
      '--ual-format must be jsonl or purview-csv');
  }
  if (o.events !== undefined && o.events < MIN_SCALE_EVENTS) {
    throw new TrailError('BAD_REQUEST',
      `--events must be at least ${MIN_SCALE_EVENTS}`);
  }
}

function printFiles(m: DemoManifest, exportsDir: string): void {
  writeRows(m.files, [
    { name: 'file', get: (f) => f.name, width: 34 },
    { name: 'format', get: (f) => f.format },
    { name: 'records', get: (f) => f.records },
    { name: 'bytes', get: (f) => f.bytes },
  ], 'table');
  process.stdout.write(`${m.totalRecords} records of ${m.users} people ` +
    `(${m.mode} mode, seed ${m.seed}) in ${exportsDir}\n`);
}

function printCase(d: DemoCase): void {
  writeRows(d.imports, [
    { name: 'file', get: (s) => s.name, width: 34 },
    { name: 'format', get: (s) => s.format },
    { name: 'read', get: (s) => s.counts.read },
    { name: 'imported', get: (s) => s.counts.imported },
    { name: 'duplicates', get: (s) => s.counts.duplicates },
    { name: 'rejected', get: (s) => s.counts.rejected },
    { name: 'warnings', get: (s) => s.warnings + s.errors },
  ], 'table');
  const t = totals(d.imports);
  process.stdout.write(
    `total: read ${t.read} = imported ${t.imported} + duplicates ` +
      `${t.duplicates} + rejected ${t.rejected}; ` +
      `${plural(t.warnings, 'warning')}\n`,
  );
  if (d.detections) {
    process.stdout.write(
      `detection: ${plural(findingCount(d), 'finding')}\n`);
  }
  process.stdout.write(`exports: ${d.exportsDir}\ncase: ${d.casePath}\n` +
    `next: tenant-trail info ${d.casePath}\n`);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function totals(rows: ImportSummary[]): Record<string, number> {
  const t = { read: 0, imported: 0, duplicates: 0, rejected: 0,
    warnings: 0 };
  for (const s of rows) {
    t.read += s.counts.read;
    t.imported += s.counts.imported;
    t.duplicates += s.counts.duplicates;
    t.rejected += s.counts.rejected;
    t.warnings += s.warnings + s.errors;
  }
  return t;
}

function findingCount(d: DemoCase): number {
  return (d.detections?.rules ?? []).reduce((n, r) => n + r.findings, 0);
}
