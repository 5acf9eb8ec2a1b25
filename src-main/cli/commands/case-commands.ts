/**
 * Commands about the case itself: new, info, warnings, verify-case.
 */
import type { Command } from 'commander';
import {
  closeCase,
  createCase,
  openCase,
  readCaseInfo,
  readPolicy,
} from '../../case/case-file.js';
import { verifyCase } from '../../case/verify-case.js';
import { isTimeZone } from '../../import/time.js';
import { TrailError } from '../../../src-shared/errors.js';
import { EXIT } from '../exit-codes.js';
import { writeRows, type OutputFormat } from '../output.js';
import { positiveCount } from '../options.js';
import { action } from '../run-action.js';

/** Registers the case commands. */
export function registerCaseCommands(program: Command): void {
  program
    .command('new <case>')
    .description('create a new case file')
    .requiredOption('--title <title>', 'case title (required)')
    .requiredOption('--examiner <name>',
      'examiner responsible for the case (required)')
    .option('--number <number>', 'case number (default: the file name)')
    .option('--timezone <zone>', 'display time zone (IANA name)', 'UTC')
    .action(action(newCase));
  program
    .command('info <case>')
    .description('show case metadata, evidence items and counts')
    .option('--format <format>', 'table, csv or jsonl', 'table')
    .action(action(info));
  program
    .command('warnings <case>')
    .description('list import warnings with their file and line')
    .option('--evidence <id>', 'only this evidence item', positiveCount)
    .option('--severity <level>', 'only info, warning or error')
    .option('--format <format>', 'table, csv or jsonl', 'table')
    .action(action(warnings));
  program
    .command('verify-case <case>')
    .description('check the custody chain and re-hash every evidence item')
    .action(action(verify));
}

function newCase(
  path: string,
  o: { title: string; examiner: string; number?: string; timezone: string },
): void {
  if (!isTimeZone(o.timezone)) {
    throw new TrailError('BAD_REQUEST',
      `--timezone ${o.timezone} is not an IANA time zone (e.g. Europe/Berlin)`);
  }
  const number = o.number ?? path.replace(/^.*[\\/]/, '').replace(/\.ttcase$/, '');
  const c = createCase(path, {
    caseNumber: number,
    title: o.title,
    examiner: o.examiner,
    displayTimeZone: o.timezone,
  });
  closeCase(c);
  process.stdout.write(`created ${path} (case ${number})\n`);
}

interface EvidenceSummaryRow {
  id: number;
  original_name: string;
  format: string;
  encoding: string;
  sha256: string;
  size: number;
  status: string;
  read_count: number;
  imported_count: number;
  duplicate_count: number;
  rejected_count: number;
  warnings: number;
}

function info(path: string, o: { format: OutputFormat }): void {
  const c = openCase(path, { readonly: true });
  try {
    const meta = readCaseInfo(c.db);
    const policy = readPolicy(c.db);
    const events = (c.db.prepare('SELECT count(*) n FROM event').get() as { n: number }).n;
    const rows = c.db.prepare(
      `SELECT e.*, (SELECT count(*) FROM import_warning w
         WHERE w.evidence_id = e.id AND w.severity != 'info') AS warnings
       FROM evidence e ORDER BY id`,
    ).all() as EvidenceSummaryRow[];
    if (o.format === 'table') {
      process.stdout.write(
        `case ${meta.caseNumber}: ${meta.title}\n` +
          `examiner ${meta.examiner}; created ${meta.createdAt} with ` +
          `Tenant Trail ${meta.toolVersion}; display time zone ` +
          `${meta.displayTimeZone}\n` +
          `allowed countries: ${policy.allowedCountries.join(', ') || '(not set)'}\n` +
          `${rows.length} evidence items, ${events} events\n\n`,
      );
    }
    writeRows(rows, [
      { name: 'id', get: (r) => r.id },
      { name: 'file', get: (r) => r.original_name, width: 44 },
      { name: 'format', get: (r) => r.format },
      { name: 'read', get: (r) => r.read_count },
      { name: 'imported', get: (r) => r.imported_count },
      { name: 'duplicates', get: (r) => r.duplicate_count },
      { name: 'rejected', get: (r) => r.rejected_count },
      { name: 'warnings', get: (r) => r.warnings },
      { name: 'status', get: (r) => r.status },
      { name: 'sha256', get: (r) => r.sha256, width: 64 },
    ], o.format);
    warnIncomplete(rows);
  } finally {
    closeCase(c);
  }
}

/** Says on stderr which evidence items an interrupted import left. */
function warnIncomplete(rows: EvidenceSummaryRow[]): void {
  for (const r of rows.filter((x) => x.status !== 'complete')) {
    process.stderr.write(`warning: evidence item ${r.id} ` +
      `(${r.original_name}) is ${r.status}: its import was interrupted, ` +
      'so its events are partial; import the file again to finish it\n');
  }
}

interface WarningRow {
  evidence_id: number;
  original_name: string;
  line: number | null;
  byte_offset: number | null;
  severity: string;
  code: string;
  message: string;
}

function warnings(
  path: string,
  o: { evidence?: number; severity?: string; format: OutputFormat },
): void {
  const levels = ['info', 'warning', 'error'];
  if (o.severity !== undefined && !levels.includes(o.severity)) {
    throw new TrailError('BAD_REQUEST',
      `--severity must be one of ${levels.join(', ')}, not '${o.severity}'`);
  }
  const c = openCase(path, { readonly: true });
  try {
    const rows = c.db.prepare(
      `SELECT w.evidence_id, e.original_name, w.line, w.byte_offset,
         w.severity, w.code, w.message
       FROM import_warning w JOIN evidence e ON e.id = w.evidence_id
       WHERE (? IS NULL OR w.evidence_id = ?) AND (? IS NULL OR w.severity = ?)
       ORDER BY w.evidence_id, w.id`,
    ).all(o.evidence ?? null, o.evidence ?? null, o.severity ?? null,
      o.severity ?? null) as WarningRow[];
    writeRows(rows, [
      { name: 'file', get: (r) => r.original_name, width: 36 },
      { name: 'line', get: (r) => r.line },
      { name: 'offset', get: (r) => r.byte_offset },
      { name: 'severity', get: (r) => r.severity },
      { name: 'code', get: (r) => r.code },
      { name: 'message', get: (r) => r.message, width: 120 },
    ], o.format);
  } finally {
    closeCase(c);
  }
}

function verify(path: string): number {
  const c = openCase(path, { readonly: true });
  try {
    const v = verifyCase(c.db);
    const { custodyEntries, evidenceItems, events } = v.checked;
    process.stdout.write(
      `checked ${custodyEntries} custody entries, ${evidenceItems} evidence ` +
        `items, ${events} events\n`,
    );
    if (v.ok) {
      process.stdout.write('PASS: the custody chain holds and all evidence verifies\n');
      return EXIT.ok;
    }
    for (const p of v.problems) process.stdout.write(`FAIL: ${p}\n`);
    return EXIT.verifyFailed;
  } finally {
    closeCase(c);
  }
}

