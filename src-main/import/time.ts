/**
 * Timestamp parsing for every time spelling found in tenant exports.
 *
 * Every result is a UTC instant in epoch milliseconds. Fractions below
 * the millisecond are truncated, never rounded. A time without a zone is
 * read in the zone the caller names (UTC for Microsoft audit data).
 */
import { DateTime, IANAZone } from 'luxon';

/** Which part of a slashed date comes first. */
export type DateOrder = 'mdy' | 'dmy';

/** How to read a time that carries no zone of its own. */
export interface TimeContext {
  zone?: string;
  dateOrder?: DateOrder;
  resolver?: DateOrderResolver;
}

/**
 * Learns the day/month order of slashed dates from a file's own values:
 * any value with a part above 12 settles it. Values read before the
 * order is known are counted so the import can be re-run or refused.
 */
export class DateOrderResolver {
  order: DateOrder | null = null;
  conflict = false;
  ambiguous = 0;

  /** Records what one slashed date says about the order. */
  note(a: number, b: number): void {
    const hint = a > 12 && b <= 12 ? 'dmy' : b > 12 && a <= 12 ? 'mdy' : null;
    if (!hint) return;
    if (this.order && this.order !== hint) this.conflict = true;
    this.order ??= hint;
  }
}

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;
const MS_DATE_RE =
  /^\\?\/?\s*Date\((-?\d+)([+-]\d{4})?\)\s*\\?\/?$/i;
const SLASH_RE =
  /^(\d{1,2})([/.])(\d{1,2})\2(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*([AaPp][Mm])?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/;

/** Parses a timestamp; returns null when the text is no time we know. */
export function parseTime(
  text: string,
  ctx: TimeContext = {},
): number | null {
  const t = text.trim();
  if (t === '') return null;
  return (
    parseIso(t, ctx.zone) ??
    parseMsDate(t) ??
    parseSlashed(t, ctx) ??
    parseEpochText(t) ??
    parseLuxonFallback(t, ctx.zone)
  );
}

/** Parses an ISO-8601 time; zone-less values are read in `zone`. */
export function parseIso(t: string, zone = 'UTC'): number | null {
  const m = ISO_RE.exec(t);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', tz] = m;
  const ms = frac ? Number((frac + '00').slice(0, 3)) : 0;
  const fields = [+y, +mo, +d, +h, +mi, +s, ms] as const;
  if (!validFields(...fields)) return null;
  const local = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, ms);
  if (tz) return local - offsetMinutes(tz) * 60_000;
  return zone === 'UTC' ? local : shiftFromZone(local, zone);
}

function offsetMinutes(tz: string): number {
  if (tz === 'Z' || tz === 'z' || tz === 'UTC' || tz === 'GMT') return 0;
  const sign = tz[0] === '-' ? -1 : 1;
  const digits = tz.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (hours * 60 + minutes);
}

function validFields(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
): boolean {
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1) return false;
  if (h > 23 || mi > 59 || s > 59 || ms > 999) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** Converts a wall-clock time in `zone` (encoded as UTC ms) to UTC. */
function shiftFromZone(wallAsUtc: number, zone: string): number | null {
  const w = new Date(wallAsUtc);
  const dt = DateTime.fromObject(
    {
      year: w.getUTCFullYear(),
      month: w.getUTCMonth() + 1,
      day: w.getUTCDate(),
      hour: w.getUTCHours(),
      minute: w.getUTCMinutes(),
      second: w.getUTCSeconds(),
      millisecond: w.getUTCMilliseconds(),
    },
    { zone },
  );
  return dt.isValid ? dt.toMillis() : null;
}

/**
 * Parses `/Date(ms)/`, `\/Date(ms)\/` and `/Date(ms+hhmm)/`; the offset
 * only says how the value was displayed, the number is UTC.
 */
export function parseMsDate(t: string): number | null {
  const m = MS_DATE_RE.exec(t);
  if (!m) return null;
  const ms = Number(m[1]);
  return Number.isSafeInteger(ms) ? ms : null;
}

/** Parses `M/d/yyyy h:mm:ss AM`, `dd/MM/yyyy HH:mm` and `dd.MM.yyyy`. */
export function parseSlashed(t: string, ctx: TimeContext): number | null {
  const m = SLASH_RE.exec(t);
  if (!m) return null;
  const [, a, sep, b, y, h = '0', mi = '0', s = '0', frac = '', ap, tz] = m;
  if (sep !== '.') ctx.resolver?.note(+a, +b);
  const given = ctx.dateOrder ?? ctx.resolver?.order ?? undefined;
  const order = sep === '.' ? 'dmy' : settleOrder(+a, +b, given);
  if (!order) {
    if (ctx.resolver) ctx.resolver.ambiguous++;
    return null;
  }
  const [mo, d] = order === 'mdy' ? [+a, +b] : [+b, +a];
  let hour = +h;
  if (ap) {
    if (hour < 1 || hour > 12) return null;
    const pm = ap.toLowerCase() === 'pm';
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  const ms = frac ? Number((frac + '00').slice(0, 3)) : 0;
  if (!validFields(+y, mo, d, hour, +mi, +s, ms)) return null;
  const local = Date.UTC(+y, mo - 1, d, hour, +mi, +s, ms);
  if (tz) return local - offsetMinutes(tz) * 60_000;
  const zone = ctx.zone ?? 'UTC';
  return zone === 'UTC' ? local : shiftFromZone(local, zone);
}

function settleOrder(
  a: number,
  b: number,
  given: DateOrder | undefined,
): DateOrder | null {
  if (a > 12 && b <= 12) return 'dmy';
  if (b > 12 && a <= 12) return 'mdy';
  if (a === b) return 'mdy';
  return given ?? null;
}

/** What a slashed date tells about the order of its day and month. */
export function slashedDateOrderHint(t: string): DateOrder | 'either' | null {
  const m = SLASH_RE.exec(t.trim());
  if (!m || m[2] === '.') return null;
  const a = +m[1];
  const b = +m[3];
  if (a > 12 && b <= 12) return 'dmy';
  if (b > 12 && a <= 12) return 'mdy';
  return 'either';
}

/** True when a text is a slashed date whose order is not settled by it. */
export function isAmbiguousSlashed(t: string): boolean {
  return slashedDateOrderHint(t) === 'either' && !sameDayMonth(t);
}

function sameDayMonth(t: string): boolean {
  const m = SLASH_RE.exec(t.trim());
  return !!m && m[1] === m[3];
}

/** Parses epoch seconds, milliseconds, microseconds or nanoseconds. */
export function parseEpochText(t: string): number | null {
  if (!/^\d{9,19}$/.test(t)) return null;
  if (t.length > 16) return Number(t.slice(0, t.length - 6));
  return epochToMs(Number(t), t.length);
}

/** Converts an epoch number of a given digit count to milliseconds. */
export function epochToMs(n: number, digits: number): number | null {
  if (digits <= 10) return n * 1000;
  if (digits <= 13) return n;
  if (digits <= 16) return Math.trunc(n / 1000);
  return null;
}

/** Parses an epoch number given as a JSON number. */
export function parseEpochNumber(n: number): number | null {
  if (!Number.isFinite(n) || n <= 0) return null;
  return epochToMs(Math.trunc(n), String(Math.trunc(n)).length);
}

function parseLuxonFallback(t: string, zone = 'UTC'): number | null {
  const formats = [
    'MMM d, yyyy, h:mm:ss a',
    'MMM d, yyyy h:mm:ss a',
    'EEE MMM dd HH:mm:ss yyyy',
    'EEE, dd MMM yyyy HH:mm:ss',
  ];
  const bare = t.replace(/\s+(GMT|UTC)([+-]\d{1,2}(:?\d{2})?)?$/, '');
  const tzMatch = /(GMT|UTC)([+-]\d{1,2}(?::?\d{2})?)?$/.exec(t);
  const z = tzMatch ? luxonOffsetZone(tzMatch[2]) : zone;
  for (const f of formats) {
    const dt = DateTime.fromFormat(bare, f, { zone: z, locale: 'en-US' });
    if (dt.isValid) return dt.toMillis();
  }
  return null;
}

function luxonOffsetZone(offset: string | undefined): string {
  if (!offset) return 'UTC';
  const sign = offset[0];
  const [h, m = '0'] = offset.slice(1).split(':');
  const mins = +h * 60 + +m;
  return mins === 0 ? 'UTC' : `UTC${sign}${Math.floor(mins / 60)}` +
    (mins % 60 ? `:${String(mins % 60).padStart(2, '0')}` : '');
}

/** True when a name is a time zone luxon knows (IANA, or UTC). */
export function isTimeZone(name: string): boolean {
  return name === 'UTC' || IANAZone.isValidZone(name);
}

/** Formats epoch milliseconds as ISO-8601 UTC with milliseconds. */
export function formatUtc(ms: number): string {
  return new Date(ms).toISOString();
}
