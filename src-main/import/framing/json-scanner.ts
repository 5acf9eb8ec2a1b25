/**
 * Streaming structural scanner for JSON documents of any size.
 *
 * It finds where each record starts and ends (unit offsets and line) in
 * arrays, JSON Lines, concatenated objects and API response pages
 * (`value`, `items` or `records` arrays), without building the document.
 * Each record is then parsed on its own with JSON.parse. No maintained
 * streaming JSON library reports the byte range of each array element,
 * and provenance needs exactly that. A document whose first record is
 * one whole line is JSON Lines after all: the rest goes to line framing,
 * so one broken line cannot swallow the lines after it.
 */
import { MAX_DEPTH } from './depth.js';
import { isPageShaped, PAGE_ARRAY_KEYS } from './page-shape.js';
import { stringEnd, type Units } from './units.js';

/** A record candidate: one object found at record level. */
export interface RecordFrame {
  start: number;
  end: number;
  line: number;
  page: PageFrame | null;
  units: Units;
  oversized: boolean;
  /** True when the record nests deeper than the depth limit. */
  tooDeep: boolean;
}

/** An API response page whose array holds records. */
export interface PageFrame {
  ordinal: number;
  start: number;
  line: number;
  arrayKey: string;
  head: string;
  tail: string;
}

/** A structural problem at a position. */
export interface ScanProblem {
  offset: number;
  line: number;
  code: 'JSON_SYNTAX' | 'JSON_TRUNCATED' | 'NOT_AN_OBJECT';
  message: string;
  /** True when the problem is a record that could not be read. */
  record: boolean;
}

/** What the scanner reports, in file order. */
export interface ScanSink {
  record(frame: RecordFrame): void;
  pageEnd(page: PageFrame, end: number): void;
  problem(p: ScanProblem): void;
  /**
   * The document is JSON Lines: `rest` holds the units from `offset`,
   * the start of line `line`, and every later unit goes there too.
   */
  lines?(offset: number, line: number, rest: Units): void;
}

const PAGE_KEYS = new Set(PAGE_ARRAY_KEYS);

const QUOTE = 0x22;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const NEWLINE = 0x0a;

/** Roles of open containers. */
const enum Role {
  List, // an array outside any record: its objects are records
  Candidate, // an object at record level, not yet known to be a page
  Page, // an object found to be a response page
  Inner, // a container inside a record
}

/** Whether the document may still turn out to be JSON Lines. */
const enum Split {
  Off, // no: an array, a page, a multi-line record, or no sink for it
  Waiting, // until the first top-level value ends
  Armed, // the first record was one line: a line break next proves it
  Done, // the rest went to line framing
}

interface Container {
  role: Role;
  isArray: boolean;
  start: number;
  line: number;
  expectKey: boolean;
  keyStart: number;
  keyEnd: number;
  page: PageFrame | null;
  tailFrom: number;
}

/** Default cap on one record; larger ones are reported, not buffered. */
export const MAX_RECORD_UNITS = 16 * 1024 * 1024;

/** Finds records in a stream of code units. */
export class JsonScanner {
  private buf: Units = new Uint8Array(0);
  private base = 0;
  private pos = 0;
  private line = 1;
  private lineCountedTo = 0;
  private stack: Container[] = [];
  private innerDepth = 0;
  private deepest = 0;
  private pages = 0;
  private split: Split;

  constructor(
    private readonly sink: ScanSink,
    private readonly maxRecord = MAX_RECORD_UNITS,
    private readonly maxDepth = MAX_DEPTH,
  ) {
    this.split = sink.lines ? Split.Waiting : Split.Off;
  }

  /** Scans more units. */
  feed(units: Units): void {
    this.append(units);
    this.scan();
    this.compact();
  }

  /** Ends the stream; open records are reported as truncated. */
  end(): void {
    this.scan();
    if (this.stack.length === 0) return;
    const open = this.stack.find((c) => c.role === Role.Candidate);
    const at = open ? open.start : this.base + this.pos;
    this.sink.problem({
      offset: at,
      line: open ? open.line : this.lineAt(this.base + this.pos),
      code: 'JSON_TRUNCATED',
      message: open
        ? 'the file ends inside this record'
        : 'the file ends before the JSON document is closed',
      record: !!open,
    });
    this.stack = [];
  }

  private append(units: Units): void {
    if (this.buf.length === 0) {
      this.buf = units;
      return;
    }
    const Ctor = units instanceof Uint16Array ? Uint16Array : Uint8Array;
    const joined = new Ctor(this.buf.length + units.length);
    joined.set(this.buf, 0);
    joined.set(units, this.buf.length);
    this.buf = joined;
  }

  private compact(): void {
    const keepFrom = this.firstNeeded();
    const drop = keepFrom - this.base;
    if (drop <= 0) return;
    this.countLinesTo(keepFrom);
    this.buf = this.buf.subarray(drop);
    this.base += drop;
    this.pos -= drop;
  }

  private firstNeeded(): number {
    const now = this.base + this.pos;
    for (const c of this.stack) {
      if (c.role === Role.Page && c.tailFrom >= 0) return c.tailFrom;
      if (c.role === Role.Candidate) {
        return now - c.start > this.maxRecord ? now : c.start;
      }
    }
    return now;
  }

  /** Line number of an absolute offset at or after the last counted one. */
  private lineAt(offset: number): number {
    this.countLinesTo(offset);
    return this.line;
  }

  /** Counts line breaks up to `offset`; the search never runs past it. */
  private countLinesTo(offset: number): void {
    const from = Math.max(this.lineCountedTo - this.base, 0);
    const end = offset - this.base;
    if (end > from) this.line += countNewlines(this.buf.subarray(from, end));
    if (offset > this.lineCountedTo) this.lineCountedTo = offset;
  }

  private scan(): void {
    const b = this.buf;
    const n = b.length;
    while (this.pos < n) {
      const top = this.stack[this.stack.length - 1];
      if (top && top.role === Role.Inner) {
        if (!this.scanInner(b, n)) return;
        continue;
      }
      const c = b[this.pos];
      if (!top && this.split === Split.Armed && this.splitAt(c, b, n)) return;
      if (c <= 0x20 || c === COMMA) {
        if (c === COMMA && top && !top.isArray) top.expectKey = true;
        this.pos++;
        continue;
      }
      if (!this.structural(c, top, b, n)) return;
    }
  }

  /** After a one-line first record: true when the rest was handed off. */
  private splitAt(c: number, b: Units, n: number): boolean {
    if (c === NEWLINE) {
      this.handOff(b, n);
      return true;
    }
    if (c > 0x20) this.split = Split.Off;
    return false;
  }

  private handOff(b: Units, n: number): void {
    const from = this.pos + 1;
    const offset = this.base + from;
    const line = this.lineAt(offset);
    const rest = b.subarray(from, n);
    this.split = Split.Done;
    this.buf = new Uint8Array(0);
    this.base = offset;
    this.pos = 0;
    this.sink.lines?.(offset, line, rest);
  }

  /** Handles one token outside records; false when more units are needed. */
  private structural(
    c: number,
    top: Container | undefined,
    b: Units,
    n: number,
  ): boolean {
    if (top && top.role !== Role.List && !top.isArray) {
      return this.objectMember(c, top, b, n);
    }
    if (c === LBRACE) return this.open(Role.Candidate, false), true;
    if (c === LBRACKET) return this.open(Role.List, true), true;
    if (c === RBRACKET && top) return this.close(), true;
    return this.skipStray(c, top, b, n);
  }

  private objectMember(
    c: number,
    top: Container,
    b: Units,
    n: number,
  ): boolean {
    if (c === QUOTE) {
      const end = stringEnd(b, this.pos, n);
      if (end < 0) return false;
      if (top.expectKey) {
        top.keyStart = this.base + this.pos + 1;
        top.keyEnd = this.base + end;
        top.expectKey = false;
      }
      this.pos = end + 1;
      return true;
    }
    if (c === COLON) return this.pos++, true;
    if (c === RBRACE || c === RBRACKET) return this.close(), true;
    if (c === LBRACKET && top.role === Role.Candidate && this.isPageKey(top)) {
      const head = this.headText(top, b);
      if (isPageHead(head)) {
        this.becomePage(top, b, head);
        return true;
      }
    }
    if (c === LBRACE || c === LBRACKET) {
      this.open(Role.Inner, c === LBRACKET);
      this.innerDepth = 1;
      if (this.deepest < 1) this.deepest = 1;
      return true;
    }
    return this.skipScalar(b, n);
  }

  private isPageKey(top: Container): boolean {
    const len = top.keyEnd - top.keyStart;
    if (len < 5 || len > 7) return false;
    const from = top.keyStart - this.base;
    return PAGE_KEYS.has(unitsToAscii(this.buf, from, from + len));
  }

  /** The object's text before the key of its array. */
  private headText(top: Container, b: Units): string {
    return unitsToText(b, top.start - this.base, top.keyStart - this.base - 1);
  }

  private becomePage(top: Container, b: Units, head: string): void {
    const from = top.keyStart - this.base;
    const key = unitsToAscii(b, from, top.keyEnd - this.base);
    top.role = Role.Page;
    const page: PageFrame = {
      ordinal: ++this.pages,
      start: top.start,
      line: top.line,
      arrayKey: key,
      head,
      tail: '',
    };
    top.page = page;
    this.open(Role.List, true);
    this.stack[this.stack.length - 1].page = page;
  }

  private open(role: Role, isArray: boolean): void {
    const abs = this.base + this.pos;
    if (role === Role.Candidate) this.deepest = 0;
    this.stack.push({
      role,
      isArray,
      start: abs,
      line: role === Role.Inner ? 0 : this.lineAt(abs),
      expectKey: !isArray,
      keyStart: 0,
      keyEnd: 0,
      page: null,
      tailFrom: -1,
    });
    this.pos++;
  }

  private close(): void {
    const c = this.stack.pop() as Container;
    this.pos++;
    const end = this.base + this.pos;
    if (c.role === Role.Candidate) this.emitRecord(c, end);
    else if (c.role === Role.Page && c.page) this.endPage(c, end);
    else if (c.role === Role.List && c.page) this.markArrayEnd(end);
    if (this.split === Split.Waiting && this.stack.length === 0) {
      this.armSplit(c, end);
    }
  }

  /** A first top-level record on one line may make this JSON Lines. */
  private armSplit(c: Container, end: number): void {
    const oneLine = c.role === Role.Candidate && this.lineAt(end) === c.line;
    this.split = oneLine ? Split.Armed : Split.Off;
  }

  private markArrayEnd(end: number): void {
    const parent = this.stack[this.stack.length - 1];
    if (parent) parent.tailFrom = end;
  }

  private endPage(c: Container, end: number): void {
    const page = c.page as PageFrame;
    page.tail = unitsToText(this.buf, c.tailFrom - this.base, this.pos);
    this.sink.pageEnd(page, end);
  }

  private emitRecord(c: Container, end: number): void {
    const parent = this.stack[this.stack.length - 1];
    const oversized = end - c.start > this.maxRecord;
    const units = oversized
      ? this.buf.subarray(0, 0)
      : this.buf.subarray(c.start - this.base, end - this.base);
    this.sink.record({
      start: c.start,
      end,
      line: c.line,
      page: parent?.page ?? null,
      units,
      oversized,
      tooDeep: this.deepest >= this.maxDepth,
    });
  }

  /** Skips a container inside a record; false when more units are needed. */
  private scanInner(b: Units, n: number): boolean {
    let i = this.pos;
    let depth = this.innerDepth;
    let deepest = this.deepest;
    while (i < n) {
      const c = b[i];
      if (c === QUOTE) {
        const end = stringEnd(b, i, n);
        if (end < 0) break;
        i = end + 1;
        continue;
      }
      if (c === LBRACE || c === LBRACKET) {
        if (++depth > deepest) deepest = depth;
      } else if (c === RBRACE || c === RBRACKET) {
        depth--;
        if (depth === 0) {
          this.stack.pop();
          this.pos = i + 1;
          this.innerDepth = 0;
          this.deepest = deepest;
          return true;
        }
      }
      i++;
    }
    this.pos = i;
    this.innerDepth = depth;
    this.deepest = deepest;
    return false;
  }

  private skipScalar(b: Units, n: number): boolean {
    let i = this.pos;
    while (i < n) {
      const c = b[i];
      if (c === COMMA || c === RBRACE || c === RBRACKET || c <= 0x20) break;
      i++;
    }
    if (i === n) return false;
    this.pos = i;
    return true;
  }

  private skipStray(
    c: number,
    top: Container | undefined,
    b: Units,
    n: number,
  ): boolean {
    const abs = this.base + this.pos;
    if (c === QUOTE) {
      const end = stringEnd(b, this.pos, n);
      if (end < 0) return false;
      this.pos = end + 1;
    } else if (c === RBRACE || c === RBRACKET) {
      this.pos++;
    } else {
      let i = this.pos;
      while (i < n && b[i] > 0x20 && b[i] !== COMMA && b[i] !== RBRACKET) i++;
      if (i === n) return false;
      this.pos = i;
    }
    this.sink.problem({
      offset: abs,
      line: this.lineAt(abs),
      code: top ? 'NOT_AN_OBJECT' : 'JSON_SYNTAX',
      message: top
        ? 'an array element is not an object and is no record'
        : `unexpected ${describeUnit(c)} outside any JSON value`,
      record: true,
    });
    return true;
  }
}

/**
 * True when the fields before a `value`, `items` or `records` array make
 * the object a page; unreadable fields say nothing, so it is one.
 */
function isPageHead(head: string): boolean {
  let fields: unknown;
  try {
    fields = JSON.parse(`${head}"":null}`);
  } catch {
    return true;
  }
  return typeof fields !== 'object' || fields === null ||
    isPageShaped(fields as Record<string, unknown>);
}

function countNewlines(u: Units): number {
  let n = 0;
  for (let i = u.indexOf(NEWLINE); i >= 0; i = u.indexOf(NEWLINE, i + 1)) n++;
  return n;
}

function unitsToAscii(b: Units, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(b[i]);
  return s;
}

function unitsToText(b: Units, from: number, to: number): string {
  const slice = b.subarray(Math.max(from, 0), Math.max(to, 0));
  if (slice instanceof Uint16Array) {
    return Buffer.from(slice.buffer, slice.byteOffset, slice.length * 2)
      .toString('utf16le');
  }
  return Buffer.from(slice.buffer, slice.byteOffset, slice.length)
    .toString('utf8');
}

function describeUnit(c: number): string {
  if (c >= 0x20 && c < 0x7f) return `'${String.fromCharCode(c)}'`;
  return `character U+${c.toString(16).padStart(4, '0')}`;
}
