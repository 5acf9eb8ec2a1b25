/**
 * `tenant-trail import`: files and folders into a case, with a progress
 * bar and a per-file summary whose counts add up.
 */
import { basename } from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { TrailError } from '../../../src-shared/errors.js';
import {
  closeCase,
  openCase,
  type CaseFile,
} from '../../case/case-file.js';
import { LATEST_VERSION } from '../../case/migrations.js';
import { openGeo } from '../../enrich/geoip.js';
import {
  importFile,
  type ImportOptions,
  type ImportSummary,
} from '../../import/import-file.js';
import { isTimeZone, type DateOrder } from '../../import/time.js';
import { buildSearchIndex } from '../../search/search-index.js';
import { refreshSummaries } from '../../query/summaries.js';
import { expandEvidencePaths } from '../../util/evidence-paths.js';
import { EXIT } from '../exit-codes.js';
import { writeRows } from '../output.js';
import { action } from '../run-action.js';

/** Registers the import and index commands. */
export function registerImportCommand(program: Command): void {
  program
    .command('index <case>')
    .description('upgrade a case from an older release and build its ' +
      'search index and summaries')
    .option('--no-progress', 'do not draw a progress bar')
    .action(action(runIndex));
  program
    .command('import <case> <paths...>')
    .description('import log exports (files or folders) into a case')
    .option('--date-order <order>', 'dmy or mdy, for slashed dates no value settles')
    .option('--source-timezone <zone>', 'zone of times written without one (IANA)')
    .option('--geoip-city <mmdb>', 'your own MaxMind GeoLite2/GeoIP2 City database')
    .option('--geoip-asn <mmdb>', 'your own MaxMind GeoLite2/GeoIP2 ASN database')
    .option('--examiner <name>', 'examiner doing the import (default: the case examiner)')
    .option('--no-progress', 'do not draw a progress bar')
    .action(action(runImport));
}

/**
 * Opens a case for writing (which upgrades an older one), then builds
 * what an upgrade or an interrupted import left unbuilt.
 */
function runIndex(casePath: string, o: { progress: boolean }): void {
  const c = openCase(casePath);
  const bar = o.progress && process.stderr.isTTY ? newBar() : null;
  let indexed: number;
  try {
    indexed = makeSearchable(c, bar);
  } finally {
    bar?.stop();
    closeCase(c);
  }
  process.stdout.write(`${casePath}: schema ${LATEST_VERSION}; ` +
    `${indexed} events added to the search index, which covers every ` +
    'event\n');
}

/** Rebuilds stale summaries and indexes unindexed events for search. */
function makeSearchable(c: CaseFile, bar: SingleBar | null): number {
  refreshSummaries(c.db);
  bar?.start(1, 0, { file: 'building the search index' });
  const indexed = buildSearchIndex(c.db, (done, total) => {
    bar?.setTotal(total);
    bar?.update(done);
  });
  bar?.stop();
  return indexed;
}

interface ImportCliOptions {
  dateOrder?: string;
  sourceTimezone?: string;
  geoipCity?: string;
  geoipAsn?: string;
  examiner?: string;
  progress: boolean;
}

async function runImport(
  casePath: string,
  paths: string[],
  o: ImportCliOptions,
): Promise<number> {
  const { files, skipped } = expandEvidencePaths(paths);
  if (files.length === 0 && skipped.length === 0) {
    throw new TrailError('FILE_NOT_FOUND', `nothing to import: ` +
      `${paths.join(', ')} holds no files`);
  }
  const c = openCase(casePath);
  const bar = o.progress && process.stderr.isTTY ? newBar() : null;
  const summaries: CliSummary[] = [];
  try {
    const opts = importOptions(o, bar);
    for (const [i, f] of files.entries()) {
      bar?.start(1, 0, { file: `${i + 1}/${files.length} ${f.slice(-40)}` });
      summaries.push(await importOne(c, f, opts));
      bar?.stop();
    }
    makeSearchable(c, bar);
  } finally {
    bar?.stop();
    closeCase(c);
  }
  printSummaries(summaries);
  for (const s of skipped) {
    process.stdout.write(`skipped ${s.path}: ${s.why}\n`);
  }
  if (summaries.some((s) => s.status === 'failed')) return EXIT.internal;
  const refused = summaries.some((s) => s.status === 'refused') ||
    skipped.some((s) => s.refused);
  return refused ? EXIT.inputRefused : EXIT.ok;
}

/**
 * Imports one file; a failure that is a bug is reported for that file
 * and the other files still import.
 */
async function importOne(
  c: CaseFile,
  file: string,
  opts: ImportOptions,
): Promise<CliSummary> {
  try {
    return await importFile(c, file, opts);
  } catch (err) {
    if (err instanceof TrailError) throw err;
    const e = err as Error;
    process.stderr.write(`internal error importing ${file}: ${e.message}\n` +
      `${e.stack ?? ''}\nThis is a bug in Tenant Trail; please report ` +
      'it with the lines above.\n');
    return failedSummary(file, e.message);
  }
}

/** A summary row, or the row of a file whose import failed. */
type CliSummary = Omit<ImportSummary, 'status'> & {
  status: ImportSummary['status'] | 'failed';
};

function failedSummary(file: string, why: string): CliSummary {
  return {
    file, name: basename(file), sha256: '', size: 0, status: 'failed',
    evidenceId: null, format: null, encoding: null,
    counts: { read: 0, imported: 0, duplicates: 0, rejected: 0 },
    firstTime: null, lastTime: null, warnings: 0, errors: 1,
    message: `the import failed (a bug): ${why}; the evidence item is ` +
      'incomplete: run verify-case, then import the file again',
  };
}

function importOptions(
  o: ImportCliOptions,
  bar: SingleBar | null,
): ImportOptions {
  if (o.dateOrder && o.dateOrder !== 'dmy' && o.dateOrder !== 'mdy') {
    throw new TrailError('BAD_REQUEST', '--date-order must be dmy or mdy');
  }
  if (o.sourceTimezone && !isTimeZone(o.sourceTimezone)) {
    throw new TrailError('BAD_REQUEST', `--source-timezone ` +
      `${o.sourceTimezone} is not an IANA time zone (e.g. Europe/Berlin)`);
  }
  return {
    examiner: o.examiner,
    dateOrder: o.dateOrder as DateOrder | undefined,
    sourceTimeZone: o.sourceTimezone,
    geo: openGeo({ cityDb: o.geoipCity, asnDb: o.geoipAsn }),
    onProgress: bar
      ? (p) => {
          bar.setTotal(p.total * 2);
          bar.update(p.phase === 'hash' ? p.bytes : p.total + p.bytes);
        }
      : undefined,
  };
}

function newBar(): SingleBar {
  return new SingleBar(
    {
      format: '{bar} {percentage}% | {file}',
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    },
    Presets.shades_classic,
  );
}


function printSummaries(rows: CliSummary[]): void {
  writeRows(rows, [
    { name: 'file', get: (s) => s.name, width: 48, cut: 'middle' },
    { name: 'status', get: (s) => s.status },
    { name: 'format', get: (s) => s.format },
    { name: 'read', get: (s) => s.counts.read },
    { name: 'imported', get: (s) => s.counts.imported },
    { name: 'duplicates', get: (s) => s.counts.duplicates },
    { name: 'rejected', get: (s) => s.counts.rejected },
    { name: 'warnings', get: (s) => s.warnings + s.errors },
    { name: 'first (UTC)', get: (s) => s.firstTime },
    { name: 'last (UTC)', get: (s) => s.lastTime },
  ], 'table');
  for (const s of rows.filter((r) => r.message)) {
    // Most refusals already begin with the file's name.
    const named = s.message?.startsWith(`${s.name}: `);
    process.stdout.write(named ? `${s.message}\n`
      : `${s.name}: ${s.message}\n`);
  }
  const total = rows.reduce(
    (t, s) => ({
      read: t.read + s.counts.read,
      imported: t.imported + s.counts.imported,
      duplicates: t.duplicates + s.counts.duplicates,
      rejected: t.rejected + s.counts.rejected,
    }),
    { read: 0, imported: 0, duplicates: 0, rejected: 0 },
  );
  process.stdout.write(
    `total: read ${total.read} = imported ${total.imported} + duplicates ` +
      `${total.duplicates} + rejected ${total.rejected}\n`,
  );
}
