/**
 * The histogram's time axis says something at every zoom: seconds when
 * ticks are under a minute apart, the day where a new one starts.
 */
import { describe, expect, it } from 'vitest';
import { tickLabels } from '../../src-renderer/timeline/histogram-chart.js';

const at = (iso: string) => Date.parse(iso) / 1000;

describe('histogram tick labels', () => {
  it('show seconds for ticks under a minute apart', () => {
    expect(tickLabels([at('2026-10-18T02:03:00Z'), at('2026-10-18T02:03:10Z'),
      at('2026-10-18T02:03:20Z')], 'UTC')).toEqual(['10-18 02:03:00',
      '02:03:10', '02:03:20']);
  });

  it('show milliseconds for ticks under a second apart', () => {
    expect(tickLabels([at('2026-10-18T02:03:17.000Z'),
      at('2026-10-18T02:03:17.200Z')], 'UTC')).toEqual([
      '10-18 02:03:17.000', '02:03:17.200']);
  });

  it('name only the day for ticks a day or more apart at midnight', () => {
    expect(tickLabels([at('2026-10-02T00:00:00Z'), at('2026-10-04T00:00:00Z'),
      at('2026-10-06T00:00:00Z')], 'UTC')).toEqual(['10-02', '10-04',
      '10-06']);
  });

  it('show hours and minutes, and a new day, otherwise', () => {
    expect(tickLabels([at('2026-10-18T22:00:00Z'), at('2026-10-19T00:00:00Z'),
      at('2026-10-19T02:00:00Z')], 'UTC')).toEqual(['10-18 22:00',
      '10-19 00:00', '02:00']);
  });
});
