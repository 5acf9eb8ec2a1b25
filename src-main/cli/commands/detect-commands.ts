/**
 * Detection commands: `detect` runs the rule library over a case,
 * `findings` lists what it found, `finding` shows one finding with its
 * events, `review` records the examiner's verdict, `rules` lists rules.
 */
import type { Command } from 'commander';
import type { EventRecord } from '../../../src-shared/domain.js';
import { TrailError } from '../../../src-shared/errors.js';
import { closeCase, openCase, readCaseInfo } from '../../case/case-file.js';
import {
  FINDING_STATUSES,
  type Finding,
  type FindingStatus,
} from '../../detect/finding-types.js';
import {
  findingDetail,
  FINDING_SORTS,
  listFindings,
  type FindingSort,
} from '../../detect/findings-query.js';
import { reviewFinding } from '../../detect/review-finding.js';
import { SEVERITIES, type FindingSeverity } from '../../detect/rule.js';
import { RULES, ruleById } from '../../detect/rules/index.js';
import {
  runDetections,
  type DetectionRun,
} from '../../detect/run-detections.js';
import { positiveCount } from '../options.js';
import { writeRows, type Column, type OutputFormat } from '../output.js';
import { action } from '../run-action.js';

/** Registers detect, findings, finding, review and rules. */
export function registerDetectCommands(program: Command): void {
  program
    .command('detect <case>')
    .description('run the detection rules and store their findings')
    .option('--rule <id>', 'run only this rule (repeatable)', collect, [])
    .option('--examiner <name>',
      'examiner running detection (default: the case examiner)')
    .option('--format <format>', 'table, csv or jsonl (per-rule summary)',
      'table')
    .action(action(detect));
  program
    .command('findings <case>')
    .description('list findings, most severe first')
    .option('--severity <levels>', 'only these, e.g. high,critical', list)
    .option('--rule <id>', 'only findings of this rule')
    .option('--user <upn>', 'only findings about this user')
    .option('--status <statuses>', 'only open, reviewed, false-positive',
      list)
    .option('--sort <column>',
      `${Object.keys(FINDING_SORTS).join(', ')}`, 'severity')
    .option('--format <format>', 'table, csv or jsonl', 'table')
    .option('--limit <n>', 'at most this many findings', positiveCount,
      1000)
    .action(action(findings));
  program
    .command('finding <case> <id>')
    .description('show one finding and the events it rests on')
    .option('--format <format>', 'table, csv or jsonl (the events)',
      'table')
    .action(action(finding));
  program
    .command('review <case> <id>')
    .description('mark a finding reviewed or false positive, with a note')
    .requiredOption('--status <status>', FINDING_STATUSES.join(', '))
    .requiredOption('--note <text>', 'why (kept in the custody log)')
    .option('--examiner <name>',
      'examiner giving the verdict (default: the case examiner)')
    .action(action(review));
  program
    .command('rules')
    .description('list the detection rules')
    .option('--format <format>', 'table, csv or jsonl', 'table')
    .action(action(rules));
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function list(value: string): string[] {
  return value.split(/[,\s]+/).filter(Boolean);
}

function format(v: string): OutputFormat {
  if (!['table', 'csv', 'jsonl'].includes(v)) {
    throw new TrailError('BAD_REQUEST', '--format must be table, csv or jsonl');
  }
  return v as OutputFormat;
}

function idOf(text: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0) {
    throw new TrailError('BAD_REQUEST', `finding id ${text} is not a number`);
  }
  return id;
}

interface DetectCliOptions {
  rule: string[];
  examiner?: string;
  format: string;
}

function detect(path: string, o: DetectCliOptions): void {
  const fmt = format(o.format);
  const chosen = o.rule.map((id) => {
    const r = ruleById(id);
    if (!r) throw new TrailError('BAD_REQUEST', `no rule '${id}'; see rules`);
    return r;
  });
  const c = openCase(path);
  try {
    const examiner = o.examiner ?? readCaseInfo(c.db).examiner;
    const run = runDetections(c.db, { examiner,
      rules: chosen.length ? chosen : undefined });
    writeRows(run.rules, SUMMARY, fmt);
    if (fmt === 'table') process.stdout.write(runTotals(run));
  } finally {
    closeCase(c);
  }
}

const SUMMARY: Column<DetectionRun['rules'][number]>[] = [
  { name: 'rule', get: (r) => r.ruleId, width: 34 },
  { name: 'findings', get: (r) => r.findings },
  { name: 'new', get: (r) => r.added },
  { name: 'updated', get: (r) => r.updated },
  { name: 'unchanged', get: (r) => r.unchanged },
  { name: 'withdrawn', get: (r) => r.withdrawn },
  { name: 'notes', get: (r) => r.notes.join('; '), width: 100 },
];

function runTotals(run: DetectionRun): string {
  return `\n${run.rules.length} rules: ${run.added} new, ${run.updated} ` +
    `updated, ${run.unchanged} unchanged, ${run.withdrawn} withdrawn ` +
    'findings; recorded in the custody log\n';
}

interface FindingsCliOptions {
  severity?: string[];
  rule?: string;
  user?: string;
  status?: string[];
  sort: string;
  format: string;
  limit: number;
}

function findings(path: string, o: FindingsCliOptions): void {
  const fmt = format(o.format);
  checkAll(o.severity ?? [], SEVERITIES, '--severity');
  checkAll(o.status ?? [], FINDING_STATUSES, '--status');
  if (!(o.sort in FINDING_SORTS)) {
    throw new TrailError('BAD_REQUEST',
      `--sort must be one of ${Object.keys(FINDING_SORTS).join(', ')}`);
  }
  const c = openCase(path, { readonly: true });
  try {
    const page = listFindings(c.db, {
      severity: o.severity as FindingSeverity[] | undefined,
      status: o.status as FindingStatus[] | undefined,
      ruleId: o.rule,
      actor: o.user,
      sort: o.sort as FindingSort,
      limit: o.limit,
    });
    writeRows(page.findings, FINDING_COLUMNS, fmt);
    if (fmt === 'table' && page.total > page.findings.length) {
      process.stderr.write(`showing ${page.findings.length} of ` +
        `${page.total} findings; raise --limit for more\n`);
    }
  } finally {
    closeCase(c);
  }
}

function checkAll(
  values: readonly string[],
  allowed: readonly string[],
  flag: string,
): void {
  const bad = values.filter((v) => !allowed.includes(v));
  if (bad.length) {
    throw new TrailError('BAD_REQUEST',
      `${flag} ${bad.join(', ')}: expected ${allowed.join(', ')}`);
  }
}

const FINDING_COLUMNS: Column<Finding>[] = [
  { name: 'id', get: (f) => f.id },
  { name: 'severity', get: (f) => f.severity },
  { name: 'rule', get: (f) => f.ruleId, width: 34 },
  { name: 'user', get: (f) => f.actor, width: 36 },
  { name: 'first (UTC)', get: (f) => f.firstTime },
  { name: 'last (UTC)', get: (f) => f.lastTime },
  { name: 'events', get: (f) => f.eventCount },
  { name: 'status', get: (f) => f.status },
  { name: 'technique', get: (f) => f.technique },
  { name: 'explanation', get: (f) => f.explanation, width: 160 },
];

function finding(path: string, idText: string, o: { format: string }): void {
  const fmt = format(o.format);
  const c = openCase(path, { readonly: true });
  try {
    const d = findingDetail(c.db, idOf(idText));
    if (!d) throw new TrailError('NOT_FOUND', `no finding with id ${idText}`);
    if (fmt === 'jsonl') {
      process.stdout.write(`${JSON.stringify({ finding: d.finding })}\n`);
    } else if (fmt === 'table') {
      process.stdout.write(findingText(d.finding, d.eventTotal));
    }
    writeRows(d.events, EVENT_COLUMNS, fmt);
  } finally {
    closeCase(c);
  }
}

function findingText(f: Finding, events: number): string {
  const lines = [
    `finding ${f.id}: ${f.title} [${f.severity}, ${f.technique}]`,
    `rule ${f.ruleId}; user ${f.actor ?? '-'}; status ${f.status}` +
      (f.reviewNote ? ` (${f.reviewNote})` : ''),
    `from ${f.firstTime} to ${f.lastTime}; ${events} events`,
    f.explanation,
    `matched: ${JSON.stringify(f.matched)}`,
  ];
  // eslint-disable-next-line no-control-regex -- blanks untrusted control chars
  return `${lines.map((l) => l.replace(/[\u0000-\u001f]/g, ' ')).join('\n')}` +
    '\n\n';
}

const EVENT_COLUMNS: Column<EventRecord>[] = [
  { name: 'event', get: (e) => e.id },
  { name: 'time (UTC)', get: (e) => e.timeUtc },
  { name: 'source', get: (e) => e.source },
  { name: 'operation', get: (e) => e.operation, width: 32 },
  { name: 'result', get: (e) => e.result },
  { name: 'user', get: (e) => e.actor, width: 36 },
  { name: 'ip', get: (e) => e.ip, width: 39 },
  { name: 'country', get: (e) => e.geo.country },
  { name: 'asn', get: (e) => e.geo.asn },
  { name: 'target', get: (e) => e.target, width: 48 },
  { name: 'evidence', get: (e) => e.evidenceId },
  { name: 'line', get: (e) => e.line },
];

interface ReviewCliOptions {
  status: string;
  note: string;
  examiner?: string;
}

function review(path: string, idText: string, o: ReviewCliOptions): void {
  const c = openCase(path);
  try {
    const examiner = o.examiner ?? readCaseInfo(c.db).examiner;
    const id = idOf(idText);
    reviewFinding(c.db, id, o.status as FindingStatus, o.note, examiner);
    process.stdout.write(`finding ${id} marked ${o.status}; recorded in ` +
      'the custody log\n');
  } finally {
    closeCase(c);
  }
}

function rules(o: { format: string }): void {
  writeRows(RULES, [
    { name: 'id', get: (r) => r.id, width: 34 },
    { name: 'severity', get: (r) => r.severity },
    { name: 'technique', get: (r) => r.technique },
    { name: 'title', get: (r) => r.title, width: 60 },
    { name: 'description', get: (r) => r.description, width: 200 },
  ], format(o.format), (r) => ({ id: r.id, title: r.title,
    severity: r.severity, technique: r.technique,
    description: r.description }));
}
