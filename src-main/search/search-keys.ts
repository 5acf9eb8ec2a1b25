/**
 * Keys of the full-text index. An event's row in event_fts is keyed by
 * the hour of its time above its id, so hits come out of the index in
 * time order and the first page of a search over millions of events
 * stops after a page instead of reading every hit. Hours, not minutes:
 * a word's postings within one bucket differ by small ids, and a new
 * bucket costs a five-byte jump; hour buckets made the index of 124,000
 * UAL events 18% smaller than minute buckets and faster to build
 * (issue #8). The first page of a search also reads the rest of the
 * hour of its last hit, a few thousand events at most at 10M.
 */

/** Bits of the key that hold the event id; the hours sit above. */
export const KEY_ID_BITS = 28;

/** Largest event id a key can hold (268,435,455). */
export const MAX_KEYED_EVENT_ID = 2 ** KEY_ID_BITS - 1;

/** Milliseconds of time one key bucket spans. */
export const KEY_BUCKET_MS = 3_600_000;

/** SQL for the event id of an event_fts row. */
export const FTS_EVENT_ID = `(rowid & ${MAX_KEYED_EVENT_ID})`;

/** SQL for the time bucket of an event_fts row. */
export const FTS_BUCKET = `(rowid >> ${KEY_ID_BITS})`;

/** The time bucket of an event time, as ftsKeySql computes it. */
export function keyBucket(timeMs: number): number {
  return Math.trunc(timeMs / KEY_BUCKET_MS);
}

/**
 * SQL for the key of an event, from SQL expressions of its time in ms
 * and its id. Division truncates, so buckets never decrease with time.
 */
export function ftsKeySql(timeMs: string, id: string): string {
  return `(((${int(timeMs)} / ${KEY_BUCKET_MS}) << ${KEY_ID_BITS})` +
    ` + ${int(id)})`;
}

// Bound JS numbers arrive as REAL, which would round a 60-bit key.
function int(sql: string): string {
  return `CAST(${sql} AS INTEGER)`;
}

/** SQL for the key of a bound bucket and a bound event id. */
export const KEY_AT = `((${int('?')} << ${KEY_ID_BITS}) + ${int('?')})`;
