/**
 * The scenario's calendar: the 30-day window, the collection windows of
 * each export, local office time, and the time spellings of each format.
 */
import { DateTime } from 'luxon';

const DAY_MS = 86_400_000;

/** First instant of the scenario (UTC). */
export const WINDOW_START = Date.UTC(2026, 9, 2);

/** Last instant of the scenario (UTC), inclusive. */
export const WINDOW_END = Date.UTC(2026, 9, 31, 23, 59, 59);

/** Number of days in the scenario window. */
export const WINDOW_DAYS = 30;

/** The portal CSV was downloaded for sign-ins before this instant. */
export const PORTAL_END = Date.UTC(2026, 9, 12);

/** The Graph collection covers sign-ins from this instant on. */
export const GRAPH_START = PORTAL_END;

/** Milliseconds in a day. */
export const ONE_DAY = DAY_MS;

/** UTC midnight of window day d (0 = 2026-10-02). */
export function dayStart(d: number): number {
  return WINDOW_START + d * DAY_MS;
}

/** The window day index holding instant t. */
export function dayOf(t: number): number {
  return Math.floor((t - WINDOW_START) / DAY_MS);
}

/** ISO weekday (1 = Monday ... 7 = Sunday) of window day d. */
export function weekdayOf(d: number): number {
  const wd = new Date(dayStart(d)).getUTCDay();
  return wd === 0 ? 7 : wd;
}

/** The date of window day d as YYYY-MM-DD. */
export function dateOf(d: number): string {
  return new Date(dayStart(d)).toISOString().slice(0, 10);
}

const offsets = new Map<string, number>();

/** Minutes east of UTC of a zone at local noon of window day d. */
export function zoneOffset(zone: string, d: number): number {
  const key = `${zone}|${d}`;
  const hit = offsets.get(key);
  if (hit !== undefined) return hit;
  const [y, m, day] = dateOf(d).split('-').map(Number);
  const noon = DateTime.fromObject(
    { year: y, month: m, day, hour: 12 },
    { zone },
  );
  offsets.set(key, noon.offset);
  return noon.offset;
}

/** The UTC instant of a local time (minutes after midnight) on day d. */
export function localInstant(zone: string, d: number, minute: number): number {
  return dayStart(d) + (minute - zoneOffset(zone, d)) * 60_000;
}

/** UAL CreationTime: second precision, no zone designator. */
export function ualTime(t: number): string {
  return new Date(t).toISOString().slice(0, 19);
}

/** Purview export CreationDate, 7 fractional digits and a trailing blank. */
export function purviewDate(t: number): string {
  return `${ualTime(t)}.0000000Z `;
}

/** Graph signIn createdDateTime: second precision with Z. */
export function graphTime(t: number): string {
  return `${ualTime(t)}Z`;
}

/** Graph directoryAudit activityDateTime: 7 fractional digits with Z. */
export function auditTime(t: number, extra: string): string {
  return `${new Date(t).toISOString().slice(0, 23)}${extra}Z`;
}

/** ISO 8601 with milliseconds and Z, as Google and JavaScript write it. */
export function isoMs(t: number): string {
  return new Date(t).toISOString();
}
