/**
 * The shape of a detection rule and of what it produces: a finding
 * draft resting on stored events, with the values that matched and a
 * sentence that names them.
 */
import type Database from 'better-sqlite3';
import type { PolicyView } from '../policy/policy-view.js';
import type { DetectionLists } from './lists.js';
import type { SuspiciousSignIns } from './suspicious-sign-ins.js';
import type { TenantDomains } from './tenant-domains.js';

/** How urgent a finding is. */
export type FindingSeverity = 'low' | 'medium' | 'high' | 'critical';

/** The severities in rising order. */
export const SEVERITIES: readonly FindingSeverity[] = [
  'low',
  'medium',
  'high',
  'critical',
];

/** What one rule found, before it is stored as a finding. */
export interface FindingDraft {
  /** Identifies the finding within its rule across runs. */
  key: string;
  actor: string | null;
  eventIds: number[];
  matched: Record<string, unknown>;
  explanation: string;
  /** Overrides the rule's severity when the evidence warrants it. */
  severity?: FindingSeverity;
}

/** The first and last event time of the case, or null when empty. */
export interface CaseSpan {
  firstMs: number;
  lastMs: number;
}

/** What a rule may read while it runs. */
export interface RuleContext {
  db: Database.Database;
  policy: PolicyView;
  span: CaseSpan | null;
  lists: DetectionLists;
  tenant: TenantDomains;
  suspicious: () => SuspiciousSignIns;
  /** Records a remark shown with the run, e.g. "not enough history". */
  note: (text: string) => void;
}

/** A detection: what it is, how bad, which technique, and its logic. */
export interface Rule {
  id: string;
  title: string;
  severity: FindingSeverity;
  technique: string;
  description: string;
  run: (ctx: RuleContext) => FindingDraft[];
}

/** The higher of two severities. */
export function maxSeverity(
  a: FindingSeverity,
  b: FindingSeverity,
): FindingSeverity {
  return SEVERITIES.indexOf(a) >= SEVERITIES.indexOf(b) ? a : b;
}
