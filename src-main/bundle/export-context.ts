/**
 * Everything an export decides before it writes a byte: the scope, the
 * export time, the custody log as it stood then, the evidence items,
 * findings and annotations in scope, and the examiner's signing key.
 */
import type Database from 'better-sqlite3';
import type { CaseInfo } from '../../src-shared/domain.js';
import { TrailError } from '../../src-shared/errors.js';
import { readCaseInfo } from '../case/case-file.js';
import { listCustody, type CustodyEntry } from '../case/custody.js';
import {
  checkFindingIds,
  isWholeCase,
  scopeCondition,
  type BundleScope,
  type Condition,
} from './bundle-scope.js';
import { countScoped } from './event-pages.js';
import {
  evidenceInScope,
  loadEvidence,
  type BundleEvidence,
} from './evidence-items.js';
import {
  annotationsInScope,
  findingsInScope,
  type Annotation,
  type BundleFinding,
} from './findings-annotations.js';
import { loadSigningKey, type SigningKey } from './signing-key.js';

/** What the caller asks of an export. */
export interface ContextOptions {
  scope?: BundleScope;
  examiner?: string;
  exportedAt?: string | Date;
  keyDir?: string;
}

/** The decided export. */
export interface ExportContext {
  db: Database.Database;
  info: CaseInfo;
  scope: BundleScope;
  cond: Condition;
  exportedAt: string;
  examiner: string;
  custody: CustodyEntry[];
  evidenceById: Map<number, BundleEvidence>;
  evidence: BundleEvidence[];
  findings: BundleFinding[];
  annotations: Annotation[];
  counts: Record<string, number>;
  key: SigningKey;
}

/** Decides an export; refuses a scope or time it cannot honour. */
export function prepareExport(
  db: Database.Database,
  o: ContextOptions,
): ExportContext {
  const info = readCaseInfo(db);
  const scope = o.scope ?? {};
  const exportedAt = exportTime(o.exportedAt);
  checkFindingIds(db, scope.findingIds);
  const cond = scopeCondition(db, scope);
  const narrowed = isWholeCase(scope) ? null : cond;
  const events = countScoped(db, cond);
  if (narrowed && events === 0) {
    throw new TrailError('BAD_REQUEST', 'the scope selects no events');
  }
  const evidenceById = loadEvidence(db);
  const findings = findingsInScope(db, scope, narrowed);
  checkFindingsUnchanged(findings, exportedAt);
  const ctx = {
    db,
    info,
    scope,
    cond,
    exportedAt,
    examiner: o.examiner ?? info.examiner,
    custody: custodyAsOf(listCustody(db), exportedAt),
    evidenceById,
    evidence: evidenceInScope(db, evidenceById, narrowed),
    findings,
    annotations: annotationsInScope(db, narrowed, exportedAt),
  };
  return {
    ...ctx,
    counts: countsOf(ctx, events),
    key: loadSigningKey(ctx.examiner, o.keyDir),
  };
}

/** The export time as UTC ISO 8601 with milliseconds; never in the future. */
function exportTime(value: string | Date | undefined): string {
  const ms = value === undefined ? Date.now() : new Date(value).getTime();
  if (Number.isNaN(ms)) {
    throw new TrailError(
      'BAD_REQUEST',
      `export time ${String(value)} is not a time`,
    );
  }
  if (ms > Date.now()) {
    throw new TrailError(
      'BAD_REQUEST',
      `export time ${new Date(ms).toISOString()} is in the future`,
    );
  }
  return new Date(ms).toISOString();
}

/**
 * The custody log as it stood at the export time. Only earlier exports
 * may follow it: anything else changed the case after that moment, and
 * the bundle could no longer show the case as it was then.
 */
export function custodyAsOf(
  entries: readonly CustodyEntry[],
  exportedAt: string,
): CustodyEntry[] {
  const t = Date.parse(exportedAt);
  let cut = 0;
  entries.forEach((e, i) => {
    if (Date.parse(e.at) <= t) cut = i + 1;
  });
  const later = entries.slice(cut).find((e) => !e.action.startsWith('export.'));
  if (later) {
    throw new TrailError(
      'BAD_REQUEST',
      `the export time ${exportedAt} is before custody entry ${later.seq} ` +
        `(${later.action} at ${later.at}); choose a later export time`,
    );
  }
  return entries.slice(0, cut);
}

function checkFindingsUnchanged(
  findings: readonly BundleFinding[],
  exportedAt: string,
): void {
  const t = Date.parse(exportedAt);
  const changed = findings.find((f) => Date.parse(f.updatedAt) > t);
  if (changed) {
    throw new TrailError(
      'BAD_REQUEST',
      `finding ${changed.id} changed at ${changed.updatedAt}, after the ` +
        `export time ${exportedAt}; choose a later export time`,
    );
  }
}

function countsOf(
  c: Omit<ExportContext, 'counts' | 'key'>,
  events: number,
): Record<string, number> {
  const kinds = (k: Annotation['kind']) =>
    c.annotations.filter((a) => a.kind === k).length;
  return {
    events,
    evidence: c.evidence.length,
    findings: c.findings.length,
    bookmarks: kinds('bookmark'),
    tags: kinds('tag'),
    notes: kinds('note'),
    custodyEntries: c.custody.length,
  };
}
