/**
 * Reads `Search-UnifiedAuditLog | Format-List` text: blocks of
 * `Name   : value` lines, one block per record, where AuditData may span
 * many lines of pretty-printed JSON.
 */
import { LineFramer, type LineFrame } from '../framing/line-framer.js';
import {
  byteOffsetOf,
  decodeUnits,
  type UnitLayout,
  type Units,
} from '../framing/units.js';
import type { Obj } from '../normalize/fields.js';
import type { Reader, ReaderSink } from './reader.js';

const FIELD_RE =
  /^(RecordType|CreationDate|UserIds|Operations|AuditData|ResultIndex|ResultCount|Identity|IsValid|ObjectState)\s+:(?:\s(.*))?$/;

interface Block {
  start: number;
  end: number;
  line: number;
  lines: string[];
}

/** Reads Format-List blocks as records keyed by field name. */
export class FormatListReader implements Reader {
  private readonly framer: LineFramer;
  private block: Block | null = null;
  private rows = 0;

  constructor(
    private readonly layout: UnitLayout,
    private readonly sink: ReaderSink,
  ) {
    this.framer = new LineFramer((f) => this.onLine(f));
  }

  /** Reads more units. */
  feed(units: Units): void {
    this.framer.feed(units);
  }

  /** Finishes the last block. */
  end(): void {
    this.framer.end();
    this.flush();
  }

  private onLine(f: LineFrame): void {
    const text = decodeUnits(f.units).text;
    if (/^RecordType\s+:/.test(text)) {
      this.flush();
      this.block = { start: f.start, end: f.end, line: f.line, lines: [] };
    }
    if (!this.block) return;
    this.block.lines.push(text);
    this.block.end = f.end;
  }

  private flush(): void {
    const b = this.block;
    if (!b) return;
    this.block = null;
    const start = byteOffsetOf(this.layout, b.start);
    const pos = {
      byteOffset: start,
      byteLength: byteOffsetOf(this.layout, b.end) - start,
      line: b.line,
      row: ++this.rows,
    };
    this.sink.record({
      ...pos,
      value: parseBlock(b.lines),
      text: b.lines.join('\n'),
      kind: 'csv',
    });
  }
}

/** Turns the lines of one block into a field map. */
export function parseBlock(lines: string[]): Obj {
  const out: Obj = {};
  let current: string | null = null;
  for (const line of lines) {
    const m = FIELD_RE.exec(line);
    if (m) {
      current = m[1];
      out[current] = (m[2] ?? '').trimEnd();
    } else if (current) {
      out[current] = `${out[current] as string}\n${line}`;
    }
  }
  for (const k of Object.keys(out)) out[k] = (out[k] as string).trim();
  return out;
}
