/**
 * Reads JSON evidence: arrays, JSON Lines, single objects and captured
 * API response pages, record by record with exact positions.
 *
 * Page bodies, empty pages and API error bodies are not records; they
 * are checked for what they say about the completeness of a collection.
 */
import { jsonrepair } from 'jsonrepair';
import { nestsDeeper, tooDeepProblem } from '../framing/depth.js';
import {
  JsonScanner,
  MAX_RECORD_UNITS,
  type PageFrame,
  type RecordFrame,
} from '../framing/json-scanner.js';
import { LineFramer, type LineFrame } from '../framing/line-framer.js';
import { isPageObject } from '../framing/page-shape.js';
import {
  byteOffsetOf,
  decodeUnits,
  type DecodedText,
  type UnitLayout,
  type Units,
} from '../framing/units.js';
import type { Obj, RecordProblem } from '../normalize/fields.js';
import { PageTracker } from './page-tracker.js';
import type { Position, Reader, ReaderSink } from './reader.js';

/** How the JSON is laid out in the file. */
export type JsonLayout = 'document' | 'lines';

/** Limits applied to each record. */
export interface RecordLimits {
  /** Largest record or line in code units (default 16 MiB). */
  maxRecord?: number;
}

/** One record candidate on its way through the reader. */
interface Candidate {
  units: Units;
  /** Unit offset of its first unit. */
  start: number;
  pos: Position;
  page: PageFrame | null;
  /** A whole JSON Lines line: it may be a page or objects joined. */
  wholeLine: boolean;
  /** It nests deeper than MAX_DEPTH. */
  deep: boolean;
}

/** Reads records out of JSON evidence. */
export class JsonReader implements Reader {
  private readonly scanner: JsonScanner;
  private lines: LineFramer | null = null;
  private readonly pages: PageTracker;
  private readonly maxRecord: number;

  constructor(
    private readonly layout: UnitLayout,
    jsonLayout: JsonLayout,
    private readonly sink: ReaderSink,
    limits: RecordLimits = {},
  ) {
    this.maxRecord = limits.maxRecord ?? MAX_RECORD_UNITS;
    this.pages = new PageTracker(sink);
    this.scanner = new JsonScanner({
      record: (f) => this.onFrame(f),
      pageEnd: (p) => this.onPageEnd(p),
      problem: (p) =>
        this.problem(p.offset, p.line, p.code, p.message, p.record),
      lines: (offset, line, rest) => this.toLines(offset, line, rest),
    }, this.maxRecord);
    if (jsonLayout === 'lines') this.lines = this.lineFramer(0, 1);
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

  private lineFramer(base: number, firstLine: number): LineFramer {
    return new LineFramer((f) => this.onLine(f), {
      base,
      firstLine,
      maxLine: this.maxRecord,
    });
  }

  /** The document proved to be JSON Lines: the rest is framed by line. */
  private toLines(offset: number, line: number, rest: Units): void {
    this.lines = this.lineFramer(offset, line);
    this.lines.feed(rest);
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
    const pos = this.position(f.start, f.end, f.line);
    if (f.oversized) return this.tooLarge(pos);
    const deep = nestsDeeper(f.units);
    this.handle({
      units: f.units, start: f.start, pos, page: null, wholeLine: true, deep,
    });
  }

  private onFrame(f: RecordFrame): void {
    const pos = this.position(f.start, f.end, f.line);
    if (f.oversized) return this.tooLarge(pos);
    this.handle({
      units: f.units,
      start: f.start,
      pos,
      page: f.page,
      wholeLine: false,
      deep: f.tooDeep,
    });
  }

  private tooLarge(pos: Position): void {
    this.sink.reject(pos, {
      severity: 'error',
      code: 'RECORD_TOO_LARGE',
      message: `record of ${pos.byteLength} bytes exceeds the limit of ` +
        `${this.maxRecord} characters`,
    });
  }

  /**
   * Parses one candidate and hands it on. Only top-level fields of a
   * record nesting too deep are looked at here (JSON.parse itself does
   * not recurse); the dispatcher refuses it before anything else does.
   */
  private handle(c: Candidate): void {
    const decoded = decodeUnits(c.units);
    const parsed = this.parse(decoded, c);
    if (parsed === undefined) return;
    const { value, exact } = parsed;
    if (!isObject(value)) {
      this.sink.reject(c.pos, notAnObject(value));
      return;
    }
    if (c.wholeLine && isPageObject(value)) {
      this.subScan(c.units, c.start, c.pos.line);
      return;
    }
    if (this.pages.consumesBody(value, c.pos)) return;
    this.pages.countRecord(c.page);
    this.sink.record({
      ...c.pos, value, text: decoded.text, kind: 'json', tooDeep: c.deep,
      exact,
    });
  }

  private parse(
    decoded: DecodedText,
    c: Candidate,
  ): { value: unknown; exact: boolean } | undefined {
    let error: Error;
    try {
      const value: unknown = JSON.parse(decoded.text);
      this.noteFallback(decoded, c.pos);
      return { value, exact: true };
    } catch (err) {
      error = err as Error;
    }
    if (c.wholeLine && holdsJoinedObjects(decoded.text, error)) {
      this.splitLine(c);
      return undefined;
    }
    this.noteFallback(decoded, c.pos);
    const value = this.repair(decoded.text, c, error);
    return value === undefined ? undefined : { value, exact: false };
  }

  private noteFallback(decoded: DecodedText, pos: Position): void {
    if (!decoded.fallback) return;
    this.sink.warn(pos, {
      severity: 'warning',
      code: 'NOT_UTF8',
      message: 'bytes are not valid UTF-8; read as windows-1252',
    });
  }

  /** A line holding objects with no line break between them. */
  private splitLine(c: Candidate): void {
    this.sink.warn(c.pos, {
      severity: 'warning',
      code: 'JOINED_RECORDS',
      message:
        'this line holds several JSON objects with no line break between ' +
        'them; each is read as a record of its own',
    });
    this.subScan(c.units, c.start, c.pos.line);
  }

  private repair(text: string, c: Candidate, err: Error): unknown {
    const pos = c.pos;
    if (isCutOff(text, err)) {
      this.sink.reject(pos, {
        severity: 'error',
        code: 'JSON_TRUNCATED',
        message: `record is cut off before its end (${err.message}); ` +
          'not repaired, since what is missing is unknown',
      });
      return undefined;
    }
    if (c.deep) {
      this.sink.reject(pos, tooDeepProblem('it is not valid JSON and is ' +
        `not repaired, since repair recurses (${err.message})`));
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

  /**
   * Frames the objects of one JSON Lines line with the scanner: a whole
   * response page or objects joined on one line. Every frame keeps the
   * line's number.
   */
  private subScan(units: Units, unitStart: number, line: number): void {
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
    }, this.maxRecord);
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

/**
 * True when JSON.parse stopped at a second object on the same line
 * (`}{` or `},{`): two records whose line break was lost.
 */
function holdsJoinedObjects(text: string, err: Error): boolean {
  const at = /after JSON at position (\d+)/.exec(err.message);
  if (!at || !/^\s*\{/.test(text)) return false;
  const next = /\s*,?\s*\{/y;
  next.lastIndex = Number(at[1]);
  return next.test(text);
}


function notAnObject(v: unknown): RecordProblem {
  const what = Array.isArray(v) ? 'an array' : `a ${typeof v}`;
  return {
    severity: 'error',
    code: 'NOT_AN_OBJECT',
    message: `record is ${what}, not a JSON object`,
  };
}
