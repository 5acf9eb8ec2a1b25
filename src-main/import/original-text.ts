/**
 * The text of one stored record, decoded from its original bytes the
 * way the import decoded it.
 */
import type { EvidenceReader } from '../case/evidence-store.js';
import { decodeUnits, type Encoding } from './framing/units.js';

/** Where a record's original bytes are, and how they are encoded. */
export interface StoredRecord {
  evidence_id: number;
  byte_offset: number;
  byte_length: number;
  encoding: Encoding;
}

/** Reads and decodes the original text of a stored record. */
export function originalText(reader: EvidenceReader, r: StoredRecord): string {
  const bytes = reader.read(r.evidence_id, r.byte_offset, r.byte_length);
  const units = r.encoding.startsWith('utf-16')
    ? toUtf16Units(bytes, r.encoding)
    : bytes;
  return decodeUnits(units).text;
}

function toUtf16Units(bytes: Buffer, encoding: Encoding): Uint16Array {
  const copy = Buffer.from(bytes);
  if (encoding === 'utf-16be') copy.swap16();
  return new Uint16Array(copy.buffer, copy.byteOffset, copy.length >> 1);
}
