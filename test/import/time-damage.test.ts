/**
 * Files whose times cannot be real: each such record is rejected with a
 * positioned BAD_TIME warning saying why, a local time the clocks showed
 * twice is stored at its earlier instant with a caution, and the rest of
 * the file imports.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CaseFile } from '../../src-main/case/case-file.js';
import type { ImportOptions } from '../../src-main/import/import-file.js';
import {
  closeAll,
  expectCounts,
  importFresh,
  removeDir,
  tempDir,
} from './import-helpers.js';

const dir = tempDir('tt-time-damage-');
const open: CaseFile[] = [];
afterEach(() => closeAll(open));
afterAll(() => removeDir(dir));

const RANGE = 'the epoch value lies outside the plausible years 1900-2200';
const ZERO =
  "epoch zero (1970-01-01T00:00:00Z) is the 'no value' sentinel";
const NY: ImportOptions = { sourceTimeZone: 'America/New_York' };

/** A stored warning with its message. */
interface Stored {
  line: number | null;
  severity: string;
  code: string;
  message: string;
}

async function load(name: string, body: string, opts: ImportOptions = {}) {
  const path = join(dir, name);
  writeFileSync(path, body);
  const r = await importFresh(dir, path, opts);
  open.push(r.c);
  const warnings = r.c.db
    .prepare(
      `SELECT line, severity, code, message FROM import_warning
       WHERE evidence_id = ? ORDER BY id`,
    )
    .all(r.s.evidenceId) as Stored[];
  return { ...r, warnings };
}

function badTime(line: number, message: string): Stored {
  return { line, severity: 'error', code: 'BAD_TIME', message };
}

function ualLine(n: number, time: string): string {
  return JSON.stringify({
    CreationTime: time,
    Id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    Operation: 'MailItemsAccessed',
    RecordType: 50,
    UserId: 'nora.lind@contoso.example',
    Workload: 'Exchange',
  });
}

describe('unified audit log times that cannot be real', () => {
  const times = [
    '2024-04-03T11:02:19',
    '/Date(9007199254740991)/',
    '/Date(8640000000000001)/',
    '/Date(-8640000000000001)/',
    '/Date(0)/',
    '/Date(-62135596800000)/',
    '/Date(253402300799999)/',
    '/Date(99999999999999)/',
    '2024-03-05T10:00:00+99:99',
    '2024-03-05T10:00:00-25:00',
    '/Date(1720919582928)/',
  ];
  const body = times.map((t, i) => ualLine(i + 1, t)).join('\n') + '\n';

  it('rejects each with its line and reason, imports the rest', async () => {
    const { s, events, warnings } = await load('ual-times.jsonl', body);
    expectCounts(s, { read: 11, imported: 2, duplicates: 0, rejected: 9 });
    expect(events.map((e) => [e.line, e.timeUtc])).toEqual([
      [1, '2024-04-03T11:02:19.000Z'],
      [11, '2024-07-14T01:13:02.928Z'],
    ]);
    const why = (t: string, reason: string) =>
      `CreationTime '${t}' is not a time: ${reason}`;
    expect(warnings).toEqual([
      badTime(2, why(times[1], RANGE)),
      badTime(3, why(times[2], RANGE)),
      badTime(4, why(times[3], RANGE)),
      badTime(5, why(times[4], ZERO)),
      badTime(6, why(times[5], RANGE)),
      badTime(7, why(times[6], RANGE)),
      badTime(8, why(times[7], RANGE)),
      badTime(9, why(times[8],
        'offset +99:99 is not a real UTC offset (-14:00 to +14:00)')),
      badTime(10, why(times[9],
        'offset -25:00 is not a real UTC offset (-14:00 to +14:00)')),
    ]);
    expect(s.firstTime).toBe('2024-04-03T11:02:19.000Z');
    expect(s.lastTime).toBe('2024-07-14T01:13:02.928Z');
  });
});

function signInLine(n: number, time: unknown): string {
  return JSON.stringify({
    id: `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    createdDateTime: time,
    userPrincipalName: 'ivo.berg@contoso.example',
    appDisplayName: 'Microsoft Teams',
    ipAddress: '129.132.19.216',
    status: { errorCode: 0 },
  });
}

describe('sign-in times that cannot be real', () => {
  it('rejects each with its line and reason, imports the rest', async () => {
    const body = [
      signInLine(1, '2024-05-03T10:15:29Z'),
      signInLine(2, '/Date(9007199254740991)/'),
      signInLine(3, '/Date(0)/'),
      signInLine(4, 1e21),
      signInLine(5, '2024-05-03T10:00:00+24:00'),
      signInLine(6, '/Date(1714731329000)/'),
    ].join('\n') + '\n';
    const { s, events, warnings } = await load('signins.jsonl', body);
    expectCounts(s, { read: 6, imported: 2, duplicates: 0, rejected: 4 });
    expect(events.map((e) => [e.line, e.timeUtc])).toEqual([
      [1, '2024-05-03T10:15:29.000Z'],
      [6, '2024-05-03T10:15:29.000Z'],
    ]);
    const why = (shown: string, reason: string) =>
      `createdDateTime is '${shown}': not a time (${reason}); ` +
      'record not imported';
    expect(warnings).toEqual([
      badTime(2, why('"/Date(9007199254740991)/"', RANGE)),
      badTime(3, why('"/Date(0)/"', ZERO)),
      badTime(4, why('1e+21', RANGE)),
      badTime(5, why('"2024-05-03T10:00:00+24:00"',
        'offset +24:00 is not a real UTC offset (-14:00 to +14:00)')),
    ]);
  });
});

describe('directory audit times that cannot be real', () => {
  it('rejects the record as BAD_TIME, naming the field', async () => {
    const audit = (n: number, time: string) => JSON.stringify({
      id: `Directory_${n}`,
      activityDateTime: time,
      activityDisplayName: 'Update user',
      loggedByService: 'Core Directory',
      result: 'success',
      initiatedBy: { user: { userPrincipalName: 'admin@contoso.example' } },
    });
    const body = [
      audit(1, '/Date(0)/'),
      audit(2, '2024-05-06T10:11:12.345Z'),
    ].join('\n') + '\n';
    const { s, events, warnings } = await load('audits.jsonl', body);
    expectCounts(s, { read: 2, imported: 1, duplicates: 0, rejected: 1 });
    expect(events.map((e) => [e.line, e.timeUtc])).toEqual([
      [2, '2024-05-06T10:11:12.345Z'],
    ]);
    expect(warnings).toEqual([
      badTime(1, `activityDateTime "/Date(0)/" is not a time: ${ZERO}`),
    ]);
  });
});

const SOURCE_ZONE: Stored = {
  line: null,
  severity: 'info',
  code: 'SOURCE_TIMEZONE',
  message:
    'times without a zone in this Google export were read in ' +
    'America/New_York, taken from the --source-timezone option; if the ' +
    'domain uses another zone, import it again with --source-timezone',
};

const OVERLAP =
  'occurs twice in America/New_York as the clocks went back: ' +
  '2024-11-03T05:30:00.000Z or 2024-11-03T06:30:00.000Z; ' +
  'the earlier was stored';

describe('Google admin console CSV in a zone with daylight saving', () => {
  const dates = [
    'Mar 9, 2024, 11:00:00 PM',
    'Mar 10, 2024, 2:30:00 AM',
    'Nov 3, 2024, 1:30:00 AM',
    'Jan 1, 2024, 13:00:00 PM',
    'Jan 1, 2024, 0:00:00 AM',
    'Nov 3, 2024, 2:00:00 AM',
  ];
  const body = 'Event Name,Event Description,User,Date,IP Address\n' +
    dates.map((d, i) =>
      `Change Application Setting,change ${i + 1},` +
      `tara.vance@example.org,"${d}",89.160.20.112\n`).join('');

  it('rejects skipped and 12-hour-impossible times, flags the overlap',
    async () => {
      const { s, events, warnings } = await load('console.csv', body, NY);
      expectCounts(s, { read: 6, imported: 3, duplicates: 0, rejected: 3 });
      expect(events.map((e) => [e.line, e.timeText, e.timeUtc])).toEqual([
        [2, dates[0], '2024-03-10T04:00:00.000Z'],
        [4, dates[2], '2024-11-03T05:30:00.000Z'],
        [7, dates[5], '2024-11-03T07:00:00.000Z'],
      ]);
      const why = (d: string, reason: string) =>
        `id.time "${d}" is not a time: ${reason}`;
      expect(warnings).toEqual([
        SOURCE_ZONE,
        badTime(3, why(dates[1],
          'the clocks in America/New_York skipped that local time')),
        {
          line: 4,
          severity: 'warning',
          code: 'AMBIGUOUS_LOCAL_TIME',
          message: `id.time '${dates[2]}' ${OVERLAP}`,
        },
        badTime(5, why(dates[3],
          'hour 13 does not exist on a 12-hour clock')),
        badTime(6, why(dates[4],
          'hour 0 does not exist on a 12-hour clock')),
      ]);
    });
});

describe('GAM report CSV in a zone with daylight saving', () => {
  const header = 'actor.email,id.applicationName,id.time,' +
    'id.uniqueQualifier,ipAddress,name,type\n';
  const times = [
    '2024-11-03 01:30:00',
    '2024-03-10 02:30:00',
    '2024-03-10T02:30:00+24:00',
    '2024-03-10T02:30:00-05:00',
  ];
  const body = header + times.map((t, i) =>
    `tara.vance@example.org,login,${t},-74110000000000000${i + 1},` +
    '89.160.20.112,login_success,login\n').join('');

  it('stores the earlier instant of an overlap and rejects the rest',
    async () => {
      const { s, events, warnings } = await load('gam.csv', body, NY);
      expectCounts(s, { read: 4, imported: 2, duplicates: 0, rejected: 2 });
      expect(events.map((e) => [e.line, e.timeUtc])).toEqual([
        [2, '2024-11-03T05:30:00.000Z'],
        [5, '2024-03-10T07:30:00.000Z'],
      ]);
      const why = (t: string, reason: string) =>
        `id.time "${t}" is not a time: ${reason}`;
      expect(warnings).toEqual([
        SOURCE_ZONE,
        {
          line: 2,
          severity: 'warning',
          code: 'AMBIGUOUS_LOCAL_TIME',
          message: `id.time '${times[0]}' ${OVERLAP}`,
        },
        badTime(3, why(times[1],
          'the clocks in America/New_York skipped that local time')),
        badTime(4, why(times[2],
          'offset +24:00 is not a real UTC offset (-14:00 to +14:00)')),
      ]);
    });
});

describe('unified audit log records with slashed dates', () => {
  const times = ['3/4/2024 10:00:00 AM', '5/6/2024 11:30:00 PM',
    '8/29/2024 2:52:38 AM'];

  it('learn the order from the file and read every date in it',
    async () => {
      const body = times.map((t, i) => ualLine(i + 1, t)).join('\n');
      const { s, events } = await load('ual-us-dates.jsonl', `${body}\n`);
      expectCounts(s, { read: 3, imported: 3, duplicates: 0, rejected: 0 });
      expect(events.map((e) => e.timeUtc)).toEqual([
        '2024-03-04T10:00:00.000Z', '2024-05-06T23:30:00.000Z',
        '2024-08-29T02:52:38.000Z',
      ]);
    });

  it('take the order from --date-order when nothing settles it',
    async () => {
      const body = times.slice(0, 2).map((t, i) => ualLine(i + 1, t));
      const { s, events } = await load('ual-dmy.jsonl',
        `${body.join('\n')}\n`,
        { dateOrder: 'dmy', sourceTimeZone: 'Asia/Tokyo' });
      expectCounts(s, { read: 2, imported: 2, duplicates: 0, rejected: 0 });
      expect(events.map((e) => e.timeUtc)).toEqual([
        '2024-04-03T10:00:00.000Z', '2024-06-05T23:30:00.000Z',
      ]);
    });

  it('are refused as a file when nothing settles the order', async () => {
    const body = times.slice(0, 2).map((t, i) => ualLine(i + 1, t));
    const { s } = await load('ual-ambiguous.jsonl', `${body.join('\n')}\n`);
    expect(s.status).toBe('refused');
    expect(s.message).toContain('--date-order dmy or --date-order mdy');
  });
});
