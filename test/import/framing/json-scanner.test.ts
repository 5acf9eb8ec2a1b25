import { describe, expect, it } from 'vitest';
import {
  JsonScanner,
  type ScanProblem,
} from '../../../src-main/import/framing/json-scanner.js';
import {
  byteOffsetOf,
  detectLayout,
  UnitDecoder,
  type Units,
} from '../../../src-main/import/framing/units.js';

interface Seen {
  records: { start: number; end: number; line: number; key: string | null;
    text: string }[];
  pages: { ordinal: number; line: number; key: string; head: string;
    tail: string; end: number }[];
  problems: ScanProblem[];
}

function unitsText(u: Units): string {
  if (u instanceof Uint16Array) {
    return Buffer.from(u.buffer, u.byteOffset, u.length * 2).toString(
      'utf16le',
    );
  }
  return Buffer.from(u.buffer, u.byteOffset, u.length).toString('utf8');
}

/** Scans units fed in pieces of the given sizes (cycled). */
function scanUnits(units: Units, sizes: number[] = [], max?: number): Seen {
  const seen: Seen = { records: [], pages: [], problems: [] };
  const scanner = new JsonScanner(
    {
      record: (f) =>
        seen.records.push({
          start: f.start,
          end: f.end,
          line: f.line,
          key: f.page?.arrayKey ?? null,
          text: unitsText(f.units),
        }),
      pageEnd: (p, end) =>
        seen.pages.push({
          ordinal: p.ordinal,
          line: p.line,
          key: p.arrayKey,
          head: p.head,
          tail: p.tail,
          end,
        }),
      problem: (p) => seen.problems.push(p),
    },
    max,
  );
  feedInPieces(units, sizes, (u) => scanner.feed(u));
  scanner.end();
  return seen;
}

function feedInPieces(
  units: Units,
  sizes: number[],
  feed: (u: Units) => void,
): void {
  if (sizes.length === 0) return feed(units);
  let at = 0;
  for (let i = 0; at < units.length; i++) {
    const n = sizes[i % sizes.length];
    feed(units.slice(at, at + n));
    at += n;
  }
}

function scan(text: string, sizes: number[] = [], max?: number): Seen {
  return scanUnits(new Uint8Array(Buffer.from(text, 'utf8')), sizes, max);
}

/** Piece sizes 1..7 in a fixed, irregular order. */
const SMALL_PIECES = [3, 1, 7, 2, 5, 1, 4, 6, 2, 7, 1, 3];

describe('JSON structural scanner', () => {
  it('frames every object of a top-level array with offsets and lines', () => {
    const text = '[\n  {"a": 1},\n  {"b": "x"}\n]\n';
    const seen = scan(text);
    expect(seen.records).toEqual([
      { start: 4, end: 12, line: 2, key: null, text: '{"a": 1}' },
      { start: 16, end: 26, line: 3, key: null, text: '{"b": "x"}' },
    ]);
    expect(seen.problems).toEqual([]);
  });

  it.each(['value', 'items', 'records'])(
    'frames the records inside a page whose array is %s',
    (key) => {
      const text = `{"kind":"p","${key}":[{"id":1},{"id":2}],"n":3}`;
      const seen = scan(text);
      expect(seen.records.map((r) => [r.text, r.key])).toEqual([
        ['{"id":1}', key],
        ['{"id":2}', key],
      ]);
      expect(seen.pages).toHaveLength(1);
      expect(seen.pages[0].key).toBe(key);
    },
  );

  it('does not treat other arrays of an object as pages', () => {
    const seen = scan('{"events":[{"a":1}],"id":{"time":"t"}}');
    expect(seen.records.map((r) => r.text)).toEqual([
      '{"events":[{"a":1}],"id":{"time":"t"}}',
    ]);
    expect(seen.pages).toEqual([]);
  });

  it('keeps the page meta before and after the record array', () => {
    const text =
      '{"@odata.context":"ctx",\n"value":[{"id":1}],\n' +
      '"@odata.nextLink":"next"}';
    const seen = scan(text);
    expect(seen.pages).toEqual([
      {
        ordinal: 1,
        line: 1,
        key: 'value',
        head: '{"@odata.context":"ctx",\n',
        tail: ',\n"@odata.nextLink":"next"}',
        end: text.length,
      },
    ]);
    expect(seen.records[0].line).toBe(2);
  });

  it('frames records of an array of pages, page by page', () => {
    const text =
      '[\n{"value":[{"id":1},\n{"id":2}],"@odata.nextLink":"a"},\n' +
      '{"value":[{"id":3}]},\n{"error":{"code":"429"}}\n]';
    const seen = scan(text);
    expect(seen.records.map((r) => [r.text, r.line, r.key])).toEqual([
      ['{"id":1}', 2, 'value'],
      ['{"id":2}', 3, 'value'],
      ['{"id":3}', 4, 'value'],
      ['{"error":{"code":"429"}}', 5, null],
    ]);
    expect(seen.pages.map((p) => [p.ordinal, p.line, p.tail])).toEqual([
      [1, 2, ',"@odata.nextLink":"a"}'],
      [2, 4, '}'],
    ]);
  });

  it('frames concatenated objects (JSON Lines) one per line', () => {
    const text = '{"a":1}\n{"b":2}\r\n\n{"c":3}';
    const seen = scan(text);
    expect(seen.records.map((r) => [r.text, r.line, r.start])).toEqual([
      ['{"a":1}', 1, 0],
      ['{"b":2}', 2, 8],
      ['{"c":3}', 4, 18],
    ]);
  });

  it('is not confused by braces, brackets and escaped quotes in strings', () => {
    const text = '[{"s":"a \\"}]{[\\\\","t":"\\\\"},{"u":"}"}]';
    const seen = scan(text);
    expect(seen.records.map((r) => r.text)).toEqual([
      '{"s":"a \\"}]{[\\\\","t":"\\\\"}',
      '{"u":"}"}',
    ]);
    expect(seen.problems).toEqual([]);
  });

  it('reports a record cut off by the end of the file, keeps the rest', () => {
    const text = '[{"a":1},\n{"b":2},\n{"c":';
    const seen = scan(text);
    expect(seen.records.map((r) => r.text)).toEqual(['{"a":1}', '{"b":2}']);
    expect(seen.problems).toEqual([
      {
        offset: 19,
        line: 3,
        code: 'JSON_TRUNCATED',
        message: 'the file ends inside this record',
        record: true,
      },
    ]);
  });

  it('reports a document left open after its last record', () => {
    const seen = scan('[{"a":1}');
    expect(seen.records).toHaveLength(1);
    expect(seen.problems).toEqual([
      {
        offset: 8,
        line: 1,
        code: 'JSON_TRUNCATED',
        message: 'the file ends before the JSON document is closed',
        record: false,
      },
    ]);
  });

  it('reports array elements that are not objects', () => {
    const seen = scan('[1,{"a":1},"x"]');
    expect(seen.records.map((r) => r.text)).toEqual(['{"a":1}']);
    expect(seen.problems.map((p) => [p.code, p.offset, p.record])).toEqual([
      ['NOT_AN_OBJECT', 1, true],
      ['NOT_AN_OBJECT', 11, true],
    ]);
  });

  it('marks a record larger than the cap as oversized, without its units', () => {
    const seen = scan('[{"a":"0123456789"},{"b":1}]', [], 12);
    expect(seen.records.map((r) => [r.text, r.start, r.end])).toEqual([
      ['', 1, 19],
      ['{"b":1}', 20, 27],
    ]);
  });

  it('gives the same frames when a record arrives in 1-7 byte pieces', () => {
    const text =
      '[{"value":[{"id":"a\\"}{","n":[1,{"x":[]}],"ü":"€"},\n' +
      '{"id":"b","o":{"p":"]"}}],"@odata.nextLink":"l"},\n' +
      '{"kind":"admin#reports#activity","events":[{"name":"e"}]},\n' +
      '{"items":[{"id":{"time":"2024-01-01T00:00:00Z"}}]}]\n';
    const whole = scan(text);
    expect(whole.records).toHaveLength(4);
    for (const size of [1, 2, 3, 4, 5, 6, 7]) {
      expect(scan(text, [size])).toEqual(whole);
    }
    expect(scan(text, SMALL_PIECES)).toEqual(whole);
  });

  it.each(['utf-16le', 'utf-16be'] as const)(
    'frames %s units and maps them to exact byte offsets',
    (encoding) => {
      const text = '[\n{"ü":"€ 1"},\n{"b":"😀"}\n]';
      const body = Buffer.from(text, 'utf16le');
      if (encoding === 'utf-16be') body.swap16();
      const bom = encoding === 'utf-16le' ? [0xff, 0xfe] : [0xfe, 0xff];
      const file = Buffer.concat([Buffer.from(bom), body]);
      const layout = detectLayout(file);
      expect(layout).toEqual({ encoding, bomLength: 2, unitWidth: 2 });
      const units = new UnitDecoder(layout).push(file);
      const seen = scanUnits(units, [3]);
      expect(seen.records.map((r) => r.text)).toEqual([
        '{"ü":"€ 1"}',
        '{"b":"😀"}',
      ]);
      const r = seen.records[1];
      const from = byteOffsetOf(layout, r.start);
      const to = byteOffsetOf(layout, r.end);
      expect([from, to, r.line]).toEqual([32, 52, 3]);
      const raw = Buffer.from(file.subarray(from, to));
      if (encoding === 'utf-16be') raw.swap16();
      expect(raw.toString('utf16le')).toBe('{"b":"😀"}');
    },
  );
});
