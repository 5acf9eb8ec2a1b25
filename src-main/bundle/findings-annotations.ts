/**
 * Findings and the examiner's annotations (bookmarks, tags, notes) that
 * fall in the scope of a bundle.
 */
import type Database from 'better-sqlite3';
import type { BundleScope, Condition } from './bundle-scope.js';
import { isoTime } from './bundle-scope.js';

/** A finding as `findings.jsonl` carries it. */
export interface BundleFinding {
  id: number;
  ruleId: string;
  fingerprint: string;
  title: string;
  severity: string;
  technique: string;
  actor: string | null;
  firstTime: string;
  lastTime: string;
  eventCount: number;
  explanation: string;
  matched: unknown;
  status: string;
  reviewNote: string | null;
  createdAt: string;
  updatedAt: string;
  eventIds: number[];
  eventsOutsideScope: number;
}

interface FindingRow {
  id: number;
  rule_id: string;
  fingerprint: string;
  title: string;
  severity: string;
  technique: string;
  actor: string | null;
  first_time_ms: number;
  last_time_ms: number;
  event_count: number;
  explanation: string;
  matched_json: string;
  status: string;
  review_note: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * The findings of a bundle: the selected ones, or else every finding
 * with at least one event in scope (the whole case takes all).
 */
export function findingsInScope(
  db: Database.Database,
  scope: BundleScope,
  cond: Condition | null,
): BundleFinding[] {
  const rows = selectFindings(db, scope, cond);
  const inScope = db.prepare(
    `SELECT event_id AS id FROM finding_event
     WHERE finding_id = ? AND event_id IN
       (SELECT id FROM event WHERE ${cond?.sql ?? '1'})
     ORDER BY event_id`,
  );
  const total = db.prepare(
    'SELECT count(*) AS n FROM finding_event WHERE finding_id = ?',
  );
  return rows.map((r) => {
    const ids = (
      inScope.all(r.id, ...(cond?.params ?? [])) as { id: number }[]
    ).map((e) => e.id);
    const all = (total.get(r.id) as { n: number }).n;
    return toBundleFinding(r, ids, all - ids.length);
  });
}

function selectFindings(
  db: Database.Database,
  scope: BundleScope,
  cond: Condition | null,
): FindingRow[] {
  if (scope.findingIds) {
    const marks = scope.findingIds.map(() => '?').join(', ') || 'NULL';
    return db
      .prepare(`SELECT * FROM finding WHERE id IN (${marks}) ORDER BY id`)
      .all(...scope.findingIds) as FindingRow[];
  }
  if (!cond) {
    return db.prepare('SELECT * FROM finding ORDER BY id').all() as FindingRow[];
  }
  return db
    .prepare(
      `SELECT * FROM finding WHERE id IN
         (SELECT finding_id FROM finding_event WHERE event_id IN
           (SELECT id FROM event WHERE ${cond.sql}))
       ORDER BY id`,
    )
    .all(...cond.params) as FindingRow[];
}

function toBundleFinding(
  r: FindingRow,
  eventIds: number[],
  outside: number,
): BundleFinding {
  return {
    id: r.id,
    ruleId: r.rule_id,
    fingerprint: r.fingerprint,
    title: r.title,
    severity: r.severity,
    technique: r.technique,
    actor: r.actor,
    firstTime: isoTime(r.first_time_ms),
    lastTime: isoTime(r.last_time_ms),
    eventCount: r.event_count,
    explanation: r.explanation,
    matched: parseOrKeep(r.matched_json),
    status: r.status,
    reviewNote: r.review_note,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    eventIds,
    eventsOutsideScope: outside,
  };
}

function parseOrKeep(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Kept as the stored text: the bundle shows what the case holds.
    return text;
  }
}

/** A bookmark, tag or note on an event, as `annotations.jsonl` has it. */
export type Annotation =
  | { kind: 'bookmark'; eventId: number; createdAt: string; examiner: string }
  | {
      kind: 'tag';
      eventId: number;
      tag: string;
      createdAt: string;
      examiner: string;
    }
  | {
      kind: 'note';
      id: number;
      eventId: number;
      text: string;
      createdAt: string;
      examiner: string;
    };

/**
 * The annotations on scoped events made up to the export time, so a
 * later note does not change a re-export of the same moment.
 */
export function annotationsInScope(
  db: Database.Database,
  cond: Condition | null,
  exportedAt: string,
): Annotation[] {
  const where =
    `event_id IN (SELECT id FROM event WHERE ${cond?.sql ?? '1'}) ` +
    'AND created_at <= ?';
  const params = [...(cond?.params ?? []), exportedAt];
  const sql = (cols: string, table: string, order: string) =>
    `SELECT ${cols} FROM ${table} WHERE ${where} ORDER BY ${order}`;
  const bookmarks = db
    .prepare(sql('event_id, created_at, examiner', 'bookmark', 'event_id'))
    .all(...params) as AnnotationRow[];
  const tags = db
    .prepare(sql('event_id, tag, created_at, examiner', 'tag', 'event_id, tag'))
    .all(...params) as AnnotationRow[];
  const notes = db
    .prepare(sql('id, event_id, text, created_at, examiner', 'note', 'id'))
    .all(...params) as AnnotationRow[];
  return [
    ...bookmarks.map((r) => toAnnotation('bookmark', r)),
    ...tags.map((r) => toAnnotation('tag', r)),
    ...notes.map((r) => toAnnotation('note', r)),
  ];
}

interface AnnotationRow {
  id?: number;
  event_id: number;
  tag?: string;
  text?: string;
  created_at: string;
  examiner: string;
}

function toAnnotation(kind: Annotation['kind'], r: AnnotationRow): Annotation {
  const common = {
    eventId: r.event_id,
    createdAt: r.created_at,
    examiner: r.examiner,
  };
  if (kind === 'tag') return { kind, ...common, tag: r.tag ?? '' };
  if (kind === 'note') {
    return { kind, id: r.id ?? 0, ...common, text: r.text ?? '' };
  }
  return { kind, ...common };
}
