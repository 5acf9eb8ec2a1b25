/**
 * Reading and changing the tenant policy of a case. Every change is
 * validated first and written with its custody entry in one transaction.
 */
import type Database from 'better-sqlite3';
import type { Policy } from '../../src-shared/domain.js';
import { readPolicy } from '../case/case-file.js';
import { appendCustody } from '../case/custody.js';
import { canonicalJson } from '../util/canonical-json.js';
import { validatePolicy } from './policy-schema.js';

/** One changed field of the policy, before and after. */
export interface PolicyFieldChange {
  before: unknown;
  after: unknown;
}

/** What a policy update did. */
export interface PolicyUpdate {
  policy: Policy;
  changes: Partial<Record<keyof Policy, PolicyFieldChange>>;
}

/** Reads and validates the case's policy. */
export function loadPolicy(db: Database.Database): Policy {
  return validatePolicy(readPolicy(db));
}

/** The fields that differ between two policies, before and after. */
export function policyDiff(
  before: Policy,
  after: Policy,
): PolicyUpdate['changes'] {
  const changes: PolicyUpdate['changes'] = {};
  for (const key of Object.keys(after) as (keyof Policy)[]) {
    if (canonicalJson(before[key]) === canonicalJson(after[key])) continue;
    changes[key] = { before: before[key], after: after[key] };
  }
  return changes;
}

/**
 * Replaces the policy with a validated new one; logs `policy.update`
 * with the diff. A policy equal to the stored one writes nothing.
 */
export function savePolicy(
  db: Database.Database,
  next: unknown,
  examiner: string,
): PolicyUpdate {
  const policy = validatePolicy(next);
  return db.transaction(() => {
    const changes = policyDiff(loadPolicy(db), policy);
    if (Object.keys(changes).length === 0) return { policy, changes };
    db.prepare('UPDATE case_info SET policy_json = ? WHERE id = 1').run(
      JSON.stringify(policy),
    );
    appendCustody(db, examiner, 'policy.update', { changes });
    return { policy, changes };
  })();
}
