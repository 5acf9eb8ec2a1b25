import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  exportBundle,
  type ExportOptions,
  type ExportProgress,
} from '../../src-main/bundle/export-bundle.js';
import { eventPages } from '../../src-main/bundle/event-pages.js';
import { listCustody } from '../../src-main/case/custody.js';
import { TOOL_VERSION } from '../../src-main/version.js';
import { EMPTY_POLICY } from '../../src-shared/domain.js';
import {
  CASE_NUMBER,
  FIXTURES,
  buildFixtureCase,
  fileSha256,
  readZip,
  withCase,
  type FixtureCase,
} from './case-fixture.js';

const SIGNINS_SHA = fileSha256(join(FIXTURES, 'signins.json'));
const UAL_SHA = fileSha256(join(FIXTURES, 'ual.jsonl'));

let fixture: FixtureCase;
let serial = 0;

beforeAll(async () => {
  fixture = await buildFixtureCase();
}, 60_000);

/** Exports the fixture case read-only to a fresh path. */
function exportFixture(
  extra: Partial<ExportOptions> = {},
): ReturnType<typeof exportBundle> {
  const out = join(fixture.dir, `bundle-${++serial}.zip`);
  return withCase(fixture.casePath, (db) =>
    exportBundle(db, {
      out,
      keyDir: fixture.keyDir,
      exportedAt: fixture.exportedAt,
      ...extra,
    }),
  );
}

/** Parsed lines of a JSON Lines entry. */
function jsonLines(bytes: Buffer): Record<string, any>[] {
  return bytes
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, any>);
}

/** The record ids of the events in a bundle, in bundle order. */
async function recordIds(zipPath: string): Promise<string[]> {
  const zip = await readZip(zipPath);
  return jsonLines(zip.get('events/events.jsonl')!).map((e) =>
    (e.recordId as string).slice(-2),
  );
}

/** Every table of the case except the custody log, as JSON. */
function dumpExceptCustody(db: Database.Database): string {
  const tables = db
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table'
       AND name <> 'custody' ORDER BY name`,
    )
    .all() as { name: string }[];
  return JSON.stringify(
    tables.map((t) => [t.name, db.prepare(`SELECT * FROM "${t.name}"`).all()]),
  );
}

describe('a whole-case bundle', () => {
  test('holds exactly these files, in this order', async () => {
    const s = await exportFixture();
    const zip = await readZip(s.out);
    expect([...zip.keys()]).toEqual([
      'case.json',
      'evidence/index.json',
      `evidence/${SIGNINS_SHA}`,
      `evidence/${UAL_SHA}`,
      'events/events.csv',
      'events/events.jsonl',
      'findings.jsonl',
      'annotations.jsonl',
      'custody.jsonl',
      'case-uco.jsonld',
      'report.html',
      'report.pdf',
      'signer.pub.pem',
      'manifest.json',
      'manifest.sig',
    ]);
    expect(s.counts).toEqual({
      events: 8,
      evidence: 2,
      findings: 2,
      bookmarks: 2,
      tags: 1,
      notes: 1,
      custodyEntries: 3,
    });
  });

  test('carries the evidence files byte-exact with their names', async () => {
    const s = await exportFixture();
    const zip = await readZip(s.out);
    const signins = readFileSync(join(FIXTURES, 'signins.json'));
    expect(zip.get(`evidence/${SIGNINS_SHA}`)!.equals(signins)).toBe(true);
    const index = JSON.parse(zip.get('evidence/index.json')!.toString());
    expect(
      index.map((i: any) => [i.exhibitNumber, i.originalName, i.size]),
    ).toEqual([
      ['E001', 'signins.json', signins.length],
      ['E002', 'ual-\u202elnosj.jsonl', 1876],
    ]);
  });

  test('lists every other file in the manifest with hash and size', async () => {
    const s = await exportFixture();
    const zip = await readZip(s.out);
    const manifest = JSON.parse(zip.get('manifest.json')!.toString());
    const listed = manifest.files.map((f: any) => f.path);
    const others = [...zip.keys()].filter(
      (n) => n !== 'manifest.json' && n !== 'manifest.sig',
    );
    expect(listed).toEqual(others);
    for (const f of manifest.files) {
      const bytes = zip.get(f.path)!;
      expect([f.size, f.sha256]).toEqual([
        bytes.length,
        createHash('sha256').update(bytes).digest('hex'),
      ]);
    }
    expect(manifest.exportedAt).toBe(fixture.exportedAt);
    expect(manifest.case.caseNumber).toBe(CASE_NUMBER);
    expect(zip.get('manifest.sig')!.length).toBe(64);
  });

  test('is byte-identical when exported twice at the same time', async () => {
    const a = await exportFixture();
    const b = await exportFixture();
    expect(a.out).not.toBe(b.out);
    expect(readFileSync(a.out).equals(readFileSync(b.out))).toBe(true);
    expect(a.sha256).toBe(b.sha256);
    const later = await exportFixture({ exportedAt: new Date() });
    expect(later.sha256).not.toBe(a.sha256);
  });

  test('refuses an export time before the last change of the case', async () => {
    await expect(
      exportFixture({ exportedAt: '2020-01-01T00:00:00Z' }),
    ).rejects.toThrow(
      /^finding 1 changed at .*, after the export time 2020-01-01T00:00:00.000Z; choose a later export time$/,
    );
  });
});

describe('the case file during an export', () => {
  test('is not changed until the bundle is complete', async () => {
    const before = fileSha256(fixture.casePath);
    const seen: string[] = [];
    const onProgress = (p: ExportProgress) => {
      if (p.phase === 'sign') seen.push(fileSha256(fixture.casePath));
    };
    await exportFixture({ onProgress });
    expect(seen).toEqual([before]);
  });

  test('gains exactly one custody entry with the bundle hash', async () => {
    const dumpBefore = await withCase(fixture.casePath, dumpExceptCustody);
    const custodyBefore = await withCase(fixture.casePath, listCustody);
    const s = await exportFixture();
    const custodyAfter = await withCase(fixture.casePath, listCustody);
    expect(await withCase(fixture.casePath, dumpExceptCustody)).toBe(
      dumpBefore,
    );
    expect(custodyAfter.slice(0, -1)).toEqual(custodyBefore);
    const entry = custodyAfter[custodyAfter.length - 1];
    expect(entry.seq).toBe(s.custodySeq);
    expect(entry.action).toBe('export.bundle');
    expect(entry.details.sha256).toBe(fileSha256(s.out));
    expect(entry.details.size).toBe(readFileSync(s.out).length);
    expect(entry.details.exportedAt).toBe(fixture.exportedAt);
  });

  test('is byte-identical after an export without custody', async () => {
    const before = fileSha256(fixture.casePath);
    const s = await exportFixture({ recordCustody: false });
    expect(s.custodySeq).toBeNull();
    expect(fileSha256(fixture.casePath)).toBe(before);
  });
});

describe('events in a bundle', () => {
  test('trace to the exact bytes of their evidence file', async () => {
    const s = await exportFixture();
    const zip = await readZip(s.out);
    const events = jsonLines(zip.get('events/events.jsonl')!);
    expect(events.length).toBe(8);
    for (const e of events) {
      const { sha256, byteOffset, byteLength, recordSha256 } = e.evidence;
      const file = zip.get(`evidence/${sha256}`)!;
      const slice = file.subarray(byteOffset, byteOffset + byteLength);
      expect(createHash('sha256').update(slice).digest('hex')).toBe(
        recordSha256,
      );
      const record = JSON.parse(slice.toString('utf8'));
      expect(record.id ?? record.Id).toBe(e.recordId);
    }
  });

  test('are the same rows in CSV and JSON Lines, with UTC times', async () => {
    const s = await exportFixture();
    const zip = await readZip(s.out);
    const events = jsonLines(zip.get('events/events.jsonl')!);
    const rows = parse(zip.get('events/events.csv')!, {
      columns: true,
    }) as Record<string, string>[];
    expect(rows.map((r) => r.record_id)).toEqual(events.map((e) => e.recordId));
    expect(rows.map((r) => r.record_sha256)).toEqual(
      events.map((e) => e.evidence.recordSha256),
    );
    expect(rows.map((r) => r.time_utc)).toEqual([
      '2025-03-01T09:00:00.000Z',
      '2025-03-01T09:01:00.250Z',
      '2025-03-01T10:00:00.000Z',
      '2025-03-01T10:05:00.000Z',
      '2025-03-01T11:00:00.000Z',
      '2025-03-01T11:30:00.000Z',
      '2025-03-02T08:00:00.000Z',
      '2025-03-02T08:30:00.000Z',
    ]);
    expect(rows[0].evidence_sha256).toBe(SIGNINS_SHA);
    expect(rows[2].evidence_sha256).toBe(UAL_SHA);
  });
});

describe('a bundle scoped to', () => {
  test('one user holds exactly that user’s events and evidence', async () => {
    const s = await exportFixture({
      scope: { user: 'bob@contoso.example' },
    });
    expect(await recordIds(s.out)).toEqual(['03', '04']);
    const zip = await readZip(s.out);
    const names = [...zip.keys()].filter((n) => n.startsWith('evidence/'));
    expect(names).toEqual(['evidence/index.json', `evidence/${SIGNINS_SHA}`]);
    expect(s.counts.findings).toBe(0);
    expect(zip.get('findings.jsonl')!.length).toBe(0);
  });

  test('a user takes that user’s findings and annotations', async () => {
    const s = await exportFixture({
      scope: { user: 'alice@contoso.example' },
    });
    expect(await recordIds(s.out)).toEqual(['01', '02', '03', '04']);
    const zip = await readZip(s.out);
    const findings = jsonLines(zip.get('findings.jsonl')!);
    expect(findings.map((f) => f.id)).toEqual([1]);
    const annotations = jsonLines(zip.get('annotations.jsonl')!);
    expect(annotations.map((a) => a.kind)).toEqual([
      'bookmark',
      'bookmark',
      'tag',
    ]);
  });

  test('a time range holds the events within it, ends included', async () => {
    const s = await exportFixture({
      scope: {
        fromMs: Date.parse('2025-03-01T09:01:00.250Z'),
        toMs: Date.parse('2025-03-01T11:00:00Z'),
      },
    });
    const zip = await readZip(s.out);
    const events = jsonLines(zip.get('events/events.jsonl')!);
    expect(events.map((e) => [e.timeUtc, e.operation])).toEqual([
      ['2025-03-01T09:01:00.250Z', 'SignIn'],
      ['2025-03-01T10:00:00.000Z', 'FileAccessed'],
      ['2025-03-01T10:05:00.000Z', 'FileDownloaded'],
      ['2025-03-01T11:00:00.000Z', 'New-InboxRule'],
    ]);
    const manifest = JSON.parse(zip.get('manifest.json')!.toString());
    expect(manifest.scope).toEqual({
      from: '2025-03-01T09:01:00.250Z',
      to: '2025-03-01T11:00:00.000Z',
    });
  });

  test('a user and a time range holds only events matching both', async () => {
    const s = await exportFixture({
      scope: {
        user: 'alice@contoso.example',
        fromMs: Date.parse('2025-03-01T10:00:00Z'),
      },
    });
    expect(await recordIds(s.out)).toEqual(['03', '04']);
  });

  test('bookmarks holds the bookmarked events only', async () => {
    const s = await exportFixture({ scope: { bookmarked: true } });
    const zip = await readZip(s.out);
    const events = jsonLines(zip.get('events/events.jsonl')!);
    expect(events.map((e) => e.operation)).toEqual(['SignIn', 'New-InboxRule']);
  });

  test('a finding holds its events and only that finding', async () => {
    const s = await exportFixture({ scope: { findingIds: [2] } });
    const zip = await readZip(s.out);
    const events = jsonLines(zip.get('events/events.jsonl')!);
    expect(events.map((e) => e.operation)).toEqual(['FileDownloaded']);
    const findings = jsonLines(zip.get('findings.jsonl')!);
    expect(findings.map((f) => [f.id, f.eventIds.length])).toEqual([[2, 1]]);
  });

  test('nothing is refused with a clear message', async () => {
    await expect(
      exportFixture({ scope: { user: 'nobody@contoso.example' } }),
    ).rejects.toThrow('the scope selects no events');
    await expect(exportFixture({ scope: { findingIds: [9] } })).rejects.toThrow(
      'the case has no finding 9',
    );
  });
});

test('reports progress for each phase, ending at its total', async () => {
  const last = new Map<string, ExportProgress>();
  await exportFixture({ onProgress: (p) => last.set(p.phase, p) });
  expect([...last.values()].map((p) => [p.phase, p.done, p.total])).toEqual([
    ['evidence', 3112 + 1876, 3112 + 1876],
    ['events-csv', 8, 8],
    ['events-jsonl', 8, 8],
    ['report', 2, 2],
    ['sign', 1, 1],
  ]);
});

test('reads events a page at a time, in time order, each once', async () => {
  const pages = await withCase(fixture.casePath, (db) => [
    ...eventPages(db, { sql: '1', params: [] }, 3),
  ]);
  expect(pages.map((p) => p.length)).toEqual([3, 3, 2]);
  const times = pages.flat().map((e) => e.time_ms);
  expect(times).toEqual([...times].sort((a, b) => a - b));
  expect(new Set(pages.flat().map((e) => e.id)).size).toBe(8);
});

test('case.json names the case, tool, versions, GeoIP and policy', async () => {
  const s = await exportFixture();
  const zip = await readZip(s.out);
  const meta = JSON.parse(zip.get('case.json')!.toString());
  expect(Object.keys(meta)).toEqual([
    'caseNumber',
    'title',
    'examiner',
    'createdAt',
    'displayTimeZone',
    'caseToolVersion',
    'tool',
    'importerVersions',
    'catalogVersion',
    'geoDatabases',
    'geoCredit',
    'policy',
    'scope',
    'exportedAt',
    'exportedBy',
    'counts',
  ]);
  expect(meta.caseNumber).toBe(CASE_NUMBER);
  expect(meta.examiner).toBe('Dana Examiner');
  expect(meta.tool).toEqual({ name: 'Tenant Trail', version: TOOL_VERSION });
  expect(meta.exportedAt).toBe(fixture.exportedAt);
  expect(meta.scope).toEqual({});
  expect(meta.geoDatabases.length).toBe(1);
  expect(meta.geoDatabases[0].city.name).toMatch(/^DB-IP Lite City /);
  expect(meta.geoDatabases[0].asn.buildDate).toMatch(/^\d{4}-\d\d-\d\dT/);
  expect(meta.policy).toEqual(EMPTY_POLICY);
  const index = JSON.parse(zip.get('evidence/index.json')!.toString());
  expect(meta.importerVersions).toEqual([index[0].importerVersion]);
});
