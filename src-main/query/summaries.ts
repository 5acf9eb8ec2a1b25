/**
 * Summaries of the event table that the workbench reads instead of
 * scanning every event: one row per actor, event counts per minute, and
 * each event's position in time order. An import rebuilds them once it
 * has stored its events; until then readers use the event table.
 */
import type Database from 'better-sqlite3';

/** Milliseconds in one row of `minute_count`. */
export const MINUTE_MS = 60_000;

/** True when the summaries describe the events as they are now. */
export function summariesFresh(db: Database.Database): boolean {
  const r = db.prepare('SELECT fresh FROM summary_state WHERE id = 1')
    .get() as { fresh: number } | undefined;
  return r?.fresh === 1;
}

/** The number of events, when the summaries are fresh; else null. */
export function summarizedEventCount(db: Database.Database): number | null {
  const r = db.prepare(
    'SELECT events FROM summary_state WHERE id = 1 AND fresh = 1',
  ).get() as { events: number } | undefined;
  return r ? r.events : null;
}

// Floor division, so times before 1970 land in the right minute.
const MINUTE_OF = `(time_ms - ((time_ms % ${MINUTE_MS}) + ${MINUTE_MS})
  % ${MINUTE_MS}) / ${MINUTE_MS}`;

const REBUILD = `
DELETE FROM actor_summary;
DELETE FROM minute_count;
DELETE FROM time_order;
INSERT INTO actor_summary
  (actor, events, first_ms, last_ms, countries, ips, failed)
SELECT actor, count(*), min(time_ms), max(time_ms),
  group_concat(DISTINCT country), count(DISTINCT ip),
  sum(category = 'sign-in' AND result = 'failure')
FROM event NOT INDEXED WHERE actor IS NOT NULL GROUP BY actor;
INSERT INTO minute_count (minute, events)
SELECT ${MINUTE_OF} AS m, count(*) FROM event GROUP BY m;
INSERT INTO time_order (pos, event_id)
SELECT row_number() OVER (ORDER BY time_ms, id) - 1, id
FROM event ORDER BY time_ms, id;
UPDATE summary_state
SET fresh = 1, events = (SELECT count(*) FROM time_order) WHERE id = 1;
`;

/**
 * Rebuilds the summaries when the events changed since the last build,
 * in one transaction; returns whether it rebuilt them.
 */
export function refreshSummaries(db: Database.Database): boolean {
  if (summariesFresh(db)) return false;
  db.transaction(() => db.exec(REBUILD))();
  return true;
}
