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
} from '../../src-main/import/time.js';

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
