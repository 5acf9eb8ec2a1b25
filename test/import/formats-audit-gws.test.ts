import { readFileSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CaseFile } from '../../src-main/case/case-file.js';
import type { ImportOptions } from '../../src-main/import/import-file.js';
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

async function load(name: string, opts: ImportOptions = {}, zone = 'UTC') {
  const path = fixture('formats', name);
  const r = await importFresh(dir, path, opts, zone);
  open.push(r.c);
  return { ...r, path };
}

/** 1-based line of the n-th line of a file that equals `text` trimmed. */
function lineOf(path: string, text: string, nth = 1): number {
  const lines = readFileSync(path, 'utf8').split('\n');
  let seen = 0;
  const i = lines.findIndex((l) => l.trim() === text && ++seen === nth);
  return i + 1;
}

describe('Graph directoryAudits page', () => {
  it('reads initiator, target and result of each audit', async () => {
    const { c, s, events, path } = await load('directory-audits.json');
    expectCounts(s, { read: 2, imported: 2, duplicates: 0, rejected: 0 });
    expect(s.format).toBe('entra-audit-json');
    expect(warningsOf(c, s.evidenceId)).toEqual([]);
    expect(events[0]).toMatchObject({
      timeUtc: '2024-05-06T10:11:12.345Z',
      source: 'entra-audit',
      workload: 'Core Directory',
      operation: 'Update user',
      category: 'admin',
      result: 'success',
      actor: 'admin.ops@contoso.example',
      actorOriginal: 'Admin.Ops@contoso.example',
      target: 'nora.lind@contoso.example',
      ip: '212.58.244.22',
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
      geo: { country: 'GB' },
      line: 4,
      byteOffset: 111,
      byteLength: 1437,
    });
    expectOriginalBytes(c, events[0], path);
  });

  it('keeps the result reason of a failure as its code', async () => {
    const { events } = await load('directory-audits.json');
    expect(events[1]).toMatchObject({
      timeUtc: '2024-05-06T10:30:00.000Z',
      operation: 'Consent to application',
      category: 'app-consent',
      result: 'failure',
      resultCode: 'Microsoft.Online.Workflows.ApplicationInvalidException',
      target: 'Mail Sync Helper',
      geo: { country: 'DE' },
      line: 47,
    });
  });
});

describe('Sentinel AuditLogs row', () => {
  it('parses InitiatedBy and TargetResources given as JSON text', async () => {
    const { c, s, events, path } = await load('sentinel-auditlogs.json');
    expectCounts(s, { read: 1, imported: 1, duplicates: 0, rejected: 0 });
    expect(warningsOf(c, s.evidenceId)).toEqual([]);
    expect(events[0]).toMatchObject({
      timeUtc: '2024-05-06T11:00:00.555Z',
      operation: 'Add member to role',
      category: 'role',
      result: 'success',
      actor: 'admin.ops@contoso.example',
      actorId: 'f9c5e3b2-7d40-4ebf-a091-8c7d6e5f4a3b',
      target: 'nora.lind@contoso.example',
      ip: '212.58.244.22',
      geo: { country: 'GB' },
      line: 2,
      byteOffset: 4,
      byteLength: 1570,
    });
    expectOriginalBytes(c, events[0], path);
  });
});

describe('Google Workspace Reports page', () => {
  it('makes one event per element of events[], at its own line', async () => {
    const { c, s, events, path } = await load('gws-activities.json');
    expectCounts(s, { read: 3, imported: 3, duplicates: 0, rejected: 0 });
    expect(s.format).toBe('gws-reports-json');
    expect(warningsOf(c, s.evidenceId)).toEqual([]);
    expect(events.map((e) => [e.source, e.operation, e.line])).toEqual([
      ['gws-drive', 'edit', lineOf(path, '"type": "access",') - 1],
      ['gws-drive', 'change_user_access',
        lineOf(path, '"type": "acl_change",') - 1],
      ['gws-token', 'authorize', lineOf(path, '"type": "auth",') - 1],
    ]);
    expect(events[1]).toMatchObject({
      timeUtc: '2024-05-07T09:15:30.250Z',
      category: 'sharing',
      result: 'unknown',
      actor: 'tara.vance@example.org',
      actorOriginal: 'Tara.Vance@Example.org',
      actorId: '100000000000000000001',
      target: 'Budget 2024',
      ip: '89.160.20.112',
      geo: { country: 'SE' },
      recordId: '-5812345678901234567',
      line: 55,
      byteOffset: 90,
      byteLength: 2265,
    });
    const bytes = expectOriginalBytes(c, events[1], path).toString();
    expect(JSON.parse(bytes).id.uniqueQualifier).toBe('-5812345678901234567');
  });

  it('keeps every parameter with its value type', async () => {
    const { events } = await load('gws-activities.json');
    const token = events[2];
    expect(token).toMatchObject({
      timeUtc: '2024-05-07T09:20:00.000Z',
      category: 'app-consent',
      clientApp: 'WEB',
      target: 'Mail Sync Helper',
      geo: { country: 'DK' },
      line: 112,
    });
    const params = (token.details as { parameters: unknown[] }).parameters;
    expect(params).toEqual([
      { name: 'client_id', value: '1234567890-example.apps.googleusercontent.com' },
      { name: 'app_name', value: 'Mail Sync Helper' },
      { name: 'client_type', value: 'WEB' },
      { name: 'scope', multiValue: ['https://mail.google.com/', 'openid'] },
      {
        name: 'scope_data',
        multiMessageValue: [
          { parameter: [
            { name: 'scope_name', value: 'https://mail.google.com/' },
            { name: 'product_bucket', multiValue: ['GMAIL'] },
          ] },
          { parameter: [
            { name: 'scope_name', value: 'openid' },
            { name: 'product_bucket', multiValue: ['IDENTITY'] },
          ] },
        ],
      },
      { name: 'num_response_bytes', intValue: '48213' },
      { name: 'api_call_counts', multiIntValue: ['2', '5'] },
      {
        name: 'device_info',
        messageValue: { parameter: [
          { name: 'os', value: 'Linux' },
          { name: 'is_managed', boolValue: false },
        ] },
      },
    ]);
    const edit = (events[0].details as { parameters: unknown[] }).parameters;
    expect(edit.slice(0, 2)).toEqual([
      { name: 'primary_event', boolValue: false },
      { name: 'billable', boolValue: true },
    ]);
  });
});

describe('Google Workspace JSON Lines with events as one object', () => {
  it('reads the single event of each line', async () => {
    const { c, s, events, path } = await load('gws-single-event.jsonl');
    expectCounts(s, { read: 2, imported: 2, duplicates: 0, rejected: 0 });
    expect(warningsOf(c, s.evidenceId)).toEqual([]);
    expect(events[0]).toMatchObject({
      timeUtc: '2024-05-08T14:00:00.123Z',
      source: 'gws-login',
      operation: 'login_failure',
      category: 'sign-in',
      result: 'failure',
      resultCode: 'login_failure_invalid_password',
      ip: '81.2.69.144',
      geo: { country: 'GB' },
      line: 1,
      byteOffset: 0,
      byteLength: 510,
    });
    expectOriginalBytes(c, events[0], path);
    expect(events[1]).toMatchObject({
      operation: 'login_verification',
      category: 'mfa',
      result: 'success',
      resultCode: 'Challenge Passed',
      line: 2,
      byteOffset: 511,
    });
  });
});

describe('GAM report CSV (times in the domain zone)', () => {
  it('reads zone-less times in the --source-timezone zone', async () => {
    const { c, s, events, path } = await load('gam-report-logins.csv', {
      sourceTimeZone: 'Europe/Berlin',
    });
    expectCounts(s, { read: 2, imported: 2, duplicates: 0, rejected: 0 });
    expect(s.format).toBe('csv:gws-gam');
    expect(events[0]).toMatchObject({
      timeUtc: '2024-03-31T00:30:00.000Z',
      timeText: '2024-03-31 01:30:00',
      source: 'gws-login',
      operation: 'login_success',
      category: 'sign-in',
      result: 'success',
      actor: 'tara.vance@example.org',
      ip: '89.160.20.112',
      geo: { country: 'SE' },
      line: 2,
      row: 1,
      byteOffset: 178,
      byteLength: 193,
    });
    expectOriginalBytes(c, events[0], path);
    expect(events[1]).toMatchObject({
      timeUtc: '2024-03-31T01:30:00.000Z',
      result: 'failure',
      line: 3,
    });
  });

  it('says which zone it used and that it came from the option', async () => {
    const { c, s } = await load('gam-report-logins.csv', {
      sourceTimeZone: 'Europe/Berlin',
    });
    expect(warningsOf(c, s.evidenceId)).toEqual([
      { line: null, severity: 'info', code: 'SOURCE_TIMEZONE' },
    ]);
    expect(messagesOf(c, s.evidenceId, 'SOURCE_TIMEZONE')).toEqual([
      'times without a zone in this Google export were read in ' +
        'Europe/Berlin, taken from the --source-timezone option; if the ' +
        'domain uses another zone, import it again with --source-timezone',
    ]);
  });

  it("falls back to the case's display time zone and says so", async () => {
    const { c, s, events } = await load(
      'gam-report-logins.csv',
      {},
      'America/New_York',
    );
    expect(events.map((e) => e.timeUtc)).toEqual([
      '2024-03-31T05:30:00.000Z',
      '2024-03-31T01:30:00.000Z',
    ]);
    expect(messagesOf(c, s.evidenceId, 'SOURCE_TIMEZONE')[0]).toContain(
      "read in America/New_York, taken from the case's display time zone",
    );
  });
});

describe('Google admin console audit CSV', () => {
  it('reads the console columns in the source zone', async () => {
    const { c, s, events, path } = await load('admin-console-audit.csv', {
      sourceTimeZone: 'Europe/Berlin',
    });
    expectCounts(s, { read: 2, imported: 2, duplicates: 0, rejected: 0 });
    expect(s.format).toBe('csv:gws-console');
    expect(events[0]).toMatchObject({
      timeUtc: '2024-03-31T00:30:00.000Z',
      timeText: 'Mar 31, 2024, 1:30:00 AM',
      source: 'gws-admin-console',
      operation: 'Change Application Setting',
      result: 'unknown',
      actor: 'tara.vance@example.org',
      ip: '89.160.20.112',
      geo: { country: 'SE' },
      line: 2,
      row: 1,
      byteOffset: 50,
      byteLength: 178,
    });
    expectOriginalBytes(c, events[0], path);
    expect(events[1].timeUtc).toBe('2024-03-31T01:45:10.000Z');
    expect(messagesOf(c, s.evidenceId, 'SOURCE_TIMEZONE')[0]).toContain(
      'read in Europe/Berlin, taken from the --source-timezone option',
    );
  });

  it('refuses a zone name that is not an IANA zone', async () => {
    await expect(
      load('admin-console-audit.csv', { sourceTimeZone: 'CEST' }),
    ).rejects.toThrow('CEST is not an IANA time zone');
  });
});
