/**
 * De-duplication across evidence items: a record that arrives again is
 * stored once whatever its key order, spacing or export format; a
 * record sharing an id but not its content is kept and flagged. Records
 * read exactly from JSON text are hashed by that text until a copy
 * turns up (content-hash.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaseFile } from '../../src-main/case/case-file.js';
import { closeCase } from '../../src-main/case/case-file.js';
import { verifyCase } from '../../src-main/case/verify-case.js';
import {
  expectCounts,
  importInto,
  newCase,
  removeDir,
  tempDir,
  warningsOf,
} from './import-helpers.js';

const dir = tempDir('tt-dedupe-');
afterAll(() => removeDir(dir));

const ID = '0b5e6f70-1a2b-4c3d-8e9f-a0b1c2d3e4f5';

// SHA-1 of RECORD's RFC 8785 form, as the canonicalize package writes it.
const CANONICAL_HASH = '8eAwk1QdtXXDIySoIH+XMVxEZ8Q=';

/** A UAL record as the Management Activity API writes it. */
const RECORD = {
  CreationTime: '2026-10-18T02:05:11',
  Id: ID,
  Operation: 'New-InboxRule',
  OrganizationId: '553122f2-9cf5-411f-a60f-15280b1857f5',
  RecordType: 1,
  ResultStatus: 'True',
  UserKey: '100320028F28B340',
  UserType: 0,
  Version: 1,
  Workload: 'Exchange',
  ClientIP: '113.106.72.45',
  UserId: 'daniel.roth@northwindforge.com',
  Parameters: [
    { Name: 'Name', Value: '..' },
    { Name: 'ForwardTo', Value: 'd.roth.1988@gmail.com' },
  ],
};

/** Another record, so that no two test files hold the same bytes. */
function filler(n: number): Record<string, unknown> {
  return {
    ...RECORD, Id: `0b5e6f70-1a2b-4c3d-8e9f-00000000000${n}`,
    Operation: 'MailItemsAccessed',
  };
}

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function reversed(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).reverse());
}

function hashOf(c: CaseFile, evidenceId: number | null): string {
  return c.db
    .prepare('SELECT content_hash FROM event WHERE evidence_id = ? ' +
      'AND record_id = ?')
    .pluck()
    .get(evidenceId, ID) as string;
}

function occurrences(c: CaseFile): number {
  return c.db.prepare('SELECT count(*) FROM event_occurrence').pluck()
    .get() as number;
}

describe('a record that arrives again', () => {
  it('is one event when its keys come in another order', async () => {
    const c = newCase(dir);
    const a = await importInto(c, write('a.jsonl',
      `${JSON.stringify(RECORD)}\n${JSON.stringify(filler(1))}\n`));
    expect(hashOf(c, a.evidenceId)).toMatch(/^text:/);

    const b = await importInto(c, write('b.jsonl',
      `${JSON.stringify(filler(2))}\n${JSON.stringify(reversed(RECORD),
        null, 2).replace(/\n/g, ' ')}\n`));

    expectCounts(b, { read: 2, imported: 1, duplicates: 1, rejected: 0 });
    expect(occurrences(c)).toBe(1);
    expect(hashOf(c, a.evidenceId)).toBe(CANONICAL_HASH);
    expect(warningsOf(c, b.evidenceId).map((w) => w.code))
      .toEqual(['DUPLICATE_RECORD']);
    expect(verifyCase(c.db).ok).toBe(true);
    closeCase(c);
  });

  it('is one event when the same text comes in another file', async () => {
    const c = newCase(dir);
    const line = JSON.stringify(RECORD);
    await importInto(c, write('c.jsonl', `${line}\n`));
    const b = await importInto(c, write('d.json',
      `[${JSON.stringify(filler(3))},\n${line}]`));

    expectCounts(b, { read: 2, imported: 1, duplicates: 1, rejected: 0 });
    expect(occurrences(c)).toBe(1);
    closeCase(c);
  });

  it('is one event across a Graph audit search page', async () => {
    const c = newCase(dir);
    await importInto(c, write('e.jsonl', `${JSON.stringify(RECORD)}\n`));
    const page = {
      '@odata.context': 'https://graph.microsoft.com/beta/$metadata#' +
        'security/auditLog/queries/x/records',
      value: [{
        id: ID,
        createdDateTime: '2026-10-18T02:05:11Z',
        auditLogRecordType: 'exchangeAdmin',
        operation: 'New-InboxRule',
        organizationId: RECORD.OrganizationId,
        userPrincipalName: RECORD.UserId,
        clientIp: RECORD.ClientIP,
        auditData: reversed(RECORD),
      }],
    };
    const b = await importInto(c, write('f.json', JSON.stringify(page)));

    expectCounts(b, { read: 1, imported: 0, duplicates: 1, rejected: 0 });
    closeCase(c);
  });

  it('is one event across a Purview CSV export', async () => {
    const c = newCase(dir);
    const csv = [
      'RecordId,CreationDate,RecordType,Operation,UserId,AuditData',
      `${ID},2026-10-18T02:05:11.0000000Z,1,New-InboxRule,` +
        `${RECORD.UserId},"${JSON.stringify(RECORD).replace(/"/g, '""')}"`,
      '',
    ].join('\r\n');
    const a = await importInto(c, write('g.csv', csv));
    const b = await importInto(c, write('h.jsonl',
      `${JSON.stringify(reversed(RECORD))}\n`));

    expect(hashOf(c, a.evidenceId)).toBe(CANONICAL_HASH);
    expectCounts(b, { read: 1, imported: 0, duplicates: 1, rejected: 0 });
    closeCase(c);
  });
});

describe('a record sharing an id but not its content', () => {
  it('is kept beside the first, both flagged', async () => {
    const c = newCase(dir);
    await importInto(c, write('i.jsonl', `${JSON.stringify(RECORD)}\n`));
    const changed = { ...RECORD, ClientIP: '203.0.113.9' };
    const b = await importInto(c, write('j.jsonl',
      `${JSON.stringify(changed)}\n`));

    expectCounts(b, { read: 1, imported: 1, duplicates: 0, rejected: 0 });
    const flagged = c.db.prepare('SELECT count(*) FROM event ' +
      'WHERE conflict = 1').pluck().get();
    expect(flagged).toBe(2);
    expect(warningsOf(c, b.evidenceId).map((w) => w.code))
      .toEqual(['DUPLICATE_ID_CONFLICT']);
    closeCase(c);
  });

  it('tells copies apart by a number JSON cannot hold', async () => {
    const c = newCase(dir);
    const big = JSON.stringify(RECORD).replace('"Version":1',
      '"Version":1e999');
    const csv = [
      'RecordId,CreationDate,RecordType,Operation,UserId,AuditData',
      `${ID},2026-10-18T02:05:11Z,1,New-InboxRule,${RECORD.UserId},` +
        `"${big.replace(/"/g, '""')}"`,
      '',
    ].join('\r\n');
    const a = await importInto(c, write('k.jsonl', `${big}\n`));
    const same = await importInto(c, write('l.json', `[${big}]`));
    const other = await importInto(c, write('m.jsonl',
      `${big.replace('1e999', '1e400')}\n`));
    const row = await importInto(c, write('n.csv', csv));

    expectCounts(a, { read: 1, imported: 1, duplicates: 0, rejected: 0 });
    expectCounts(same, { read: 1, imported: 0, duplicates: 1, rejected: 0 });
    expectCounts(other, { read: 1, imported: 1, duplicates: 0, rejected: 0 });
    expectCounts(row, { read: 1, imported: 1, duplicates: 0, rejected: 0 });
    expect(warningsOf(c, other.evidenceId).map((w) => w.code))
      .toEqual(['DUPLICATE_ID_CONFLICT']);
    closeCase(c);
  });

  it('is told apart by a lone surrogate, in UTF-16', async () => {
    const c = newCase(dir);
    const line = (agent: string) => JSON.stringify(RECORD)
      .replace('"Workload"', `"UserAgent":"agent-${agent}","Workload"`);
    const utf16 = (text: string) =>
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const path = join(dir, 'o.jsonl');
    writeFileSync(path, utf16(`${line('\ud800')}\r\n${line('\ud801')}\r\n`));
    const a = await importInto(c, path);
    const b = await importInto(c, write('p.jsonl', `${line('\ufffd')}\n`));

    expectCounts(a, { read: 2, imported: 2, duplicates: 0, rejected: 0 });
    expectCounts(b, { read: 1, imported: 1, duplicates: 0, rejected: 0 });
    const flagged = c.db.prepare('SELECT count(*) FROM event ' +
      'WHERE conflict = 1').pluck().get();
    expect(flagged).toBe(3);
    closeCase(c);
  });
});

describe('a record with several versions already', () => {
  it('is an occurrence of the version it matches, not a conflict',
    async () => {
      const c = newCase(dir);
      const b = { ...RECORD, ClientIP: '203.0.113.9' };
      const a = await importInto(c, write('q.jsonl', [
        RECORD, b, reversed(b), RECORD, { ...RECORD, Id: ID.toUpperCase() },
      ].map((r) => JSON.stringify(r)).join('\n')));
      const later = await importInto(c, write('r.jsonl',
        `${JSON.stringify(reversed(b))}\n${JSON.stringify(filler(4))}\n`));

      expectCounts(a, { read: 5, imported: 3, duplicates: 2, rejected: 0 });
      expect(warningsOf(c, a.evidenceId).map((w) => [w.line, w.code]))
        .toEqual([[2, 'DUPLICATE_ID_CONFLICT'], [3, 'DUPLICATE_RECORD'],
          [4, 'DUPLICATE_RECORD'], [5, 'DUPLICATE_ID_CONFLICT']]);
      expectCounts(later, { read: 2, imported: 1, duplicates: 1, rejected: 0 });
      const occurrences = c.db.prepare(
        `SELECT e.line AS kept, o.line AS copy FROM event_occurrence o
         JOIN event e ON e.id = o.event_id ORDER BY o.id`).raw().all();
      expect(occurrences).toEqual([[2, 3], [1, 4], [2, 1]]);
      const flagged = c.db.prepare('SELECT line FROM event ' +
        'WHERE conflict = 1 ORDER BY id').pluck().all();
      expect(flagged).toEqual([1, 2, 5]);
      closeCase(c);
    });
});
