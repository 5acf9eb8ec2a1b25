import { describe, expect, it } from 'vitest';
import {
  CsvFramer,
  type CsvFrame,
} from '../../../src-main/import/framing/csv-framer.js';

interface Frame {
  line: number;
  lines: number;
  start: number;
  end: number;
  text: string;
  broken: CsvFrame['broken'];
}

/** Frames CSV text fed in pieces; `refuse` rejects multi-line records. */
function frames(
  text: string,
  opts: { pieces?: number; refuse?: boolean; max?: number } = {},
): Frame[] {
  const out: Frame[] = [];
  const framer = new CsvFramer((f) => {
    if (opts.refuse && f.lines > 1 && !f.broken) return false;
    out.push({
      line: f.line,
      lines: f.lines,
      start: f.start,
      end: f.end,
      text: Buffer.from(f.units).toString('utf8'),
      broken: f.broken,
    });
    return true;
  }, opts.max);
  const bytes = new Uint8Array(Buffer.from(text, 'utf8'));
  const step = opts.pieces ?? bytes.length;
  for (let i = 0; i < bytes.length; i += step) {
    framer.feed(bytes.slice(i, i + step));
  }
  framer.end();
  return out;
}

describe('CSV record framing', () => {
  it('keeps a quoted line break inside one record', () => {
    const text = 'h1,h2\n1,"two\nlines"\n2,x\n';
    expect(frames(text)).toEqual([
      { line: 1, lines: 1, start: 0, end: 5, text: 'h1,h2', broken: null },
      {
        line: 2,
        lines: 2,
        start: 6,
        end: 19,
        text: '1,"two\nlines"',
        broken: null,
      },
      { line: 4, lines: 1, start: 20, end: 23, text: '2,x', broken: null },
    ]);
  });

  it('drops the CR of CRLF from the record but not from the offsets', () => {
    const text = 'a,b\r\n1,"x\r\ny"\r\n2,z';
    expect(frames(text).map((f) => [f.text, f.start, f.end, f.line])).toEqual([
      ['a,b', 0, 3],
      ['1,"x\r\ny"', 5, 13],
      ['2,z', 15, 18],
    ].map(([t, s, e], i) => [t, s, e, [1, 2, 4][i]]));
  });

  it('treats doubled quotes as part of the field', () => {
    const text = 'a,b\n1,"{""k"":""v, w""}"\n2,"say ""hi"""\n';
    expect(frames(text).map((f) => f.text)).toEqual([
      'a,b',
      '1,"{""k"":""v, w""}"',
      '2,"say ""hi"""',
    ]);
  });

  it('skips blank lines but counts them', () => {
    const text = 'a,b\n\n1,2\n   \n3,4\n';
    expect(frames(text).map((f) => [f.text, f.line])).toEqual([
      ['a,b', 1],
      ['1,2', 3],
      ['3,4', 5],
    ]);
  });

  it('reports an unbalanced quote and resumes at the next line', () => {
    const text = 'a,b\n1,"never closed\n2,ok\n3,ok\n';
    expect(frames(text)).toEqual([
      { line: 1, lines: 1, start: 0, end: 3, text: 'a,b', broken: null },
      {
        line: 2,
        lines: 1,
        start: 4,
        end: 19,
        text: '1,"never closed',
        broken: 'unbalanced-quote',
      },
      { line: 3, lines: 1, start: 20, end: 24, text: '2,ok', broken: null },
      { line: 4, lines: 1, start: 25, end: 29, text: '3,ok', broken: null },
    ]);
  });

  it('breaks a multi-line record the reader refuses at its first line', () => {
    const text = 'a,b\n1,x"y\n2,"z\n3,w\n';
    const got = frames(text, { refuse: true });
    expect(got.map((f) => [f.line, f.text, f.broken])).toEqual([
      [1, 'a,b', null],
      [2, '1,x"y', 'refused'],
      [3, '2,"z', 'unbalanced-quote'],
      [4, '3,w', null],
    ]);
  });

  it('breaks a quoted field that runs past the size cap', () => {
    const text = `a,b\n1,"${'x'.repeat(40)}\n2,ok\n`;
    const got = frames(text, { max: 16, pieces: 8 });
    expect(got.map((f) => [f.line, f.broken])).toEqual([
      [1, null],
      [2, 'oversized'],
      [3, null],
    ]);
    expect([got[1].start, got[1].end, got[1].text]).toEqual([4, 47, '']);
    expect(got[2].text).toBe('2,ok');
  });

  it.each([1, 5, 64])(
    'breaks a record over the cap at its first line in pieces of %i',
    (pieces) => {
      const text = `a,b\n1,"${'x'.repeat(10)}\n${'y'.repeat(10)}"\n2,ok\n`;
      const got = frames(text, { max: 16, pieces });
      expect(got.map((f) => [f.line, f.lines, f.broken])).toEqual([
        [1, 1, null],
        [2, 1, 'oversized'],
        [3, 1, 'oversized'],
        [4, 1, null],
      ]);
      expect(got[3].text).toBe('2,ok');
    },
  );

  it.each([1, 5, 64])(
    'refuses a single line over the cap in pieces of %i alike',
    (pieces) => {
      const text = `a,b\n1,${'x'.repeat(20)}\n2,ok`;
      const got = frames(text, { max: 16, pieces });
      expect(got.map((f) => [f.line, f.broken, f.start, f.end])).toEqual([
        [1, null, 0, 3],
        [2, 'oversized', 4, 26],
        [3, null, 27, 31],
      ]);
    },
  );

  it('gives the same frames whatever the piece size', () => {
    const text =
      'RecordId,AuditData\r\n' +
      '1,"{""a"":""x\r\ny""}"\r\n' +
      '2,plain\r\n' +
      '3,"only ""quotes"""\r\n';
    const whole = frames(text);
    expect(whole).toHaveLength(4);
    for (const pieces of [1, 2, 3, 5, 7]) {
      expect(frames(text, { pieces })).toEqual(whole);
    }
  });

  it('frames a long file without quotes line by line', () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `${i},v${i}`);
    const got = frames(`a,b\n${rows.join('\n')}\n`, { pieces: 4096 });
    expect(got).toHaveLength(2001);
    expect(got[2000]).toMatchObject({ line: 2001, text: '1999,v1999' });
  });
  it('ends rows of many doubled quotes at their own line break', () => {
    const audit = (i: number) => Array.from({ length: 40 },
      (_, k) => `""k${k}"":""v${i}.${k}""`).join(',');
    const rows = Array.from({ length: 30 }, (_, i) =>
      i % 7 === 3 ? `${i},"{${audit(i)},""n"":""a\nb""}"`
        : `${i},"{${audit(i)}}"`);
    const text = `id,AuditData\r\n${rows.join('\r\n')}\r\n`;
    const whole = frames(text);
    expect(whole.map((f) => [f.line, f.lines])).toEqual([[1, 1],
      ...rows.map((_, i) => [i + 2 + Math.floor((i + 3) / 7),
        1 + Number(i % 7 === 3)])]);
    expect(whole[30].text).toBe(rows[29]);
    for (const pieces of [1, 13, 100, 999]) {
      expect(frames(text, { pieces })).toEqual(whole);
    }
  });

  it('finds the next line break again after refusing a record', () => {
    const text = 'a,b\n1,"x\ny"\n2,""""\n3,"q"\n';
    const got = frames(text, { refuse: true });
    expect(got.map((f) => [f.line, f.text, f.broken])).toEqual([
      [1, 'a,b', null],
      [2, '1,"x', 'refused'],
      [3, 'y"', 'unbalanced-quote'],
      [4, '2,""""', null],
      [5, '3,"q"', null],
    ]);
  });
});
