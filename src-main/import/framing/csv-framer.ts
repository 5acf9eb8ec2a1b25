/**
 * CSV record framing with exact positions.
 *
 * A record ends at a line break outside quotes (RFC 4180), so quoted
 * fields may hold line breaks. The fields themselves are split by
 * csv-parse; this only finds where each record lies in the file.
 *
 * Recovery: when a record cannot be closed (an unbalanced quote runs to
 * the end of the file or past the size cap) or the consumer refuses a
 * multi-line record, its first physical line is reported as broken and
 * framing resumes on the next line, so the rest of the file still
 * imports.
 */
import { join } from './line-framer.js';
import type { Units } from './units.js';

/** One CSV record, without its line break. */
export interface CsvFrame {
  start: number;
  end: number;
  line: number;
  lines: number;
  units: Units;
  broken: 'unbalanced-quote' | 'oversized' | 'refused' | null;
}

/** Receives frames; returning false refuses a multi-line record. */
export type CsvSink = (frame: CsvFrame) => boolean;

const QUOTE = 0x22;
const NEWLINE = 0x0a;
const CR = 0x0d;

/** Default cap on one CSV record. */
export const MAX_CSV_RECORD_UNITS = 16 * 1024 * 1024;

/** Splits a stream of units into CSV records. */
export class CsvFramer {
  private buf: Units = new Uint8Array(0);
  private base = 0;
  private start = 0;
  private pos = 0;
  private inQuote = false;
  private line = 1;
  private readonly quotes = new NextUnit(QUOTE);
  private readonly newlines = new NextUnit(NEWLINE);
  private skipping: { start: number; line: number } | null = null;

  constructor(
    private readonly sink: CsvSink,
    private readonly maxRecord = MAX_CSV_RECORD_UNITS,
  ) {}

  /** Frames every complete record in the units seen so far. */
  feed(units: Units): void {
    this.buf = this.buf.length ? join(this.buf, units) : units;
    this.scan(false);
    this.compact();
  }

  /** Frames what is left at the end of the file. */
  end(): void {
    this.scan(true);
    if (this.skipping) this.endSkip(this.buf.length, this.buf.length);
    while (this.start < this.buf.length) {
      if (this.inQuote) this.breakFirstLine('unbalanced-quote');
      else this.emit(this.buf.length, this.buf.length);
      this.scan(true);
    }
  }

  private scan(atEof: boolean): void {
    if (this.skipping && !this.skipRest()) return;
    const b = this.buf;
    while (this.pos < b.length) {
      if (this.inQuote) {
        const q = b.indexOf(QUOTE, this.pos);
        if (q < 0) {
          this.pos = b.length;
          break;
        }
        this.inQuote = false;
        this.pos = q + 1;
        continue;
      }
      const q = this.quotes.from(b, this.base, this.pos);
      const nl = this.newlines.from(b, this.base, this.pos);
      if (nl >= 0 && (q < 0 || nl < q)) {
        this.emit(nl, nl + 1);
        continue;
      }
      if (q < 0) {
        this.pos = b.length;
        break;
      }
      this.inQuote = true;
      this.pos = q + 1;
    }
    if (!atEof && this.pos - this.start > this.maxRecord) {
      this.breakFirstLine('oversized');
      this.scan(false);
    }
  }

  private emit(end: number, next: number): void {
    let e = end;
    if (e > this.start && this.buf[e - 1] === CR) e--;
    const units = this.buf.subarray(this.start, e);
    const lines = countNewlines(units) + 1;
    const blank = isBlank(units);
    const oversized = units.length > this.maxRecord;
    if (oversized && lines > 1) {
      this.breakFirstLine('oversized');
      return;
    }
    const frame: CsvFrame = {
      start: this.base + this.start,
      end: this.base + e,
      line: this.line,
      lines,
      units: oversized ? units.subarray(0, 0) : units,
      broken: oversized ? 'oversized' : null,
    };
    if (!blank && !this.sink(frame) && lines > 1) {
      this.breakFirstLine('refused');
      return;
    }
    this.line += lines;
    this.start = next;
    this.pos = next;
  }

  /**
   * Drops the rest of an oversized line whose end had not arrived when
   * it was broken; true once that end was found.
   */
  private skipRest(): boolean {
    const nl = this.buf.indexOf(NEWLINE, this.pos);
    if (nl < 0) {
      this.start = this.pos = this.buf.length;
      return false;
    }
    this.endSkip(nl, nl + 1);
    return true;
  }

  /** Reports the skipped line, now that its end is known. */
  private endSkip(end: number, next: number): void {
    const s = this.skipping as { start: number; line: number };
    let e = end;
    if (e > this.pos && this.buf[e - 1] === CR) e--;
    this.sink({
      start: s.start,
      end: this.base + e,
      line: s.line,
      lines: 1,
      units: this.buf.subarray(0, 0),
      broken: 'oversized',
    });
    this.skipping = null;
    this.line++;
    this.start = this.pos = next;
  }

  /** Reports the first physical line of the pending record as broken. */
  private breakFirstLine(why: CsvFrame['broken']): void {
    const b = this.buf;
    const nl = b.indexOf(NEWLINE, this.start);
    if (nl < 0 && why === 'oversized') return this.startSkip();
    const stop = nl < 0 ? b.length : nl;
    let e = stop;
    if (e > this.start && b[e - 1] === CR) e--;
    this.sink({
      start: this.base + this.start,
      end: this.base + e,
      line: this.line,
      lines: 1,
      units: b.subarray(this.start, e),
      broken: why,
    });
    this.line++;
    this.start = nl < 0 ? b.length : nl + 1;
    this.pos = this.start;
    this.forgetScan();
  }

  /** Starts dropping an oversized line whose end has not arrived yet. */
  private startSkip(): void {
    this.skipping = { start: this.base + this.start, line: this.line };
    this.start = this.pos = this.buf.length;
    this.forgetScan();
  }

  private forgetScan(): void {
    this.inQuote = false;
    this.quotes.forget();
    this.newlines.forget();
  }

  private compact(): void {
    if (this.start === 0) return;
    this.buf = this.buf.subarray(this.start);
    this.base += this.start;
    this.pos -= this.start;
    this.start = 0;
  }
}

/**
 * Finds the next occurrence of one unit, remembered between calls as an
 * absolute offset: a file of lines without quotes is not rescanned to
 * its end once per line, nor a Purview row (AuditData doubles every
 * quote) to its line break once per quoted field.
 */
class NextUnit {
  private at = -1;
  private seenTo = 0;

  constructor(private readonly unit: number) {}

  /** The next offset at or after `pos` in `b` (at absolute `base`). */
  from(b: Units, base: number, pos: number): number {
    if (this.at >= base + pos) return this.at - base;
    const start = this.at < 0 ? Math.max(pos, this.seenTo - base) : pos;
    const i = b.indexOf(this.unit, start);
    this.at = i < 0 ? -1 : base + i;
    this.seenTo = base + b.length;
    return i;
  }

  /** Forgets what was seen, when framing moves back. */
  forget(): void {
    this.at = -1;
    this.seenTo = 0;
  }
}

function countNewlines(u: Units): number {
  let n = 0;
  let i = u.indexOf(NEWLINE);
  while (i >= 0) {
    n++;
    i = u.indexOf(NEWLINE, i + 1);
  }
  return n;
}

function isBlank(u: Units): boolean {
  for (let i = 0; i < u.length; i++) {
    const c = u[i];
    if (c !== 0x20 && c !== 0x09 && c !== CR) return false;
  }
  return true;
}
