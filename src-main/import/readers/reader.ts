/**
 * What every reader hands to the import pipeline: parsed source records
 * with their exact position, and problems with theirs.
 */
import type { Obj, RecordProblem } from '../normalize/fields.js';

/** Where something is in an evidence item. */
export interface Position {
  byteOffset: number;
  byteLength: number;
  line: number;
  row: number | null;
}

/** One parsed source record with its position and text. */
export interface SourceRecord extends Position {
  value: Obj;
  text: string;
  kind: 'json' | 'csv';
  /** True when it nests too deep for anything but a look at its shape. */
  tooDeep?: boolean;
  /**
   * True when `value` is exactly JSON.parse of `text` (no repair), so the
   * same text always reads as the same record.
   */
  exact?: boolean;
}

/** Receives what a reader finds, in file order. */
export interface ReaderSink {
  /** A record that parsed. */
  record(rec: SourceRecord): void;
  /** A record that could not be read at all: read and rejected. */
  reject(pos: Position, problem: RecordProblem): void;
  /** A problem that is not a record (file-level, page-level, repairs). */
  warn(pos: Pick<Position, 'line' | 'byteOffset'> | null, p: RecordProblem): void;
  /** UTC time of the oldest record stored so far, if any. */
  oldestTime?(): string | null;
}

/** A reader consumes units of one file. */
export interface Reader {
  feed(units: Uint8Array | Uint16Array): void;
  end(): void;
}
