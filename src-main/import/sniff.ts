/**
 * Recognises what a file is from its first bytes: its encoding, whether
 * it is a log at all, and which reader it needs. Never from its name.
 */
import { TrailError } from '../../src-shared/errors.js';
import { splitRecord } from './readers/csv-reader.js';
import { csvKindOf, type CsvKind } from './normalize/csv-records.js';
import { decodeUnits, detectLayout, UnitDecoder, type UnitLayout } from './framing/units.js';
import type { JsonLayout } from './readers/json-reader.js';

/** The reader a file needs and what the sniffing learned. */
export type Sniffed =
  | { reader: 'json'; layout: UnitLayout; json: JsonLayout }
  | { reader: 'csv'; layout: UnitLayout; csvKind: CsvKind; columns: string[] }
  | { reader: 'formatlist'; layout: UnitLayout };

const SIGNATURES: [number[], string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (extract it and import the files inside)'],
  [[0x50, 0x4b, 0x05, 0x06], 'an empty ZIP archive'],
  [[0x1f, 0x8b], 'a gzip-compressed file (decompress it first)'],
  [[0x37, 0x7a, 0xbc, 0xaf], 'a 7-Zip archive'],
  [[0x52, 0x61, 0x72, 0x21], 'a RAR archive'],
  [[0x7f, 0x45, 0x4c, 0x46], 'an ELF executable'],
  [[0x4d, 0x5a], 'a Windows executable'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'a legacy Microsoft Office document'],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], 'an SQLite database'],
];

/**
 * Decides how to read a file from its first bytes; throws NOT_A_LOG.
 * `whole` says the head is the entire file.
 */
export function sniff(head: Buffer, name: string, whole = true): Sniffed {
  if (head.length === 0) {
    throw new TrailError('NOT_A_LOG', `${name} is empty (0 bytes)`);
  }
  const binary = SIGNATURES.find(([sig]) => sig.every((b, i) => head[i] === b));
  if (binary) {
    throw new TrailError('NOT_A_LOG', `${name} is not a log: it is ${binary[1]}`);
  }
  const layout = detectLayout(head);
  const text = headText(head, layout);
  if (looksBinary(text)) {
    throw new TrailError(
      'NOT_A_LOG',
      `${name} is not a log: it is binary data, not text`,
    );
  }
  return sniffText(text, layout, name, whole);
}

function headText(head: Buffer, layout: UnitLayout): string {
  const units = new UnitDecoder(layout).push(head);
  return decodeUnits(units).text;
}

function looksBinary(text: string): boolean {
  const sample = text.slice(0, 4096);
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0 || (c < 0x20 && c !== 9 && c !== 10 && c !== 13)) control++;
  }
  return control > sample.length / 20;
}

function sniffText(
  text: string,
  layout: UnitLayout,
  name: string,
  whole: boolean,
): Sniffed {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (body === '') {
    throw new TrailError('NOT_A_LOG', `${name} holds only white space`);
  }
  if (body[0] === '{' || body[0] === '[') {
    return { reader: 'json', layout, json: jsonLayoutOf(body, whole) };
  }
  if (/^RecordType\s+:/m.test(body.slice(0, 4096))) {
    return { reader: 'formatlist', layout };
  }
  if (objectLinesAfterFirst(body, whole)) {
    return { reader: 'json', layout, json: 'lines' };
  }
  return sniffCsv(body, layout, name);
}

/**
 * True when the first line is not JSON but most lines after it are
 * whole objects: a JSON Lines file split mid-record (`split -b`) or
 * with a stray line on top. Its first line is rejected by line number
 * and the rest imports.
 */
function objectLinesAfterFirst(body: string, whole: boolean): boolean {
  const nl = body.indexOf('\n');
  return nl >= 0 && mostlyObjectLines(body.slice(nl + 1), whole);
}

/**
 * JSON Lines when the first line is a whole object: one line that opens
 * and closes an object is a record of its own, even when it is not valid
 * JSON, so one broken line never derails the framing of the rest. So it
 * is when the first line is broken but most lines after it are whole
 * objects. A first line cut off by the end of the head proves nothing
 * and is streamed as a document (it may be a multi-GB single-line page).
 */
function jsonLayoutOf(body: string, whole: boolean): JsonLayout {
  if (body[0] !== '{') return 'document';
  const nl = body.indexOf('\n');
  if (nl < 0 && !whole) return 'document';
  const first = (nl < 0 ? body : body.slice(0, nl)).trim();
  if (first.length > 1 && first.endsWith('}')) return 'lines';
  if (nl < 0) return 'document';
  return mostlyObjectLines(body.slice(nl + 1), whole) ? 'lines' : 'document';
}

/** Lines after a broken first one that are looked at. */
const LINES_CHECKED = 8;

/** True when most of the next lines each hold one valid JSON object. */
function mostlyObjectLines(rest: string, whole: boolean): boolean {
  const lines = rest.split('\n');
  if (!whole) lines.pop();
  let checked = 0;
  let objects = 0;
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    if (isObjectLine(line)) objects++;
    if (++checked === LINES_CHECKED) break;
  }
  return objects * 2 > checked;
}

function isObjectLine(line: string): boolean {
  if (line[0] !== '{' || !line.endsWith('}')) return false;
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

function sniffCsv(body: string, layout: UnitLayout, name: string): Sniffed {
  const lines = body.split(/\r?\n/, 3);
  const headerLine = lines[0].startsWith('#') ? lines[1] ?? '' : lines[0];
  const columns = (splitRecord(headerLine) ?? []).map((c) => c.trim());
  const csvKind = columns.length > 1 ? csvKindOf(columns) : null;
  if (csvKind) return { reader: 'csv', layout, csvKind, columns };
  const named = columns.filter((c) => c !== '');
  const shown = named.length > 1
    ? `a CSV file whose columns (${named.slice(0, 6).join(', ')}) ` +
      'match no known export'
    : 'text that is neither JSON, CSV nor Format-List output';
  throw new TrailError('NOT_A_LOG', `${name} is not a known log: it is ${shown}`);
}
