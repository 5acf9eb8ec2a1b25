/**
 * Times as the workbench shows them: in UTC by default or in the case's
 * display time zone, always with the zone named.
 */

/** The zone times are shown in: 'UTC' or an IANA name. */
export type DisplayZone = string;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: DisplayZone): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      fractionalSecondDigits: 3,
      hourCycle: 'h23',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Formats epoch milliseconds as `YYYY-MM-DD HH:mm:ss.SSS` in a zone. */
export function formatTime(ms: number | null, zone: DisplayZone): string {
  if (ms === null || !Number.isFinite(ms)) return '';
  if (zone === 'UTC') {
    return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
  }
  const parts = Object.fromEntries(
    formatterFor(zone)
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return (
    `${parts.year}-${parts.month}-${parts.day} ` +
    `${parts.hour}:${parts.minute}:${parts.second}.${parts.fractionalSecond}`
  );
}

/** Formats a time with its zone appended, for places without a header. */
export function formatTimeLabelled(
  ms: number | null,
  zone: DisplayZone,
): string {
  const t = formatTime(ms, zone);
  return t ? `${t} ${zone}` : '';
}

/** The label of a time column or axis: "Time (UTC)". */
export function zoneLabel(zone: DisplayZone): string {
  return `Time (${zone})`;
}
