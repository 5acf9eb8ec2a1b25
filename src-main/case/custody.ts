/**
 * The custody log: an append-only hash chain of everything done to a case.
 *
 * Each entry's hash covers its own fields and the previous entry's hash,
 * so a changed, removed or reordered entry breaks the chain from there on.
 */
import type Database from 'better-sqlite3';
import { canonicalJson } from '../util/canonical-json.js';
import { sha256Hex } from '../util/hash.js';

/** The hash the first entry of every chain points back to. */
export const GENESIS_HASH = '0'.repeat(64);

/** One custody entry as stored. */
export interface CustodyEntry {
  seq: number;
  at: string;
  examiner: string;
  action: string;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

interface CustodyRow {
  seq: number;
  at: string;
  examiner: string;
  action: string;
  details: string;
  prev_hash: string;
  hash: string;
}

/** Computes the hash of an entry from its fields and its predecessor. */
export function hashEntry(
  e: Omit<CustodyEntry, 'hash' | 'details'> & { details: string },
): string {
  const body = canonicalJson({
    seq: e.seq,
    at: e.at,
    examiner: e.examiner,
    action: e.action,
    details: JSON.parse(e.details),
    prevHash: e.prevHash,
  });
  return sha256Hex(body);
}

/** Appends one entry; call inside the transaction of the action itself. */
export function appendCustody(
  db: Database.Database,
  examiner: string,
  action: string,
  details: Record<string, unknown>,
  at: Date = new Date(),
): CustodyEntry {
  const last = db
    .prepare('SELECT seq, hash FROM custody ORDER BY seq DESC LIMIT 1')
    .get() as { seq: number; hash: string } | undefined;
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const detailsText = canonicalJson(details);
  const entry = { seq, at: at.toISOString(), examiner, action, prevHash };
  const hash = hashEntry({ ...entry, details: detailsText });
  db.prepare(
    `INSERT INTO custody (seq, at, examiner, action, details, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(seq, entry.at, examiner, action, detailsText, prevHash, hash);
  return { ...entry, details, hash };
}

/** Lists the custody log in order. */
export function listCustody(db: Database.Database): CustodyEntry[] {
  const rows = db
    .prepare('SELECT * FROM custody ORDER BY seq')
    .all() as CustodyRow[];
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at,
    examiner: r.examiner,
    action: r.action,
    details: JSON.parse(r.details) as Record<string, unknown>,
    prevHash: r.prev_hash,
    hash: r.hash,
  }));
}

/** Checks the chain; returns one message per broken entry. */
export function verifyCustodyChain(entries: readonly CustodyEntry[]): string[] {
  const problems: string[] = [];
  let prev = GENESIS_HASH;
  entries.forEach((e, i) => {
    if (e.seq !== i + 1) {
      problems.push(`custody entry ${e.seq}: expected sequence ${i + 1}`);
    }
    if (e.prevHash !== prev) {
      problems.push(`custody entry ${e.seq}: does not follow entry ${i}`);
    }
    const expected = hashEntry({ ...e, details: canonicalJson(e.details) });
    if (expected !== e.hash) {
      problems.push(`custody entry ${e.seq} (${e.action}): hash mismatch`);
    }
    prev = e.hash;
  });
  return problems;
}
