/**
 * Damage to the framing of JSON and JSON Lines evidence: nesting too
 * deep to read, lone surrogates, lines over the record cap, log records
 * with an array named like a page's, a truncated record in a file read
 * as one document, and records joined on one line. Each damaged record
 * is a positioned warning, the rest imports, and the case verifies.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CaseFile } from '../../src-main/case/case-file.js';
import { verifyCase } from '../../src-main/case/verify-case.js';
import { LineFramer } from '../../src-main/import/framing/line-framer.js';
import type { ImportOptions } from '../../src-main/import/import-file.js';
import {
  closeAll,
  expectCounts,
  expectOriginalBytes,
  importFresh,
  messagesOf,
  removeDir,
  tempDir,
  warningsOf,
} from './import-helpers.js';

const dir = tempDir('tt-framing-damage-');
const open: CaseFile[] = [];
afterEach(() => closeAll(open));
afterAll(() => removeDir(dir));

type Json = Record<string, unknown>;

/** A unified audit log record with its own Id, user and minute. */
function ual(n: number, extra: Json = {}): Json {
  const nn = String(n).padStart(2, '0');
  return {
    CreationTime: `2024-04-02T08:${nn}:00`,
    Id: `6a1d2b3c-4d5e-4f60-9b8a-0000000000${nn}`,
    Operation: 'UserLoggedIn',
    OrganizationId: 'c1f0a0de-1111-4222-8333-444455556666',
    RecordType: 15,
    ResultStatus: 'Success',
    UserKey: `1003BFFD8EC47C${nn}`,
    UserType: 0,
    Workload: 'AzureActiveDirectory',
    ClientIP: '203.0.113.7',
    UserId: `user${nn}@contoso.example`,
    ...extra,
  };
}

/** One record's JSON text with raw JSON text appended as a last field. */
function withRaw(record: Json, key: string, raw: string): string {
  return `${JSON.stringify(record).slice(0, -1)},"${key}":${raw}}`;
}

/** JSON Lines text of records given as objects or as raw text. */
function jsonl(records: (Json | string)[]): string {
  const text = (r: Json | string) =>
    typeof r === 'string' ? r : JSON.stringify(r);
  return `${records.map(text).join('\n')}\n`;
}

/** Records 1..n as objects. */
function records(from: number, to: number): Json[] {
  const out: Json[] = [];
  for (let n = from; n <= to; n++) out.push(ual(n));
  return out;
}

async function load(
  name: string,
  body: string | Buffer,
  opts: ImportOptions = {},
) {
  const path = join(dir, name);
  writeFileSync(path, body);
  const r = await importFresh(dir, path, opts);
  open.push(r.c);
  const warnings = warningsOf(r.c, r.s.evidenceId);
  return { ...r, path, warnings };
}

/** Asserts the case still verifies: complete items, matching hashes. */
function expectVerifies(c: CaseFile): void {
  const v = verifyCase(c.db);
  expect(v.problems).toEqual([]);
  expect(v.ok).toBe(true);
}

const arrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const objects = (depth: number) => '{"a":'.repeat(depth) + '1' +
  '}'.repeat(depth);

describe('records nested too deep', () => {
  it('rejects a JSON Lines record 5000 arrays deep, imports the rest',
    async () => {
      const body = jsonl([ual(1), withRaw(ual(2), 'Deep', arrays(5000)),
        ual(3)]);
      const { c, s, warnings, events } = await load('deep.jsonl', body);
      expectCounts(s, { read: 3, imported: 2, duplicates: 0, rejected: 1 });
      expect(warnings).toEqual([
        { line: 2, severity: 'error', code: 'TOO_DEEP' },
      ]);
      expect(events.map((e) => e.line)).toEqual([1, 3]);
      expectVerifies(c);
    });

  it('rejects an array element 100,000 objects deep', async () => {
    const body = `[${JSON.stringify(ual(1))},\n` +
      `${withRaw(ual(2), 'Deep', objects(100_000))},\n` +
      `${JSON.stringify(ual(3))}]`;
    const { c, s, warnings } = await load('deep-objects.json', body);
    expectCounts(s, { read: 3, imported: 2, duplicates: 0, rejected: 1 });
    expect(warnings).toEqual([
      { line: 2, severity: 'error', code: 'TOO_DEEP' },
    ]);
    expectVerifies(c);
  });

  it.each([
    ['deep-limit.jsonl', (r: string) => jsonl([r])],
    ['deep-limit.json', (r: string) => `[${r}]`],
  ])('allows 1000 levels and refuses 1001 (%s)', async (name, wrap) => {
    const at = withRaw(ual(1), 'Deep', arrays(999));
    const over = withRaw(ual(2), 'Deep', arrays(1000));
    const ok = await load(`ok-${name}`, wrap(at));
    expectCounts(ok.s, { read: 1, imported: 1, duplicates: 0, rejected: 0 });
    const bad = await load(`bad-${name}`, wrap(over));
    expectCounts(bad.s, { read: 1, imported: 0, duplicates: 0, rejected: 1 });
    expect(bad.warnings).toEqual([
      { line: 1, severity: 'error', code: 'TOO_DEEP' },
    ]);
  });

  it('rejects a deep record with a syntax error without repairing it',
    async () => {
      const broken = withRaw(ual(2), 'Deep', arrays(5000)).slice(0, -1) +
        ',}';
      const body = jsonl([ual(1), broken, ual(3)]);
      const { s, warnings } = await load('deep-broken.jsonl', body);
      expectCounts(s, { read: 3, imported: 2, duplicates: 0, rejected: 1 });
      expect(warnings).toEqual([
        { line: 2, severity: 'error', code: 'TOO_DEEP' },
      ]);
    });

  it('reads the other records of a page whose one record is too deep',
    async () => {
      const page = `{"records":[${JSON.stringify(ual(2))},` +
        `${withRaw(ual(3), 'Deep', arrays(3000))}]}`;
      const body = jsonl([ual(1), page, ual(4)]);
      const { s, warnings } = await load('deep-page.jsonl', body);
      expectCounts(s, { read: 4, imported: 3, duplicates: 0, rejected: 1 });
      expect(warnings).toEqual([
        { line: 2, severity: 'error', code: 'TOO_DEEP' },
      ]);
    });

  it('rejects a Purview CSV row whose AuditData is too deep', async () => {
    const row = (n: number, audit: string) => {
      const r = ual(n);
      const quoted = `"${audit.replaceAll('"', '""')}"`;
      return [r.Id, `${String(r.CreationTime)}.0000000Z`, 15,
        'UserLoggedIn', r.UserId, quoted].join(',');
    };
    const body = 'RecordId,CreationDate,RecordType,Operation,UserId,' +
      'AuditData\r\n' +
      `${row(1, JSON.stringify(ual(1)))}\r\n` +
      `${row(2, withRaw(ual(2), 'Deep', arrays(5000)))}\r\n` +
      `${row(3, JSON.stringify(ual(3)))}\r\n`;
    const { c, s, warnings } = await load('deep.csv', body);
    expectCounts(s, { read: 3, imported: 2, duplicates: 0, rejected: 1 });
    expect(warnings).toEqual([
      { line: 3, severity: 'error', code: 'TOO_DEEP' },
    ]);
    expectVerifies(c);
  });
});

describe('lone surrogates', () => {
  const LONE = String.raw`admin\ud83d@contoso.onmicrosoft.com`;

  it('stores a lone surrogate as U+FFFD, warns, and verifies',
    async () => {
      const record = JSON.stringify(ual(1, { UserId: 'X' }))
        .replace('"UserId":"X"', `"UserId":"${LONE}"`);
      const body = `[${JSON.stringify(ual(2))},\n${record}]`;
      const { c, s, warnings, events } = await load('lone.json', body);
      expectCounts(s, { read: 2, imported: 2, duplicates: 0, rejected: 0 });
      expect(warnings).toEqual([
        { line: 2, severity: 'warning', code: 'LONE_SURROGATE' },
      ]);
      expect(events[1].actor).toBe('admin\ufffd@contoso.onmicrosoft.com');
      expectVerifies(c);
    });

  it('warns once for a lone low surrogate in JSON Lines', async () => {
    const record = JSON.stringify(ual(2, { Operation: 'X' }))
      .replace('"Operation":"X"', String.raw`"Operation":"Op\ude00"`);
    const { c, s, warnings, events } = await load('lone.jsonl',
      jsonl([ual(1), record, ual(3)]));
    expectCounts(s, { read: 3, imported: 3, duplicates: 0, rejected: 0 });
    expect(warnings).toEqual([
      { line: 2, severity: 'warning', code: 'LONE_SURROGATE' },
    ]);
    expect(events[1].operation).toBe('Op\ufffd');
    expectVerifies(c);
  });

  it('leaves a proper surrogate pair alone', async () => {
    const record = JSON.stringify(ual(1, { UserId: 'X' }))
      .replace('"UserId":"X"', String.raw`"UserId":"a\ud83d\ude00@x.example"`);
    const { c, s, warnings, events } = await load('pair.jsonl',
      jsonl([record]));
    expectCounts(s, { read: 1, imported: 1, duplicates: 0, rejected: 0 });
    expect(warnings).toEqual([]);
    expect(events[0].actor).toBe('a\u{1f600}@x.example');
    expectVerifies(c);
  });
});

describe('JSON Lines lines over the record cap', () => {
  it('rejects each line over the cap with its line, reads the next',
    async () => {
      const big = (n: number) => JSON.stringify(ual(n, {
        Padding: 'p'.repeat(5 << 20),
      }));
      const body = `${jsonl([ual(1), big(2), ual(3)])}${big(4)}`;
      const { c, s, warnings, events, path } = await load('big.jsonl', body,
        { maxRecordUnits: 64 << 10 });
      expectCounts(s, { read: 4, imported: 2, duplicates: 0, rejected: 2 });
      expect(warnings).toEqual([
        { line: 2, severity: 'error', code: 'RECORD_TOO_LARGE' },
        { line: 4, severity: 'error', code: 'RECORD_TOO_LARGE' },
      ]);
      expect(events.map((e) => e.line)).toEqual([1, 3]);
      expectOriginalBytes(c, events[1], path);
    });

  it('rejects a short line over a small cap', async () => {
    const pad = ual(2, { Padding: 'p'.repeat(3000) });
    const { s, warnings } = await load('cap.jsonl',
      jsonl([ual(1), pad, ual(3)]), { maxRecordUnits: 2000 });
    expectCounts(s, { read: 3, imported: 2, duplicates: 0, rejected: 1 });
    expect(warnings).toEqual([
      { line: 2, severity: 'error', code: 'RECORD_TOO_LARGE' },
    ]);
  });

  it('refuses a record over the default 16 MiB cap, by message', async () => {
    const big = ual(2, { Padding: 'p'.repeat(16 << 20) });
    const { c, s, warnings } = await load('default-cap.jsonl',
      jsonl([ual(1), big, ual(3)]));
    expectCounts(s, { read: 3, imported: 2, duplicates: 0, rejected: 1 });
    expect(warnings).toEqual([
      { line: 2, severity: 'error', code: 'RECORD_TOO_LARGE' },
    ]);
    expect(messagesOf(c, s.evidenceId, 'RECORD_TOO_LARGE')).toEqual([
      `record of ${JSON.stringify(big).length} bytes exceeds the limit ` +
        'of 16777216 characters',
    ]);
  });

  it.each([1, 7, 57, 58])(
    'frames an oversized line fed in pieces of %i with its exact span',
    (size) => {
      const text = '{"a":1}\r\n' + `{"b":"${'x'.repeat(40)}"}\r\n` +
        '{"c":3}';
      const units = new Uint8Array(Buffer.from(text));
      const seen: [number, number, number, boolean][] = [];
      const framer = new LineFramer(
        (f) => seen.push([f.line, f.start, f.end, f.oversized]),
        { maxLine: 20 },
      );
      for (let at = 0; at < units.length; at += size) {
        framer.feed(units.slice(at, at + size));
      }
      framer.end();
      expect(seen).toEqual([
        [1, 0, 7, false],
        [2, 9, 57, true],
        [3, 59, 66, false],
      ]);
    },
  );
});

describe('log records with an array named like a page', () => {
  const named = [
    ual(1, { items: ['a', 'b'] }),
    ual(2, { records: [{ x: 1 }] }),
    ual(3, { value: [] }),
  ];

  it('imports them as records from JSON Lines', async () => {
    const { s, warnings } = await load('pagekey.jsonl', jsonl(named));
    expectCounts(s, { read: 3, imported: 3, duplicates: 0, rejected: 0 });
    expect(warnings).toEqual([]);
  });

  it('imports them as records from a JSON array', async () => {
    const body = `[\n${named.map((r) => JSON.stringify(r)).join(',\n')}\n]`;
    const { s, warnings } = await load('pagekey.json', body);
    expectCounts(s, { read: 3, imported: 3, duplicates: 0, rejected: 0 });
    expect(warnings).toEqual([]);
  });

  it('imports a JSON Lines record whose array comes first', async () => {
    const first = { items: ['a'], ...ual(1) };
    const { s, warnings } = await load('pagekey-first.jsonl',
      jsonl([first]));
    expectCounts(s, { read: 1, imported: 1, duplicates: 0, rejected: 0 });
    expect(warnings).toEqual([]);
  });

  it('still reads the records of real pages', async () => {
    const diag = { records: [ual(1), ual(2)] };
    const reports = {
      kind: 'admin#reports#activities', etag: '"e1"', items: [ual(4)],
    };
    const graph = {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#x',
      value: [ual(3)],
    };
    const { s, warnings } = await load('pages.jsonl',
      jsonl([diag, graph, reports]));
    expectCounts(s, { read: 4, imported: 4, duplicates: 0, rejected: 0 });
    expect(warnings).toEqual([]);
    const doc = await load('pages.json',
      JSON.stringify([diag, graph, reports]));
    expectCounts(doc.s, { read: 4, imported: 4, duplicates: 0, rejected: 0 });
  });
});

describe('a truncated record in JSON Lines read as a document', () => {
  /** Lines 1..19; line 1 padded past the 1 MB sniff head. */
  function longFirst(cut: (line: string) => string): (Json | string)[] {
    const lines: (Json | string)[] = records(1, 19);
    lines[0] = ual(1, { Padding: 'p'.repeat(1_100_000) });
    lines[5] = cut(JSON.stringify(lines[5]));
    return lines;
  }

  it('resumes at the line after a record cut inside a string', async () => {
    const body = jsonl(longFirst((l) => l.slice(0, 300)));
    const { c, s, warnings, events, path } = await load('long-cut.jsonl',
      body);
    expectCounts(s, { read: 19, imported: 18, duplicates: 0, rejected: 1 });
    expect(warnings).toEqual([
      { line: 6, severity: 'error', code: 'JSON_TRUNCATED' },
    ]);
    expect(events.map((e) => e.line)).toEqual(
      [1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
    );
    const after = expectOriginalBytes(c, events[5], path).toString();
    expect(JSON.parse(after)).toEqual(ual(7));
    expectVerifies(c);
  });

  it('resumes after a record cut between two values', async () => {
    const cut = (l: string) => `${l.slice(0, l.indexOf('"Operation"'))}` +
      '"Actor":[{"ID":"x"},';
    const { s, warnings } = await load('long-cut-array.jsonl',
      jsonl(longFirst(cut)));
    expectCounts(s, { read: 19, imported: 18, duplicates: 0, rejected: 1 });
    expect(warnings).toEqual([
      { line: 6, severity: 'error', code: 'JSON_TRUNCATED' },
    ]);
  });

  it('reads a file whose short first line is cut off as JSON Lines',
    async () => {
      const lines: (Json | string)[] = records(1, 19);
      lines[0] = JSON.stringify(lines[0]).slice(0, 120);
      const { s, warnings } = await load('first-cut.jsonl', jsonl(lines));
      expectCounts(s, { read: 19, imported: 18, duplicates: 0, rejected: 1 });
      expect(warnings).toEqual([
        { line: 1, severity: 'error', code: 'JSON_TRUNCATED' },
      ]);
    });

  it('reads JSON Lines split mid-record, rejecting the first line',
    async () => {
      const lines: (Json | string)[] = records(1, 19);
      lines[0] = JSON.stringify(lines[0]).slice(150);
      const { s, warnings, events } = await load('split.jsonl',
        jsonl(lines));
      expectCounts(s, { read: 19, imported: 18, duplicates: 0, rejected: 1 });
      expect(warnings).toEqual([
        { line: 1, severity: 'warning', code: 'JSON_REPAIRED' },
        { line: 1, severity: 'error', code: 'NOT_AN_OBJECT' },
      ]);
      expect(events.map((e) => e.line)).toEqual(
        Array.from({ length: 18 }, (_, i) => i + 2));
    });

  it('reads JSON Lines under a stray first line of text', async () => {
    const lines: (Json | string)[] = ['garbage line here',
      ...records(1, 9)];
    const { s, warnings } = await load('stray.jsonl', jsonl(lines));
    expectCounts(s, { read: 10, imported: 9, duplicates: 0, rejected: 1 });
    expect(warnings).toEqual([
      { line: 1, severity: 'warning', code: 'JSON_REPAIRED' },
      { line: 1, severity: 'error', code: 'NOT_AN_OBJECT' },
    ]);
  });

  it('still reads concatenated pretty-printed objects as a document',
    async () => {
      const body = records(1, 3).map((r) => JSON.stringify(r, null, 2))
        .join('\n');
      const { s, warnings } = await load('pretty.json', body);
      expectCounts(s, { read: 3, imported: 3, duplicates: 0, rejected: 0 });
      expect(warnings).toEqual([]);
    });
});

describe('JSON objects joined on one line', () => {
  it.each([
    ['}{', ''],
    ['},{', ','],
    ['} {', ' '],
  ])('splits two records joined by %s', async (_, glue) => {
    const joined = JSON.stringify(ual(3)) + glue + JSON.stringify(ual(4));
    const body = jsonl([ual(1), ual(2), joined, ual(5)]);
    const { c, s, warnings, events, path } = await load('joined.jsonl',
      body);
    expectCounts(s, { read: 5, imported: 5, duplicates: 0, rejected: 0 });
    expect(warnings).toEqual([
      { line: 3, severity: 'warning', code: 'JOINED_RECORDS' },
    ]);
    expect(events.map((e) => e.line)).toEqual([1, 2, 3, 3, 4]);
    const third = expectOriginalBytes(c, events[2], path).toString();
    const fourth = expectOriginalBytes(c, events[3], path).toString();
    expect([JSON.parse(third), JSON.parse(fourth)]).toEqual([ual(3), ual(4)]);
    expectVerifies(c);
  });

  it('rejects only the broken one of two joined objects', async () => {
    const joined = `${JSON.stringify(ual(2))}{"CreationTime":"2024-`;
    const body = jsonl([ual(1), joined, ual(3)]);
    const { s, warnings } = await load('joined-cut.jsonl', body);
    expectCounts(s, { read: 4, imported: 3, duplicates: 0, rejected: 1 });
    expect(warnings).toEqual([
      { line: 2, severity: 'warning', code: 'JOINED_RECORDS' },
      { line: 2, severity: 'error', code: 'JSON_TRUNCATED' },
    ]);
  });
});

describe('CSV records over the default cap', () => {
  const header = 'RecordId,CreationDate,RecordType,Operation,UserId,' +
    'AuditData\r\n';
  const row = (n: number, audit: string) => {
    const r = ual(n);
    return [r.Id, `${String(r.CreationTime)}.0000000Z`, 15,
      'UserLoggedIn', r.UserId, audit].join(',');
  };
  const quoted = (r: Json) => `"${JSON.stringify(r).replaceAll('"', '""')}"`;

  it.each([
    ['quoted', `"${'p'.repeat(16 << 20)}"`],
    ['unquoted', 'p'.repeat(16 << 20)],
  ])('skips a %s field over 16 MiB and reads on', async (kind, field) => {
    const body = header + `${row(1, quoted(ual(1)))}\r\n` +
      `${row(2, field)}\r\n` + `${row(3, quoted(ual(3)))}\r\n`;
    const { c, s, warnings } = await load(`cap-${kind}.csv`, body);
    expectCounts(s, { read: 3, imported: 2, duplicates: 0, rejected: 1 });
    expect(warnings).toEqual([
      { line: 3, severity: 'error', code: 'RECORD_TOO_LARGE' },
    ]);
    expect(messagesOf(c, s.evidenceId, 'RECORD_TOO_LARGE')).toEqual([
      'the record runs past the limit of 16777216 characters; it is ' +
        'skipped and reading resumes after it',
    ]);
    expectVerifies(c);
  });
});
