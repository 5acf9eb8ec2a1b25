/**
 * One event in full: its normalized fields, the original record read
 * back from the stored evidence bytes, and where those bytes sit.
 */
import type Database from 'better-sqlite3';
import { TrailError } from '../../src-shared/errors.js';
import type {
  EventDetail,
  OriginalRecord,
  Provenance,
} from '../../src-shared/contract.js';
import type { EvidenceReader } from '../case/evidence-store.js';
import { decodeUnits } from '../import/framing/units.js';
import { readAnnotations } from './annotations.js';
import { toEventRecord, type EventRow } from './events-query.js';
import { reindentJson } from './json-layout.js';

/** The catalog facts the detail shows, looked up by the caller. */
export interface DetailMeanings {
  operation: EventDetail['operationMeaning'];
  resultCode: EventDetail['resultCodeMeaning'];
}

interface PlaceRow {
  evidence_id: number;
  byte_offset: number;
  byte_length: number;
  line: number | null;
  row: number | null;
  original_name: string;
  sha256: string;
  format: string;
  encoding: string;
}

/** Reads one event with its original record, provenance and annotations. */
export function readEventDetail(
  db: Database.Database,
  reader: EvidenceReader,
  id: number,
  meanings: (e: EventDetail['event']) => DetailMeanings,
): EventDetail {
  const row = db.prepare('SELECT * FROM event WHERE id = ?').get(id) as
    | EventRow
    | undefined;
  if (!row) throw new TrailError('NOT_FOUND', `there is no event ${id}`);
  const event = toEventRecord(row);
  const place = evidencePlace(db, id);
  const m = meanings(event);
  return {
    event,
    original: readOriginal(reader, place),
    provenance: toProvenance(place),
    occurrences: occurrences(db, id),
    operationMeaning: m.operation,
    resultCodeMeaning: m.resultCode,
    annotations: readAnnotations(db, id),
  };
}

function evidencePlace(db: Database.Database, id: number): PlaceRow {
  return db
    .prepare(
      `SELECT e.evidence_id, e.byte_offset, e.byte_length, e.line, e.row,
         v.original_name, v.sha256, v.format, v.encoding
       FROM event e JOIN evidence v ON v.id = e.evidence_id WHERE e.id = ?`,
    )
    .get(id) as PlaceRow;
}

function occurrences(db: Database.Database, id: number): Provenance[] {
  const rows = db
    .prepare(
      `SELECT o.evidence_id, o.byte_offset, o.byte_length, o.line, o.row,
         v.original_name, v.sha256, v.format, v.encoding
       FROM event_occurrence o JOIN evidence v ON v.id = o.evidence_id
       WHERE o.event_id = ? ORDER BY o.id`,
    )
    .all(id) as PlaceRow[];
  return rows.map(toProvenance);
}

function toProvenance(p: PlaceRow): Provenance {
  return {
    evidenceId: p.evidence_id,
    fileName: p.original_name,
    sha256: p.sha256,
    format: p.format,
    encoding: p.encoding,
    byteOffset: p.byte_offset,
    byteLength: p.byte_length,
    line: p.line,
    row: p.row,
  };
}

/** Decodes the stored bytes of a record in the encoding of its evidence. */
export function decodeOriginal(
  bytes: Buffer,
  encoding: string,
): { text: string; fallback: boolean } {
  if (!encoding.startsWith('utf-16')) return decodeUnits(bytes);
  const copy = Buffer.from(bytes.subarray(0, bytes.length & ~1));
  if (encoding === 'utf-16be') copy.swap16();
  const units = new Uint16Array(copy.buffer, copy.byteOffset, copy.length >> 1);
  return decodeUnits(units);
}

function readOriginal(reader: EvidenceReader, p: PlaceRow): OriginalRecord {
  const bytes = reader.read(p.evidence_id, p.byte_offset, p.byte_length);
  const { text, fallback } = decodeOriginal(bytes, p.encoding);
  const kind = recordKind(p.format);
  return {
    text,
    pretty: kind === 'json' ? reindentJson(text) : null,
    kind,
    fallbackDecoding: fallback,
  };
}

function recordKind(format: string): OriginalRecord['kind'] {
  if (format.endsWith('-json')) return 'json';
  if (format.endsWith('-csv')) return 'csv';
  return 'text';
}
