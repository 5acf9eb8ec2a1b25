/**
 * Entra ID directory audits: Graph `directoryAudits`, Azure Monitor
 * diagnostic records and Log Analytics / Sentinel `AuditLogs` rows.
 */
import type { Result } from '../../../src-shared/domain.js';
import { normalizeIp } from '../ip.js';
import type { TimeContext } from '../time.js';
import {
  arr,
  field,
  first,
  normalizeActor,
  obj,
  text,
  type EventDraft,
  type NormalizeResult,
  type Obj,
} from './fields.js';
import { timeValue } from './signin.js';

/** The event source of Entra directory audits. */
export const AUDIT_SOURCE = 'entra-audit';

const AUDIT_CATEGORIES = new Set([
  'auditlogs',
  'applicationmanagement',
  'directorymanagement',
  'policy',
  'usermanagement',
  'groupmanagement',
  'rolemanagement',
  'authentication',
]);

/** True when a parsed object is an Entra directory audit record. */
export function isDirectoryAudit(o: Obj): boolean {
  if (field(o, 'activityDisplayName') !== undefined) return true;
  if (field(o, 'activityDateTime') !== undefined) return true;
  const props = obj(field(o, 'properties'));
  if (props && field(props, 'activityDateTime') !== undefined) return true;
  const type = text(field(o, 'Type'))?.toLowerCase();
  if (type === 'auditlogs') return true;
  const category = text(field(o, 'category'))?.toLowerCase();
  return (
    !!category &&
    AUDIT_CATEGORIES.has(category) &&
    field(o, 'InitiatedBy') !== undefined
  );
}

/** Normalizes one directory audit record. */
export function normalizeAudit(o: Obj, ctx: TimeContext = {}): NormalizeResult {
  const props = obj(field(o, 'properties'));
  const r: Obj = props ? { ...o, ...props } : o;
  const time =
    timeValue(field(r, 'activityDateTime'), ctx) ??
    timeValue(first(r, 'TimeGenerated', 'time'), ctx);
  const operation = text(
    first(r, 'activityDisplayName', 'OperationName', 'operationName'),
  );
  if (!time || !operation) return rejectAudit(!time ? 'time' : 'operation');
  const initiatedBy = obj(field(r, 'initiatedBy')) ?? {};
  const user = obj(field(initiatedBy, 'user'));
  const app = obj(field(initiatedBy, 'app'));
  const actor = normalizeActor(
    (user && first(user, 'userPrincipalName', 'displayName')) ??
      (app && first(app, 'displayName', 'servicePrincipalName')),
  );
  const id = text(first(r, 'id', 'Id'));
  const targets = arr(field(r, 'targetResources'));
  const event: EventDraft = {
    ...time,
    source: AUDIT_SOURCE,
    workload: text(field(r, 'loggedByService')),
    operation: operation,
    ...auditResult(r),
    actor: actor.actor,
    actorOriginal: actor.original,
    actorId: text(
      (user && field(user, 'id')) ?? (app && field(app, 'servicePrincipalId')),
    ),
    target: auditTarget(targets),
    ip: normalizeIp(
      (user && field(user, 'ipAddress')) ?? field(r, 'callerIpAddress'),
    ),
    userAgent: additional(r).get('User-Agent') ?? null,
    clientApp: app ? text(field(app, 'displayName')) : null,
    sessionId: null,
    correlationId: text(field(r, 'correlationId')),
    recordId: id,
    tenantId: text(first(r, 'tenantId', 'AADTenantId', 'TenantId')),
    sourceLocation: null,
    dedupeKey: id ? `audit:${id.toLowerCase()}` : null,
    details: auditDetails(r, targets),
  };
  return { events: [event], rejected: [], warnings: [] };
}

function rejectAudit(missing: 'time' | 'operation'): NormalizeResult {
  const what =
    missing === 'time'
      ? 'activityDateTime is missing or not a time'
      : 'the record has no activityDisplayName';
  return {
    events: [],
    rejected: [{ severity: 'error', code: 'MISSING_FIELD', message: what }],
    warnings: [],
  };
}

function auditResult(r: Obj): { result: Result; resultCode: string | null } {
  const raw = text(first(r, 'result', 'Result'));
  const s = raw?.toLowerCase();
  const result: Result =
    s === 'success' ? 'success' : s === 'failure' ? 'failure' : 'unknown';
  const reason = text(first(r, 'resultReason', 'ResultReason'));
  return { result, resultCode: reason ?? raw };
}

function auditTarget(targets: unknown[]): string | null {
  const t = targets.map(obj).find((x): x is Obj => x !== null);
  if (!t) return null;
  const upn = text(field(t, 'userPrincipalName'));
  return upn ? upn.toLowerCase() : text(first(t, 'displayName', 'id'));
}

function additional(r: Obj): Map<string, string> {
  const out = new Map<string, string>();
  for (const item of arr(field(r, 'additionalDetails'))) {
    const o = obj(item);
    const key = o ? text(field(o, 'key')) : null;
    if (o && key) out.set(key, text(field(o, 'value')) ?? '');
  }
  return out;
}

function auditDetails(r: Obj, targets: unknown[]): Obj {
  const out: Obj = {
    category: text(first(r, 'category', 'Category')),
    operationType: text(field(r, 'operationType')),
    targetResources: targets,
    additionalDetails: Object.fromEntries(additional(r)),
  };
  for (const k of Object.keys(out)) if (out[k] === null) delete out[k];
  return out;
}
