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
  /** Field names the block has begun, to see where the next starts. */
  fields: Set<string>;
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

  /**
   * A block begins at RecordType, at the first field line, or at a
   * field the open block already has (a block whose RecordType line is
   * missing); text outside any block is a warning, never dropped.
   */
  private onLine(f: LineFrame): void {
    const text = decodeUnits(f.units).text;
    const field = FIELD_RE.exec(text)?.[1];
    const starts = field === 'RecordType' ||
      (field !== undefined && (!this.block || this.block.fields.has(field)));
    if (starts) {
      this.flush();
      this.block = { start: f.start, end: f.end, line: f.line, lines: [],
        fields: new Set() };
    }
    if (!this.block) return this.outside(f, text);
    if (field) this.block.fields.add(field);
    this.block.lines.push(text);
    this.block.end = f.end;
  }

  private outside(f: LineFrame, text: string): void {
    if (!text.trim()) return;
    this.sink.warn({ line: f.line,
      byteOffset: byteOffsetOf(this.layout, f.start) }, {
      severity: 'warning',
      code: 'TEXT_OUTSIDE_RECORD',
      message: 'text before the first Format-List record is not part of ' +
        'any record; it is kept in the evidence but not imported',
    });
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
