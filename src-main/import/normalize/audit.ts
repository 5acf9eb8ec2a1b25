/**
 * Entra ID directory audits: Graph `directoryAudits`, Azure Monitor
 * diagnostic records and Log Analytics / Sentinel `AuditLogs` rows.
 */
import type { Result } from '../../../src-shared/domain.js';
import { normalizeIp } from '../ip.js';
import type { TimeContext } from '../time.js';
import {
  ambiguousTime,
  arr,
  field,
  first,
  normalizeActor,
  obj,
  text,
  type EventDraft,
  type NormalizeResult,
  type Obj,
  type RecordProblem,
} from './fields.js';
import { readTimeValue, type TimeValueReading } from './signin.js';

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
  const read = auditTime(r, ctx);
  const operation = text(
    first(r, 'activityDisplayName', 'OperationName', 'operationName'),
  );
  if (!read || read.timeMs === null) return rejectAudit(timeProblem(read));
  if (!operation) {
    return rejectAudit(missingField('the record has no activityDisplayName'));
  }
  const warnings = read.note
    ? [ambiguousTime(read.name, read.timeText, read.note)]
    : [];
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
    timeMs: read.timeMs,
    timeText: read.timeText,
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
  return { events: [event], rejected: [], warnings };
}

/** A time read from a named field, with the field's raw value. */
type NamedTime = TimeValueReading & { name: string; raw: unknown };

/**
 * The record's time: activityDateTime, else the first present of
 * TimeGenerated and time; the first present failure when none reads,
 * null when no time field is present.
 */
function auditTime(r: Obj, ctx: TimeContext): NamedTime | null {
  const later = ['TimeGenerated', 'time'].find((k) => present(field(r, k)));
  let failed: NamedTime | null = null;
  for (const name of ['activityDateTime', ...(later ? [later] : [])]) {
    const raw = field(r, name);
    const read = { ...readTimeValue(raw, ctx), name, raw };
    if (read.timeMs !== null) return read;
    if (present(raw)) failed ??= read;
  }
  return failed;
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}

function rejectAudit(problem: RecordProblem): NormalizeResult {
  return { events: [], rejected: [problem], warnings: [] };
}

function timeProblem(read: NamedTime | null): RecordProblem {
  if (read === null || read.timeMs !== null) {
    return missingField('activityDateTime is missing or not a time');
  }
  const shown = JSON.stringify(read.raw);
  return {
    severity: 'error',
    code: 'BAD_TIME',
    message: `${read.name} ${shown} is not a time: ${read.why}`,
  };
}

function missingField(message: string): RecordProblem {
  return { severity: 'error', code: 'MISSING_FIELD', message };
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
