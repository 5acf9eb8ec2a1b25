/**
 * Timestamp parsing for every time spelling found in tenant exports.
 *
 * Every result is a UTC instant in epoch milliseconds. Fractions below
 * the millisecond are truncated, never rounded. A time without a zone is
 * read in the zone the caller names (UTC for Microsoft audit data).
 * Only instants in the years 1900-2200 count as times, whatever the
 * spelling, and a reading always says why it found no time.
 */
import { DateTime, IANAZone, Info, type Zone } from 'luxon';

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

/**
 * What reading one time text gave: a UTC instant, with a caution when
 * the text fits more than one instant, or the reason it is no time.
 */
export type TimeReading =
  | { ms: number; note: string | null }
  | { ms: null; why: string };

/** A reading, or null when the text is not in the parser's spelling. */
type Read = TimeReading | null;

const MIN_YEAR = 1900;
const MAX_YEAR = 2200;
const MIN_MS = Date.UTC(MIN_YEAR, 0, 1);
const MAX_MS = Date.UTC(MAX_YEAR + 1, 0, 1) - 1;
const MAX_OFFSET_MINUTES = 14 * 60;
const DAY_MS = 86_400_000;
const RANGE = `${MIN_YEAR}-${MAX_YEAR}`;

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;
const MS_DATE_RE =
  /^\\?\/?\s*Date\((-?\d+)([+-]\d{4})?\)\s*\\?\/?$/i;
const SLASH_RE =
  /^(\d{1,2})([/.])(\d{1,2})\2(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*([AaPp][Mm])?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/;
const OFFSET_RE = /^([+-])(\d{1,2})(?::?(\d{2}))?$/;
const TRAILING_ZONE_RE = /\s+(GMT|UTC)([+-]\d{1,2}(?::?\d{2})?)?$/;
const CLOCK12_RE = /(\d+):\d{2}(?::\d{2})?\s*[AaPp][Mm]$/;
const LUXON_FORMATS = [
  'MMM d, yyyy, h:mm:ss a',
  'MMM d, yyyy h:mm:ss a',
  'EEE MMM dd HH:mm:ss yyyy',
  'EEE, dd MMM yyyy HH:mm:ss',
];

const EPOCH_ZERO =
  "epoch zero (1970-01-01T00:00:00Z) is the 'no value' sentinel";
const EPOCH_RANGE =
  `the epoch value lies outside the plausible years ${RANGE}`;

/** Parses a timestamp; returns null when the text is no time we know. */
export function parseTime(
  text: string,
  ctx: TimeContext = {},
): number | null {
  return readTime(text, ctx).ms;
}

/** Reads a timestamp like parseTime, saying why when it is no time. */
export function readTime(text: string, ctx: TimeContext = {}): TimeReading {
  const t = text.trim();
  if (t === '') return fail('the value is empty');
  return (
    readIso(t, ctx.zone) ??
    readMsDate(t) ??
    readSlashed(t, ctx) ??
    readEpochText(t) ??
    readLuxon(t, ctx.zone) ??
    fail('it matches no known time format')
  );
}

function ok(ms: number, note: string | null = null): TimeReading {
  return { ms, note };
}

function fail(why: string): TimeReading {
  return { ms: null, why };
}

/** Parses an ISO-8601 time; zone-less values are read in `zone`. */
export function parseIso(t: string, zone = 'UTC'): number | null {
  return readIso(t, zone)?.ms ?? null;
}

function readIso(t: string, zone = 'UTC'): Read {
  const m = ISO_RE.exec(t);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', tz] = m;
  const ms = fraction(frac);
  const why = fieldsWhy(+y, +mo, +d, +h, +mi, +s, ms);
  if (why) return fail(why);
  return place(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, ms), tz, zone);
}

function fraction(frac: string): number {
  return frac ? Number((frac + '00').slice(0, 3)) : 0;
}

function fieldsWhy(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
): string | null {
  if (y < MIN_YEAR || y > MAX_YEAR) return yearWhy(y);
  const valid = mo >= 1 && mo <= 12 && d >= 1 && h <= 23 && mi <= 59 &&
    s <= 59 && ms <= 999 && d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return valid ? null : 'no such date or time of day exists';
}

function yearWhy(y: number): string {
  return `year ${y} is outside the plausible years ${RANGE}`;
}

/** Turns a wall-clock time (encoded as UTC ms) into a UTC instant. */
function place(
  wall: number,
  tz: string | undefined,
  zone: string,
): TimeReading {
  if (tz) {
    const offset = offsetMinutes(tz);
    if (offset === null) return fail(badOffset(tz));
    return ok(wall - offset * 60_000);
  }
  return zone === 'UTC' ? ok(wall) : fromZone(wall, zone);
}

/** Minutes east of UTC of a zone suffix; null when no real offset. */
function offsetMinutes(tz: string): number | null {
  if (tz === 'Z' || tz === 'z' || tz === 'UTC' || tz === 'GMT') return 0;
  const m = OFFSET_RE.exec(tz);
  if (!m) return null;
  const hours = Number(m[2]);
  const minutes = m[3] ? Number(m[3]) : 0;
  const total = hours * 60 + minutes;
  if (minutes > 59 || total > MAX_OFFSET_MINUTES) return null;
  return m[1] === '-' ? -total : total;
}

function badOffset(tz: string): string {
  return `offset ${tz} is not a real UTC offset (-14:00 to +14:00)`;
}

/** Reads a wall-clock time in an IANA zone, refusing skipped times. */
function fromZone(wall: number, name: string): TimeReading {
  const zone = Info.normalizeZone(name);
  if (!zone.isValid) return fail(`${name} is not a known time zone`);
  const found = instantsAt(wall, zone);
  if (found.length === 0) {
    return fail(`the clocks in ${name} skipped that local time`);
  }
  if (found.length === 1) return ok(found[0]);
  return ok(found[0], overlapNote(name, found));
}

/**
 * Every instant at which the clocks of `zone` read `wall`, in order.
 * Only the offsets a day before and after can apply (no zone changes
 * its clocks twice within two days); when they agree, so does the time.
 */
function instantsAt(wall: number, zone: Zone): number[] {
  const before = zone.offset(wall - DAY_MS);
  const after = zone.offset(wall + DAY_MS);
  if (before === after) return [Math.round(wall - before * 60_000)];
  const found: number[] = [];
  for (const offset of [before, after]) {
    const at = Math.round(wall - offset * 60_000);
    if (zone.offset(at) === offset) found.push(at);
  }
  return found.sort((x, y) => x - y);
}

function overlapNote(name: string, found: number[]): string {
  const [early, late] = [found[0], found[found.length - 1]];
  return (
    `occurs twice in ${name} as the clocks went back: ` +
    `${formatUtc(early)} or ${formatUtc(late)}; the earlier was stored`
  );
}

/**
 * Parses `/Date(ms)/`, `\/Date(ms)\/` and `/Date(ms+hhmm)/`; the offset
 * only says how the value was displayed, the number is UTC.
 */
export function parseMsDate(t: string): number | null {
  return readMsDate(t)?.ms ?? null;
}

function readMsDate(t: string): Read {
  const m = MS_DATE_RE.exec(t);
  if (!m) return null;
  if (m[2] && offsetMinutes(m[2]) === null) return fail(badOffset(m[2]));
  return epochMs(Number(m[1]));
}

/** Checks epoch milliseconds against the sentinel and the range. */
function epochMs(ms: number): TimeReading {
  if (ms === 0) return fail(EPOCH_ZERO);
  if (!(ms >= MIN_MS && ms <= MAX_MS)) return fail(EPOCH_RANGE);
  return ok(ms);
}

/** Parses `M/d/yyyy h:mm:ss AM`, `dd/MM/yyyy HH:mm` and `dd.MM.yyyy`. */
export function parseSlashed(t: string, ctx: TimeContext): number | null {
  return readSlashed(t, ctx)?.ms ?? null;
}

function readSlashed(t: string, ctx: TimeContext): Read {
  const m = SLASH_RE.exec(t);
  if (!m) return null;
  const [, a, sep, b, y, h = '0', mi = '0', s = '0', frac = '', ap, tz] = m;
  const order = slashedOrder(+a, sep, +b, ctx);
  if (!order) return fail('the date could be day-first or month-first');
  const [mo, d] = order === 'mdy' ? [+a, +b] : [+b, +a];
  const hour = clockHour(+h, ap);
  if (hour === null) return fail(twelveHourWhy(h));
  const ms = fraction(frac);
  const why = fieldsWhy(+y, mo, d, hour, +mi, +s, ms);
  if (why) return fail(why);
  const wall = Date.UTC(+y, mo - 1, d, hour, +mi, +s, ms);
  return place(wall, tz, ctx.zone ?? 'UTC');
}

/** The order of a slashed date, counting it when nothing settles it. */
function slashedOrder(
  a: number,
  sep: string,
  b: number,
  ctx: TimeContext,
): DateOrder | null {
  if (sep === '.') return 'dmy';
  ctx.resolver?.note(a, b);
  const given = ctx.dateOrder ?? ctx.resolver?.order ?? undefined;
  const order = settleOrder(a, b, given);
  if (!order && ctx.resolver) ctx.resolver.ambiguous++;
  return order;
}

/** The 24-hour hour of a clock hour; null when 12-hour and not 1-12. */
function clockHour(hour: number, ap: string | undefined): number | null {
  if (!ap) return hour;
  if (!isTwelveHour(hour)) return null;
  return (hour % 12) + (ap.toLowerCase() === 'pm' ? 12 : 0);
}

function isTwelveHour(hour: number): boolean {
  return hour >= 1 && hour <= 12;
}

function twelveHourWhy(hour: string): string {
  return `hour ${hour} does not exist on a 12-hour clock`;
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
  return readEpochText(t)?.ms ?? null;
}

function readEpochText(t: string): Read {
  if (!/^\d{9,19}$/.test(t)) return null;
  if (t.length > 16) return epochMs(Number(t.slice(0, t.length - 6)));
  return readEpoch(Number(t), t.length);
}

/** Converts an epoch number of a given digit count to milliseconds. */
export function epochToMs(n: number, digits: number): number | null {
  return readEpoch(n, digits).ms;
}

function readEpoch(n: number, digits: number): TimeReading {
  if (digits <= 10) return epochMs(n * 1000);
  if (digits <= 13) return epochMs(n);
  if (digits <= 16) return epochMs(Math.trunc(n / 1000));
  return fail(`an epoch number of ${digits} digits has no known unit`);
}

/** Parses an epoch number given as a JSON number. */
export function parseEpochNumber(n: number): number | null {
  return readEpochNumber(n).ms;
}

/** Reads an epoch JSON number, saying why when it is no time. */
export function readEpochNumber(n: number): TimeReading {
  if (!Number.isFinite(n)) return fail('the number is not finite');
  if (n === 0) return fail(EPOCH_ZERO);
  if (n < 0) return fail('a negative epoch number is not a time');
  const whole = Math.trunc(n);
  return readEpoch(whole, String(whole).length);
}

/** Reads the month-name spellings of Google and of `Date.toString`. */
function readLuxon(t: string, zone = 'UTC'): Read {
  const tz = TRAILING_ZONE_RE.exec(t);
  const bare = tz ? t.slice(0, tz.index) : t;
  const wall = luxonWall(bare);
  if (wall === null || wall.ms === null) return wall;
  const offset = tz ? tz[2] ?? 'Z' : undefined;
  return place(wall.ms, offset, zone);
}

/** The wall-clock time of a month-name spelling, encoded as UTC. */
function luxonWall(bare: string): Read {
  for (const f of LUXON_FORMATS) {
    const dt = DateTime.fromFormat(bare, f, { zone: 'UTC', locale: 'en-US' });
    if (!dt.isValid) continue;
    const clock = CLOCK12_RE.exec(bare);
    if (clock && !isTwelveHour(+clock[1])) {
      return fail(twelveHourWhy(clock[1]));
    }
    if (dt.year < MIN_YEAR || dt.year > MAX_YEAR) return fail(yearWhy(dt.year));
    return ok(dt.toMillis());
  }
  return null;
}

/** True when a name is a time zone luxon knows (IANA, or UTC). */
export function isTimeZone(name: string): boolean {
  return name === 'UTC' || IANAZone.isValidZone(name);
}

/** Formats epoch milliseconds as ISO-8601 UTC with milliseconds. */
export function formatUtc(ms: number): string {
  return new Date(ms).toISOString();
}
