/**
 * Output of lists in the three formats every listing command offers.
 */
import { stringify } from 'csv-stringify/sync';

/** The formats a listing can be written in. */
export type OutputFormat = 'table' | 'csv' | 'jsonl';

/** A column of a listing: its heading and how to read its value. */
export interface Column<T> {
  name: string;
  get: (row: T) => unknown;
  width?: number;
  /** Where a long value is cut: its end (default) or its middle. */
  cut?: 'end' | 'middle';
}

/** Writes rows to stdout in the chosen format. */
export function writeRows<T>(
  rows: Iterable<T>,
  columns: Column<T>[],
  format: OutputFormat,
  toJson: (row: T) => unknown = (r) => r,
): void {
  if (format === 'jsonl') {
    for (const r of rows) process.stdout.write(`${JSON.stringify(toJson(r))}\n`);
    return;
  }
  if (format === 'csv') {
    process.stdout.write(stringify([columns.map((c) => c.name)]));
    for (const r of rows) {
      process.stdout.write(stringify([columns.map((c) => csvCell(c.get(r)))]));
    }
    return;
  }
  writeTable(rows, columns);
}

function writeTable<T>(rows: Iterable<T>, columns: Column<T>[]): void {
  const cells = [...rows].map((r) => columns.map((c) => tableCell(c.get(r))));
  const widths = columns.map((c, i) =>
    Math.min(
      c.width ?? 40,
      Math.max(c.name.length, ...cells.map((row) => row[i].length)),
    ),
  );
  const line = (vals: string[]) => vals
    .map((v, i) => clip(v, widths[i], columns[i].cut).padEnd(widths[i]))
    .join('  ').trimEnd();
  process.stdout.write(`${line(columns.map((c) => c.name))}\n`);
  for (const row of cells) process.stdout.write(`${line(row)}\n`);
}

// A file name cut in the middle keeps its ending, which often tells
// two long names apart.
function clip(v: string, width: number, cut = 'end'): string {
  if (v.length <= width) return v;
  if (cut === 'end') return `${v.slice(0, width - 1)}…`;
  const head = Math.ceil((width - 1) / 2);
  return `${v.slice(0, head)}…${v.slice(v.length - (width - 1 - head))}`;
}

/** A value as one line of plain text for a terminal table. */
export function tableCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  // eslint-disable-next-line no-control-regex -- blanks untrusted control chars
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, ' ');
}

/** A value made safe for a spreadsheet: no cell starts a formula. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}
