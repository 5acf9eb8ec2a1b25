/**
 * Turns normalized drafts into stored event rows: category, geolocation,
 * provenance, and the hashes that let `verify-case` find a changed row.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Category } from '../../src-shared/domain.js';
import type { GeoEnricher } from '../enrich/geoip.js';
import type { StoredDraft } from './stored-draft.js';
import type { Position } from './readers/reader.js';

/** The stored columns of an event, in insert order. */
export const EVENT_COLUMNS = [
  'time_ms', 'time_text', 'source', 'workload', 'operation', 'category',
  'result', 'result_code', 'actor', 'actor_original', 'actor_id', 'target',
  'ip', 'ip_original', 'port', 'user_agent', 'client_app', 'session_id',
  'correlation_id', 'record_id', 'tenant_id', 'country', 'region', 'city',
  'lat', 'lon', 'asn', 'as_org', 'geo_db_id', 'source_location',
  'evidence_id', 'byte_offset', 'byte_length', 'line', 'row', 'dedupe_key',
  'content_hash', 'details',
] as const;

/** Columns covered by an event's row hash: all but the hash columns. */
export const HASHED_COLUMNS = EVENT_COLUMNS.filter((c) => c !== 'content_hash');

/** One event row as a tuple of column values. */
export type EventRow = (string | number | null)[];

/** Hash of a stored row's values, as kept in `row_hash`. */
export function rowHash(values: readonly unknown[]): Buffer {
  return hashRowText(JSON.stringify(values));
}

function hashRowText(json: string): Buffer {
  return createHash('sha256').update(json).digest().subarray(0, 16);
}

/** A UTF-16 surrogate without its partner. */
const LONE_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Replaces lone surrogates in the text values of a row with U+FFFD, as
 * SQLite cannot store them (they would read back changed and fail the
 * row hash); true when any was replaced.
 */
function mendLoneSurrogates(values: EventRow): boolean {
  let mended = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'string') continue;
    const fixed = v.replace(LONE_SURROGATE, '\uFFFD');
    if (fixed !== v) {
      values[i] = fixed;
      mended = true;
    }
  }
  return mended;
}

/** Inserts events of one evidence item. */
export class EventWriter {
  private readonly insert: Database.Statement;
  private readonly geoDbId: number;

  constructor(
    db: Database.Database,
    private readonly evidenceId: number,
    private readonly geo: GeoEnricher,
    private readonly categorize: (source: string, op: string) => Category,
  ) {
    const cols = [...EVENT_COLUMNS, 'row_hash'];
    this.insert = db.prepare(
      `INSERT INTO event (${cols.join(', ')})
       VALUES (${cols.map(() => '?').join(', ')})`,
    );
    this.geoDbId = registerGeoDbs(db, geo);
  }

  /**
   * Stores one draft at its position; true when lone surrogates in it
   * were stored as U+FFFD. JSON text writes a lone surrogate as an
   * escape (`\ud83d`), so only a row whose JSON holds `\ud` is examined.
   */
  write(d: StoredDraft, pos: Position, hash: string): boolean {
    const values = this.row(d, pos, hash);
    let json = JSON.stringify(hashedValues(values));
    const mended = json.includes('\\ud') && mendLoneSurrogates(values);
    if (mended) json = JSON.stringify(hashedValues(values));
    this.insert.run(...values, hashRowText(json));
    return mended;
  }

  private row(d: StoredDraft, pos: Position, hash: string): EventRow {
    const g = this.geo.lookup(d.ip.ip);
    return [
      d.timeMs, d.timeText, d.source, d.workload, d.operation,
      this.categorize(d.source, d.operation), d.result, d.resultCode,
      d.actor, d.actorOriginal, d.actorId, d.target, d.ip.ip, d.ip.original,
      d.ip.port, d.userAgent, d.clientApp, d.sessionId, d.correlationId,
      d.recordId, d.tenantId, g.country, g.region, g.city, g.lat, g.lon,
      g.asn, g.asOrg, d.ip.ip ? this.geoDbId : null,
      d.sourceLocationJson,
      this.evidenceId, pos.byteOffset, pos.byteLength, d.line ?? pos.line,
      pos.row, d.dedupeKey, hash,
      d.detailsJson,
    ];
  }
}

function hashedValues(values: EventRow): EventRow {
  return values.filter((_, i) => EVENT_COLUMNS[i] !== 'content_hash');
}

/** Records the pair of geo databases in use; returns its id. */
function registerGeoDbs(db: Database.Database, geo: GeoEnricher): number {
  const city = geo.databases.find((g) => g.kind === 'city');
  const asn = geo.databases.find((g) => g.kind === 'asn');
  const row = db
    .prepare(
      `INSERT INTO geo_db (city_name, city_build_date, asn_name, asn_build_date)
       VALUES (?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET city_name = excluded.city_name
       RETURNING id`,
    )
    .get(city?.name ?? '', city?.buildDate ?? '', asn?.name ?? '',
      asn?.buildDate ?? '') as { id: number };
  return row.id;
}
