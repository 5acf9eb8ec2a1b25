/**
 * Entra ID sign-ins: Graph v1.0 and beta objects, the portal's JSON
 * download, PowerShell exports (PascalCase, `class X {...}` strings),
 * Azure Monitor diagnostic records and Log Analytics rows.
 */
import type { Result } from '../../../src-shared/domain.js';
import { normalizeIp } from '../ip.js';
import {
  readEpochNumber,
  readTime,
  type TimeContext,
  type TimeReading,
} from '../time.js';
import {
  ambiguousTime,
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

/** The event source of Entra sign-ins. */
export const SIGNIN_SOURCE = 'entra-signin';

const SIGNIN_CATEGORIES = new Set([
  'signinlogs',
  'noninteractiveusersigninlogs',
  'serviceprincipalsigninlogs',
  'managedidentitysigninlogs',
  'aadnoninteractiveusersigninlogs',
  'aadserviceprincipalsigninlogs',
  'aadmanagedidentitysigninlogs',
]);

/** True when a parsed object is an Entra sign-in in any known shape. */
export function isSignIn(o: Obj): boolean {
  const category = text(first(o, 'category', 'Type'))?.toLowerCase();
  if (category && SIGNIN_CATEGORIES.has(category)) return true;
  if (text(field(o, 'operationName')) === 'Sign-in activity') return true;
  return (
    field(o, 'createdDateTime') !== undefined &&
    (field(o, 'appDisplayName') !== undefined ||
      field(o, 'userPrincipalName') !== undefined ||
      field(o, 'servicePrincipalName') !== undefined) &&
    (field(o, 'status') !== undefined || field(o, 'ResultType') !== undefined)
  );
}

/** Normalizes one sign-in record. */
export function normalizeSignIn(
  o: Obj,
  ctx: TimeContext = {},
): NormalizeResult {
  const props = obj(field(o, 'properties'));
  const r = props ? { ...props, ...topOnly(o, props) } : o;
  const warnings: RecordProblem[] = [];
  const stringified = unstringify(r);
  if (stringified.length) warnings.push(lossyWarning(stringified));
  const time = signInTime(r, props ? o : null, ctx);
  if (!time || time.timeMs === null) return rejectTime(r, warnings, time);
  if (time.note) {
    warnings.push(ambiguousTime('createdDateTime', time.timeText, time.note));
  }
  const status = obj(field(r, 'status'));
  const { result, code } = signInResult(r, status);
  const actor = normalizeActor(
    first(r, 'userPrincipalName', 'servicePrincipalName', 'identity'),
  );
  const id = text(first(r, 'id', 'Id'));
  const location =
    obj(field(r, 'location')) ?? obj(field(r, 'LocationDetails'));
  const event: EventDraft = {
    timeMs: time.timeMs,
    timeText: time.timeText,
    source: SIGNIN_SOURCE,
    workload: text(first(r, 'appDisplayName', 'servicePrincipalName')),
    operation: 'SignIn',
    result,
    resultCode: code,
    actor: actor.actor,
    actorOriginal: actor.original,
    actorId: text(first(r, 'userId', 'servicePrincipalId')),
    target: text(field(r, 'resourceDisplayName')),
    ip: normalizeIp(first(r, 'ipAddress', 'callerIpAddress')),
    userAgent: text(field(r, 'userAgent')),
    clientApp: text(field(r, 'clientAppUsed')),
    sessionId: text(first(r, 'sessionId', 'SessionId')),
    correlationId: text(field(r, 'correlationId')),
    recordId: id,
    tenantId: text(first(r, 'tenantId', 'homeTenantId', 'resourceTenantId')),
    sourceLocation: location ? sourceLocation(location, r) : null,
    dedupeKey: id ? `signin:${id.toLowerCase()}` : null,
    details: signInDetails(r, status),
  };
  return { events: [event], rejected: [], warnings };
}

/** Diagnostic fields that live only on the wrapper, not in properties. */
function topOnly(o: Obj, props: Obj): Obj {
  const out: Obj = {};
  for (const k of ['category', 'callerIpAddress', 'tenantId', 'identity']) {
    const v = field(o, k);
    if (v !== undefined && field(props, k) === undefined) out[k] = v;
  }
  return out;
}

function signInTime(
  r: Obj,
  wrapper: Obj | null,
  ctx: TimeContext,
): TimeValueReading | null {
  const candidates = [
    field(r, 'createdDateTime'),
    field(r, 'TimeGenerated'),
    wrapper ? field(wrapper, 'time') : field(r, 'time'),
  ];
  for (const c of candidates) {
    const t = readTimeValue(c, ctx);
    if (t.timeMs !== null || (c !== undefined && c !== null)) return t;
  }
  return null;
}

/**
 * A record's time as read: the instant, its text and a caution when the
 * text fits two instants; or why the value is no time.
 */
export type TimeValueReading =
  | { timeMs: number; timeText: string; note: string | null }
  | { timeMs: null; why: string };

/** Reads a time value: ISO text, `/Date(ms)/`, epoch, or `{value: ...}`. */
export function timeValue(
  v: unknown,
  ctx: TimeContext = {},
): { timeMs: number; timeText: string } | null {
  const t = readTimeValue(v, ctx);
  return t.timeMs === null ? null : { timeMs: t.timeMs, timeText: t.timeText };
}

/** Reads a time value like timeValue, saying why when it is no time. */
export function readTimeValue(
  v: unknown,
  ctx: TimeContext = {},
): TimeValueReading {
  if (typeof v === 'number') return withText(readEpochNumber(v), String(v));
  if (typeof v === 'string') return withText(readTime(v, ctx), v);
  const wrapped = obj(v);
  if (wrapped && field(wrapped, 'value') !== undefined) {
    return readTimeValue(field(wrapped, 'value'), ctx);
  }
  return { timeMs: null, why: 'the value is neither text nor a number' };
}

function withText(t: TimeReading, timeText: string): TimeValueReading {
  if (t.ms === null) return { timeMs: null, why: t.why };
  return { timeMs: t.ms, timeText, note: t.note };
}

function rejectTime(
  r: Obj,
  warnings: RecordProblem[],
  time: TimeValueReading | null,
): NormalizeResult {
  const raw = first(r, 'createdDateTime', 'TimeGenerated', 'time');
  const shown = raw === undefined ? 'missing' : `'${JSON.stringify(raw)}'`;
  const why = raw !== undefined && time?.timeMs === null
    ? ` (${time.why})`
    : '';
  return {
    events: [],
    rejected: [
      {
        severity: 'error',
        code: raw === undefined ? 'MISSING_FIELD' : 'BAD_TIME',
        message:
          `createdDateTime is ${shown}: not a time${why}; ` +
          'record not imported',
      },
    ],
    warnings,
  };
}

function signInResult(
  r: Obj,
  status: Obj | null,
): { result: Result; code: string | null } {
  const raw = status
    ? field(status, 'errorCode')
    : first(r, 'ResultType', 'resultType', 'errorCode');
  const code = text(raw);
  if (code === null) return { result: 'unknown', code: null };
  return { result: code === '0' ? 'success' : 'failure', code };
}

function sourceLocation(loc: Obj, r: Obj): Obj {
  const geo = obj(field(loc, 'geoCoordinates'));
  return {
    city: text(field(loc, 'city')),
    state: text(field(loc, 'state')),
    countryOrRegion: text(field(loc, 'countryOrRegion')),
    latitude: geo ? numberOrNull(field(geo, 'latitude')) : null,
    longitude: geo ? numberOrNull(field(geo, 'longitude')) : null,
    asn: numberOrNull(field(r, 'autonomousSystemNumber')),
  };
}

function numberOrNull(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function signInDetails(r: Obj, status: Obj | null): Obj {
  const device = obj(field(r, 'deviceDetail'));
  const out: Obj = {
    category: text(field(r, 'category')),
    isInteractive: field(r, 'isInteractive') ?? null,
    signInEventTypes: field(r, 'signInEventTypes') ?? null,
    failureReason: status ? text(field(status, 'failureReason')) : null,
    conditionalAccessStatus: text(field(r, 'conditionalAccessStatus')),
    authenticationRequirement: text(field(r, 'authenticationRequirement')),
    authenticationProtocol: text(field(r, 'authenticationProtocol')),
    incomingTokenType: text(field(r, 'incomingTokenType')),
    riskLevelDuringSignIn: text(field(r, 'riskLevelDuringSignIn')),
    riskState: text(field(r, 'riskState')),
    appId: text(field(r, 'appId')),
    uniqueTokenIdentifier: text(field(r, 'uniqueTokenIdentifier')),
    operatingSystem: device ? text(field(device, 'operatingSystem')) : null,
    browser: device ? text(field(device, 'browser')) : null,
    deviceId: device ? text(field(device, 'deviceId')) : null,
  };
  for (const k of Object.keys(out)) if (out[k] === null) delete out[k];
  return out;
}

const CLASS_RE = /^class \w+ \{\r?\n([\s\S]*)\}\s*$/;

/** Parses .NET `class X { Key: Value }` text into an object. */
export function parseClassString(s: string): Obj | null {
  const m = CLASS_RE.exec(s);
  if (!m) return null;
  const out: Obj = {};
  for (const line of m[1].split(/\r?\n/)) {
    const kv = /^\s*(\w+):\s?(.*)$/.exec(line);
    if (!kv) continue;
    const value = kv[2].trim();
    out[kv[1]] = value.startsWith('System.Collections') ? null : value;
  }
  return out;
}

/** Replaces `class X {...}` strings in place; returns the paths it fixed. */
function unstringify(r: Obj, prefix = ''): string[] {
  const paths: string[] = [];
  for (const [k, v] of Object.entries(r)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string' && v.startsWith('class ')) {
      const parsed = parseClassString(v);
      if (parsed) {
        r[k] = parsed;
        paths.push(path);
      }
    } else if (Array.isArray(v)) {
      if (v.some((x) => typeof x === 'string' && x.startsWith('class '))) {
        r[k] = v.map((x) => (typeof x === 'string' ? parseClassString(x) ?? x : x));
        paths.push(`${path}[]`);
      }
    } else if (v && typeof v === 'object') {
      paths.push(...unstringify(v as Obj, path));
    }
  }
  return paths;
}

function lossyWarning(paths: string[]): RecordProblem {
  return {
    severity: 'warning',
    code: 'NESTED_OBJECT_STRINGIFIED',
    message:
      `nested values (${paths.join(', ')}) were saved as .NET ` +
      "'class X {...}' text by ConvertTo-Json; read back as far as " +
      'possible, inner lists are lost',
  };
}

