/**
 * Line framing for JSON Lines: each non-blank line is one record
 * candidate, so one broken line never takes its neighbours with it. A
 * line longer than the record cap is reported without being buffered.
 */
import type { Units } from './units.js';

/** One physical line, without its line break. */
export interface LineFrame {
  start: number;
  end: number;
  line: number;
  units: Units;
  /** True when the line exceeds the cap; `units` is then empty. */
  oversized: boolean;
}

/** Where framing starts and how long a line may be. */
export interface LineFramerOptions {
  /** Unit offset of the first unit fed (default 0). */
  base?: number;
  /** Line number of the first unit fed (default 1). */
  firstLine?: number;
  /** Longest line in units; longer ones are reported as oversized. */
  maxLine?: number;
}

const NEWLINE = 0x0a;
const CR = 0x0d;
const EMPTY = new Uint8Array(0);

/** Splits a stream of units into lines. */
export class LineFramer {
  private buf: Units = EMPTY;
  private base: number;
  private line: number;
  private readonly maxLine: number;
  /** Start of an oversized line being skipped, else -1. */
  private skipFrom = -1;
  /** The last unit skipped was a carriage return. */
  private skippedCr = false;

  constructor(
    private readonly emit: (frame: LineFrame) => void,
    opts: LineFramerOptions = {},
  ) {
    this.base = opts.base ?? 0;
    this.line = (opts.firstLine ?? 1) - 1;
    this.maxLine = opts.maxLine ?? Infinity;
  }

  /** Frames every complete line in the units seen so far. */
  feed(units: Units): void {
    const rest = this.skipFrom >= 0 ? this.skip(units) : units;
    if (rest.length === 0) return;
    this.buf = this.buf.length ? join(this.buf, rest) : rest;
    let from = 0;
    for (;;) {
      const nl = this.buf.indexOf(NEWLINE, from);
      if (nl < 0) break;
      this.frame(from, nl);
      from = nl + 1;
    }
    this.buf = this.buf.subarray(from);
    this.base += from;
    if (this.buf.length > this.maxLine) this.startSkip();
  }

  /** Frames the last line when the file does not end with a line break. */
  end(): void {
    if (this.skipFrom >= 0) this.endSkip(this.base);
    else if (this.buf.length) this.frame(0, this.buf.length);
    this.buf = EMPTY;
  }

  private frame(from: number, to: number): void {
    this.line++;
    let end = to;
    if (end > from && this.buf[end - 1] === CR) end--;
    let start = from;
    while (start < end && isSpace(this.buf[start])) start++;
    if (start === end) return;
    const oversized = end - from > this.maxLine;
    this.emit({
      start: this.base + from,
      end: this.base + end,
      line: this.line,
      units: oversized ? EMPTY : this.buf.subarray(from, end),
      oversized,
    });
  }

  /** Drops the buffered part of a line past the cap. */
  private startSkip(): void {
    this.skippedCr = this.buf[this.buf.length - 1] === CR;
    this.skipFrom = this.base;
    this.base += this.buf.length;
    this.buf = EMPTY;
  }

  /** Skips to the end of the oversized line; returns the units after it. */
  private skip(units: Units): Units {
    const nl = units.indexOf(NEWLINE);
    if (nl < 0) {
      this.base += units.length;
      this.skippedCr = units[units.length - 1] === CR;
      return EMPTY;
    }
    const cr = nl > 0 ? units[nl - 1] === CR : this.skippedCr;
    this.endSkip(this.base + nl - (cr ? 1 : 0));
    this.base += nl + 1;
    return units.subarray(nl + 1);
  }

  private endSkip(end: number): void {
    this.line++;
    this.emit({
      start: this.skipFrom,
      end,
      line: this.line,
      units: EMPTY,
      oversized: true,
    });
    this.skipFrom = -1;
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === CR || c === 0xfeff;
}

/** Concatenates two unit runs of the same kind. */
export function join(a: Units, b: Units): Units {
  const Ctor = b instanceof Uint16Array ? Uint16Array : Uint8Array;
  const out = new Ctor(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
