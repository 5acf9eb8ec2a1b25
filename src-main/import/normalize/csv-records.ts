/**
 * Rows of CSV and Format-List exports, turned into the same source
 * shapes the JSON normalizers read, so every field is mapped once.
 */
import { jsonrepair } from 'jsonrepair';
import { parseIso, parseSlashed, type TimeContext } from '../time.js';
import {
  field,
  first,
  normalizeActor,
  text,
  type EventDraft,
  type NormalizeResult,
  type Obj,
  type RecordProblem,
} from './fields.js';
import { normalizeGws } from './gws.js';
import { normalizeSignIn } from './signin.js';
import { normalizeUal } from './ual.js';

/** The CSV layouts the importer knows, decided from the header. */
export type CsvKind = 'ual' | 'signin-portal' | 'gws-console' | 'gws-gam';

/** Decides the CSV layout from its column names; null when unknown. */
export function csvKindOf(columns: string[]): CsvKind | null {
  const cols = new Set(columns.map(normalizeHeader));
  if (cols.has('auditdata')) return 'ual';
  if (cols.has('request id') && (cols.has('date (utc)') || cols.has('date'))) {
    return 'signin-portal';
  }
  if (cols.has('id.time') && cols.has('id.applicationname')) return 'gws-gam';
  if (cols.has('event name') && cols.has('date')) return 'gws-console';
  return null;
}

/** Header text compared case- and spacing-insensitively. */
export function normalizeHeader(h: string): string {
  return h.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Normalizes one row of a unified audit log CSV or Format-List block. */
export function normalizeUalRow(
  row: Obj,
  time: TimeContext = {},
): NormalizeResult {
  const warnings: RecordProblem[] = [];
  const audit = parseAuditData(text(field(row, 'AuditData')) ?? '', warnings);
  if (!audit) {
    return {
      events: [],
      rejected: [
        {
          severity: 'error',
          code: 'AUDITDATA_INVALID',
          message: 'the AuditData column is empty or not JSON',
        },
      ],
      warnings,
    };
  }
  const inner = normalizeUal(audit, time);
  for (const e of inner.events) {
    fillFromColumns(e, row);
    const mismatch = checkCreationDate(row, e);
    if (mismatch) warnings.push(mismatch);
    else refineFromCreationDate(row, e);
  }
  return { ...inner, warnings: [...warnings, ...inner.warnings] };
}

function parseAuditData(s: string, warnings: RecordProblem[]): Obj | null {
  const from = s.indexOf('{');
  const to = s.lastIndexOf('}');
  if (from < 0 || to < from) return null;
  const json = s.slice(from, to + 1);
  if (from > 0 || to < s.length - 1) {
    warnings.push({
      severity: 'warning',
      code: 'AUDITDATA_EXTRA_TEXT',
      message: 'AuditData has text before or after its JSON; JSON part used',
    });
  }
  try {
    return JSON.parse(json) as Obj;
  } catch (err) {
    return repairAuditData(json, warnings, (err as Error).message);
  }
}

function repairAuditData(
  json: string,
  warnings: RecordProblem[],
  why: string,
): Obj | null {
  try {
    const value = JSON.parse(jsonrepair(json)) as Obj;
    warnings.push({
      severity: 'warning',
      code: 'JSON_REPAIRED',
      message: `AuditData is not valid JSON (${why}); read after repair`,
    });
    return value;
  } catch {
    return null;
  }
}

function fillFromColumns(e: EventDraft, row: Obj): void {
  if (!e.actor) {
    const a = normalizeActor(first(row, 'UserIds', 'UserId'));
    e.actor = a.actor;
    e.actorOriginal = a.original;
  }
  if (!e.recordId) {
    e.recordId = text(first(row, 'RecordId', 'Identity'));
    if (e.recordId) e.dedupeKey = `ual:${e.recordId.toLowerCase()}`;
  }
}

/** Warns when the CreationDate column disagrees with AuditData's time. */
function checkCreationDate(row: Obj, e: EventDraft): RecordProblem | null {
  const raw = text(field(row, 'CreationDate'));
  if (!raw) return null;
  const readings = creationDateReadings(raw);
  if (readings.length === 0) return null;
  const second = Math.floor(e.timeMs / 1000);
  if (readings.some((r) => Math.floor(r / 1000) === second)) return null;
  const diffMin = Math.round((readings[0] - e.timeMs) / 60_000);
  const sign = diffMin >= 0 ? '+' : '-';
  const abs = Math.abs(diffMin);
  const offset = `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return {
    severity: 'warning',
    code: 'CREATIONDATE_MISMATCH',
    message:
      `CreationDate column (${raw}) differs from AuditData.CreationTime ` +
      `(${e.timeText}) by ${offset}; it was probably rendered in a local ` +
      'zone. AuditData.CreationTime used',
  };
}

/**
 * AuditData.CreationTime has whole seconds; a Purview CreationDate of the
 * same second may carry the fraction (`…23:59:59.9999999Z`). Then the
 * column gives the finer instant, truncated to the millisecond.
 */
function refineFromCreationDate(row: Obj, e: EventDraft): void {
  const raw = text(field(row, 'CreationDate'));
  const fine = raw ? parseIso(raw) : null;
  if (fine === null || e.timeMs % 1000 !== 0) return;
  if (Math.floor(fine / 1000) * 1000 !== e.timeMs || fine === e.timeMs) return;
  e.timeMs = fine;
  e.timeText = raw as string;
}

function creationDateReadings(raw: string): number[] {
  const iso = parseIso(raw.trim());
  if (iso !== null) return [iso];
  const out: number[] = [];
  for (const order of ['mdy', 'dmy'] as const) {
    const v = parseSlashed(raw.trim(), { dateOrder: order });
    if (v !== null && !out.includes(v)) out.push(v);
  }
  return out;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Normalizes a row of the Entra portal's sign-in CSV download. */
export function normalizePortalSignIn(
  row: Obj,
  ctx: TimeContext,
): NormalizeResult {
  const get = headerGetter(row);
  const code = get('sign-in error code');
  const status = get('status');
  const signIn: Obj = {
    id: get('request id'),
    createdDateTime: get('date (utc)') ?? get('date'),
    userPrincipalName: get('username') ?? get('user'),
    userId: get('user id'),
    appDisplayName: get('application'),
    appId: get('application id'),
    resourceDisplayName: get('resource'),
    ipAddress: get('ip address'),
    clientAppUsed: get('client app'),
    correlationId: get('correlation id'),
    userAgent: get('user agent'),
    sessionId: get('session id'),
    conditionalAccessStatus: get('conditional access'),
    authenticationRequirement: get('authentication requirement'),
    authenticationProtocol: get('authentication protocol'),
    incomingTokenType: get('incoming token type'),
    autonomousSystemNumber: get('autonomous system number'),
    uniqueTokenIdentifier: get('unique token identifier'),
    status: {
      errorCode: code ?? (status?.toLowerCase() === 'success' ? '0' : null),
      failureReason: get('failure reason'),
    },
    location: portalLocation(get('location')),
    deviceDetail: {
      browser: get('browser'),
      operatingSystem: get('operating system'),
      deviceId: get('device id'),
    },
  };
  const zone = ctx.zone ?? 'UTC';
  return normalizeSignIn(signIn, { ...ctx, zone: get('date (utc)') ? 'UTC' : zone });
}

function headerGetter(row: Obj): (name: string) => string | null {
  const map = new Map<string, string | null>();
  for (const [k, v] of Object.entries(row)) {
    const key = normalizeHeader(k);
    if (!map.has(key)) map.set(key, text(v));
  }
  return (name) => map.get(name) ?? null;
}

function portalLocation(v: string | null): Obj | null {
  if (!v) return null;
  const parts = v.split(',').map((p) => p.trim());
  const country = parts.length > 1 ? parts[parts.length - 1] : parts[0];
  return {
    city: parts.length > 2 ? parts[0] : null,
    state: parts.length > 2 ? parts[1] : parts.length === 2 ? parts[0] : null,
    countryOrRegion: country,
  };
}

/** Normalizes a row of a GAM report CSV or an admin console audit CSV. */
export function normalizeGwsRow(
  row: Obj,
  kind: 'gws-console' | 'gws-gam',
  ctx: TimeContext,
  line: number,
): NormalizeResult {
  const activity = kind === 'gws-gam' ? gamActivity(row) : consoleActivity(row);
  return normalizeGws(activity, '', line, ctx);
}

function gamActivity(row: Obj): Obj {
  const known = new Set([
    'id.time', 'id.uniquequalifier', 'id.applicationname', 'id.customerid',
    'actor.email', 'actor.profileid', 'actor.callertype', 'ipaddress',
    'name', 'type', 'kind', 'etag',
  ]);
  const get = headerGetter(row);
  const parameters = Object.entries(row)
    .filter(([k, v]) => !known.has(normalizeHeader(k)) && text(v) !== null)
    .map(([k, v]) => ({ name: k, value: text(v) }));
  return {
    kind: 'admin#reports#activity',
    id: {
      time: get('id.time'),
      uniqueQualifier: get('id.uniquequalifier'),
      applicationName: get('id.applicationname'),
      customerId: get('id.customerid'),
    },
    actor: {
      email: get('actor.email'),
      profileId: get('actor.profileid'),
      callerType: get('actor.callertype'),
    },
    ipAddress: get('ipaddress'),
    events: [{ name: get('name'), type: get('type'), parameters }],
  };
}

function consoleActivity(row: Obj): Obj {
  const get = headerGetter(row);
  const name = get('event name') ?? 'unknown';
  const app = get('application') ?? 'admin-console';
  const parameters = [
    { name: 'description', value: get('event description') },
  ];
  return {
    kind: 'admin#reports#activity',
    id: { time: get('date'), applicationName: app },
    actor: { email: get('user') ?? get('actor') },
    ipAddress: get('ip address'),
    events: [{ name, parameters }],
  };
}

/** True when a time text carries its own zone or offset. */
export function hasZone(t: string): boolean {
  return /(Z|[+-]\d{2}:?\d{2}|GMT|UTC)\s*$/i.test(t.trim());
}

