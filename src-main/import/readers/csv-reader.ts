/**
 * Reads CSV evidence: finds the header (after an optional PowerShell
 * `#TYPE` line), splits every record with csv-parse and maps fields by
 * column name, never by position.
 */
import { parse } from 'csv-parse/sync';
import {
  CsvFramer,
  MAX_CSV_RECORD_UNITS,
  type CsvFrame,
} from '../framing/csv-framer.js';
import {
  byteOffsetOf,
  decodeUnits,
  type UnitLayout,
  type Units,
} from '../framing/units.js';
import type { Obj } from '../normalize/fields.js';
import type { Position, Reader, ReaderSink } from './reader.js';

/** Reads CSV records as objects keyed by header name. */
export class CsvReader implements Reader {
  private readonly framer: CsvFramer;
  private header: string[] | null = null;
  private rows = 0;

  constructor(
    private readonly layout: UnitLayout,
    private readonly sink: ReaderSink,
  ) {
    this.framer = new CsvFramer((f) => this.onFrame(f));
  }

  /** Reads more units. */
  feed(units: Units): void {
    this.framer.feed(units);
  }

  /** Finishes the file; a file with no data row says so. */
  end(): void {
    this.framer.end();
    if (!this.header) {
      this.sink.warn(null, {
        severity: 'error',
        code: 'NO_HEADER',
        message: 'the file has no CSV header line',
      });
    }
  }

  /** The header as read, after trimming. */
  columns(): string[] {
    return this.header ?? [];
  }

  private position(f: CsvFrame, row: number | null): Position {
    const byteOffset = byteOffsetOf(this.layout, f.start);
    return {
      byteOffset,
      byteLength: byteOffsetOf(this.layout, f.end) - byteOffset,
      line: f.line,
      row,
    };
  }

  private onFrame(f: CsvFrame): boolean {
    const decoded = decodeUnits(f.units);
    if (!this.header) return this.onHeader(f, decoded.text);
    if (f.broken) return this.onBroken(f);
    const fields = splitRecord(decoded.text);
    if (fields === null || fields.length !== this.header.length) {
      if (f.lines > 1) return false;
      this.rejectRow(f, fields);
      return true;
    }
    const pos = this.position(f, ++this.rows);
    if (decoded.fallback) {
      this.sink.warn(pos, {
        severity: 'warning',
        code: 'NOT_UTF8',
        message: 'bytes are not valid UTF-8; read as windows-1252',
      });
    }
    const value: Obj = {};
    this.header.forEach((name, i) => (value[name] = fields[i]));
    this.sink.record({ ...pos, value, text: decoded.text, kind: 'csv' });
    return true;
  }

  private onHeader(f: CsvFrame, text: string): boolean {
    if (text.startsWith('#TYPE') || text.startsWith('#')) return true;
    const fields = splitRecord(text);
    if (!fields) return true;
    this.header = dedupeHeader(
      fields.map((h) => h.replace(/^\uFEFF/, '').trim()),
      (name, n) =>
        this.sink.warn(this.position(f, null), duplicateHeader(name, n)),
    );
    return true;
  }

  private onBroken(f: CsvFrame): boolean {
    const oversized = f.broken === 'oversized';
    const why = oversized
      ? `the record runs past the limit of ${MAX_CSV_RECORD_UNITS} ` +
        'characters'
      : 'a quote opened on this line is never closed';
    this.sink.reject(this.position(f, ++this.rows), {
      severity: 'error',
      code: oversized ? 'RECORD_TOO_LARGE' : 'CSV_UNBALANCED_QUOTE',
      message: `${why}; it is skipped and reading resumes after it`,
    });
    return true;
  }

  private rejectRow(f: CsvFrame, fields: string[] | null): void {
    const expected = this.header?.length ?? 0;
    const message = fields
      ? `row has ${fields.length} fields, the header has ${expected}`
      : 'row is not valid CSV';
    this.sink.reject(this.position(f, ++this.rows), {
      severity: 'error',
      code: 'CSV_FIELD_COUNT',
      message,
    });
  }
}

// The record delimiters are named: left to csv-parse, finding them
// again for every record took half of its time (issue #8).
const SPLIT_OPTIONS = {
  relax_quotes: true,
  relax_column_count: true,
  skip_empty_lines: false,
  record_delimiter: ['\r\n', '\n', '\r'],
};

/** Splits one record's text into fields; null when it is not CSV. */
export function splitRecord(text: string): string[] | null {
  try {
    const rows = parse(text, SPLIT_OPTIONS) as string[][];
    return rows.length === 1 ? rows[0] : rows.length === 0 ? [] : null;
  } catch {
    return null;
  }
}

/**
 * Columns that a known export layout always repeats: the Entra portal
 * sign-in download lists 'Incoming token type' twice.
 */
const KNOWN_REPEATED_COLUMNS: ReadonlySet<string> = new Set([
  'Incoming token type',
]);

function duplicateHeader(name: string, n: number) {
  const kept = `later ones are kept as '${name} (2)' and so on`;
  if (KNOWN_REPEATED_COLUMNS.has(name) && n === 2) {
    return {
      severity: 'info' as const,
      code: 'DUPLICATE_HEADER',
      message: `column '${name}' appears twice, as in every Entra ` +
        `portal sign-in download; ${kept}`,
    };
  }
  return {
    severity: 'warning' as const,
    code: 'DUPLICATE_HEADER',
    message: `column '${name}' appears ${n} times; ${kept}`,
  };
}

function dedupeHeader(
  names: string[],
  onDuplicate: (name: string, count: number) => void,
): string[] {
  const seen = new Map<string, number>();
  const out = names.map((n) => {
    const count = (seen.get(n) ?? 0) + 1;
    seen.set(n, count);
    return count === 1 ? n : `${n} (${count})`;
  });
  for (const [name, count] of seen) if (count > 1) onDuplicate(name, count);
  return out;
}
