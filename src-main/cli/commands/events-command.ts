/**
 * `tenant-trail events`: the normalized timeline, filtered, as a table,
 * CSV or JSON Lines.
 */
import type { Command } from 'commander';
import {
  CATEGORIES,
  RESULTS,
  type EventRecord,
} from '../../../src-shared/domain.js';
import { TrailError } from '../../../src-shared/errors.js';
import { closeCase, openCase } from '../../case/case-file.js';
import {
  countEvents,
  queryEvents,
  type EventFilter,
  type EventPage,
} from '../../query/events-query.js';
import { searchFallbackNote } from '../../search/search-index.js';
import { positiveCount, timeOption } from '../options.js';
import { writeRows, type Column, type OutputFormat } from '../output.js';
import { action } from '../run-action.js';

/** Registers the events command. */
export function registerEventsCommand(program: Command): void {
  program
    .command('events <case>')
    .description('list events of the timeline (times in UTC)')
    .option('--user <upn>', 'only this user (actor)')
    .option('--ip <address>', 'only this client IP')
    .option('--country <cc>', 'only this country (ISO 3166 alpha-2)')
    .option('--operation <name>', 'only this operation')
    .option('--source <source>', 'm365-ual, entra-signin, entra-audit, gws-<app>')
    .option('--category <category>', 'sign-in, mail, file, sharing, admin, ...')
    .option('--result <result>', 'success, failure or unknown')
    .option('--from <time>', 'from this time (ISO 8601; UTC unless a zone is given)')
    .option('--to <time>', 'up to this time')
    .option('--search <text>', 'text anywhere in the event')
    .option('--format <format>', 'table, csv or jsonl', 'table')
    .option('--limit <n>', 'at most this many events', positiveCount,
      1000)
    .action(action(listEvents));
}

interface EventsCliOptions {
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
  format: OutputFormat;
  limit: number;
}

function listEvents(path: string, o: EventsCliOptions): void {
  if (!['table', 'csv', 'jsonl'].includes(o.format)) {
    throw new TrailError('BAD_REQUEST', '--format must be table, csv or jsonl');
  }
  oneOf(o.category, CATEGORIES, '--category');
  oneOf(o.result, RESULTS, '--result');
  const c = openCase(path, { readonly: true });
  try {
    const filter: EventFilter = {
      user: o.user,
      ip: o.ip,
      country: o.country,
      operation: o.operation,
      source: o.source?.toLowerCase(),
      category: o.category as EventPage['category'],
      result: o.result as EventPage['result'],
      fromMs: timeOption(o.from, '--from'),
      toMs: timeOption(o.to, '--to'),
      search: o.search,
    };
    writeRows(queryEvents(c.db, { ...filter, limit: o.limit }), COLUMNS,
      o.format);
    const note = o.search ? searchFallbackNote(c.db, path) : null;
    if (note) process.stderr.write(`${note}\n`);
    const total = countEvents(c.db, filter);
    if (total > o.limit) {
      process.stderr.write(`showing ${o.limit} of ${total} events; raise ` +
        '--limit for more\n');
    }
  } finally {
    closeCase(c);
  }
}

function oneOf(
  v: string | undefined,
  allowed: readonly string[],
  flag: string,
): void {
  if (v === undefined || allowed.includes(v)) return;
  throw new TrailError('BAD_REQUEST',
    `${flag} must be one of ${allowed.join(', ')}, not '${v}'`);
}

const COLUMNS: Column<EventRecord>[] = [
  { name: 'time (UTC)', get: (e) => e.timeUtc },
  { name: 'source', get: (e) => e.source },
  { name: 'operation', get: (e) => e.operation, width: 32 },
  { name: 'category', get: (e) => e.category },
  { name: 'result', get: (e) => e.result },
  { name: 'user', get: (e) => e.actor, width: 36 },
  { name: 'ip', get: (e) => e.ip, width: 39 },
  { name: 'country', get: (e) => e.geo.country },
  { name: 'city', get: (e) => e.geo.city, width: 20 },
  { name: 'asn', get: (e) => e.geo.asn },
  { name: 'org', get: (e) => e.geo.asOrg, width: 28 },
  { name: 'app', get: (e) => e.clientApp ?? e.workload, width: 28 },
  { name: 'target', get: (e) => e.target, width: 48 },
  { name: 'evidence', get: (e) => e.evidenceId },
  { name: 'line', get: (e) => e.line },
];
