/**
 * Running the rule library over a case: every rule reads the events,
 * the drafts are stored as findings in one transaction, and the run is
 * written to the custody log.
 */
import type Database from 'better-sqlite3';
import { appendCustody } from '../case/custody.js';
import { loadPolicy } from '../policy/policy-store.js';
import { PolicyView } from '../policy/policy-view.js';
import { correlate, type RuleDrafts } from './correlate.js';
import { FindingStore, type StoreCounts } from './finding-store.js';
import { loadDetectionLists } from './lists.js';
import type { CaseSpan, FindingDraft, Rule, RuleContext } from './rule.js';
import { maxSeverity } from './rule.js';
import { RULES } from './rules/index.js';
import { SuspiciousSignIns } from './suspicious-sign-ins.js';
import { TenantDomains } from './tenant-domains.js';

/** Who runs detection, and when (for tests). */
export interface DetectOptions {
  examiner: string;
  now?: Date;
  rules?: readonly Rule[];
}

/** What one rule did in a run. */
export interface RuleRunSummary extends StoreCounts {
  ruleId: string;
  title: string;
  severity: string;
  technique: string;
  findings: number;
  notes: string[];
}

/** What a detection run did. */
export interface DetectionRun extends StoreCounts {
  rules: RuleRunSummary[];
}

/** Runs every rule and stores their findings; custody-logs the run. */
export function runDetections(
  db: Database.Database,
  opts: DetectOptions,
): DetectionRun {
  const base = baseContext(db);
  const notes = new Map<string, string[]>();
  const failed = new Set<string>();
  const all: RuleDrafts[] = (opts.rules ?? RULES).map((rule) => {
    const list: string[] = [];
    notes.set(rule.id, list);
    const drafts = runRule(rule, { ...base, note: (t) => list.push(t) });
    if (drafts === null) failed.add(rule.id);
    return { rule, drafts: drafts ?? [] };
  });
  correlate(all);
  const now = (opts.now ?? new Date()).toISOString();
  return db.transaction(() => {
    const store = new FindingStore(db, now);
    const rules = all.map(({ rule, drafts }) => ({
      ...summaryOf(rule, drafts.length, notes.get(rule.id) ?? []),
      ...(failed.has(rule.id) ? NOTHING_STORED : store.store(rule, drafts)),
    }));
    const run = { rules, ...totals(rules) };
    appendCustody(db, opts.examiner, 'detect.run', custodyDetails(run),
      opts.now);
    return run;
  })();
}

const NOTHING_STORED: StoreCounts = {
  added: 0, updated: 0, unchanged: 0, withdrawn: 0,
};

/**
 * Runs one rule; a rule that fails on some record's shape is noted and
 * its stored findings are left as they were, so the others still run.
 */
function runRule(rule: Rule, ctx: RuleContext): FindingDraft[] | null {
  try {
    return mergeByKey(rule.run(ctx));
  } catch (err) {
    ctx.note(`the rule failed and was skipped (its earlier findings are ` +
      `kept): ${(err as Error).message}`);
    return null;
  }
}

function baseContext(db: Database.Database): Omit<RuleContext, 'note'> {
  const policy = new PolicyView(loadPolicy(db));
  const lists = loadDetectionLists();
  let suspicious: SuspiciousSignIns | undefined;
  return {
    db,
    policy,
    lists,
    span: caseSpan(db),
    tenant: TenantDomains.fromCase(db, lists),
    suspicious: () =>
      (suspicious ??= SuspiciousSignIns.collect(db, policy, lists)),
  };
}

function caseSpan(db: Database.Database): CaseSpan | null {
  const r = db
    .prepare('SELECT min(time_ms) AS a, max(time_ms) AS b FROM event')
    .get() as { a: number | null; b: number | null };
  return r.a === null || r.b === null ? null : { firstMs: r.a, lastMs: r.b };
}

/** Drafts of one rule sharing a key become one. */
function mergeByKey(drafts: FindingDraft[]): FindingDraft[] {
  const byKey = new Map<string, FindingDraft>();
  for (const d of drafts) {
    const seen = byKey.get(d.key);
    if (!seen) {
      byKey.set(d.key, { ...d, eventIds: [...d.eventIds] });
      continue;
    }
    seen.eventIds.push(...d.eventIds);
    if (d.severity && seen.severity) {
      seen.severity = maxSeverity(seen.severity, d.severity);
    }
  }
  return [...byKey.values()];
}

function summaryOf(
  rule: Rule,
  findings: number,
  notes: string[],
): Omit<RuleRunSummary, keyof StoreCounts> {
  return {
    ruleId: rule.id,
    title: rule.title,
    severity: rule.severity,
    technique: rule.technique,
    findings,
    notes,
  };
}

function totals(rules: StoreCounts[]): StoreCounts {
  return rules.reduce(
    (t, r) => ({
      added: t.added + r.added,
      updated: t.updated + r.updated,
      unchanged: t.unchanged + r.unchanged,
      withdrawn: t.withdrawn + r.withdrawn,
    }),
    { added: 0, updated: 0, unchanged: 0, withdrawn: 0 },
  );
}

function custodyDetails(run: DetectionRun): Record<string, unknown> {
  const changed = run.rules
    .filter((r) => r.added || r.updated || r.withdrawn)
    .map((r) => ({ rule: r.ruleId, added: r.added, updated: r.updated,
      withdrawn: r.withdrawn }));
  return {
    rules: run.rules.length,
    findingsAdded: run.added,
    findingsUpdated: run.updated,
    findingsUnchanged: run.unchanged,
    findingsWithdrawn: run.withdrawn,
    changed,
  };
}
