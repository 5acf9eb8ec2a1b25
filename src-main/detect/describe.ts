/**
 * Wording shared by finding explanations: times, places, networks and
 * lists, always naming the values themselves.
 */
import type { Ev } from './event-scan.js';

/** An instant as ISO 8601 UTC with milliseconds. */
export function utc(ms: number): string {
  return new Date(ms).toISOString();
}

/** The UTC calendar day of an instant, YYYY-MM-DD. */
export function utcDay(ms: number): string {
  return utc(ms).slice(0, 10);
}

/** A network in words, e.g. "AS4134 Chinanet"; null when unknown. */
export function networkText(e: Pick<Ev, 'asn' | 'as_org'>): string | null {
  if (e.asn === null) return null;
  return e.as_org ? `AS${e.asn} ${e.as_org}` : `AS${e.asn}`;
}

/**
 * A place in words, e.g. "CN (Shenzhen, AS4134 Chinanet)"; the region
 * is named when it decides whether the place is allowed.
 */
export function placeText(
  e: Pick<Ev, 'country' | 'region' | 'city' | 'asn' | 'as_org'>,
  withRegion = false,
): string {
  const parts = [e.city, withRegion ? e.region : null, networkText(e)];
  const inner = parts.filter((p): p is string => !!p).join(', ');
  const country = e.country ?? 'unknown country';
  return inner ? `${country} (${inner})` : country;
}

/** Values joined for a sentence, e.g. "a, b and 3 more". */
export function listText(values: readonly string[], max = 5): string {
  if (values.length <= max) return values.join(', ');
  const more = values.length - max;
  return `${values.slice(0, max).join(', ')} and ${more} more`;
}

/** A count with its noun, e.g. "1 sign-in", "3 sign-ins". */
export function countOf(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/** Distinct non-empty values in first-seen order. */
export function distinct<T>(values: Iterable<T | null | undefined>): T[] {
  const out = new Set<T>();
  for (const v of values) if (v !== null && v !== undefined && v !== '') {
    out.add(v);
  }
  return [...out];
}

/** A duration in words, e.g. "24 s", "12 min", "27.0 h". */
export function durationText(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}
