/**
 * Code units: the view of a file that framing scans.
 *
 * UTF-8 and single-byte files are scanned byte by byte; UTF-16 files code
 * unit by code unit. Structural characters (quotes, braces, commas, line
 * breaks) have the same values in both, so one scanner serves all, and a
 * unit offset maps back to an exact byte offset in the evidence.
 */
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/** A run of code units: bytes, or UTF-16 code units. */
export type Units = Uint8Array | Uint16Array;

/** The encodings the importer reads. */
export type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';

/** How a file's bytes become units. */
export interface UnitLayout {
  encoding: Encoding;
  bomLength: number;
  unitWidth: 1 | 2;
}

/** Decides the encoding from the first bytes of a file. */
export function detectLayout(head: Uint8Array): UnitLayout {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    return { encoding: 'utf-8-bom', bomLength: 3, unitWidth: 1 };
  }
  if (head[0] === 0xff && head[1] === 0xfe) {
    return { encoding: 'utf-16le', bomLength: 2, unitWidth: 2 };
  }
  if (head[0] === 0xfe && head[1] === 0xff) {
    return { encoding: 'utf-16be', bomLength: 2, unitWidth: 2 };
  }
  const nulParity = countNuls(head);
  const sampled = Math.min(head.length, NUL_SAMPLE);
  if (nulParity.odd > sampled / 8 && nulParity.even === 0) {
    return { encoding: 'utf-16le', bomLength: 0, unitWidth: 2 };
  }
  if (nulParity.even > sampled / 8 && nulParity.odd === 0) {
    return { encoding: 'utf-16be', bomLength: 0, unitWidth: 2 };
  }
  return { encoding: 'utf-8', bomLength: 0, unitWidth: 1 };
}

/** Bytes of the head whose NULs tell BOM-less UTF-16 apart. */
const NUL_SAMPLE = 4096;

function countNuls(head: Uint8Array): { odd: number; even: number } {
  let odd = 0;
  let even = 0;
  const n = Math.min(head.length, NUL_SAMPLE);
  for (let i = 0; i < n; i++) {
    if (head[i] === 0) {
      if (i & 1) odd++;
      else even++;
    }
  }
  return { odd, even };
}

/** Turns a stream of file bytes into units, skipping the byte-order mark. */
export class UnitDecoder {
  private skip: number;
  private carry: Buffer | null = null;

  constructor(private readonly layout: UnitLayout) {
    this.skip = layout.bomLength;
  }

  /** Converts the next bytes of the file to units. */
  push(bytes: Buffer): Units {
    let b = bytes;
    if (this.skip > 0) {
      const n = Math.min(this.skip, b.length);
      b = b.subarray(n);
      this.skip -= n;
    }
    if (this.layout.unitWidth === 1) return b;
    if (this.carry) {
      b = Buffer.concat([this.carry, b]);
      this.carry = null;
    }
    if (b.length & 1) {
      this.carry = Buffer.from(b.subarray(b.length - 1));
      b = b.subarray(0, b.length - 1);
    }
    const copy = Buffer.from(b);
    if (this.layout.encoding === 'utf-16be') copy.swap16();
    return new Uint16Array(copy.buffer, copy.byteOffset, copy.length / 2);
  }

  /** True when the file ended in the middle of a UTF-16 code unit. */
  get danglingByte(): boolean {
    return this.carry !== null;
  }
}

/** Text of a frame, and whether it needed the windows-1252 fallback. */
export interface DecodedText {
  text: string;
  fallback: boolean;
}

/** Decodes units to text; invalid UTF-8 falls back to windows-1252. */
export function decodeUnits(units: Units): DecodedText {
  if (units instanceof Uint16Array) {
    const bytes = Buffer.from(units.buffer, units.byteOffset, units.length * 2);
    return { text: bytes.toString('utf16le'), fallback: false };
  }
  const bytes = Buffer.from(units.buffer, units.byteOffset, units.length);
  if (isUtf8(bytes)) return { text: bytes.toString('utf8'), fallback: false };
  return { text: iconv.decode(bytes, 'win1252'), fallback: true };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Finds the closing quote of a string starting at `open`; -1 if absent. */
export function stringEnd(b: Units, open: number, n: number): number {
  let i = open + 1;
  for (;;) {
    const q = b.indexOf(QUOTE, i);
    if (q < 0 || q >= n) return -1;
    let slashes = 0;
    for (let k = q - 1; k > open && b[k] === BACKSLASH; k--) slashes++;
    if ((slashes & 1) === 0) return q;
    i = q + 1;
  }
}

/** Maps a unit offset to the byte offset in the evidence file. */
export function byteOffsetOf(layout: UnitLayout, unitOffset: number): number {
  return layout.bomLength + unitOffset * layout.unitWidth;
}
