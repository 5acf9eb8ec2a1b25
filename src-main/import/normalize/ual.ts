/**
 * Unified audit log records: AuditData objects (Management Activity API,
 * Purview and PowerShell exports, Extractor-Suite), the Graph audit
 * search `auditLogRecord` envelope, and Sentinel `OfficeActivity` rows.
 */
import type { Result } from '../../../src-shared/domain.js';
import { normalizeIp, type NormalizedIp } from '../ip.js';
import {
  formatUtc,
  parseTime,
  readTime,
  type TimeContext,
  type TimeReading,
} from '../time.js';
import {
  arr,
  field,
  first,
  nameValues,
  normalizeActor,
  obj,
  text,
  type EventDraft,
  type NormalizeResult,
  type Obj,
  type RecordProblem,
} from './fields.js';

/** The event source of every unified audit log record. */
export const UAL_SOURCE = 'm365-ual';

/**
 * True when a parsed object looks like a unified audit log record; one
 * with CreationTime and RecordType but no Operation is still one (and is
 * rejected for the missing field, not as an unknown shape).
 */
export function isUalRecord(o: Obj): boolean {
  if (field(o, 'auditData') !== undefined && field(o, 'auditLogRecordType')) {
    return true;
  }
  const hasOp = field(o, 'Operation') !== undefined;
  if (!hasOp) {
    return field(o, 'CreationTime') !== undefined &&
      field(o, 'RecordType') !== undefined;
  }
  return (
    field(o, 'CreationTime') !== undefined ||
    field(o, 'OfficeWorkload') !== undefined ||
    field(o, 'RecordType') !== undefined
  );
}

/** Normalizes one unified audit log record of any of its shapes. */
export function normalizeUal(o: Obj, time: TimeContext = {}): NormalizeResult {
  const order = dateOrderOf(time);
  const data = envelopeData(o);
  if (data) return normalizeGraphEnvelope(o, data, order);
  return normalizeAuditData(o, [], order);
}

/**
 * The AuditData object of a parsed UAL record, whatever its shape: what
 * decides whether two copies sharing an Id are the same record.
 */
export function ualContent(o: Obj): Obj {
  return envelopeData(o) ?? o;
}

// The auditData of a Graph audit search `auditLogRecord`, else null.
function envelopeData(o: Obj): Obj | null {
  const data = obj(field(o, 'auditData'));
  if (data && field(o, 'auditLogRecordType') !== undefined) return data;
  return null;
}

// UAL times are UTC whatever zone the import was given; only the order
// of slashed dates (the option, or what the file's own dates settle)
// applies to them.
function dateOrderOf(t: TimeContext): TimeContext {
  return { dateOrder: t.dateOrder, resolver: t.resolver };
}

function normalizeGraphEnvelope(
  env: Obj,
  data: Obj,
  time: TimeContext,
): NormalizeResult {
  const warnings: RecordProblem[] = [];
  const inner = normalizeAuditData(data, warnings, time);
  const envTimeText = text(field(env, 'createdDateTime'));
  const envTime = envTimeText ? parseTime(envTimeText) : null;
  for (const e of inner.events) {
    if (envTime !== null && envTime !== e.timeMs) {
      warnings.push(timeMismatch(envTimeText as string, e.timeText));
    }
    fillFromEnvelope(e, env);
  }
  return { ...inner, warnings };
}

function fillFromEnvelope(e: EventDraft, env: Obj): void {
  if (!e.actor) {
    const a = normalizeActor(first(env, 'userPrincipalName', 'userId'));
    e.actor = a.actor;
    e.actorOriginal = a.original;
  }
  if (!e.ip.ip) {
    const ip = normalizeIp(field(env, 'clientIp'));
    if (ip.ip) e.ip = ip;
  }
  e.recordId ??= text(field(env, 'id'));
  e.dedupeKey ??= e.recordId ? `ual:${e.recordId.toLowerCase()}` : null;
  e.tenantId ??= text(field(env, 'organizationId'));
}

function timeMismatch(envelope: string, inner: string): RecordProblem {
  return {
    severity: 'warning',
    code: 'TIME_MISMATCH',
    message:
      `envelope createdDateTime ${envelope} differs from ` +
      `auditData.CreationTime ${inner}; auditData used`,
  };
}

function normalizeAuditData(
  o: Obj,
  warnings: RecordProblem[],
  ctx: TimeContext,
): NormalizeResult {
  const timeText = text(first(o, 'CreationTime', 'TimeGenerated'));
  const time = timeText === null ? null : readTime(timeText, ctx);
  const operation = text(field(o, 'Operation'));
  const unread = time === null || time.ms === null;
  if (timeText === null || unread || operation === null) {
    return reject(timeText, time, operation, warnings);
  }
  const timeMs = time.ms;
  const ip = clientIp(o, warnings);
  const actor = normalizeActor(field(o, 'UserId'));
  const recordId = text(first(o, 'Id', 'OfficeId'));
  const event: EventDraft = {
    timeMs,
    timeText,
    source: UAL_SOURCE,
    workload: text(first(o, 'Workload', 'OfficeWorkload')),
    operation,
    ...ualResult(o, operation),
    actor: actor.actor,
    actorOriginal: actor.original,
    actorId: text(field(o, 'UserKey')),
    target: ualTarget(o, actor.actor),
    ip,
    userAgent: ualUserAgent(o),
    clientApp: ualClientApp(o),
    sessionId: ualSession(o),
    correlationId: ualCorrelation(o),
    recordId,
    tenantId: text(first(o, 'OrganizationId', 'OfficeTenantId')),
    sourceLocation: null,
    dedupeKey: recordId ? `ual:${recordId.toLowerCase()}` : null,
    details: ualDetails(o),
    content: o,
  };
  return { events: [event], rejected: [], warnings };
}

function reject(
  timeText: string | null,
  time: TimeReading | null,
  operation: string | null,
  warnings: RecordProblem[],
): NormalizeResult {
  let message: string;
  if (operation === null) message = 'the record has no Operation';
  else if (timeText === null) message = 'the record has no CreationTime';
  else message = `CreationTime '${timeText}' is not a time${because(time)}`;
  const code = timeText !== null && operation !== null
    ? 'BAD_TIME'
    : 'MISSING_FIELD';
  const problem: RecordProblem = { severity: 'error', code, message };
  return { events: [], rejected: [problem], warnings };
}

function because(time: TimeReading | null): string {
  return time?.ms === null ? `: ${time.why}` : '';
}

const IP_FIELDS = ['ClientIP', 'Client_IPAddress', 'ClientIPAddress', 'ActorIpAddress'];

function clientIp(o: Obj, warnings: RecordProblem[]): NormalizedIp {
  let firstSeen: NormalizedIp | null = null;
  for (const name of IP_FIELDS) {
    const raw = field(o, name);
    if (raw === undefined) continue;
    const ip = normalizeIp(raw);
    firstSeen ??= ip;
    if (!ip.ip) continue;
    if (ip.nonstandardPort) {
      warnings.push({
        severity: 'warning',
        code: 'IP_PORT_NONSTANDARD',
        message:
          `${name} '${ip.original}' uses '-' before the port; ` +
          'address split off, port kept, raw value preserved',
      });
    }
    return ip;
  }
  return firstSeen ?? normalizeIp(null);
}

const SUCCESS = new Set(['succeeded', 'success', 'true', 'partiallysucceeded']);
const FAILURE = new Set(['failed', 'failure', 'false']);

function ualResult(
  o: Obj,
  operation: string,
): { result: Result; resultCode: string | null } {
  const status = text(field(o, 'ResultStatus'));
  const error = text(first(o, 'ErrorNumber', 'LogonError'));
  let result: Result = 'unknown';
  const s = status?.toLowerCase() ?? '';
  if (SUCCESS.has(s)) result = 'success';
  else if (FAILURE.has(s)) result = 'failure';
  if (operation === 'UserLoginFailed') result = 'failure';
  if (operation === 'UserLoggedIn' && result === 'unknown') result = 'success';
  const code = error && error !== '0' ? error : status;
  return { result, resultCode: code };
}

function ualTarget(o: Obj, actor: string | null): string | null {
  const owner = text(field(o, 'MailboxOwnerUPN'));
  if (owner && owner.toLowerCase() !== actor) return owner.toLowerCase();
  const objectId = text(field(o, 'ObjectId'));
  if (objectId) return objectId;
  const identity = nameValues(field(o, 'Parameters')).get('Identity');
  if (identity) return identity;
  const t = entraTarget(field(o, 'Target'));
  if (t) return t;
  return owner ? owner.toLowerCase() : null;
}

function entraTarget(v: unknown): string | null {
  const targets = arr(v).map(obj).filter((t): t is Obj => t !== null);
  const upn = targets.find((t) => field(t, 'Type') === 5);
  const chosen = upn ?? targets[0];
  return chosen ? text(field(chosen, 'ID')) : null;
}

function ualUserAgent(o: Obj): string | null {
  const direct = text(field(o, 'UserAgent'));
  if (direct) return direct;
  const ext = nameValues(field(o, 'ExtendedProperties')).get('UserAgent');
  if (ext) return ext;
  const info = text(field(o, 'ClientInfoString'));
  return info && info.includes('Mozilla') ? info : null;
}

function ualClientApp(o: Obj): string | null {
  const ctx = obj(field(o, 'AppAccessContext'));
  return text(
    first(o, 'ClientAppName', 'ApplicationDisplayName', 'ClientInfoString') ??
      (ctx ? field(ctx, 'ClientAppName') : undefined) ??
      first(o, 'ClientAppId', 'AppId', 'ApplicationId'),
  );
}

function ualSession(o: Obj): string | null {
  const ctx = obj(field(o, 'AppAccessContext'));
  const direct = text(first(o, 'SessionId', 'AADSessionId'));
  if (direct) return direct;
  if (ctx) return text(field(ctx, 'AADSessionId'));
  return nameValues(field(o, 'DeviceProperties')).get('SessionId') ?? null;
}

function ualCorrelation(o: Obj): string | null {
  const ctx = obj(field(o, 'AppAccessContext'));
  return text(
    first(o, 'CorrelationId', 'InterSystemsId') ??
      (ctx ? field(ctx, 'CorrelationId') : undefined),
  );
}

const DETAIL_KEYS = [
  'RecordType',
  'UserType',
  'Parameters',
  'OperationProperties',
  'ModifiedProperties',
  'Target',
  'Actor',
  'TargetUserOrGroupName',
  'TargetUserOrGroupType',
  'EventData',
  'LogonType',
  'ExternalAccess',
  'SourceFileName',
  'SourceFileExtension',
  'SiteUrl',
  'OperationCount',
  'SharingLinkScope',
];

function ualDetails(o: Obj): Obj | null {
  const out: Obj = {};
  for (const k of DETAIL_KEYS) {
    const v = field(o, k);
    if (v !== undefined && v !== null && v !== '') out[k] = v;
  }
  const item = obj(field(o, 'Item'));
  if (item) out.Subject = field(item, 'Subject') ?? null;
  const affected = arr(field(o, 'AffectedItems'));
  if (affected.length) out.AffectedItems = affected.length;
  const ext = nameValues(field(o, 'ExtendedProperties'));
  for (const k of ['RequestType', 'ResultStatusDetail', 'UserAuthenticationMethod']) {
    if (ext.has(k)) out[k] = ext.get(k);
  }
  return Object.keys(out).length ? out : null;
}

/** The UTC text of a draft's time, for messages. */
export function draftTime(e: EventDraft): string {
  return formatUtc(e.timeMs);
}
