/**
 * Keys of the full-text index. An event's row in event_fts is keyed by
 * its time in whole seconds above its id, so hits come out of the index
 * in time order and the first page of a search over millions of events
 * stops after a page instead of reading every hit.
 */

/** Bits of the key that hold the event id; the seconds sit above. */
export const KEY_ID_BITS = 28;

/** Largest event id a key can hold (268,435,455). */
export const MAX_KEYED_EVENT_ID = 2 ** KEY_ID_BITS - 1;

/** SQL for the event id of an event_fts row. */
export const FTS_EVENT_ID = `(rowid & ${MAX_KEYED_EVENT_ID})`;

/** SQL for the second of an event_fts row. */
export const FTS_SECOND = `(rowid >> ${KEY_ID_BITS})`;

/**
 * SQL for the key of an event, from SQL expressions of its time in ms
 * and its id. Division truncates, so seconds never decrease with time.
 */
export function ftsKeySql(timeMs: string, id: string): string {
  return `(((${int(timeMs)} / 1000) << ${KEY_ID_BITS}) + ${int(id)})`;
}

// Bound JS numbers arrive as REAL, which would round a 60-bit key.
function int(sql: string): string {
  return `CAST(${sql} AS INTEGER)`;
}

/** SQL for the key of a bound second and a bound event id. */
export const KEY_AT = `((${int('?')} << ${KEY_ID_BITS}) + ${int('?')})`;
