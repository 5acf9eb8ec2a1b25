/**
 * Writing findings: a draft whose fingerprint is new becomes a finding,
 * one already stored takes the run's events and current wording, and
 * an unchanged one is left alone. An open finding the run no longer
 * produces is withdrawn; a reviewed one is kept with its review.
 * Review status is never touched here.
 */
import type Database from 'better-sqlite3';
import { canonicalJson } from '../util/canonical-json.js';
import type { FindingDraft, FindingSeverity, Rule } from './rule.js';

/** Most events linked to one finding; the count of the rest is kept. */
export const MAX_LINKED_EVENTS = 10_000;

/** What storing one rule's drafts did. */
export interface StoreCounts {
  added: number;
  updated: number;
  unchanged: number;
  /** Open findings of the rule that the run no longer produced. */
  withdrawn: number;
}

interface Existing {
  id: number;
  severity: string;
  actor: string | null;
  explanation: string;
  matched_json: string;
}

/** Prepared statements for storing findings within one run. */
export class FindingStore {
  private readonly find: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly linked: Database.Statement;
  private readonly link: Database.Statement;
  private readonly unlink: Database.Statement;
  private readonly update: Database.Statement;
  private readonly span: Database.Statement;
  private readonly ofRule: Database.Statement;
  private readonly unlinkAll: Database.Statement;
  private readonly remove: Database.Statement;

  constructor(
    db: Database.Database,
    private readonly now: string,
  ) {
    this.find = db.prepare(
      `SELECT id, severity, actor, explanation, matched_json FROM finding
       WHERE fingerprint = ?`,
    );
    this.insert = db.prepare(
      `INSERT INTO finding (rule_id, fingerprint, title, severity, technique,
         actor, first_time_ms, last_time_ms, event_count, explanation,
         matched_json, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, ?)`,
    );
    this.linked = db
      .prepare('SELECT event_id FROM finding_event WHERE finding_id = ?')
      .pluck();
    this.link = db.prepare(
      `INSERT OR IGNORE INTO finding_event (finding_id, event_id)
       VALUES (?, ?)`,
    );
    this.unlink = db.prepare(
      'DELETE FROM finding_event WHERE finding_id = ? AND event_id = ?',
    );
    this.update = db.prepare(
      `UPDATE finding SET title = ?, severity = ?, technique = ?, actor = ?,
         explanation = ?, matched_json = ?, updated_at = ? WHERE id = ?`,
    );
    this.span = db.prepare(
      `UPDATE finding SET
         first_time_ms = (SELECT min(e.time_ms) FROM finding_event f
           JOIN event e ON e.id = f.event_id WHERE f.finding_id = @id),
         last_time_ms = (SELECT max(e.time_ms) FROM finding_event f
           JOIN event e ON e.id = f.event_id WHERE f.finding_id = @id),
         event_count = (SELECT count(*) FROM finding_event
           WHERE finding_id = @id)
       WHERE id = @id`,
    );
    this.ofRule = db.prepare(
      `SELECT id, fingerprint FROM finding
       WHERE rule_id = ? AND status = 'open'`,
    );
    this.unlinkAll = db.prepare(
      'DELETE FROM finding_event WHERE finding_id = ?',
    );
    this.remove = db.prepare('DELETE FROM finding WHERE id = ?');
  }

  /** Stores the drafts of one rule; call inside a transaction. */
  store(rule: Rule, drafts: FindingDraft[]): StoreCounts {
    const counts = { added: 0, updated: 0, unchanged: 0, withdrawn: 0 };
    const kept = new Set<string>();
    for (const d of drafts) {
      kept.add(fingerprintOf(rule, d));
      counts[this.storeOne(rule, capped(d))]++;
    }
    counts.withdrawn = this.withdraw(rule, kept);
    return counts;
  }

  private storeOne(
    rule: Rule,
    d: FindingDraft,
  ): 'added' | 'updated' | 'unchanged' {
    const fingerprint = fingerprintOf(rule, d);
    const severity: FindingSeverity = d.severity ?? rule.severity;
    const matched = canonicalJson(d.matched);
    const old = this.find.get(fingerprint) as Existing | undefined;
    if (!old) {
      const info = this.insert.run(rule.id, fingerprint, rule.title, severity,
        rule.technique, d.actor, d.explanation, matched, this.now, this.now);
      this.relink(Number(info.lastInsertRowid), d.eventIds);
      return 'added';
    }
    const relinked = this.relink(old.id, d.eventIds);
    const same = old.severity === severity && old.actor === d.actor &&
      old.explanation === d.explanation && old.matched_json === matched;
    if (same && !relinked) return 'unchanged';
    this.update.run(rule.title, severity, rule.technique, d.actor,
      d.explanation, matched, this.now, old.id);
    return 'updated';
  }

  /** Makes the finding rest on exactly these events; true if changed. */
  private relink(findingId: number, eventIds: number[]): boolean {
    const want = new Set(eventIds);
    const have = new Set(this.linked.all(findingId) as number[]);
    let changes = 0;
    for (const id of have) {
      if (!want.has(id)) changes += this.unlink.run(findingId, id).changes;
    }
    for (const id of want) {
      if (!have.has(id)) changes += this.link.run(findingId, id).changes;
    }
    if (changes) this.span.run({ id: findingId });
    return changes > 0;
  }

  /** Deletes the rule's open findings that are not in `kept`. */
  private withdraw(rule: Rule, kept: ReadonlySet<string>): number {
    const rows = this.ofRule.all(rule.id) as {
      id: number;
      fingerprint: string;
    }[];
    let n = 0;
    for (const r of rows) {
      if (kept.has(r.fingerprint)) continue;
      this.unlinkAll.run(r.id);
      this.remove.run(r.id);
      n++;
    }
    return n;
  }
}

/** The stable identity of a finding: its rule and the draft's key. */
export function fingerprintOf(rule: Rule, d: FindingDraft): string {
  return `${rule.id}:${d.key}`;
}

function capped(d: FindingDraft): FindingDraft {
  const ids = [...new Set(d.eventIds)].sort((a, b) => a - b);
  if (ids.length <= MAX_LINKED_EVENTS) return { ...d, eventIds: ids };
  return {
    ...d,
    eventIds: ids.slice(0, MAX_LINKED_EVENTS),
    matched: { ...d.matched, eventsFound: ids.length,
      eventsLinked: MAX_LINKED_EVENTS },
  };
}
