/**
 * An examiner's review of a finding: reviewed or false positive, with
 * a note, written to the custody log with the change.
 */
import type Database from 'better-sqlite3';
import { TrailError } from '../../src-shared/errors.js';
import { appendCustody } from '../case/custody.js';
import { FINDING_STATUSES, type FindingStatus } from './finding-types.js';

/** Sets a finding's review status and note; custody-logs the change. */
export function reviewFinding(
  db: Database.Database,
  id: number,
  status: FindingStatus,
  note: string,
  examiner: string,
  now: Date = new Date(),
): void {
  if (!FINDING_STATUSES.includes(status)) {
    throw new TrailError(
      'BAD_REQUEST',
      `status must be one of ${FINDING_STATUSES.join(', ')}, not '${status}'`,
    );
  }
  db.transaction(() => {
    const old = db
      .prepare('SELECT rule_id, fingerprint, status FROM finding WHERE id = ?')
      .get(id) as
      | { rule_id: string; fingerprint: string; status: string }
      | undefined;
    if (!old) throw new TrailError('NOT_FOUND', `no finding with id ${id}`);
    db.prepare(
      `UPDATE finding SET status = ?, review_note = ?, updated_at = ?
       WHERE id = ?`,
    ).run(status, note, now.toISOString(), id);
    appendCustody(db, examiner, 'finding.review', {
      findingId: id,
      ruleId: old.rule_id,
      fingerprint: old.fingerprint,
      from: old.status,
      to: status,
      note,
    }, now);
  })();
}
