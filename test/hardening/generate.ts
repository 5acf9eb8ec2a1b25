/**
 * Generated evidence for the crash and memory tests: many UAL records,
 * written in pieces so the test never holds the whole file.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

/** One UAL record of the generated evidence; `i` makes it unique. */
export function ualRecord(i: number): Record<string, unknown> {
  const t = Date.UTC(2026, 0, 1) + i * 1000;
  return {
    CreationTime: new Date(t).toISOString().slice(0, 19),
    Id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    Operation: i % 3 === 0 ? 'MailItemsAccessed' : 'FileAccessed',
    OrganizationId: '11111111-2222-3333-4444-555555555555',
    RecordType: i % 3 === 0 ? 50 : 6,
    ResultStatus: 'Succeeded',
    UserKey: `1003BFFD${String(i % 97).padStart(8, '0')}`,
    UserType: 0,
    Version: 1,
    Workload: i % 3 === 0 ? 'Exchange' : 'SharePoint',
    ClientIP: `203.0.113.${i % 250}`,
    UserId: `user${i % 97}@contoso.example`,
    ObjectId: `https://contoso.sharepoint.com/sites/s${i % 13}/doc${i}.docx`,
    UserAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
  };
}

/** Writes records `from` .. `to - 1` as JSON Lines. */
export function writeUalLines(path: string, from: number, to: number): void {
  writeRecords(path, from, to, '', '\n', '');
}

/** Writes records `from` .. `to - 1` as one single-line JSON array. */
export function writeUalArray(path: string, from: number, to: number): void {
  writeRecords(path, from, to, '[', ',', ']');
}

function writeRecords(
  path: string,
  from: number,
  to: number,
  open: string,
  between: string,
  close: string,
): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, open);
    let piece: string[] = [];
    for (let i = from; i < to; i++) {
      piece.push(JSON.stringify(ualRecord(i)));
      if (piece.length === 2000 || i === to - 1) {
        const last = i === to - 1;
        writeSync(fd, piece.join(between) + (last ? '' : between));
        piece = [];
      }
    }
    writeSync(fd, between === '\n' ? '\n' : close);
  } finally {
    closeSync(fd);
  }
}
