/**
 * Finding bursts in time-ordered events: split the stream at quiet
 * gaps, then mark the stretches where a sliding window holds enough
 * distinct things (files, users, attempts).
 */

/** Anything with a time. */
export interface Timed {
  time_ms: number;
}

/** A window test: at least `min` distinct keys within `windowMs`. */
export interface Density<T> {
  windowMs: number;
  min: number;
  keyOf: (row: T) => string;
}

/**
 * Yields clusters of rows whose neighbours are at most `gapMs` apart.
 * A cluster longer than `maxSize` is cut so memory stays bounded.
 */
export function* clusters<T extends Timed>(
  rows: Iterable<T>,
  gapMs: number,
  maxSize = 200_000,
): Generator<T[]> {
  let current: T[] = [];
  for (const r of rows) {
    const last = current[current.length - 1];
    const split = last && (r.time_ms - last.time_ms > gapMs ||
      current.length >= maxSize);
    if (split) {
      yield current;
      current = [];
    }
    current.push(r);
  }
  if (current.length) yield current;
}

/** Index ranges [first, last] of rows inside windows that pass a test. */
export function denseRanges<T extends Timed>(
  rows: readonly T[],
  d: Density<T>,
): [number, number][] {
  const ranges: [number, number][] = [];
  const counts = new Map<string, number>();
  let left = 0;
  rows.forEach((row, right) => {
    bump(counts, d.keyOf(row), 1);
    while (row.time_ms - rows[left].time_ms > d.windowMs) {
      bump(counts, d.keyOf(rows[left]), -1);
      left++;
    }
    if (counts.size < d.min) return;
    const last = ranges[ranges.length - 1];
    if (last && left <= last[1]) last[1] = right;
    else ranges.push([left, right]);
  });
  return ranges;
}

function bump(m: Map<string, number>, k: string, by: number): void {
  const n = (m.get(k) ?? 0) + by;
  if (n <= 0) m.delete(k);
  else m.set(k, n);
}

/** Merges overlapping index ranges of several tests into bursts. */
export function mergeRanges(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/** The largest number of distinct keys any window of the rows holds. */
export function peakDistinct<T extends Timed>(
  rows: readonly T[],
  windowMs: number,
  keyOf: (row: T) => string,
): number {
  const counts = new Map<string, number>();
  let left = 0;
  let peak = 0;
  rows.forEach((row) => {
    bump(counts, keyOf(row), 1);
    while (row.time_ms - rows[left].time_ms > windowMs) {
      bump(counts, keyOf(rows[left]), -1);
      left++;
    }
    peak = Math.max(peak, counts.size);
  });
  return peak;
}
