/**
 * `tenant-trail export`, `verify`, `export-timesketch` and `export-ecs`:
 * the signed evidence bundle for authorities, its verification by the
 * receiver, and timelines for other platforms.
 */
import { basename } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { Category, Result } from '../../../src-shared/domain.js';
import { TrailError } from '../../../src-shared/errors.js';
import type { BundleScope } from '../../bundle/bundle-scope.js';
import {
  exportBundle,
  type ExportProgress,
  type ExportSummary,
} from '../../bundle/export-bundle.js';
import { groupedFingerprint } from '../../bundle/signing-key.js';
import {
  exportEcs,
  exportTimesketch,
  type TimelineOptions,
} from '../../bundle/timeline-exports.js';
import { verifyBundle, type VerifyReport } from '../../bundle/verify-bundle.js';
import { closeCase, openCase } from '../../case/case-file.js';
import type { EventFilter } from '../../query/events-query.js';
import { searchFallbackNote } from '../../search/search-index.js';
import { EXIT } from '../exit-codes.js';
import { tableCell } from '../output.js';
import { timeOption } from '../options.js';
import { action } from '../run-action.js';

/** Registers the export and verify commands. */
export function registerExportCommands(program: Command): void {
  withFilters(program.command('export <case> <bundle.zip>'))
    .description('export a signed, verifiable evidence bundle (ZIP)')
    .option('--bookmarked', 'only bookmarked events')
    .option('--finding <ids>', 'only the events of these findings (1,4,7)')
    .option('--exported-at <time>', 'export time to record (default: now)')
    .option('--examiner <name>', 'examiner who signs (default: case examiner)')
    .option('--key-dir <dir>', 'folder of signing keys (~/.tenant-trail/keys)')
    .option('--force', 'replace the bundle file if it exists')
    .option('--no-progress', 'do not draw a progress bar')
    .option('--no-custody', 'do not record the export (case stays as is)')
    .action(action(runExport));
  program
    .command('verify <bundle.zip>')
    .description('verify an evidence bundle: signature, hashes, custody')
    .option('--fingerprint <hex>', "the signer's key fingerprint, as given")
    .action(action(runVerify));
  withFilters(program.command('export-timesketch <case> <out.jsonl>'))
    .description('export events as Timesketch JSON Lines')
    .option('--force', 'replace the output file if it exists')
    .action(action(timeline(exportTimesketch)));
  withFilters(program.command('export-ecs <case> <out.ndjson>'))
    .description('export events as Elastic Common Schema NDJSON')
    .option('--force', 'replace the output file if it exists')
    .action(action(timeline(exportEcs)));
}

function withFilters(cmd: Command): Command {
  return cmd
    .option('--user <upn>', 'only this user (actor)')
    .option('--ip <address>', 'only this client IP')
    .option('--country <cc>', 'only this country (ISO 3166 alpha-2)')
    .option('--operation <name>', 'only this operation')
    .option('--source <source>', 'm365-ual, entra-signin, entra-audit, gws-…')
    .option('--category <category>', 'sign-in, mail, file, sharing, admin, …')
    .option('--result <result>', 'success, failure or unknown')
    .option('--from <time>', 'from this time (ISO 8601; UTC unless zoned)')
    .option('--to <time>', 'up to this time')
    .option('--search <text>', 'text anywhere in the event');
}

interface FilterCliOptions {
  user?: string;
  ip?: string;
  country?: string;
  operation?: string;
  source?: string;
  category?: string;
  result?: string;
  from?: string;
  to?: string;
  search?: string;
}

interface ExportCliOptions extends FilterCliOptions {
  bookmarked?: boolean;
  finding?: string;
  exportedAt?: string;
  examiner?: string;
  keyDir?: string;
  force?: boolean;
  progress: boolean;
  custody: boolean;
}

function filterOf(o: FilterCliOptions): EventFilter {
  return {
    user: o.user,
    ip: o.ip,
    country: o.country,
    operation: o.operation,
    source: o.source,
    category: o.category as Category | undefined,
    result: o.result as Result | undefined,
    fromMs: timeOption(o.from, '--from'),
    toMs: timeOption(o.to, '--to'),
    search: o.search,
  };
}

function scopeOf(o: ExportCliOptions): BundleScope {
  return {
    ...filterOf(o),
    bookmarked: o.bookmarked,
    findingIds: o.finding === undefined ? undefined : findingIds(o.finding),
  };
}

function findingIds(text: string): number[] {
  const ids = text.split(',').map((s) => Number(s.trim()));
  if (ids.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new TrailError('BAD_REQUEST', `--finding ${text} is not a list of ids`);
  }
  return ids;
}

async function runExport(
  casePath: string,
  out: string,
  o: ExportCliOptions,
): Promise<number> {
  const exportedAt = timeOption(o.exportedAt, '--exported-at');
  const c = openCase(casePath, { readonly: true });
  const bar = o.progress && process.stderr.isTTY ? newBar() : null;
  const note = o.search ? searchFallbackNote(c.db, casePath) : null;
  if (note) process.stderr.write(`${note}\n`);
  try {
    const summary = await exportBundle(c.db, {
      scope: scopeOf(o),
      out,
      examiner: o.examiner,
      exportedAt: exportedAt === undefined ? undefined : new Date(exportedAt),
      keyDir: o.keyDir,
      overwrite: o.force,
      recordCustody: o.custody,
      onProgress: bar ? (p) => showProgress(bar, p) : undefined,
    });
    bar?.stop();
    printExport(summary);
    return EXIT.ok;
  } finally {
    bar?.stop();
    closeCase(c);
  }
}

function newBar(): SingleBar {
  return new SingleBar(
    {
      format: '{bar} {percentage}% | {phase}',
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    },
    Presets.shades_classic,
  );
}

const PHASE_LABELS: Record<ExportProgress['phase'], string> = {
  evidence: 'copying evidence files',
  'events-csv': 'writing events.csv',
  'events-jsonl': 'writing events.jsonl',
  report: 'writing the reports',
  sign: 'signing the manifest',
};

let shownPhase: string | null = null;

function showProgress(bar: SingleBar, p: ExportProgress): void {
  if (p.phase !== shownPhase) {
    bar.stop();
    bar.start(Math.max(p.total, 1), p.done, { phase: PHASE_LABELS[p.phase] });
    shownPhase = p.phase;
  }
  bar.update(p.done);
}

function printExport(s: ExportSummary): void {
  const c = s.counts;
  process.stdout.write(
    `wrote ${s.out}\n` +
      `  SHA-256      ${s.sha256}\n` +
      `  size         ${s.size} bytes\n` +
      `  exported at  ${s.exportedAt} by ${tableCell(s.examiner)}\n` +
      `  contents     ${c.events} events, ${c.evidence} evidence files, ` +
      `${c.findings} findings, ${c.bookmarks + c.tags + c.notes} ` +
      'annotations\n' +
      `  signer key   ${groupedFingerprint(s.fingerprint)}\n` +
      `               (${s.keyPath}); give this fingerprint to the ` +
      'receiver by another channel\n' +
      `  custody      ${custodyText(s.custodySeq)}\n`,
  );
}

function custodyText(seq: number | null): string {
  return seq === null
    ? 'NOT recorded in the case (--no-custody)'
    : `recorded as entry ${seq} (export.bundle)`;
}

async function runVerify(
  zipPath: string,
  o: { fingerprint?: string },
): Promise<number> {
  const report = await verifyBundle(zipPath, {
    expectedFingerprint: o.fingerprint,
  });
  process.stdout.write(verifyText(basename(zipPath), report));
  return report.ok ? EXIT.ok : EXIT.verifyFailed;
}

/** The verdict as the CLI prints it: PASS, or each failing file and why. */
export function verifyText(name: string, r: VerifyReport): string {
  const lines = [`${r.ok ? 'PASS' : 'FAIL'}  ${tableCell(name)}`];
  if (r.caseNumber !== null) {
    lines.push(
      `  case ${tableCell(r.caseNumber)}, exported ${tableCell(r.exportedAt)} ` +
        `by ${tableCell(r.exportedBy)}`,
    );
  }
  if (r.ok) {
    lines.push(
      `  ${r.checked.length} files: signature, every hash and size, ` +
        'evidence names and the custody chain are intact',
    );
  }
  for (const p of r.problems) {
    lines.push(`  ${tableCell(p.file)}: ${tableCell(p.problem)}`);
  }
  if (r.fingerprint) {
    lines.push(
      `  signer key fingerprint ${groupedFingerprint(r.fingerprint)}`,
      '  (compare it with the one the examiner gave you by another channel)',
    );
  }
  return `${lines.join('\n')}\n`;
}

interface TimelineCliOptions extends FilterCliOptions {
  force?: boolean;
}

type TimelineExport = (
  db: Parameters<typeof exportEcs>[0],
  filter: EventFilter,
  out: string,
  opts: TimelineOptions,
) => Promise<{ out: string; events: number }>;

function timeline(run: TimelineExport) {
  return async (
    casePath: string,
    out: string,
    o: TimelineCliOptions,
  ): Promise<number> => {
    const c = openCase(casePath, { readonly: true });
    try {
      const s = await run(c.db, filterOf(o), out, { overwrite: o.force });
      process.stdout.write(`wrote ${s.events} events to ${s.out}\n`);
      return EXIT.ok;
    } finally {
      closeCase(c);
    }
  };
}
