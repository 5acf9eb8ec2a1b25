/**
 * Writing findings: a draft whose fingerprint is new becomes a finding,
 * one already stored gains its new events and current wording, and an
 * unchanged one is left alone. Review status is never touched here.
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
}

interface Existing {
  id: number;
  severity: string;
  explanation: string;
  matched_json: string;
}

/** Prepared statements for storing findings within one run. */
export class FindingStore {
  private readonly find: Database.Statement;
  private readonly insert: Database.Statement;
  private readonly link: Database.Statement;
  private readonly update: Database.Statement;
  private readonly span: Database.Statement;

  constructor(private readonly db: Database.Database, private readonly now: string) {
    this.find = db.prepare(
      `SELECT id, severity, explanation, matched_json FROM finding
       WHERE fingerprint = ?`,
    );
    this.insert = db.prepare(
      `INSERT INTO finding (rule_id, fingerprint, title, severity, technique,
         actor, first_time_ms, last_time_ms, event_count, explanation,
         matched_json, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, ?)`,
    );
    this.link = db.prepare(
      'INSERT OR IGNORE INTO finding_event (finding_id, event_id) VALUES (?, ?)',
    );
    this.update = db.prepare(
      `UPDATE finding SET title = ?, severity = ?, technique = ?, actor = ?,
         explanation = ?, matched_json = ?, updated_at = ? WHERE id = ?`,
    );
    this.span = db.prepare(
      `UPDATE finding SET
         first_time_ms = (SELECT min(e.time_ms) FROM finding_event f
           JOIN event e ON e.id = f.event_id WHERE f.finding_id = ?1),
         last_time_ms = (SELECT max(e.time_ms) FROM finding_event f
           JOIN event e ON e.id = f.event_id WHERE f.finding_id = ?1),
         event_count = (SELECT count(*) FROM finding_event
           WHERE finding_id = ?1)
       WHERE id = ?1`,
    );
  }

  /** Stores the drafts of one rule; call inside a transaction. */
  store(rule: Rule, drafts: FindingDraft[]): StoreCounts {
    const counts: StoreCounts = { added: 0, updated: 0, unchanged: 0 };
    for (const d of drafts) counts[this.storeOne(rule, capped(d))]++;
    return counts;
  }

  private storeOne(rule: Rule, d: FindingDraft): keyof StoreCounts {
    const fingerprint = `${rule.id}:${d.key}`;
    const severity: FindingSeverity = d.severity ?? rule.severity;
    const matched = canonicalJson(d.matched);
    const old = this.find.get(fingerprint) as Existing | undefined;
    if (!old) {
      const info = this.insert.run(rule.id, fingerprint, rule.title, severity,
        rule.technique, d.actor, d.explanation, matched, this.now, this.now);
      this.linkAll(Number(info.lastInsertRowid), d.eventIds);
      return 'added';
    }
    const linked = this.linkAll(old.id, d.eventIds);
    const same = old.severity === severity &&
      old.explanation === d.explanation && old.matched_json === matched;
    if (same && linked === 0) return 'unchanged';
    this.update.run(rule.title, severity, rule.technique, d.actor,
      d.explanation, matched, this.now, old.id);
    return 'updated';
  }

  private linkAll(findingId: number, eventIds: number[]): number {
    let added = 0;
    for (const id of eventIds) added += this.link.run(findingId, id).changes;
    if (added) this.span.run(findingId);
    return added;
  }
}

function capped(d: FindingDraft): FindingDraft {
  const ids = [...new Set(d.eventIds)];
  if (ids.length <= MAX_LINKED_EVENTS) return { ...d, eventIds: ids };
  return {
    ...d,
    eventIds: ids.slice(0, MAX_LINKED_EVENTS),
    matched: { ...d.matched, eventsFound: ids.length,
      eventsLinked: MAX_LINKED_EVENTS },
  };
}
