/**
 * Grouping rows in memory by a key, for the bounded per-user passes.
 */

/** Rows grouped by key, keys in first-seen order; null keys dropped. */
export function bucket<T>(
  rows: Iterable<T>,
  keyOf: (r: T) => string | null,
): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = keyOf(r);
    if (k === null) continue;
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/** The event ids of rows, in order. */
export function idsOf(rows: readonly { id: number }[]): number[] {
  return rows.map((r) => r.id);
}
