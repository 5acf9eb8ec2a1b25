import { describe, expect, it } from 'vitest';
import {
  DateOrderResolver,
  epochToMs,
  formatUtc,
  isAmbiguousSlashed,
  isTimeZone,
  parseEpochNumber,
  parseEpochText,
  parseIso,
  parseMsDate,
  parseSlashed,
  parseTime,
  readEpochNumber,
  readTime,
  type TimeContext,
} from '../../src-main/import/time.js';

/** Why a text is no time, or null when it reads as one. */
function why(text: string, ctx: TimeContext = {}): string | null {
  const r = readTime(text, ctx);
  return r.ms === null ? r.why : null;
}

/** Parses and renders as ISO UTC, or null. */
function iso(text: string, ctx = {}): string | null {
  const ms = parseTime(text, ctx);
  return ms === null ? null : formatUtc(ms);
}

describe('ISO-8601 times', () => {
  it.each([
    ['2024-03-05T10:11:12Z', '2024-03-05T10:11:12.000Z'],
    ['2024-03-05T10:11:12.1Z', '2024-03-05T10:11:12.100Z'],
    ['2024-03-05T10:11:12.12Z', '2024-03-05T10:11:12.120Z'],
    ['2024-03-05T10:11:12.123Z', '2024-03-05T10:11:12.123Z'],
    ['2024-03-05T10:11:12.1239Z', '2024-03-05T10:11:12.123Z'],
    ['2024-03-05T10:11:12.12399Z', '2024-03-05T10:11:12.123Z'],
    ['2024-03-05T10:11:12.123999Z', '2024-03-05T10:11:12.123Z'],
    ['2024-03-05T10:11:12.1239999Z', '2024-03-05T10:11:12.123Z'],
    ['2024-03-05T10:11:12.12399999Z', '2024-03-05T10:11:12.123Z'],
    ['2024-03-05T10:11:12.123999999Z', '2024-03-05T10:11:12.123Z'],
  ])('truncates the fraction of %s, never rounds', (text, want) => {
    expect(iso(text)).toBe(want);
  });

  it('keeps 23:59:59.9999999Z on the same day', () => {
    expect(iso('2024-03-05T23:59:59.9999999Z')).toBe(
      '2024-03-05T23:59:59.999Z',
    );
    expect(iso('2024-12-31T23:59:59.9999999Z')).toBe(
      '2024-12-31T23:59:59.999Z',
    );
  });

  it('accepts a space instead of T, and nanoseconds', () => {
    expect(iso('2025-07-07 09:11:11.000000000')).toBe(
      '2025-07-07T09:11:11.000Z',
    );
    expect(iso('2023-07-26 22:58:30.983201900')).toBe(
      '2023-07-26T22:58:30.983Z',
    );
  });

  it('reads a time without a zone as UTC by default', () => {
    expect(iso('2024-03-31T02:30:00')).toBe('2024-03-31T02:30:00.000Z');
    expect(parseIso('2024-03-31T02:30:00')).toBe(Date.UTC(2024, 2, 31, 2, 30));
  });

  it('reads a zone-less time in the zone the caller names', () => {
    expect(iso('2024-03-31 01:30:00', { zone: 'Europe/Berlin' })).toBe(
      '2024-03-31T00:30:00.000Z',
    );
    expect(iso('2024-07-01 12:00:00', { zone: 'America/New_York' })).toBe(
      '2024-07-01T16:00:00.000Z',
    );
  });

  it.each([
    ['2024-03-05T10:00:00+02:00', '2024-03-05T08:00:00.000Z'],
    ['2024-03-05T10:00:00-05:30', '2024-03-05T15:30:00.000Z'],
    ['2024-03-05T10:00:00+0200', '2024-03-05T08:00:00.000Z'],
    ['2024-03-05T10:00:00-0530', '2024-03-05T15:30:00.000Z'],
    ['2024-03-05T01:00:00+02:00', '2024-03-04T23:00:00.000Z'],
    ['2024-03-05T10:00:00.9876543+01:00', '2024-03-05T09:00:00.987Z'],
    ['2024-03-05T10:00:00 +02:00', '2024-03-05T08:00:00.000Z'],
    ['2024-03-05T10:00:00z', '2024-03-05T10:00:00.000Z'],
  ])('honours the offset of %s', (text, want) => {
    expect(iso(text)).toBe(want);
  });

  it('ignores the zone option when the text has its own offset', () => {
    expect(iso('2024-03-05T10:00:00Z', { zone: 'Asia/Tokyo' })).toBe(
      '2024-03-05T10:00:00.000Z',
    );
  });

  it.each([
    '2024-02-30T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-03-05T24:00:00Z',
    '2024-03-05T10:60:00Z',
    '2024-03-05T10:00:00.Z',
    '1800-01-01T00:00:00Z',
    '',
    '   ',
    'yesterday',
  ])('gives null for %j', (text) => {
    expect(parseTime(text)).toBeNull();
  });
});

describe('/Date(ms)/ times', () => {
  it('decodes /Date(ms)/ as epoch milliseconds in UTC', () => {
    expect(parseMsDate('/Date(1720919582928)/')).toBe(1720919582928);
    expect(iso('/Date(1720919582928)/')).toBe('2024-07-14T01:13:02.928Z');
  });

  it('ignores the display offset of /Date(ms+0100)/', () => {
    expect(iso('/Date(1720919582928+0100)/')).toBe(
      '2024-07-14T01:13:02.928Z',
    );
    expect(iso('/Date(1720919582928-0500)/')).toBe(
      '2024-07-14T01:13:02.928Z',
    );
  });

  it('accepts the JSON-escaped spelling \\/Date(ms)\\/ seen in CSVs', () => {
    expect(iso('\\/Date(1720919582928)\\/')).toBe('2024-07-14T01:13:02.928Z');
  });

  it('refuses text around the number', () => {
    expect(parseMsDate('/Date(abc)/')).toBeNull();
    expect(parseMsDate('Date(1720919582928) later')).toBeNull();
  });
});

describe('12-hour and slashed dates', () => {
  it('maps 12 AM to 00 and 12 PM to 12', () => {
    expect(iso('8/29/2022 12:05:09 AM')).toBe('2022-08-29T00:05:09.000Z');
    expect(iso('8/29/2022 12:05:09 PM')).toBe('2022-08-29T12:05:09.000Z');
    expect(iso('8/29/2022 2:52:38 AM')).toBe('2022-08-29T02:52:38.000Z');
    expect(iso('8/29/2022 11:59:59 PM')).toBe('2022-08-29T23:59:59.000Z');
  });

  it('reads M/d/yyyy h:mm:ss AM with an explicit month-first order', () => {
    expect(iso('1/9/2007 9:41:00 AM', { dateOrder: 'mdy' })).toBe(
      '2007-01-09T09:41:00.000Z',
    );
    expect(iso('1/9/2007 9:41:00 AM', { dateOrder: 'dmy' })).toBe(
      '2007-09-01T09:41:00.000Z',
    );
  });

  it('honours an offset after a slashed date', () => {
    expect(iso('1/9/2007 10:41:00 AM +01:00', { dateOrder: 'mdy' })).toBe(
      '2007-01-09T09:41:00.000Z',
    );
  });

  it('rejects an hour that is impossible on a 12-hour clock', () => {
    expect(iso('8/29/2022 13:00:00 PM')).toBeNull();
    expect(iso('8/29/2022 0:00:00 AM')).toBeNull();
  });

  it('reads dd.MM.yyyy as day first, without needing an order', () => {
    expect(iso('25.05.2023 16:20:45')).toBe('2023-05-25T16:20:45.000Z');
    expect(iso('03.11.2025 10:00:00')).toBe('2025-11-03T10:00:00.000Z');
  });

  it('settles the order from a part above 12', () => {
    expect(iso('13/11/2025 10:00')).toBe('2025-11-13T10:00:00.000Z');
    expect(iso('11/13/2025 10:00')).toBe('2025-11-13T10:00:00.000Z');
  });

  it('gives null for an ambiguous slashed date when no order is known', () => {
    expect(iso('03/11/2025 10:00:00')).toBeNull();
    expect(isAmbiguousSlashed('03/11/2025 10:00:00')).toBe(true);
    expect(isAmbiguousSlashed('03/03/2025 10:00:00')).toBe(false);
  });

  it('counts ambiguous dates and learns the order from the file', () => {
    const resolver = new DateOrderResolver();
    expect(parseSlashed('03/11/2025 10:00', { resolver })).toBeNull();
    expect(resolver.ambiguous).toBe(1);
    expect(parseSlashed('25/11/2025 10:00', { resolver })).toBe(
      Date.UTC(2025, 10, 25, 10),
    );
    expect(resolver.order).toBe('dmy');
    expect(parseSlashed('03/11/2025 10:00', { resolver })).toBe(
      Date.UTC(2025, 10, 3, 10),
    );
    expect(resolver.conflict).toBe(false);
  });

  it('marks a file whose dates are written both ways as conflicting', () => {
    const resolver = new DateOrderResolver();
    parseSlashed('25/11/2025 10:00', { resolver });
    parseSlashed('11/25/2025 10:00', { resolver });
    expect(resolver.conflict).toBe(true);
  });
});

describe('epoch numbers', () => {
  it('tells seconds, milliseconds and microseconds apart by digits', () => {
    expect(parseEpochText('1720919582')).toBe(1720919582000);
    expect(parseEpochText('1720919582928')).toBe(1720919582928);
    expect(parseEpochText('1720919582928123')).toBe(1720919582928);
    expect(parseEpochText('1720919582928123456')).toBe(1720919582928);
  });

  it('truncates microseconds to the millisecond', () => {
    expect(epochToMs(1604994006247999, 16)).toBe(1604994006247);
    expect(parseEpochNumber(1604994006247999)).toBe(1604994006247);
  });

  it('reads JSON numbers the same way', () => {
    expect(parseEpochNumber(1720919582)).toBe(1720919582000);
    expect(parseEpochNumber(1720919582928)).toBe(1720919582928);
    expect(parseEpochNumber(0)).toBeNull();
    expect(parseEpochNumber(-5)).toBeNull();
  });

  it('is not fooled by short numbers', () => {
    expect(parseEpochText('12345')).toBeNull();
    expect(parseTime('12345')).toBeNull();
  });
});

describe('time zone names', () => {
  it('knows IANA zones and UTC, and nothing else', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('CEST')).toBe(false);
  });
});

const RANGE = 'the epoch value lies outside the plausible years 1900-2200';
const ZERO =
  "epoch zero (1970-01-01T00:00:00Z) is the 'no value' sentinel";
const NY = { zone: 'America/New_York' };

describe('epoch values outside the plausible years', () => {
  it.each([
    '/Date(9007199254740991)/',
    '/Date(8640000000000001)/',
    '/Date(-8640000000000001)/',
    '/Date(-62135596800000)/',
    '/Date(253402300799999)/',
    '/Date(99999999999999)/',
    '\\/Date(99999999999999)\\/',
    '/Date(99999999999999+0100)/',
  ])('refuses %s with the reason', (text) => {
    expect(parseMsDate(text)).toBeNull();
    expect(parseTime(text)).toBeNull();
    expect(why(text)).toBe(RANGE);
  });

  it('refuses /Date(0)/ as the no-value sentinel', () => {
    expect(parseTime('/Date(0)/')).toBeNull();
    expect(why('/Date(0)/')).toBe(ZERO);
    expect(why('/Date(-0)/')).toBe(ZERO);
    expect(why('/Date(0+0100)/')).toBe(ZERO);
  });

  it('keeps both ends of the range, and nothing past them', () => {
    const first = Date.UTC(1900, 0, 1);
    const last = Date.UTC(2201, 0, 1) - 1;
    expect(iso(`/Date(${first})/`)).toBe('1900-01-01T00:00:00.000Z');
    expect(iso(`/Date(${last})/`)).toBe('2200-12-31T23:59:59.999Z');
    expect(why(`/Date(${first - 1})/`)).toBe(RANGE);
    expect(why(`/Date(${last + 1})/`)).toBe(RANGE);
    expect(iso('/Date(-1000)/')).toBe('1969-12-31T23:59:59.000Z');
  });

  it('refuses a display offset that is no real offset', () => {
    expect(parseMsDate('/Date(1720919582928+9999)/')).toBeNull();
    expect(why('/Date(1720919582928+1260)/')).toBe(
      'offset +1260 is not a real UTC offset (-14:00 to +14:00)',
    );
  });

  it('applies the same range to epoch text of every unit', () => {
    expect(parseEpochText('9999999999')).toBeNull();
    expect(parseEpochText('9999999999999999')).toBeNull();
    expect(parseEpochText('9999999999999999999')).toBeNull();
    expect(why('9999999999')).toBe(RANGE);
    expect(why('000000000')).toBe(ZERO);
    expect(why('0000000000000000')).toBe(ZERO);
    expect(epochToMs(9999999999, 10)).toBeNull();
    expect(epochToMs(8640000000000001, 16)).toBeNull();
  });

  it('applies the same range to epoch JSON numbers', () => {
    expect(parseEpochNumber(1e21)).toBeNull();
    expect(parseEpochNumber(9999999999)).toBeNull();
    expect(parseEpochNumber(0.5)).toBeNull();
    expect(readEpochNumber(1e21)).toEqual({ ms: null, why: RANGE });
    expect(readEpochNumber(0)).toEqual({ ms: null, why: ZERO });
    expect(readEpochNumber(-5)).toEqual({
      ms: null,
      why: 'a negative epoch number is not a time',
    });
    expect(readEpochNumber(Number.NaN)).toEqual({
      ms: null,
      why: 'the number is not finite',
    });
    expect(readEpochNumber(1720919582)).toEqual({
      ms: 1720919582000,
      note: null,
    });
  });
});

describe('UTC offsets', () => {
  it.each([
    ['2024-03-05T10:00:00+99:99', '+99:99'],
    ['2024-03-05T10:00:00+24:00', '+24:00'],
    ['2024-03-05T10:00:00-25:00', '-25:00'],
    ['2024-03-05T10:00:00+14:01', '+14:01'],
    ['2024-03-05T10:00:00+0960', '+0960'],
    ['2024-03-05T10:00:00-15', '-15'],
    ['1/9/2007 10:41:00 AM +24:00', '+24:00'],
    ['Wed Mar 06 10:00:00 2024 GMT+25', '+25'],
    ['Wed Mar 06 10:00:00 2024 GMT+5:75', '+5:75'],
  ])('refuses %s', (text, offset) => {
    const ctx = { dateOrder: 'mdy' as const };
    expect(parseTime(text, ctx)).toBeNull();
    expect(why(text, ctx)).toBe(
      `offset ${offset} is not a real UTC offset (-14:00 to +14:00)`,
    );
  });

  it('keeps the extreme real offsets -14:00 and +14:00', () => {
    expect(iso('2024-03-05T10:00:00+14:00')).toBe('2024-03-04T20:00:00.000Z');
    expect(iso('2024-03-05T10:00:00-14:00')).toBe('2024-03-06T00:00:00.000Z');
  });

  it('reads GMT offsets after a Date.toString time', () => {
    expect(iso('Wed Mar 06 10:00:00 2024 GMT')).toBe(
      '2024-03-06T10:00:00.000Z',
    );
    expect(iso('Wed Mar 06 10:00:00 2024 GMT+5:30')).toBe(
      '2024-03-06T04:30:00.000Z',
    );
    expect(iso('Wed Mar 06 10:00:00 2024 GMT+0530')).toBe(
      '2024-03-06T04:30:00.000Z',
    );
  });
});

describe('12-hour clock hours in month-name times', () => {
  it.each([
    ['Jan 1, 2024, 13:00:00 PM', '13'],
    ['Jan 1, 2024, 0:00:00 AM', '0'],
    ['Jan 1, 2024, 00:30:00 AM', '00'],
    ['Jan 1, 2024 13:00:00 PM', '13'],
    ['8/29/2022 13:00:00 PM', '13'],
    ['8/29/2022 0:00:00 AM', '0'],
  ])('refuses %s', (text, hour) => {
    expect(parseTime(text)).toBeNull();
    expect(why(text)).toBe(`hour ${hour} does not exist on a 12-hour clock`);
  });

  it('maps 12 AM to 00 and 12 PM to 12', () => {
    expect(iso('Jan 1, 2024, 12:00:00 AM')).toBe('2024-01-01T00:00:00.000Z');
    expect(iso('Jan 1, 2024, 12:30:00 PM')).toBe('2024-01-01T12:30:00.000Z');
    expect(iso('Jan 1, 2024, 1:30:00 PM')).toBe('2024-01-01T13:30:00.000Z');
  });

  it('applies the plausible years to month-name times', () => {
    expect(why('Jan 1, 1800, 1:00:00 AM')).toBe(
      'year 1800 is outside the plausible years 1900-2200',
    );
    expect(why('Jan 1, 2201, 1:00:00 AM')).toBe(
      'year 2201 is outside the plausible years 1900-2200',
    );
  });
});

describe('local times at daylight saving changes', () => {
  it.each([
    ['Mar 10, 2024, 2:30:00 AM', NY, 'America/New_York'],
    ['2024-03-10 02:30:00', NY, 'America/New_York'],
    ['3/10/2024 2:30:00 AM', { ...NY, dateOrder: 'mdy' }, NY.zone],
    ['2024-03-31 02:30:00', { zone: 'Europe/Berlin' }, 'Europe/Berlin'],
    ['2011-12-30 12:00:00', { zone: 'Pacific/Apia' }, 'Pacific/Apia'],
  ] as const)('refuses %s, skipped in %j', (text, ctx, zone) => {
    expect(parseTime(text, ctx)).toBeNull();
    expect(why(text, ctx)).toBe(
      `the clocks in ${zone} skipped that local time`,
    );
  });

  it.each([
    'Nov 3, 2024, 1:30:00 AM',
    '2024-11-03 01:30:00',
    '11/3/2024 1:30:00 AM',
  ])('stores the earlier instant of %s and names both', (text) => {
    expect(readTime(text, { ...NY, dateOrder: 'mdy' })).toEqual({
      ms: Date.UTC(2024, 10, 3, 5, 30),
      note:
        'occurs twice in America/New_York as the clocks went back: ' +
        '2024-11-03T05:30:00.000Z or 2024-11-03T06:30:00.000Z; ' +
        'the earlier was stored',
    });
    expect(iso(text, { ...NY, dateOrder: 'mdy' })).toBe(
      '2024-11-03T05:30:00.000Z',
    );
  });

  it('finds the half-hour overlap of Lord Howe Island', () => {
    const r = readTime('2024-04-07 01:45:00', {
      zone: 'Australia/Lord_Howe',
    });
    expect(r.ms).toBe(Date.UTC(2024, 3, 6, 14, 45));
    expect(r.ms !== null && r.note).toContain(
      '2024-04-06T14:45:00.000Z or 2024-04-06T15:15:00.000Z',
    );
  });

  it.each([
    ['2024-03-10 01:59:59', '2024-03-10T06:59:59.000Z'],
    ['2024-03-10 03:00:00', '2024-03-10T07:00:00.000Z'],
    ['2024-11-03 00:59:59', '2024-11-03T04:59:59.000Z'],
    ['2024-11-03 02:00:00', '2024-11-03T07:00:00.000Z'],
    ['Mar 10, 2024, 3:00:00 AM', '2024-03-10T07:00:00.000Z'],
  ])('reads %s beside a change without a caution', (text, want) => {
    expect(readTime(text, NY)).toEqual({ ms: Date.parse(want), note: null });
  });

  it('never cautions for a text with its own offset or in UTC', () => {
    expect(readTime('2024-11-03T01:30:00-04:00', NY)).toEqual({
      ms: Date.UTC(2024, 10, 3, 5, 30),
      note: null,
    });
    expect(readTime('2024-11-03 01:30:00').ms).toBe(
      Date.UTC(2024, 10, 3, 1, 30),
    );
  });

  it('names a zone it does not know', () => {
    expect(why('2024-01-01 10:00', { zone: 'Mars/Base' })).toBe(
      'Mars/Base is not a known time zone',
    );
  });
});

describe('reasons for other texts that are no time', () => {
  it.each([
    ['', 'the value is empty'],
    ['yesterday', 'it matches no known time format'],
    [
      '1800-01-01T00:00:00Z',
      'year 1800 is outside the plausible years 1900-2200',
    ],
    ['2024-02-30T00:00:00Z', 'no such date or time of day exists'],
    ['03/11/2025 10:00:00', 'the date could be day-first or month-first'],
  ])('says why %j is refused', (text, reason) => {
    expect(why(text)).toBe(reason);
  });
});
