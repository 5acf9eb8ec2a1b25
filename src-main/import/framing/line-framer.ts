/**
 * Line framing for JSON Lines: each non-blank line is one record
 * candidate, so one broken line never takes its neighbours with it.
 */
import type { Units } from './units.js';

/** One physical line, without its line break. */
export interface LineFrame {
  start: number;
  end: number;
  line: number;
  units: Units;
}

const NEWLINE = 0x0a;
const CR = 0x0d;

/** Splits a stream of units into lines. */
export class LineFramer {
  private buf: Units = new Uint8Array(0);
  private base = 0;
  private line = 0;

  constructor(private readonly emit: (frame: LineFrame) => void) {}

  /** Frames every complete line in the units seen so far. */
  feed(units: Units): void {
    this.buf = this.buf.length ? join(this.buf, units) : units;
    let from = 0;
    for (;;) {
      const nl = this.buf.indexOf(NEWLINE, from);
      if (nl < 0) break;
      this.frame(from, nl);
      from = nl + 1;
    }
    this.buf = this.buf.subarray(from);
    this.base += from;
  }

  /** Frames the last line when the file does not end with a line break. */
  end(): void {
    if (this.buf.length) this.frame(0, this.buf.length);
    this.buf = new Uint8Array(0);
  }

  private frame(from: number, to: number): void {
    this.line++;
    let end = to;
    if (end > from && this.buf[end - 1] === CR) end--;
    let start = from;
    while (start < end && isSpace(this.buf[start])) start++;
    if (start === end) return;
    this.emit({
      start: this.base + from,
      end: this.base + end,
      line: this.line,
      units: this.buf.subarray(from, end),
    });
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
