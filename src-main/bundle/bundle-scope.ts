/**
 * The scope of a bundle: which events, and through them which evidence
 * items, findings and annotations, go to the receiver.
 */
import type Database from 'better-sqlite3';
import { TrailError } from '../../src-shared/errors.js';
import {
  buildWhere,
  searchMode,
  type EventFilter,
} from '../query/events-query.js';

/**
 * A selection of the case: every given part must hold. The empty scope
 * is the whole case. A user or a time range are plain filter fields.
 */
export interface BundleScope extends EventFilter {
  bookmarked?: boolean;
  findingIds?: number[];
}

/** An SQL condition over the `event` table with its bound parameters. */
export interface Condition {
  sql: string;
  params: (string | number)[];
}

/** True when the scope selects the whole case. */
export function isWholeCase(scope: BundleScope): boolean {
  return Object.keys(scopeJson(scope)).length === 0;
}

/** Translates a scope into a condition on events. */
export function scopeCondition(
  db: Database.Database,
  scope: BundleScope,
): Condition {
  const where = buildWhere(scope, scope.search ? searchMode(db) : 'fts');
  const parts = where.sql ? [where.sql.replace(/^WHERE /, '')] : [];
  const params = [...where.params];
  if (scope.bookmarked) parts.push('id IN (SELECT event_id FROM bookmark)');
  if (scope.findingIds) {
    const marks = scope.findingIds.map(() => '?').join(', ') || 'NULL';
    parts.push(
      `id IN (SELECT event_id FROM finding_event WHERE finding_id IN (${marks}))`,
    );
    params.push(...scope.findingIds);
  }
  return { sql: parts.length ? parts.join(' AND ') : '1', params };
}

/** Refuses finding ids the case does not have. */
export function checkFindingIds(
  db: Database.Database,
  ids: readonly number[] | undefined,
): void {
  const stmt = db.prepare('SELECT 1 FROM finding WHERE id = ?');
  for (const id of ids ?? []) {
    if (!Number.isInteger(id) || !stmt.get(id)) {
      throw new TrailError('NOT_FOUND', `the case has no finding ${id}`);
    }
  }
}

/** The scope as JSON for the manifest and case.json: only given parts. */
export function scopeJson(scope: BundleScope): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(scope)) {
    if (value === undefined || value === '' || value === false) continue;
    if (key === 'fromMs' || key === 'toMs') {
      out[key === 'fromMs' ? 'from' : 'to'] = isoTime(value as number);
    } else {
      out[key] = value;
    }
  }
  return sortKeys(out);
}

/** The scope in words, one line per part, for the report. */
export function scopeLines(scope: BundleScope): string[] {
  const json = scopeJson(scope);
  if (Object.keys(json).length === 0) return ['the whole case'];
  return Object.entries(json).map(([key, value]) => {
    const label = SCOPE_LABELS[key] ?? key;
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    return value === true ? label : `${label}: ${text}`;
  });
}

const SCOPE_LABELS: Record<string, string> = {
  user: 'user',
  ip: 'client IP',
  country: 'country',
  operation: 'operation',
  source: 'log source',
  category: 'category',
  result: 'result',
  evidenceId: 'evidence item',
  from: 'from (UTC)',
  to: 'to (UTC)',
  search: 'text search',
  ids: 'event ids',
  bookmarked: 'bookmarked events only',
  findingIds: 'events of findings',
};

/** A millisecond time as UTC ISO 8601 with milliseconds. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

function sortKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}
