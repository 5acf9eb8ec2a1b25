/**
 * Reads JSON evidence: arrays, JSON Lines, single objects and captured
 * API response pages, record by record with exact positions.
 *
 * Page bodies, empty pages and API error bodies are not records; they
 * are checked for what they say about the completeness of a collection.
 */
import { jsonrepair } from 'jsonrepair';
import { JsonScanner, type PageFrame, type RecordFrame } from '../framing/json-scanner.js';
import { LineFramer, type LineFrame } from '../framing/line-framer.js';
import {
  byteOffsetOf,
  decodeUnits,
  type UnitLayout,
  type Units,
} from '../framing/units.js';
import type { Obj, RecordProblem } from '../normalize/fields.js';
import { PageTracker } from './page-tracker.js';
import type { Position, Reader, ReaderSink } from './reader.js';

/** How the JSON is laid out in the file. */
export type JsonLayout = 'document' | 'lines';

/** Reads records out of JSON evidence. */
export class JsonReader implements Reader {
  private readonly scanner: JsonScanner;
  private readonly lines: LineFramer | null;
  private readonly pages: PageTracker;

  constructor(
    private readonly layout: UnitLayout,
    jsonLayout: JsonLayout,
    private readonly sink: ReaderSink,
  ) {
    this.pages = new PageTracker(sink);
    this.scanner = new JsonScanner({
      record: (f) => this.onFrame(f),
      pageEnd: (p) => this.onPageEnd(p),
      problem: (p) =>
        this.problem(p.offset, p.line, p.code, p.message, p.record),
    });
    this.lines =
      jsonLayout === 'lines' ? new LineFramer((f) => this.onLine(f)) : null;
  }

  /** Reads more units. */
  feed(units: Units): void {
    if (this.lines) this.lines.feed(units);
    else this.scanner.feed(units);
  }

  /** The @odata.context values of pages, each with its line. */
  contextLines(): { context: string; line: number }[] {
    return this.pages.contextLines();
  }

  /** Finishes the file. */
  end(): void {
    if (this.lines) this.lines.end();
    else this.scanner.end();
    this.pages.end();
  }

  private position(start: number, end: number, line: number): Position {
    const byteOffset = byteOffsetOf(this.layout, start);
    return {
      byteOffset,
      byteLength: byteOffsetOf(this.layout, end) - byteOffset,
      line,
      row: null,
    };
  }

  private problem(
    offset: number,
    line: number,
    code: string,
    message: string,
    isRecord: boolean,
  ): void {
    const pos = this.position(offset, offset, line);
    const p: RecordProblem = { severity: 'error', code, message };
    if (isRecord) this.sink.reject(pos, p);
    else this.sink.warn(pos, { ...p, severity: 'warning' });
  }

  private onLine(f: LineFrame): void {
    this.handle(f.units, this.position(f.start, f.end, f.line), f.start);
  }

  private onFrame(f: RecordFrame): void {
    const pos = this.position(f.start, f.end, f.line);
    if (f.oversized) {
      this.sink.reject(pos, {
        severity: 'error',
        code: 'RECORD_TOO_LARGE',
        message: `record of ${pos.byteLength} bytes exceeds the size limit`,
      });
      return;
    }
    this.handle(f.units, pos, f.start, f.page);
  }

  private handle(
    units: Units,
    pos: Position,
    unitStart: number,
    page: PageFrame | null = null,
  ): void {
    const decoded = decodeUnits(units);
    if (decoded.fallback) {
      this.sink.warn(pos, {
        severity: 'warning',
        code: 'NOT_UTF8',
        message: 'bytes are not valid UTF-8; read as windows-1252',
      });
    }
    const value = this.parse(decoded.text, pos);
    if (value === undefined) return;
    if (!isObject(value)) {
      this.sink.reject(pos, notAnObject(value));
      return;
    }
    if (this.lines && isPageObject(value)) {
      this.subScanPage(units, unitStart, pos.line);
      return;
    }
    if (this.pages.consumesBody(value, pos)) return;
    this.pages.countRecord(page);
    this.sink.record({ ...pos, value, text: decoded.text, kind: 'json' });
  }

  private parse(text: string, pos: Position): unknown {
    try {
      return JSON.parse(text);
    } catch (err) {
      return this.repair(text, pos, err as Error);
    }
  }

  private repair(text: string, pos: Position, err: Error): unknown {
    if (isCutOff(text, err)) {
      this.sink.reject(pos, {
        severity: 'error',
        code: 'JSON_TRUNCATED',
        message: `record is cut off before its end (${err.message}); ` +
          'not repaired, since what is missing is unknown',
      });
      return undefined;
    }
    let value: unknown;
    try {
      value = JSON.parse(jsonrepair(text));
    } catch {
      this.sink.reject(pos, {
        severity: 'error',
        code: 'JSON_SYNTAX',
        message: `record is not valid JSON: ${err.message}`,
      });
      return undefined;
    }
    this.sink.warn(pos, {
      severity: 'warning',
      code: 'JSON_REPAIRED',
      message:
        `record is not valid JSON (${err.message}); read after repair ` +
        '(e.g. trailing comma, unescaped backslash); original kept as is',
    });
    return value;
  }

  private onPageEnd(page: PageFrame): void {
    this.pages.pageEnd(page, this.position(page.start, page.start, page.line));
  }

  /** A JSON Lines line that is a whole response page. */
  private subScanPage(units: Units, unitStart: number, line: number): void {
    const sub = new JsonScanner({
      record: (f) =>
        this.onFrame({
          ...f,
          start: f.start + unitStart,
          end: f.end + unitStart,
          line,
        }),
      pageEnd: (p) =>
        this.pages.pageEnd(
          { ...p, line },
          this.position(p.start + unitStart, p.start + unitStart, line),
        ),
      problem: (p) =>
        this.problem(p.offset + unitStart, line, p.code, p.message, p.record),
    });
    sub.feed(units);
    sub.end();
  }
}

/**
 * True when JSON.parse failed only because the text ended: a record cut
 * off by a truncated file or an interrupted write. Repair would invent
 * its end, so it is rejected instead.
 */
function isCutOff(text: string, err: Error): boolean {
  if (/end of JSON input|Unterminated string/.test(err.message)) return true;
  const at = /at position (\d+)/.exec(err.message);
  return at !== null && Number(at[1]) >= text.trimEnd().length;
}

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isPageObject(v: Obj): boolean {
  return ['value', 'items', 'records'].some((k) => Array.isArray(v[k]));
}

function notAnObject(v: unknown): RecordProblem {
  const what = Array.isArray(v) ? 'an array' : `a ${typeof v}`;
  return {
    severity: 'error',
    code: 'NOT_AN_OBJECT',
    message: `record is ${what}, not a JSON object`,
  };
}
