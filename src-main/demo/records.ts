/**
 * A generated source record on its way to an export file: its instant,
 * the log it belongs to, and the wire-shaped body.
 */

/**
 * The log a generated record belongs to. UAL records are split in two
 * sets: Exchange and SharePoint ('ual-exsp', the Purview CSV) and Entra
 * and Teams ('ual-aad', the Management Activity API blob).
 */
export type Stream =
  | 'ual-exsp'
  | 'ual-aad'
  | 'signin'
  | 'audit'
  | 'gws';

/** Wire-shaped JSON object (key order is the order it is written in). */
export type Wire = Record<string, unknown>;

/** One record ready to be written. */
export interface OutRecord {
  /** Instant of the record in epoch milliseconds (UTC). */
  t: number;
  /** Tie-breaker for records with the same instant. */
  key: string;
  stream: Stream;
  body: Wire;
  /** Administrative unit of the acting user, for the Purview CSV. */
  unit?: { id: string; name: string };
}

/** Orders records newest first, ties by key, as the exports list them. */
export function newestFirst(a: OutRecord, b: OutRecord): number {
  if (a.t !== b.t) return b.t - a.t;
  return a.key < b.key ? 1 : a.key > b.key ? -1 : 0;
}
