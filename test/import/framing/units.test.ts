import { describe, expect, it } from 'vitest';
import { LineFramer } from '../../../src-main/import/framing/line-framer.js';
import {
  byteOffsetOf,
  decodeUnits,
  detectLayout,
  UnitDecoder,
  type Units,
} from '../../../src-main/import/framing/units.js';

function utf16(text: string, be: boolean, bom: boolean): Buffer {
  const body = Buffer.from(text, 'utf16le');
  if (be) body.swap16();
  const mark = be ? [0xfe, 0xff] : [0xff, 0xfe];
  return bom ? Buffer.concat([Buffer.from(mark), body]) : body;
}

describe('encoding detection', () => {
  it('recognises the three byte-order marks', () => {
    expect(detectLayout(Buffer.from([0xef, 0xbb, 0xbf, 0x7b]))).toEqual({
      encoding: 'utf-8-bom',
      bomLength: 3,
      unitWidth: 1,
    });
    expect(detectLayout(utf16('{}', false, true))).toEqual({
      encoding: 'utf-16le',
      bomLength: 2,
      unitWidth: 2,
    });
    expect(detectLayout(utf16('{}', true, true))).toEqual({
      encoding: 'utf-16be',
      bomLength: 2,
      unitWidth: 2,
    });
  });

  it('recognises UTF-16 without a mark from where the NULs are', () => {
    const text = '{"CreationTime":"2024-01-01T00:00:00"}';
    expect(detectLayout(utf16(text, false, false)).encoding).toBe('utf-16le');
    expect(detectLayout(utf16(text, true, false)).encoding).toBe('utf-16be');
    expect(detectLayout(Buffer.from(text)).encoding).toBe('utf-8');
  });
});

describe('unit decoding', () => {
  it('skips the mark and carries an odd byte to the next chunk', () => {
    const file = utf16('{"ü":1}', false, true);
    const dec = new UnitDecoder(detectLayout(file));
    const parts: Units[] = [];
    for (let i = 0; i < file.length; i += 3) {
      parts.push(dec.push(file.subarray(i, i + 3)));
    }
    const text = parts.map((u) => decodeUnits(u).text).join('');
    expect(text).toBe('{"ü":1}');
    expect(dec.danglingByte).toBe(false);
  });

  it('says so when a UTF-16 file ends inside a code unit', () => {
    const file = utf16('{}', true, true);
    const dec = new UnitDecoder(detectLayout(file));
    dec.push(file.subarray(0, file.length - 1));
    expect(dec.danglingByte).toBe(true);
  });

  it('falls back to windows-1252 for bytes that are not UTF-8', () => {
    const bytes = new Uint8Array([0x52, 0xc9, 0x53, 0x96, 0x41]);
    expect(decodeUnits(bytes)).toEqual({ text: 'RÉS–A', fallback: true });
    const ok = new Uint8Array(Buffer.from('RÉS–A'));
    expect(decodeUnits(ok)).toEqual({ text: 'RÉS–A', fallback: false });
  });

  it('maps a unit offset to the byte offset in the file', () => {
    expect(byteOffsetOf(detectLayout(utf16('{}', false, true)), 5)).toBe(12);
    expect(byteOffsetOf(detectLayout(Buffer.from('\ufeff{}')), 5)).toBe(8);
    expect(byteOffsetOf(detectLayout(Buffer.from('{}')), 5)).toBe(5);
  });
});

describe('line framing', () => {
  it('drops line breaks and blank lines, keeps positions and numbers', () => {
    const out: [number, number, number, string][] = [];
    const framer = new LineFramer((f) =>
      out.push([f.line, f.start, f.end, decodeUnits(f.units).text]),
    );
    const bytes = new Uint8Array(Buffer.from('{"a":1}\r\n\n  \n{"b":2}'));
    framer.feed(bytes.slice(0, 4));
    framer.feed(bytes.slice(4));
    framer.end();
    expect(out).toEqual([
      [1, 0, 7, '{"a":1}'],
      [4, 13, 20, '{"b":2}'],
    ]);
  });
});
