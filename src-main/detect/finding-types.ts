/**
 * Findings as stored and as the CLI and the app show them.
 */
import type { FindingSeverity } from './rule.js';

/** Where an examiner's review of a finding stands. */
export type FindingStatus = 'open' | 'reviewed' | 'false-positive';

/** Every review status. */
export const FINDING_STATUSES: readonly FindingStatus[] = [
  'open',
  'reviewed',
  'false-positive',
];

/** A stored finding: what a rule concluded, from which events, and why. */
export interface Finding {
  id: number;
  ruleId: string;
  fingerprint: string;
  title: string;
  severity: FindingSeverity;
  technique: string;
  actor: string | null;
  firstTimeMs: number;
  lastTimeMs: number;
  firstTime: string;
  lastTime: string;
  eventCount: number;
  explanation: string;
  matched: Record<string, unknown>;
  status: FindingStatus;
  reviewNote: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A finding row as SQLite returns it. */
export interface FindingRow {
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

/** Translates a stored row into the domain finding. */
export function toFinding(r: FindingRow): Finding {
  return {
    id: r.id,
    ruleId: r.rule_id,
    fingerprint: r.fingerprint,
    title: r.title,
    severity: r.severity as FindingSeverity,
    technique: r.technique,
    actor: r.actor,
    firstTimeMs: r.first_time_ms,
    lastTimeMs: r.last_time_ms,
    firstTime: new Date(r.first_time_ms).toISOString(),
    lastTime: new Date(r.last_time_ms).toISOString(),
    eventCount: r.event_count,
    explanation: r.explanation,
    matched: JSON.parse(r.matched_json) as Record<string, unknown>,
    status: r.status as FindingStatus,
    reviewNote: r.review_note,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
