/**
 * Timelines for other platforms, for a case that outgrows a laptop:
 * Timesketch JSON Lines and Elastic Common Schema (ECS) NDJSON. Both are
 * written a page of events at a time.
 */
import { existsSync, renameSync, rmSync, createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type Database from 'better-sqlite3';
import { TrailError } from '../../src-shared/errors.js';
import type { EventFilter, EventRow } from '../query/events-query.js';
import { isoTime, scopeCondition } from './bundle-scope.js';
import { countScoped, eventPages } from './event-pages.js';
import {
  evidencePath,
  loadEvidence,
  type BundleEvidence,
} from './evidence-items.js';

/** Options of a timeline export. */
export interface TimelineOptions {
  overwrite?: boolean;
  onProgress?: (done: number, total: number) => void;
}

/** What a timeline export wrote. */
export interface TimelineSummary {
  out: string;
  events: number;
}

/** One event as a line of the output. */
type LineOf = (r: EventRow, ev: BundleEvidence | undefined) => object;

/** Writes the filtered events as Timesketch JSON Lines. */
export function exportTimesketch(
  db: Database.Database,
  filter: EventFilter,
  out: string,
  opts: TimelineOptions = {},
): Promise<TimelineSummary> {
  return writeTimeline(db, filter, out, opts, timesketchLine);
}

/** Writes the filtered events as Elastic Common Schema NDJSON. */
export function exportEcs(
  db: Database.Database,
  filter: EventFilter,
  out: string,
  opts: TimelineOptions = {},
): Promise<TimelineSummary> {
  return writeTimeline(db, filter, out, opts, ecsDocument);
}

async function writeTimeline(
  db: Database.Database,
  filter: EventFilter,
  outPath: string,
  opts: TimelineOptions,
  lineOf: LineOf,
): Promise<TimelineSummary> {
  const out = resolve(outPath);
  if (existsSync(out) && !opts.overwrite) {
    throw new TrailError('BAD_REQUEST', `${out} already exists`);
  }
  const cond = scopeCondition(db, filter);
  const total = countScoped(db, cond);
  const evidence = loadEvidence(db);
  let done = 0;
  async function* lines(): AsyncGenerator<string> {
    for (const rows of eventPages(db, cond)) {
      yield rows
        .map((r) => `${JSON.stringify(lineOf(r, evidence.get(r.evidence_id)))}\n`)
        .join('');
      done += rows.length;
      opts.onProgress?.(done, total);
    }
  }
  const partial = `${out}.partial`;
  try {
    await pipeline(Readable.from(lines()), createWriteStream(partial));
    renameSync(partial, out);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  return { out, events: done };
}

/** What the event's time is, in the words of its source. */
function timestampDescription(source: string): string {
  if (source === 'm365-ual') return 'Creation Time';
  if (source === 'entra-signin') return 'Sign-in Time';
  if (source === 'entra-audit') return 'Activity Time';
  return 'Event Time';
}

/** A one-line description of an event for a timeline. */
export function eventMessage(r: EventRow): string {
  const who = r.actor ?? '(no user)';
  const from = r.ip ? ` from ${r.ip}${r.country ? ` [${r.country}]` : ''}` : '';
  const on = r.target && r.target !== r.actor ? ` on ${r.target}` : '';
  return `${who} ${r.operation} (${r.result})${on}${from}`;
}

/** One event as a Timesketch line: its required fields, then ours. */
export function timesketchLine(
  r: EventRow,
  ev: BundleEvidence | undefined,
): object {
  return {
    message: eventMessage(r),
    datetime: isoTime(r.time_ms),
    timestamp: r.time_ms * 1000,
    timestamp_desc: timestampDescription(r.source),
    data_type: `tenant_trail:${r.source}`,
    ...pruned({
      event_id: r.id,
      source: r.source,
      workload: r.workload,
      operation: r.operation,
      category: r.category,
      result: r.result,
      result_code: r.result_code,
      user: r.actor,
      user_id: r.actor_id,
      target: r.target,
      ip: r.ip,
      port: r.port,
      user_agent: r.user_agent,
      client_app: r.client_app,
      session_id: r.session_id,
      correlation_id: r.correlation_id,
      record_id: r.record_id,
      tenant_id: r.tenant_id,
      country: r.country,
      region: r.region,
      city: r.city,
      latitude: r.lat,
      longitude: r.lon,
      asn: r.asn,
      as_org: r.as_org,
      time_original: r.time_text,
      evidence_sha256: ev?.sha256,
      evidence_name: ev?.originalName,
      byte_offset: r.byte_offset,
      byte_length: r.byte_length,
      line: r.line,
      row: r.row,
    }),
  };
}

/** ECS `event.category` and `event.type` of each event category. */
const ECS_KINDS: Record<string, { category: string[]; type: string[] }> = {
  'sign-in': { category: ['authentication'], type: ['start'] },
  mfa: { category: ['authentication'], type: ['info'] },
  mail: { category: ['email'], type: ['info'] },
  file: { category: ['file'], type: ['access'] },
  sharing: { category: ['file'], type: ['change'] },
  admin: { category: ['configuration'], type: ['change'] },
  policy: { category: ['configuration'], type: ['change'] },
  role: { category: ['iam'], type: ['change'] },
  'app-consent': { category: ['iam'], type: ['change'] },
  other: { category: [], type: ['info'] },
};

/** The ECS version the documents follow. */
export const ECS_VERSION = '8.11.0';

/** One event as an Elastic Common Schema document. */
export function ecsDocument(
  r: EventRow,
  ev: BundleEvidence | undefined,
): object {
  const kind = ECS_KINDS[r.category] ?? ECS_KINDS.other;
  return pruned({
    '@timestamp': isoTime(r.time_ms),
    ecs: { version: ECS_VERSION },
    message: eventMessage(r),
    event: {
      kind: 'event',
      action: r.operation,
      category: kind.category,
      type: kind.type,
      outcome: r.result,
      provider: r.source,
      dataset: `tenant_trail.${r.source}`,
      id: r.record_id,
      code: r.result_code,
    },
    user: {
      name: r.actor,
      id: r.actor_id,
      email: r.actor?.includes('@') ? r.actor : null,
    },
    source: ecsSource(r),
    user_agent: { original: r.user_agent },
    organization: { id: r.tenant_id },
    log: { file: { path: ev ? evidencePath(ev.sha256) : null } },
    related: { ip: r.ip ? [r.ip] : [], user: r.actor ? [r.actor] : [] },
    tenant_trail: ecsProvenance(r, ev),
  });
}

function ecsSource(r: EventRow): object {
  return {
    ip: r.ip,
    port: r.port,
    geo: {
      country_iso_code: r.country,
      region_name: r.region,
      city_name: r.city,
      location: r.lat !== null && r.lon !== null
        ? { lat: r.lat, lon: r.lon }
        : null,
    },
    as: { number: r.asn, organization: { name: r.as_org } },
  };
}

function ecsProvenance(r: EventRow, ev: BundleEvidence | undefined): object {
  return {
    event_id: r.id,
    category: r.category,
    workload: r.workload,
    target: r.target,
    client_app: r.client_app,
    session_id: r.session_id,
    correlation_id: r.correlation_id,
    time_original: r.time_text,
    evidence: {
      sha256: ev?.sha256,
      original_name: ev?.originalName,
      exhibit: ev?.exhibitNumber,
      byte_offset: r.byte_offset,
      byte_length: r.byte_length,
      line: r.line,
      row: r.row,
    },
  };
}

/** Drops null, undefined, empty arrays and empty objects, recursively. */
function pruned(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    const kept = isPlainObject(v) ? pruned(v) : v;
    if (kept === null || kept === undefined) continue;
    if (Array.isArray(kept) && kept.length === 0) continue;
    if (isPlainObject(kept) && Object.keys(kept).length === 0) continue;
    out[k] = kept;
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
