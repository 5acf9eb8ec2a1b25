/**
 * What the fixture case holds, written out by hand from the fixture
 * exports, so the browser tests can assert exact rows.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../ui/fixture-case.js';

/** The hostile user name, as the fixture writes it. */
export const HOSTILE_USER =
  '<img src=x onerror=window.__pwned=2>mallory\u202egro.live@contoso.com';

/** The hostile user name as the workbench shows it: markers visible. */
export const HOSTILE_USER_SHOWN =
  '<img src=x onerror=window.__pwned=2>mallory⟨U+202E⟩gro.live@contoso.com';

/** One timeline row: UTC time, operation, user, country. */
export type Row = [string, string, string, string];

/** Every event of the fixture case in time order, as the grid shows it. */
export const TIMELINE: Row[] = [
  ['2025-03-10 08:00:00.000', 'SignIn', 'alice@contoso.com', 'GB'],
  ['2025-03-10 09:15:00.000', 'SignIn', 'alice@contoso.com', 'IR'],
  ['2025-03-10 09:16:30.000', 'SignIn', 'alice@contoso.com', 'IR'],
  ['2025-03-10 09:20:00.000', 'New-InboxRule', 'alice@contoso.com', 'IR'],
  ['2025-03-10 09:25:00.000', 'MailItemsAccessed', 'alice@contoso.com', 'IR'],
  ['2025-03-10 09:40:00.000', 'FileDownloaded', 'alice@contoso.com', 'IR'],
  ['2025-03-10 10:00:00.000', 'SignIn', 'bob@contoso.com', 'NL'],
  ['2025-03-10 11:00:00.000', 'Send', 'bob@contoso.com', 'NL'],
  ['2025-03-11 07:30:00.000', 'SignIn', 'alice@contoso.com', 'US'],
  ['2025-03-12 08:00:00.000', 'UserLoggedIn', 'carol@contoso.com', 'US'],
  ['2025-03-12 08:05:00.000', 'FileAccessed', 'carol@contoso.com', 'US'],
  ['2025-03-13 10:00:00.000', 'FileUploaded', HOSTILE_USER_SHOWN, ''],
  ['2025-03-13 10:05:00.000', 'Set-InboxRule', HOSTILE_USER_SHOWN, ''],
];

/** The rows a predicate keeps, in time order. */
export function rowsWhere(keep: (r: Row) => boolean): Row[] {
  return TIMELINE.filter(keep);
}

/** The epoch milliseconds of a row's UTC time. */
export function rowMs(r: Row): number {
  return Date.parse(`${r[0].replace(' ', 'T')}Z`);
}

/** The bytes of a fixture export. */
export function fixtureBytes(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

/** The SHA-256 of a fixture export, hex. */
export function fixtureSha256(name: string): string {
  return createHash('sha256').update(fixtureBytes(name)).digest('hex');
}

/** Line n (1-based) of a fixture export, without its line break. */
export function fixtureLine(name: string, n: number): string {
  return fixtureBytes(name).toString('utf8').split(/\r?\n/)[n - 1];
}

/** Byte offset of line n (1-based) of a fixture export. */
export function lineOffset(name: string, n: number): number {
  const lines = fixtureBytes(name).toString('utf8').split('\n');
  let offset = 0;
  for (let i = 0; i < n - 1; i++) offset += Buffer.byteLength(`${lines[i]}\n`);
  return offset;
}
