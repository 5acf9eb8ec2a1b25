/**
 * The normalized events of a bundle as `events.csv` and `events.jsonl`:
 * UTC times with milliseconds, and for each event the SHA-256 of its
 * evidence file and its exact position there.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { stringify } from 'csv-stringify/sync';
import { EvidenceReader } from '../case/evidence-store.js';
import type { EventRow } from '../query/events-query.js';
import { isoTime, type Condition } from './bundle-scope.js';
import {
  eventPages,
  occurrencesOf,
  type OccurrenceRow,
} from './event-pages.js';
import type { BundleEvidence } from './evidence-items.js';
import { spreadsheetCell } from './text-safety.js';

/** What event files need to resolve evidence ids and report progress. */
export interface EventFileContext {
  db: Database.Database;
  cond: Condition;
  evidence: Map<number, BundleEvidence>;
  onEvents: (n: number) => void;
}

/** One CSV column: its heading and how to read it from an event. */
interface CsvColumn {
  name: string;
  get: (r: EventRow, ev: BundleEvidence | undefined, rec: string) => unknown;
}

const CSV_COLUMNS: CsvColumn[] = [
  { name: 'event_id', get: (r) => r.id },
  { name: 'time_utc', get: (r) => isoTime(r.time_ms) },
  { name: 'time_original', get: (r) => r.time_text },
  { name: 'source', get: (r) => r.source },
  { name: 'workload', get: (r) => r.workload },
  { name: 'operation', get: (r) => r.operation },
  { name: 'category', get: (r) => r.category },
  { name: 'result', get: (r) => r.result },
  { name: 'result_code', get: (r) => r.result_code },
  { name: 'user', get: (r) => r.actor },
  { name: 'user_original', get: (r) => r.actor_original },
  { name: 'user_id', get: (r) => r.actor_id },
  { name: 'target', get: (r) => r.target },
  { name: 'ip', get: (r) => r.ip },
  { name: 'ip_original', get: (r) => r.ip_original },
  { name: 'port', get: (r) => r.port },
  { name: 'user_agent', get: (r) => r.user_agent },
  { name: 'client_app', get: (r) => r.client_app },
  { name: 'session_id', get: (r) => r.session_id },
  { name: 'correlation_id', get: (r) => r.correlation_id },
  { name: 'record_id', get: (r) => r.record_id },
  { name: 'tenant_id', get: (r) => r.tenant_id },
  { name: 'country', get: (r) => r.country },
  { name: 'region', get: (r) => r.region },
  { name: 'city', get: (r) => r.city },
  { name: 'lat', get: (r) => r.lat },
  { name: 'lon', get: (r) => r.lon },
  { name: 'asn', get: (r) => r.asn },
  { name: 'as_org', get: (r) => r.as_org },
  { name: 'evidence_sha256', get: (_r, ev) => ev?.sha256 },
  { name: 'evidence_exhibit', get: (_r, ev) => ev?.exhibitNumber },
  { name: 'byte_offset', get: (r) => r.byte_offset },
  { name: 'byte_length', get: (r) => r.byte_length },
  { name: 'record_sha256', get: (_r, _ev, rec) => rec },
  { name: 'line', get: (r) => r.line },
  { name: 'row', get: (r) => r.row },
  { name: 'conflict', get: (r) => r.conflict },
  { name: 'details', get: (r) => r.details },
];

/** RFC 4180 line ends, which spreadsheets expect. */
const CSV_OPTIONS = { record_delimiter: 'windows' } as const;

/** Yields `events.csv` in pieces: a header, then one block per page. */
export async function* eventsCsv(
  ctx: EventFileContext,
): AsyncGenerator<string> {
  const records = new RecordHasher(ctx.db);
  yield stringify([CSV_COLUMNS.map((c) => c.name)], CSV_OPTIONS);
  for (const rows of eventPages(ctx.db, ctx.cond)) {
    const cells = rows.map((r) => {
      const ev = ctx.evidence.get(r.evidence_id);
      const rec = records.hash(r);
      return CSV_COLUMNS.map((c) => spreadsheetCell(c.get(r, ev, rec)));
    });
    ctx.onEvents(rows.length);
    yield stringify(cells, CSV_OPTIONS);
  }
}

/** Yields `events.jsonl` in pieces: one block of lines per page. */
export async function* eventsJsonl(
  ctx: EventFileContext,
): AsyncGenerator<string> {
  const records = new RecordHasher(ctx.db);
  for (const rows of eventPages(ctx.db, ctx.cond)) {
    const seen = occurrencesOf(ctx.db, rows);
    const lines = rows.map((r) =>
      JSON.stringify(
        bundleEvent(r, ctx.evidence, seen.get(r.id) ?? [], records),
      ),
    );
    ctx.onEvents(rows.length);
    yield `${lines.join('\n')}\n`;
  }
}

/**
 * Hashes the original bytes of each event's record, read from the
 * stored evidence through a small chunk cache, so a receiver can check
 * with `dd` and `sha256sum` that an event comes from exactly those bytes.
 */
export class RecordHasher {
  private readonly reader: EvidenceReader;

  constructor(db: Database.Database) {
    this.reader = new EvidenceReader(db);
  }

  /** Hex SHA-256 of the record bytes at an event's position. */
  hash(p: Omit<OccurrenceRow, 'event_id'>): string {
    const bytes = this.reader.read(p.evidence_id, p.byte_offset, p.byte_length);
    return createHash('sha256').update(bytes).digest('hex');
  }
}

/** Where a record sits in an evidence file, and the hash of its bytes. */
interface Position {
  sha256: string | null;
  exhibitNumber: string | null;
  byteOffset: number;
  byteLength: number;
  line: number | null;
  row: number | null;
  recordSha256: string;
}

function position(
  evidence: Map<number, BundleEvidence>,
  p: Omit<OccurrenceRow, 'event_id'>,
  records: RecordHasher,
): Position {
  const ev = evidence.get(p.evidence_id);
  return {
    sha256: ev?.sha256 ?? null,
    exhibitNumber: ev?.exhibitNumber ?? null,
    byteOffset: p.byte_offset,
    byteLength: p.byte_length,
    line: p.line,
    row: p.row,
    recordSha256: records.hash(p),
  };
}

/** One event as a line of `events.jsonl`. */
export function bundleEvent(
  r: EventRow,
  evidence: Map<number, BundleEvidence>,
  occurrences: readonly OccurrenceRow[],
  records: RecordHasher,
): Record<string, unknown> {
  return {
    eventId: r.id,
    timeUtc: isoTime(r.time_ms),
    timeOriginal: r.time_text,
    source: r.source,
    workload: r.workload,
    operation: r.operation,
    category: r.category,
    result: r.result,
    resultCode: r.result_code,
    user: r.actor,
    userOriginal: r.actor_original,
    userId: r.actor_id,
    target: r.target,
    ip: r.ip,
    ipOriginal: r.ip_original,
    port: r.port,
    userAgent: r.user_agent,
    clientApp: r.client_app,
    sessionId: r.session_id,
    correlationId: r.correlation_id,
    recordId: r.record_id,
    tenantId: r.tenant_id,
    geo: geoOf(r),
    evidence: position(evidence, r, records),
    alsoSeenIn: occurrences.map((o) => position(evidence, o, records)),
    conflict: r.conflict === 1,
    details: r.details ? (JSON.parse(r.details) as unknown) : null,
  };
}

function geoOf(r: EventRow): Record<string, unknown> {
  return {
    country: r.country,
    region: r.region,
    city: r.city,
    lat: r.lat,
    lon: r.lon,
    asn: r.asn,
    asOrg: r.as_org,
  };
}
