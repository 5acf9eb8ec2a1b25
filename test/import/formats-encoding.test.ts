import { readFileSync } from 'node:fs';
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
  sharedGeo,
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

describe('UTF-16LE with BOM (Extractor-Suite JSON Lines, CRLF)', () => {
  it('decodes every record and keeps non-ASCII text', async () => {
    const { c, s, events, path } = await load('utf16le-bom.jsonl');
    expectCounts(s, { read: 2, imported: 2, duplicates: 0, rejected: 0 });
    expect(s.encoding).toBe('utf-16le');
    expect(warningsOf(c, s.evidenceId)).toEqual([]);
    expect(events[0]).toMatchObject({
      timeUtc: '2024-05-09T07:12:33.000Z',
      operation: 'FileDownloaded',
      category: 'file',
      result: 'unknown',
      actor: 'nora.lind@contoso.example',
      ip: '193.0.6.139',
      geo: { country: 'NL' },
      target:
        'https://contoso.sharepoint.com/sites/Finanzen/Freigegebene ' +
        'Dokumente/Prüfbericht_Q3 – Entwurf 📎.xlsx',
      line: 1,
      byteOffset: 2,
      byteLength: 1090,
    });
    const bytes = expectOriginalBytes(c, events[0], path);
    expect(JSON.parse(bytes.toString('utf16le')).Id).toBe(
      'f1a2b3c4-d5e6-4f70-8192-a3b4c5d6e7f8',
    );
    expect(events[1]).toMatchObject({ line: 2, byteOffset: 1096 });
  });
});

describe('UTF-16BE with BOM (sign-in array)', () => {
  it('decodes big-endian units and maps them to byte offsets', async () => {
    const { c, s, events, path } = await load('utf16be-bom.json');
    expectCounts(s, { read: 2, imported: 2, duplicates: 0, rejected: 0 });
    expect(s.encoding).toBe('utf-16be');
    expect(events[0]).toMatchObject({
      timeUtc: '2024-05-10T16:45:00.999Z',
      actor: 'jörg.müller@contoso.example',
      ip: '129.132.19.216',
      result: 'success',
      category: 'sign-in',
      geo: { country: 'CH' },
      line: 2,
      byteOffset: 10,
      byteLength: 794,
    });
    const raw = Buffer.from(expectOriginalBytes(c, events[0], path));
    expect(JSON.parse(raw.swap16().toString('utf16le')).location.city).toBe(
      'Zürich',
    );
    expect(events[1]).toMatchObject({ resultCode: '500121', line: 17 });
  });
});

describe('UTF-8 with BOM (Google activities array)', () => {
  it('skips the mark and counts offsets from the file start', async () => {
    const { c, s, events, path } = await load('utf8-bom.json');
    expectCounts(s, { read: 1, imported: 1, duplicates: 0, rejected: 0 });
    expect(s.encoding).toBe('utf-8-bom');
    expect(warningsOf(c, s.evidenceId)).toEqual([]);
    expect(events[0]).toMatchObject({
      timeUtc: '2024-05-11T08:00:00.001Z',
      source: 'gws-admin',
      operation: 'CHANGE_PASSWORD',
      category: 'admin',
      target: 'renée.dupont@example.org',
      ip: '212.58.244.22',
      geo: { country: 'GB' },
      line: 17,
      byteOffset: 7,
      byteLength: 633,
    });
    expect(readFileSync(path).subarray(0, 3)).toEqual(
      Buffer.from([0xef, 0xbb, 0xbf]),
    );
    expectOriginalBytes(c, events[0], path);
  });
});

describe('a line in windows-1252 inside a UTF-8 file', () => {
  it('reads that line as windows-1252, names it, imports the rest', async () => {
    const { c, s, events, path } = await load('cp1252-line.jsonl');
    expectCounts(s, { read: 3, imported: 3, duplicates: 0, rejected: 0 });
    expect(warningsOf(c, s.evidenceId)).toEqual([
      { line: 2, severity: 'warning', code: 'NOT_UTF8' },
    ]);
    expect(messagesOf(c, s.evidenceId, 'NOT_UTF8')).toEqual([
      'bytes are not valid UTF-8; read as windows-1252',
    ]);
    expect(events[1]).toMatchObject({
      timeUtc: '2024-05-12T10:01:00.000Z',
      operation: 'FileAccessed',
      target:
        'https://contoso.sharepoint.com/sites/HR/Shared Documents/' +
        'RÉSUMÉ – André.docx',
      ip: '81.2.69.144',
      geo: { country: 'GB' },
      line: 2,
      byteOffset: 291,
      byteLength: 300,
    });
    const raw = expectOriginalBytes(c, events[1], path);
    expect(raw.includes(
      Buffer.from([0xc9, 0x53, 0x55, 0x4d, 0xc9, 0x20, 0x96]),
    )).toBe(true);
    expect(events[2].target).toBe(
      'https://contoso.sharepoint.com/sites/HR/Shared Documents/café.docx',
    );
  });
});

describe('the bundled GeoIP database the fixtures rely on', () => {
  it.each([
    ['81.2.69.144', 'GB'],
    ['89.160.20.112', 'SE'],
    ['67.43.156.13', 'US'],
    ['193.0.6.139', 'NL'],
    ['129.132.19.216', 'CH'],
    ['185.220.101.1', 'DE'],
    ['212.58.244.22', 'GB'],
    ['2a02:cf40:add:4002:91f2:a9b2:e09a:6fc6', 'DK'],
  ])('places %s in %s', (ip, country) => {
    expect(sharedGeo().lookup(ip).country).toBe(country);
  });
});
