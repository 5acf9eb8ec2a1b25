/**
 * Damaged inputs made from the real samples: each imports what can be
 * read, rejects the rest with a positioned warning, and never throws.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CaseFile } from '../../src-main/case/case-file.js';
import {
  closeAll,
  newCase,
  removeDir,
  SHARED_EXISTS,
  tempDir,
} from '../import/import-helpers.js';
import {
  firstMultiByte,
  importBytes,
  purviewCsv,
  purviewRow,
  sample,
} from './damage.js';

const dir = tempDir('tt-damaged-');
const open: CaseFile[] = [];
afterEach(() => closeAll(open));
afterAll(() => removeDir(dir));

if (!SHARED_EXISTS) {
  console.warn('damaged input: ../shared/corpus is missing; SKIPPED');
}

async function run(name: string, bytes: Buffer) {
  const c = newCase(dir);
  open.push(c);
  return importBytes(c, dir, name, bytes);
}

function linesOf(b: Buffer): string[] {
  return b.toString('utf8').split('\n').filter((l) => l !== '');
}

const counts = (read: number, imported: number, dup: number, rej: number) =>
  ({ read, imported, duplicates: dup, rejected: rej });

describe.skipIf(!SHARED_EXISTS)('damaged copies of the corpus', () => {
  it('a JSON Lines file cut in the middle of a record', async () => {
    const ual = sample('ualJsonl');
    const { summary, codes } = await run('cut.jsonl',
      ual.subarray(0, Math.floor(ual.length / 2)));
    expect(summary.counts).toEqual(counts(10, 9, 0, 1));
    expect(codes[0]).toBe('JSON_TRUNCATED');
  });

  it('a JSON array cut in the middle of a record', async () => {
    const page = sample('signinPage');
    const { summary, codes } = await run('cut-page.json',
      page.subarray(0, Math.floor(page.length * 0.6)));
    expect(summary.counts).toEqual(counts(1, 0, 0, 1));
    expect(codes).toContain('JSON_TRUNCATED');
  });

  it('a file cut inside a multi-byte character', async () => {
    const mb = sample('signinJsonl');
    const { summary, codes } = await run('cut-char.jsonl',
      mb.subarray(0, firstMultiByte(mb) + 1));
    expect(summary.counts).toEqual(counts(3, 2, 0, 1));
    expect(codes).toEqual(['NOT_UTF8', 'JSON_TRUNCATED']);
  });

  it('NUL bytes inside a record', async () => {
    const ual = sample('ualJsonl');
    const bytes = Buffer.concat([ual.subarray(0, 300), Buffer.alloc(40),
      ual.subarray(300)]);
    const { summary, codes } = await run('nul.jsonl', bytes);
    expect(summary.counts).toEqual(counts(19, 18, 0, 1));
    expect(codes[0]).toBe('JSON_SYNTAX');
  });

  it('a 10 MB field in one JSON Lines record', async () => {
    const lines = linesOf(sample('ualJsonl'));
    const big = { ...JSON.parse(lines[2]), Padding: 'x'.repeat(10 << 20) };
    lines[2] = JSON.stringify(big);
    const { summary } = await run('big.jsonl',
      Buffer.from(`${lines.join('\n')}\n`));
    expect(summary.counts).toEqual(counts(19, 19, 0, 0));
  });

  it('a 10 MB AuditData field in a Purview CSV row', async () => {
    const bytes = Buffer.from(purviewCsv(2).toString() +
      `${purviewRow(9, { Padding: 'y'.repeat(10 << 20) })}\r\n` +
      `${purviewRow(10)}\r\n`);
    const { summary, codes } = await run('big.csv', bytes);
    expect(summary.counts).toEqual(counts(4, 4, 0, 0));
    expect(codes).toEqual([]);
  });

  it('a record nested 100,000 levels deep', async () => {
    const lines = linesOf(sample('ualJsonl'));
    const deep = `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const bytes = Buffer.from(`${lines[0]}\n${deep}\n${lines[1]}\n`);
    const { summary, codes } = await run('deep.jsonl', bytes);
    expect(summary.counts).toEqual(counts(3, 2, 0, 1));
    expect(codes[0]).toBe('UNKNOWN_RECORD');
  });

  it('a document of 200,000 nested arrays', async () => {
    const bytes = Buffer.from(`${'['.repeat(200_000)}${']'.repeat(200_000)}`);
    const { summary } = await run('deep-array.json', bytes);
    expect(summary.counts).toEqual(counts(0, 0, 0, 0));
  });

  it('UTF-16LE without a byte order mark', async () => {
    const ual = sample('ualJsonl');
    const { summary } = await run('utf16.jsonl',
      Buffer.from(ual.toString('utf8'), 'utf16le'));
    expect(summary.encoding).toBe('utf-16le');
    expect(summary.counts).toEqual(counts(19, 19, 0, 0));
  });

  it('windows-1252 bytes in a UTF-8 file', async () => {
    const lines = linesOf(sample('ualJsonl'));
    const text = `${lines[0].replace('"', '"\xe9')}\n${lines[1]}\n`;
    const { summary, codes } = await run('cp1252.jsonl',
      Buffer.from(text, 'latin1'));
    expect(summary.counts).toEqual(counts(2, 2, 0, 0));
    expect(codes[0]).toBe('NOT_UTF8');
  });

  it('a CSV row with an unbalanced quote', async () => {
    const bytes = Buffer.from(purviewCsv(2).toString() +
      '6f1c,"2026-03-01,x,y,z,"{\r\n' + `${purviewRow(5)}\r\n`);
    const { summary, codes } = await run('quote.csv', bytes);
    expect(summary.counts).toEqual(counts(4, 3, 0, 1));
    expect(codes).toEqual(['CSV_FIELD_COUNT']);
  });

  it('a CSV field with embedded line breaks', async () => {
    const bytes = Buffer.from(purviewCsv(1).toString() +
      `${purviewRow(3, { Note: 'a\r\nb\nc' })}\r\n`);
    const { summary, codes } = await run('newlines.csv', bytes);
    expect(summary.counts).toEqual(counts(2, 2, 0, 0));
    expect(codes).toEqual([]);
  });

  it('a CSV header naming a column twice', async () => {
    const bytes = Buffer.from('RecordId,CreationDate,RecordType,Operation,' +
      `UserId,AuditData,UserId\r\n${purviewRow(1)},x\r\n`);
    const { summary, codes } = await run('dup-header.csv', bytes);
    expect(summary.counts).toEqual(counts(1, 1, 0, 0));
    expect(codes).toEqual(['DUPLICATE_HEADER']);
  });

  it('timestamps out of range', async () => {
    const lines = linesOf(sample('ualJsonl'));
    const times = ['99999-01-01T00:00:00', '0000-00-00T00:00:00',
      '-000001-01-01T00:00:00Z', '1e400', '2024-13-45T25:61:61'];
    const text = times.map((t, i) =>
      JSON.stringify({ ...JSON.parse(lines[i]), CreationTime: t }));
    const { summary, codes } = await run('times.jsonl',
      Buffer.from(`${text.join('\n')}\n${lines[5]}\n`));
    expect(summary.counts).toEqual(counts(6, 1, 0, 5));
    expect(codes.filter((c) => c === 'BAD_TIME')).toHaveLength(5);
  });

  it('a Format-List file cut in its AuditData', async () => {
    const fl = sample('formatList');
    const { summary } = await run('cut.txt', fl.subarray(0, fl.length - 40));
    expect(summary.counts.read).toBe(summary.counts.imported +
      summary.counts.rejected);
    expect(summary.status).toBe('imported');
  });
});

describe('files that are not logs', () => {
  it.each([
    ['an empty file', Buffer.alloc(0), 'is empty (0 bytes)'],
    ['only white space', Buffer.from(' \r\n\t\n'), 'holds only white space'],
    ['a PNG image', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
      'is not a log: it is a PNG image'],
    ['a ZIP archive', Buffer.from('504b030414000000080000000000', 'hex'),
      'is not a log: it is a ZIP archive (extract it and import the files ' +
        'inside)'],
    ['a PDF document', Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'),
      'is not a log: it is a PDF document'],
    ['gzip data', Buffer.from('1f8b0800000000000003', 'hex'),
      'is not a log: it is a gzip-compressed file (decompress it first)'],
    ['random binary', Buffer.from(Array.from({ length: 4000 },
      (_, i) => (i * 7919) % 256)), 'is not a log: it is binary data, not text'],
    ['prose', Buffer.from('Dear team,\nplease find the logs attached.\n'),
      'is not a known log: it is text that is neither JSON, CSV nor ' +
        'Format-List output'],
    ['a CSV of something else', Buffer.from('name,price\napple,3\n'),
      'is not a known log: it is a CSV file whose columns (name, price) ' +
        'match no known export'],
    ['JSON of something else', Buffer.from('[{"name":"apple"}]'),
      'is JSON, but none of its records is a known log record (see the ' +
        'import formats in the README)'],
  ])('refuses %s, naming what it looks like', async (_, bytes, says) => {
    const c = newCase(dir);
    open.push(c);
    const { summary } = await importBytes(c, dir, 'evidence.bin', bytes);
    expect(summary.status).toBe('refused');
    expect(summary.message).toBe(`evidence.bin ${says}`);
    expect(c.db.prepare('SELECT count(*) FROM evidence').pluck().get())
      .toBe(0);
    const last = c.db
      .prepare('SELECT action, details FROM custody ORDER BY seq DESC')
      .get() as { action: string; details: string };
    expect(last.action).toBe('import.refused');
    expect(JSON.parse(last.details).reason).toBe(`evidence.bin ${says}`);
  });
});
