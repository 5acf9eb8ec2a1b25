import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CaseFile } from '../../src-main/case/case-file.js';
import {
  closeAll,
  expectCounts,
  expectOriginalBytes,
  fixture,
  importFresh,
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

describe('Graph sign-ins v1.0 page', () => {
  it('imports the page records and truncates the 7-digit time', async () => {
    const { c, s, events, path } = await load('graph-signins-v1.json');
    expectCounts(s, { read: 2, imported: 2, duplicates: 0, rejected: 0 });
    expect(s.format).toBe('entra-signin-json');
    expect(events[0]).toMatchObject({
      timeUtc: '2024-05-01T07:58:12.456Z',
      timeText: '2024-05-01T07:58:12.4567891Z',
      source: 'entra-signin',
      operation: 'SignIn',
      category: 'sign-in',
      result: 'success',
      resultCode: '0',
      actor: 'nora.lind@contoso.example',
      actorOriginal: 'Nora.Lind@contoso.example',
      actorId: 'd7a3c1f0-5b2e-4c9d-8e7f-6a5b4c3d2e1f',
      ip: '81.2.69.144',
      geo: { country: 'GB', city: 'London' },
      workload: 'Office 365 Exchange Online',
      clientApp: 'Browser',
      line: 4,
      byteOffset: 103,
      byteLength: 1511,
    });
    const bytes = expectOriginalBytes(c, events[0], path).toString();
    expect(JSON.parse(bytes).id).toBe('66ea54eb-6301-4ee5-be62-ff5a759b0100');
  });

  it('keeps the source location beside ours', async () => {
    const { events } = await load('graph-signins-v1.json');
    expect(JSON.parse(events[0].sourceLocation as string)).toEqual({
      city: 'London',
      state: 'England',
      countryOrRegion: 'GB',
      latitude: 51.5143,
      longitude: -0.0912,
      asn: null,
    });
  });

  it('reads a failure with its error code', async () => {
    const { events } = await load('graph-signins-v1.json');
    expect(events[1]).toMatchObject({
      timeUtc: '2024-05-01T09:02:03.000Z',
      result: 'failure',
      resultCode: '50126',
      ip: '185.220.101.1',
      geo: { country: 'DE' },
      line: 50,
    });
  });

  it('says the v1.0 endpoint holds interactive sign-ins only', async () => {
    const { c, s } = await load('graph-signins-v1.json');
    expect(warningsOf(c, s.evidenceId)).toEqual([
      { line: 2, severity: 'warning', code: 'COVERAGE_INTERACTIVE_ONLY' },
    ]);
  });
});

describe('Graph sign-ins beta page', () => {
  it('imports non-interactive records without a coverage warning', async () => {
    const { c, s, events, path } = await load('graph-signins-beta.json');
    expectCounts(s, { read: 2, imported: 2, duplicates: 0, rejected: 0 });
    expect(warningsOf(c, s.evidenceId)).toEqual([]);
    expect(events[0]).toMatchObject({
      timeUtc: '2024-05-02T06:30:45.100Z',
      actor: 'ivo.berg@contoso.example',
      ip: '2a02:cf40:add:4002:91f2:a9b2:e09a:6fc6',
      result: 'success',
      geo: { country: 'DK' },
      line: 4,
      byteOffset: 103,
      byteLength: 981,
      details: {
        isInteractive: false,
        signInEventTypes: ['nonInteractiveUser'],
        incomingTokenType: 'refreshToken',
        uniqueTokenIdentifier: 'ZXhhbXBsZVRva2VuSWQx',
      },
    });
    expectOriginalBytes(c, events[0], path);
  });

  it('writes an upper-case IPv6 address in its canonical form', async () => {
    const { events } = await load('graph-signins-beta.json');
    expect(events[1]).toMatchObject({
      ip: '2a02:cf40:add:4002:91f2:a9b2:e09a:6fc6',
      ipOriginal: '2A02:CF40:ADD:4002:91F2:A9B2:E09A:6FC6',
      result: 'failure',
      resultCode: '50074',
      line: 28,
    });
  });
});

describe('PowerShell sign-ins (PascalCase, /Date(ms)/)', () => {
  it('decodes /Date(ms)/ in UTC and maps PascalCase keys', async () => {
    const { c, s, events, path } = await load('ps-signins.json');
    expectCounts(s, { read: 2, imported: 2, duplicates: 0, rejected: 0 });
    expect(events[0]).toMatchObject({
      timeUtc: '2024-05-02T08:30:00.123Z',
      timeText: '/Date(1714638600123)/',
      operation: 'SignIn',
      result: 'success',
      actor: 'nora.lind@contoso.example',
      actorOriginal: 'NORA.LIND@contoso.example',
      ip: '67.43.156.13',
      geo: { country: 'US', region: 'Hawaii' },
      category: 'sign-in',
      line: 2,
      byteOffset: 6,
      byteLength: 1396,
    });
    expectOriginalBytes(c, events[0], path);
  });

  it('ignores the display offset of /Date(ms+0100)/', async () => {
    const { events } = await load('ps-signins.json');
    expect(events[1]).toMatchObject({
      timeUtc: '2024-05-02T08:45:01.999Z',
      result: 'failure',
      resultCode: '50126',
      line: 33,
    });
  });

  it('reads class X {...} text back and says the nesting was lost', async () => {
    const { c, s, events } = await load('ps-signins.json');
    expect(warningsOf(c, s.evidenceId)).toEqual([
      { line: 2, severity: 'warning', code: 'NESTED_OBJECT_STRINGIFIED' },
    ]);
    expect(JSON.parse(events[0].sourceLocation as string)).toMatchObject({
      city: 'Honolulu',
      latitude: 21.3644,
      longitude: -157.869,
    });
  });
});

describe('Azure Monitor diagnostic sign-ins (JSON Lines)', () => {
  it('reads the properties and the wrapper fields', async () => {
    const { c, s, events, path } = await load('diag-signins.jsonl');
    expectCounts(s, { read: 2, imported: 2, duplicates: 0, rejected: 0 });
    expect(warningsOf(c, s.evidenceId)).toEqual([]);
    expect(events[0]).toMatchObject({
      timeUtc: '2024-05-03T10:15:29.987Z',
      actor: 'ivo.berg@contoso.example',
      ip: '129.132.19.216',
      result: 'success',
      tenantId: '4a7c2f1e-9b3d-4c8a-a1e2-7f6d5c4b3a21',
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Teams/24004',
      geo: { country: 'CH' },
      line: 1,
      byteOffset: 0,
      byteLength: 1390,
      details: { category: 'SignInLogs', isInteractive: true },
    });
    expectOriginalBytes(c, events[0], path);
    expect(events[1]).toMatchObject({
      timeUtc: '2024-05-03T10:20:01.500Z',
      result: 'failure',
      resultCode: '50140',
      line: 2,
      byteOffset: 1391,
      details: { category: 'NonInteractiveUserSignInLogs' },
    });
  });
});

describe('Log Analytics SigninLogs row', () => {
  it('reads JSON-in-string columns and the row time', async () => {
    const { c, s, events, path } = await load('la-signinlogs.json');
    expectCounts(s, { read: 1, imported: 1, duplicates: 0, rejected: 0 });
    expect(warningsOf(c, s.evidenceId)).toEqual([]);
    expect(events[0]).toMatchObject({
      timeUtc: '2024-05-04T12:01:02.345Z',
      actor: 'nora.lind@contoso.example',
      ip: '193.0.6.139',
      result: 'failure',
      resultCode: '50126',
      geo: { country: 'NL' },
      recordId: 'ee5f6071-4e5f-4061-9273-849506172839',
      line: 2,
      byteOffset: 4,
      byteLength: 1846,
      details: {
        failureReason:
          'Error validating credentials due to invalid username or password.',
        browser: 'Firefox 125.0',
      },
    });
    expect(JSON.parse(events[0].sourceLocation as string)).toMatchObject({
      city: 'Amsterdam',
      countryOrRegion: 'NL',
    });
    expectOriginalBytes(c, events[0], path);
  });
});

describe('Entra portal sign-in CSV', () => {
  it('maps the portal column names, odd spacing included', async () => {
    const { c, s, events, path } = await load('portal-signins.csv');
    expectCounts(s, { read: 2, imported: 2, duplicates: 0, rejected: 0 });
    expect(s.format).toBe('csv:signin-portal');
    expect(events[0]).toMatchObject({
      timeUtc: '2024-05-05T07:10:20.000Z',
      recordId: 'ff607182-5f60-4172-a384-950617283940',
      actor: 'ivo.berg@contoso.example',
      actorOriginal: 'Ivo.Berg@contoso.example',
      ip: '129.132.19.216',
      result: 'success',
      resultCode: '0',
      workload: 'OfficeHome',
      sessionId: '00a1b2c3-d4e5-46f7-8a9b-0c1d2e3f4a5b',
      geo: { country: 'CH' },
      line: 2,
      row: 1,
      byteOffset: 970,
      byteLength: 779,
    });
    expect(JSON.parse(events[0].sourceLocation as string)).toEqual({
      city: 'Zurich',
      state: 'Zurich',
      countryOrRegion: 'CH',
      latitude: null,
      longitude: null,
      asn: 559,
    });
    const bytes = expectOriginalBytes(c, events[0], path).toString();
    expect(bytes.startsWith('2024-05-05T07:10:20Z,ff607182')).toBe(true);
  });

  it('reads a failed sign-in and notes the repeated column', async () => {
    const { c, s, events } = await load('portal-signins.csv');
    expect(events[1]).toMatchObject({
      timeUtc: '2024-05-05T07:42:58.000Z',
      result: 'failure',
      resultCode: '50126',
      ip: '185.220.101.1',
      geo: { country: 'DE' },
      line: 3,
    });
    expect(warningsOf(c, s.evidenceId)).toEqual([
      { line: 1, severity: 'info', code: 'DUPLICATE_HEADER' },
    ]);
  });
});
