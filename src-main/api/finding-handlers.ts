/**
 * Handlers of the findings, policy and bundle-verification calls.
 * Reviews and policy changes go to the session's writer, each with its
 * custody entry.
 */
import type {
  BundleVerdict,
  FindingInfo,
  PolicyInfo,
} from '../../src-shared/contract.js';
import type { Policy } from '../../src-shared/domain.js';
import { TrailError } from '../../src-shared/errors.js';
import { verifyBundle } from '../bundle/verify-bundle.js';
import type { Finding } from '../detect/finding-types.js';
import {
  findingDetail,
  findingsForUser,
  listFindings,
} from '../detect/findings-query.js';
import { reviewFinding } from '../detect/review-finding.js';
import { ruleById } from '../detect/rules/index.js';
import { loadPolicy, savePolicy } from '../policy/policy-store.js';
import { THRESHOLDS } from '../policy/thresholds.js';
import { sessionOf, type ApiContext } from './api-context.js';
import type { HandlerMap } from './dispatch.js';

type FindingCalls =
  | 'listFindings'
  | 'findingDetail'
  | 'reviewFinding'
  | 'casePolicy'
  | 'setPolicy'
  | 'verifyBundle';

/** The finding as the renderer shows it. */
export function toFindingInfo(f: Finding): FindingInfo {
  return {
    id: f.id,
    ruleId: f.ruleId,
    title: f.title,
    severity: f.severity,
    technique: f.technique,
    actor: f.actor,
    firstMs: f.firstTimeMs,
    lastMs: f.lastTimeMs,
    eventCount: f.eventCount,
    explanation: f.explanation,
    matched: f.matched,
    status: f.status,
    reviewNote: f.reviewNote,
  };
}

/** A user's findings, for the user page. */
export function userFindings(ctx: ApiContext, user: string): FindingInfo[] {
  return findingsForUser(sessionOf(ctx).db, user).map(toFindingInfo);
}

function findingById(ctx: ApiContext, id: number): FindingInfo {
  const found = findingDetail(sessionOf(ctx).db, id, 0);
  if (!found) throw new TrailError('NOT_FOUND', `no finding with id ${id}`);
  return toFindingInfo(found.finding);
}

function policyInfo(policy: Policy): PolicyInfo {
  return {
    policy,
    thresholds: THRESHOLDS.map((t) => ({
      name: t.name,
      value: policy.thresholds[t.name] ?? t.defaultValue,
      defaultValue: t.defaultValue,
      meaning: t.meaning,
      set: t.name in policy.thresholds,
    })),
  };
}

async function verifyPath(
  ctx: ApiContext,
  path: string | undefined,
): Promise<string | null> {
  if (path) return path;
  if (ctx.desktop?.chooseBundle) return ctx.desktop.chooseBundle();
  throw new TrailError(
    'BAD_REQUEST',
    'give the path of the bundle to verify (browser mode has no file ' +
      'dialog)',
  );
}

/** Handlers of the findings, policy and verification calls. */
export const findingHandlers: HandlerMap<FindingCalls> = {
  listFindings: (ctx, req) => {
    const sort = req.sort;
    const list = listFindings(sessionOf(ctx).db, {
      severity: req.severity,
      status: req.status,
      ruleId: req.rule,
      actor: req.user,
      sort: sort?.column,
      descending: sort?.descending,
      offset: req.startRow,
      limit: req.endRow - req.startRow,
    });
    return { rows: list.findings.map(toFindingInfo), total: list.total };
  },

  findingDetail: (ctx, req) => {
    const finding = findingById(ctx, req.id);
    const rule = ruleById(finding.ruleId);
    return { finding, ruleDescription: rule?.description ?? null };
  },

  reviewFinding: (ctx, req) => {
    const s = sessionOf(ctx);
    reviewFinding(s.writer(), req.id, req.status, req.note, s.examiner);
    return findingById(ctx, req.id);
  },

  casePolicy: (ctx) => policyInfo(loadPolicy(sessionOf(ctx).db)),

  setPolicy: (ctx, req) => {
    const s = sessionOf(ctx);
    return policyInfo(savePolicy(s.writer(), req.policy, s.examiner).policy);
  },

  verifyBundle: async (ctx, req): Promise<BundleVerdict | null> => {
    const path = await verifyPath(ctx, req.path);
    if (!path) return null;
    const r = await verifyBundle(path, {
      expectedFingerprint: req.fingerprint,
    });
    return {
      path,
      ok: r.ok,
      problems: r.problems,
      checked: r.checked.length,
      fingerprint: r.fingerprint,
      caseNumber: r.caseNumber,
      exportedAt: r.exportedAt,
      exportedBy: r.exportedBy,
    };
  },
};
