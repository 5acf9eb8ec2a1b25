/**
 * Verification of a case file: the custody chain holds, every evidence
 * item still hashes to what was recorded at import, and every stored
 * event still matches the hash taken when it was written.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { HASHED_COLUMNS, rowHash } from '../import/event-writer.js';
import { listCustody, verifyCustodyChain, type CustodyEntry } from './custody.js';
import { rehashEvidence } from './evidence-store.js';

/** The outcome of verifying a case. */
export interface CaseVerification {
  ok: boolean;
  problems: string[];
  checked: { custodyEntries: number; evidenceItems: number; events: number };
}

interface EvidenceRow {
  id: number;
  sha256: string;
  size: number;
  original_name: string;
  status: string;
  events_digest: string | null;
}

/** Verifies the whole case; read-only. */
export function verifyCase(db: Database.Database): CaseVerification {
  const custody = listCustody(db);
  const problems = verifyCustodyChain(custody);
  const imports = importEntries(custody);
  const evidence = db
    .prepare('SELECT id, sha256, size, original_name, status, events_digest FROM evidence ORDER BY id')
    .all() as EvidenceRow[];
  for (const ev of evidence) {
    problems.push(...checkEvidence(db, ev, imports.get(ev.id)));
  }
  const events = checkEvents(db, problems);
  return {
    ok: problems.length === 0,
    problems,
    checked: {
      custodyEntries: custody.length,
      evidenceItems: evidence.length,
      events,
    },
  };
}

function importEntries(custody: CustodyEntry[]): Map<number, CustodyEntry> {
  const out = new Map<number, CustodyEntry>();
  for (const e of custody) {
    if (e.action === 'import') out.set(e.details.evidenceId as number, e);
  }
  return out;
}

function checkEvidence(
  db: Database.Database,
  ev: EvidenceRow,
  entry: CustodyEntry | undefined,
): string[] {
  const name = `evidence ${ev.id} (${ev.original_name})`;
  if (ev.status !== 'complete') return [`${name}: import never completed`];
  if (!entry) return [`${name}: no import entry in the custody log`];
  const out: string[] = [];
  if (entry.details.sha256 !== ev.sha256) {
    out.push(`${name}: SHA-256 in the evidence table differs from the custody log`);
  }
  try {
    const again = rehashEvidence(db, ev.id);
    if (again.sha256 !== entry.details.sha256 ||
      again.size !== entry.details.size) {
      out.push(`${name}: stored bytes no longer hash to ${String(entry.details.sha256)}`);
    }
  } catch (err) {
    out.push(`${name}: stored bytes cannot be read back (${(err as Error).message})`);
  }
  const digest = eventsDigest(db, ev.id);
  if (digest !== entry.details.eventsDigest || digest !== ev.events_digest) {
    out.push(...eventsChanged(db, ev.id, name, entry.details.eventIds));
  }
  return out;
}

/** Names the rows that were deleted or added, else says rows changed. */
function eventsChanged(
  db: Database.Database,
  evidenceId: number,
  name: string,
  ranges: unknown,
): string[] {
  const byId = typeof ranges === 'string'
    ? eventIdProblems(db, evidenceId, name, ranges)
    : [];
  if (byId.length > 0) return byId;
  return [`${name}: its events differ from those recorded at import ` +
    '(rows added, removed or changed)'];
}

/** Most row-level problems listed per evidence item. */
const MAX_LISTED = 20;

/** Compares the event ids recorded at import with those stored now. */
function eventIdProblems(
  db: Database.Database,
  evidenceId: number,
  name: string,
  ranges: string,
): string[] {
  const stmt = db.prepare(
    'SELECT id FROM event WHERE evidence_id = ? ORDER BY id',
  );
  stmt.pluck(true);
  const now = (stmt.iterate(evidenceId) as Iterable<number>)[
    Symbol.iterator
  ]();
  const out = mergeIds(idsOf(ranges), now, (id, missing) =>
    missing
      ? `event ${id} of ${name} is missing: deleted after import`
      : `event ${id} in ${name} was not there at import: added later`,
  );
  if (out.length <= MAX_LISTED) return out;
  const more = out.length - MAX_LISTED;
  return [...out.slice(0, MAX_LISTED), `${name}: and ${more} more rows`];
}

/** Walks two ascending id lists; reports ids found in only one. */
function mergeIds(
  then: Iterator<number>,
  now: Iterator<number>,
  describe: (id: number, missing: boolean) => string,
): string[] {
  const out: string[] = [];
  let a = then.next();
  let b = now.next();
  while (!a.done || !b.done) {
    if (!a.done && (b.done || a.value < b.value)) {
      out.push(describe(a.value, true));
      a = then.next();
    } else if (!b.done && (a.done || b.value < a.value)) {
      out.push(describe(b.value, false));
      b = now.next();
    } else {
      a = then.next();
      b = now.next();
    }
  }
  return out;
}

/** The ids of `1-3,5` range text, in order. */
function* idsOf(ranges: string): Generator<number> {
  if (ranges === '') return;
  for (const part of ranges.split(',')) {
    const [from, to = from] = part.split('-').map(Number);
    for (let id = from; id <= to; id++) yield id;
  }
}

function eventsDigest(db: Database.Database, evidenceId: number): string {
  const hash = createHash('sha256');
  const stmt = db.prepare('SELECT row_hash FROM event WHERE evidence_id = ? ORDER BY id');
  for (const r of stmt.iterate(evidenceId) as Iterable<{ row_hash: Buffer }>) {
    hash.update(r.row_hash);
  }
  return hash.digest('hex');
}

function checkEvents(db: Database.Database, problems: string[]): number {
  const cols = HASHED_COLUMNS.join(', ');
  const stmt = db.prepare(`SELECT id, row_hash, ${cols} FROM event ORDER BY id`);
  stmt.raw(true);
  let n = 0;
  for (const row of stmt.iterate() as Iterable<unknown[]>) {
    n++;
    const [id, stored, ...values] = row;
    if (!rowHash(values).equals(stored as Buffer)) {
      const line = values[HASHED_COLUMNS.indexOf('line')];
      const ev = values[HASHED_COLUMNS.indexOf('evidence_id')];
      problems.push(`event ${String(id)} (evidence ${String(ev)}, line ` +
        `${String(line)}): stored values no longer match its row hash`);
    }
  }
  return n;
}
