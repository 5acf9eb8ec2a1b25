import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CaseFile } from '../../src-main/case/case-file.js';
import {
  closeAll,
  expectCounts,
  expectOriginalBytes,
  fixture,
  importFresh,
  messagesOf,
  removeDir,
  tempDir,
  warningsOf,
} from './import-helpers.js';

const dir = tempDir();
const open: CaseFile[] = [];
afterEach(() => closeAll(open));
afterAll(() => removeDir(dir));

async function load(name: string) {
  const path = fixture('formats', name);
  const r = await importFresh(dir, path);
  open.push(r.c);
  return { ...r, path };
}

describe('unified audit log JSON array', () => {
  it('imports every record with its position and exact values', async () => {
    const { c, s, events, path } = await load('ual-array.json');
    expectCounts(s, { read: 3, imported: 3, duplicates: 0, rejected: 0 });
    expect(s.format).toBe('ual-json');
    expect(warningsOf(c, s.evidenceId)).toEqual([]);
    expect(events[1]).toMatchObject({
      timeUtc: '2024-04-02T08:21:07.000Z',
      timeText: '2024-04-02T08:21:07',
      source: 'm365-ual',
      workload: 'Exchange',
      operation: 'New-InboxRule',
      category: 'mail',
      result: 'success',
      resultCode: 'True',
      actor: 'nora.lind@contoso.example',
      ip: '2a02:cf40:add:4002:91f2:a9b2:e09a:6fc6',
      ipOriginal: '[2a02:cf40:add:4002:91f2:a9b2:e09a:6fc6]:51644',
      port: 51644,
      geo: { country: 'DK', city: 'Give', asn: 62121 },
      recordId: '6a1d2b3c-4d5e-4f60-9b8a-1d2e3f4a5b6c',
      line: 23,
      row: null,
      byteOffset: 777,
      byteLength: 919,
    });
    const bytes = expectOriginalBytes(c, events[1], path).toString();
    expect(bytes.startsWith('{\n    "CreationTime": "2024-04-02T08:21:07"'))
      .toBe(true);
    expect(bytes.endsWith('}')).toBe(true);
    expect(JSON.parse(bytes).Id).toBe(events[1].recordId);
  });

  it('lowercases the UPN but keeps the original actor text', async () => {
    const { events } = await load('ual-array.json');
    expect(events[0]).toMatchObject({
      actor: 'nora.lind@contoso.example',
      actorOriginal: 'Nora.Lind@Contoso.example',
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
      category: 'sign-in',
      geo: { country: 'GB' },
    });
    expect(events[2]).toMatchObject({
      operation: 'FileDownloaded',
      category: 'file',
      result: 'unknown',
      geo: { country: 'SE' },
      line: 47,
    });
  });
});

describe('unified audit log JSON Lines', () => {
  it('imports one record per line with byte offsets', async () => {
    const { c, s, events, path } = await load('ual-lines.jsonl');
    expectCounts(s, { read: 3, imported: 3, duplicates: 0, rejected: 0 });
    expect(warningsOf(c, s.evidenceId)).toEqual([]);
    expect(events[0]).toMatchObject({
      timeUtc: '2024-04-03T11:02:19.000Z',
      operation: 'MailItemsAccessed',
      category: 'mail',
      result: 'success',
      ip: '193.0.6.139',
      ipOriginal: '::ffff:193.0.6.139',
      geo: { country: 'NL' },
      line: 1,
      byteOffset: 0,
      byteLength: 713,
    });
    expect(events[1]).toMatchObject({ port: 48122, line: 2, byteOffset: 714 });
    const bytes = expectOriginalBytes(c, events[1], path).toString();
    expect(JSON.parse(bytes).Operation).toBe('Send');
  });

  it('keeps an empty ClientIP as original text with no address', async () => {
    const { events } = await load('ual-lines.jsonl');
    expect(events[2]).toMatchObject({
      operation: 'FileAccessed',
      ip: null,
      ipOriginal: '',
      geo: { country: null },
      line: 3,
      byteOffset: 1350,
      byteLength: 496,
    });
  });
});

describe('Purview audit export CSV (8 columns, BOM, CRLF)', () => {
  it('reads every row by column name with exact positions', async () => {
    const { c, s, events, path } = await load('purview-export.csv');
    expectCounts(s, { read: 3, imported: 3, duplicates: 0, rejected: 0 });
    expect(s.format).toBe('csv:ual');
    expect(s.encoding).toBe('utf-8-bom');
    expect(warningsOf(c, s.evidenceId)).toEqual([]);
    expect(events[1]).toMatchObject({
      timeUtc: '2024-04-02T09:00:05.000Z',
      operation: 'Set-Mailbox',
      category: 'mail',
      result: 'success',
      actor: 'nora.lind@contoso.example',
      ip: '212.58.244.22',
      port: 30342,
      geo: { country: 'GB' },
      line: 3,
      row: 2,
      byteOffset: 934,
      byteLength: 868,
    });
    const bytes = expectOriginalBytes(c, events[1], path).toString();
    expect(bytes.startsWith('b06c7081-92a3-44b5-a0df-6c7d8e9fa0b1,')).toBe(
      true,
    );
    expect(bytes.endsWith(',,')).toBe(true);
  });

  it('reads the first row right after the BOM and header', async () => {
    const { events } = await load('purview-export.csv');
    expect(events[0]).toMatchObject({
      operation: 'UserLoggedIn',
      actorOriginal: 'Nora.Lind@Contoso.example',
      line: 2,
      row: 1,
      byteOffset: 111,
    });
    expect(events[2]).toMatchObject({
      operation: 'AnonymousLinkCreated',
      category: 'sharing',
      geo: { country: 'SE' },
    });
  });
});

describe('Search-UnifiedAuditLog | Export-Csv with #TYPE and remoting', () => {
  it('skips the #TYPE line and maps the plural columns', async () => {
    const { c, s, events, path } = await load('exo-export.csv');
    expectCounts(s, { read: 2, imported: 2, duplicates: 0, rejected: 0 });
    expect(events[0]).toMatchObject({
      timeUtc: '2024-04-04T13:56:56.000Z',
      operation: 'UserLoggedIn',
      category: 'sign-in',
      result: 'success',
      actor: 'ivo.berg@contoso.example',
      ip: '129.132.19.216',
      geo: { country: 'CH' },
      line: 3,
      row: 1,
      byteOffset: 260,
      byteLength: 886,
    });
    const bytes = expectOriginalBytes(c, events[0], path).toString();
    expect(bytes.startsWith('"outlook.office365.com","3b1f6a0e')).toBe(true);
  });

  it('uses AuditData time and warns when CreationDate is local', async () => {
    const { c, s, events } = await load('exo-export.csv');
    expect(events[1]).toMatchObject({
      timeUtc: '2024-04-04T14:20:45.000Z',
      operation: 'Set-InboxRule',
      port: 60321,
      line: 4,
    });
    expect(warningsOf(c, s.evidenceId)).toEqual([
      { line: 4, severity: 'warning', code: 'CREATIONDATE_MISMATCH' },
    ]);
    expect(messagesOf(c, s.evidenceId, 'CREATIONDATE_MISMATCH')[0])
      .toContain('by +02:00');
  });
});
