/**
 * Conformance with ../shared/corpus: every published sample imported in
 * a fresh case, with the exact counts and the exact warnings (code and
 * lines) we consider correct for it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RULES } from '../../src-main/detect/rules/index.js';
import { runDetections } from '../../src-main/detect/run-detections.js';
import { closeCase, type CaseFile } from '../../src-main/case/case-file.js';
import { listCustody } from '../../src-main/case/custody.js';
import type { ImportCounts } from '../../src-shared/domain.js';
import {
  eventsOf,
  importInto,
  newCase,
  removeDir,
  SHARED,
  SHARED_EXISTS,
  tempDir,
  warningsOf,
} from './import-helpers.js';

const CORPUS = join(SHARED, 'corpus');

if (!SHARED_EXISTS) {
  console.warn(
    `conformance: ${CORPUS} does not exist; the corpus tests are ` +
      'SKIPPED, not passed',
  );
}

/** What one corpus file must give: counts and warnings by code. */
interface Want {
  counts: [read: number, imported: number, dup: number, rejected: number];
  /** `severity:CODE` → lines as ranges (`4-6,8`), `-` for no line. */
  warnings?: Record<string, string>;
}

const n = (r: number, i: number, d: number, x: number): Want['counts'] =>
  [r, i, d, x];

/**
 * The corpus and what we consider correct. Reasons for the warnings:
 * the Panther files are synthetic rule tests that reuse ids with
 * different content (DUPLICATE_ID_CONFLICT) or repeat records verbatim
 * (DUPLICATE_RECORD); 69 Panther Google records carry no id.time and
 * cannot be placed in time (MISSING_FIELD), and two carry only Panther
 * enrichment (UNKNOWN_RECORD). The Graph doc samples are published with
 * a trailing comma (JSON_REPAIRED) and next links (COLLECTION_INCOMPLETE);
 * v1.0 sign-ins hold interactive sign-ins only. The Format-List samples
 * are published with bad escapes (JSON_REPAIRED) and with header fields
 * repeated before the JSON (AUDITDATA_EXTRA_TEXT). The OTRF AuditLogs
 * rows 1 and 2 are one audit record expanded twice by a Sentinel query:
 * the audit itself is the same, so row 2 is a duplicate.
 */
const CORPUS_WANT: Record<string, Want> = {
  'm365-ual-json/msdocs__activity-api-reference__content-blob-response.json':
    { counts: n(3, 3, 0, 0) },
  'm365-ual-json/otrf__GoldenSAMLADFSMailAccess__OfficeActivityEvents.json':
    { counts: n(1, 1, 0, 0) },
  'm365-ual-json/panther__microsoft365-audit-tests.jsonl': {
    counts: n(19, 19, 0, 0),
    warnings: { 'warning:DUPLICATE_ID_CONFLICT': '2,4,6-14,16-19' },
  },
  'm365-purview-csv/msdocs__AipDiscover__search-unifiedauditlog-formatlist-1.txt':
    { counts: n(1, 1, 0, 0) },
  'm365-purview-csv/msdocs__AipDiscover__search-unifiedauditlog-formatlist-2.txt':
    { counts: n(1, 1, 0, 0) },
  'm365-purview-csv/msdocs__AipFileDeleted__search-unifiedauditlog-formatlist-1.txt':
    { counts: n(1, 1, 0, 0), warnings: { 'warning:JSON_REPAIRED': '1' } },
  'm365-purview-csv/msdocs__AipSensitivityLabelAction__search-unifiedauditlog-formatlist-1.txt':
    { counts: n(1, 1, 0, 0) },
  'm365-purview-csv/msdocs__AipSensitivityLabelAction__search-unifiedauditlog-formatlist-2.txt':
    {
      counts: n(1, 1, 0, 0),
      warnings: { 'warning:AUDITDATA_EXTRA_TEXT': '1' },
    },
  'm365-purview-csv/msdocs__OMEPortal__search-unifiedauditlog-formatlist-1.txt':
    { counts: n(1, 1, 0, 0) },
  'm365-purview-csv/msdocs__OMEPortal__search-unifiedauditlog-formatlist-2.txt':
    { counts: n(1, 1, 0, 0) },
  'entra-audits/graphdocs-zhCN__beta-directoryaudit-list-response1.json':
    { counts: n(1, 1, 0, 0) },
  'entra-audits/graphdocs-zhCN__v1.0-directoryaudit-get-response1.json':
    { counts: n(1, 1, 0, 0) },
  'entra-audits/graphdocs-zhCN__v1.0-directoryaudit-list-response1.json':
    { counts: n(1, 1, 0, 0) },
  'entra-audits/otrf__GoldenSAMLADFSMailAccess__AADAuditEvents.json': {
    counts: n(4, 3, 1, 0),
    warnings: { 'info:DUPLICATE_RECORD': '2' },
  },
  'entra-audits/panther__azure-audit-auditlogs-tests.jsonl': {
    counts: n(21, 21, 0, 0),
    warnings: { 'warning:DUPLICATE_ID_CONFLICT': '4-6,8,12,14-15' },
  },
  'entra-signins/graphdocs-zhCN__beta-signin-get-response1.json':
    { counts: n(1, 1, 0, 0) },
  'entra-signins/graphdocs-zhCN__beta-signin-list-response1.json':
    { counts: n(1, 1, 0, 0) },
  'entra-signins/graphdocs-zhCN__beta-signin-list-response2.json': {
    counts: n(1, 1, 0, 0),
    warnings: { 'warning:COLLECTION_INCOMPLETE': '1' },
  },
  'entra-signins/graphdocs-zhCN__beta-signin-list-response3.json': {
    counts: n(1, 1, 0, 0),
    warnings: { 'warning:COLLECTION_INCOMPLETE': '1' },
  },
  'entra-signins/graphdocs-zhCN__v1.0-signin-get-response1.json': {
    counts: n(1, 1, 0, 0),
    warnings: {
      'warning:JSON_REPAIRED': '4',
      'warning:COVERAGE_INTERACTIVE_ONLY': '2',
    },
  },
  'entra-signins/graphdocs-zhCN__v1.0-signin-list-response1.json': {
    counts: n(1, 1, 0, 0),
    warnings: {
      'warning:JSON_REPAIRED': '5',
      'warning:COLLECTION_INCOMPLETE': '1',
      'warning:COVERAGE_INTERACTIVE_ONLY': '2',
    },
  },
  'entra-signins/graphdocs-zhCN__v1.0-signin-list-response2.json': {
    counts: n(1, 1, 0, 0),
    warnings: {
      'warning:JSON_REPAIRED': '5',
      'warning:COLLECTION_INCOMPLETE': '1',
      'warning:COVERAGE_INTERACTIVE_ONLY': '2',
    },
  },
  'entra-signins/panther__azure-audit-signinlogs-tests.jsonl': {
    counts: n(27, 24, 3, 0),
    warnings: {
      'warning:DUPLICATE_ID_CONFLICT': '11,22,24-26',
      'info:DUPLICATE_RECORD': '21,23,27',
    },
  },
  'gws-reports/panther__gsuite-activityevent-tests.jsonl': {
    counts: n(165, 65, 29, 71),
    warnings: {
      'error:MISSING_FIELD':
        '23-25,37-44,46-56,59-61,73-81,86-90,101-108,142-163',
      'error:UNKNOWN_RECORD': '164-165',
      'warning:DUPLICATE_ID_CONFLICT':
        '6,16,27-28,31,57,63,66,83,85,99-100,109,111,139,141',
      'info:DUPLICATE_RECORD':
        '7-9,12-14,17,19-20,29,33,45,58,110,113,116-117,120-121,123-124,' +
        '126-127,129-130,132-133,136-137',
    },
  },
  'gws-reports/panther__gsuite-scenario-shared-files.jsonl':
    { counts: n(2, 2, 0, 0) },
  'gws-reports/sentinel__GWorkspace_ReportsAPI_admin_CL.json':
    { counts: n(3, 3, 0, 0) },
  'gws-reports/sentinel__GWorkspace_ReportsAPI_calendar_CL.json':
    { counts: n(3, 3, 0, 0) },
  'gws-reports/sentinel__GWorkspace_ReportsAPI_drive_CL.json':
    { counts: n(10, 10, 0, 0) },
  'gws-reports/sentinel__GWorkspace_ReportsAPI_mobile_CL.json':
    { counts: n(3, 3, 0, 0) },
  'gws-reports/sentinel__GWorkspace_ReportsAPI_token_CL.json':
    { counts: n(3, 3, 0, 0) },
  'gws-reports/sentinel__GWorkspace_ReportsAPI_user_accounts_CL.json':
    { counts: n(2, 2, 0, 0) },
};

const CORNER_CASES =
  'entra-signins/elastic__azure-signinlogs__test-time-formats-corner-cases.log';

/** Folders of log files as people hold them (the rest is a peer's suite). */
const LOG_FOLDERS = [
  'm365-ual-json', 'm365-purview-csv', 'entra-audits', 'entra-signins',
  'gws-reports', 'collector-outputs',
];

function corpusFiles(): string[] {
  if (!existsSync(CORPUS)) return [];
  return LOG_FOLDERS.flatMap((d) =>
    readdirSync(join(CORPUS, d), { withFileTypes: true })
      .filter((e) => e.isFile() && !e.name.startsWith('.'))
      .map((e) => `${d}/${e.name}`),
  ).sort();
}

function ranges(lines: (number | null)[]): string {
  if (lines.some((l) => l === null)) return '-';
  const sorted = (lines as number[]).sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (sorted[j + 1] === sorted[j] + 1) j++;
    out.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j;
  }
  return out.join(',');
}

function warningTable(c: CaseFile, evidenceId: number | null) {
  const by: Record<string, (number | null)[]> = {};
  for (const w of warningsOf(c, evidenceId)) {
    (by[`${w.severity}:${w.code}`] ??= []).push(w.line);
  }
  return Object.fromEntries(
    Object.entries(by).map(([k, v]) => [k, ranges(v)]),
  );
}

function asCounts(c: Want['counts']): ImportCounts {
  return { read: c[0], imported: c[1], duplicates: c[2], rejected: c[3] };
}

describe.skipIf(!SHARED_EXISTS)('every log file in the shared corpus', () => {
  const dir = tempDir();
  const open: CaseFile[] = [];
  afterAll(() => {
    for (const c of open) closeCase(c);
    removeDir(dir);
  });

  it('is listed here, so a new sample cannot go unchecked', () => {
    const listed = [...Object.keys(CORPUS_WANT), CORNER_CASES].sort();
    expect(corpusFiles()).toEqual(listed);
  });

  it.each(Object.entries(CORPUS_WANT))(
    '%s imports with the right counts and warnings',
    async (file, want) => {
      const c = newCase(dir);
      open.push(c);
      const s = await importInto(c, join(CORPUS, file));
      expect(s.status).toBe('imported');
      expect(s.counts).toEqual(asCounts(want.counts));
      expect(warningTable(c, s.evidenceId)).toEqual(want.warnings ?? {});
    },
  );
});

describe.skipIf(!SHARED_EXISTS)('sample values from the corpus', () => {
  const dir = tempDir();
  const open: CaseFile[] = [];
  afterAll(() => {
    for (const c of open) closeCase(c);
    removeDir(dir);
  });

  async function load(file: string) {
    const c = newCase(dir);
    open.push(c);
    const s = await importInto(c, join(CORPUS, file));
    return { c, s, events: eventsOf(c, s.evidenceId) };
  }

  it('reads a Format-List block with invalid JSON after repair', async () => {
    const { events } = await load(
      'm365-purview-csv/msdocs__AipFileDeleted__search-unifiedauditlog-' +
        'formatlist-1.txt',
    );
    expect(events[0]).toMatchObject({
      timeUtc: '2022-12-22T20:50:10.000Z',
      operation: 'FileDeleted',
      ip: '52.159.112.221',
      ipOriginal: ' 52.159.112.221',
      geo: { country: 'US' },
      line: 1,
      row: 1,
      byteOffset: 0,
      byteLength: 1195,
    });
  });

  it('reads a Sentinel OfficeActivity row', async () => {
    const { events } = await load(
      'm365-ual-json/otrf__GoldenSAMLADFSMailAccess__OfficeActivityEvents.json',
    );
    expect(events[0]).toMatchObject({
      timeUtc: '2021-08-02T13:32:07.000Z',
      operation: 'MailItemsAccessed',
      category: 'mail',
      actor: 'pgustavo@simulandlabs.com',
      ip: '1.2.3.4',
      tenantId: '00000000-0000-0000-0000-000000000000',
    });
  });

  it('runs every rule over a Sentinel row without a failure', async () => {
    const { c } = await load(
      'm365-ual-json/otrf__GoldenSAMLADFSMailAccess__OfficeActivityEvents.json',
    );
    const run = runDetections(c.db, { examiner: 'Conformance',
      now: new Date('2026-12-01T00:00:00Z') });
    const failed = run.rules.flatMap((r) =>
      r.notes.filter((n) => n.startsWith('the rule failed')));
    expect(failed).toEqual([]);
    expect(run.rules.length).toBe(RULES.length);
  });

  it('reads the Panther lower-cased UAL keys like the PascalCase ones', async () => {
    const { events } = await load(
      'm365-ual-json/panther__microsoft365-audit-tests.jsonl',
    );
    const lower = events.find((e) => e.line === 5);
    expect(lower).toMatchObject({
      timeUtc: '2022-12-12T22:19:00.000Z',
      operation: 'Set-Mailbox',
      actor: 'homer.simpson@simpsons.onmicrosoft.com',
      ip: '1.2.3.4',
      result: 'success',
    });
  });
});

describe.skipIf(!SHARED_EXISTS)('the time-format corner cases', () => {
  const dir = tempDir();
  const open: CaseFile[] = [];
  afterAll(() => {
    for (const c of open) closeCase(c);
    removeDir(dir);
  });
  const file = join(CORPUS, CORNER_CASES);

  it('are refused with AMBIGUOUS_DATE_ORDER when no order is given', async () => {
    const c = newCase(dir);
    open.push(c);
    const s = await importInto(c, file);
    expect(s.status).toBe('refused');
    expect(s.message).toContain('the date at line 1 could be day-first or');
    expect(eventsOf(c)).toEqual([]);
    const last = listCustody(c.db).at(-1);
    expect(last?.action).toBe('import.refused');
    expect(last?.details.code).toBe('AMBIGUOUS_DATE_ORDER');
  });

  it('all map to the expected instants with dateOrder mdy', async () => {
    const c = newCase(dir);
    open.push(c);
    const s = await importInto(c, file, { dateOrder: 'mdy' });
    expect(s.counts).toEqual({
      read: 11, imported: 11, duplicates: 0, rejected: 0,
    });
    const expected = JSON.parse(readFileSync(join(CORPUS, 'entra-signins',
      'expected', 'elastic__azure-signinlogs__test-time-formats-corner-' +
      'cases.log-expected.json'), 'utf8')) as
      { expected: { '@timestamp': string }[] };
    const events = eventsOf(c, s.evidenceId);
    expect(events.map((e) => e.timeUtc)).toEqual(
      expected.expected.map((x) => x['@timestamp']),
    );
    expect(new Set(events.map((e) => Math.floor(e.timeMs / 1000)))).toEqual(
      new Set([Date.UTC(2007, 0, 9, 9, 41) / 1000]),
    );
  });
});
