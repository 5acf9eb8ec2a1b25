/**
 * Google Workspace Admin SDK Reports activities: one event per element
 * of `events[]`, every parameter kept with its type.
 */
import type { Result } from '../../../src-shared/domain.js';
import { normalizeIp } from '../ip.js';
import type { TimeContext } from '../time.js';
import {
  ambiguousTime,
  arr,
  normalizeActor,
  obj,
  text,
  type EventDraft,
  type NormalizeResult,
  type Obj,
  type RecordProblem,
} from './fields.js';
import { readTimeValue, type TimeValueReading } from './signin.js';

/** True when a parsed object is a Reports API activity. */
export function isGwsActivity(o: Obj): boolean {
  if (o.kind === 'admin#reports#activity') return true;
  const id = obj(o.id);
  return !!id && id.applicationName !== undefined;
}

/** Normalizes one activity into one event per element of events[]. */
export function normalizeGws(
  o: Obj,
  recordText: string,
  recordLine: number,
  ctx: TimeContext = {},
): NormalizeResult {
  const id = obj(o.id) ?? {};
  const app = text(id.applicationName) ?? 'unknown';
  const read = readTimeValue(id.time, ctx);
  const events = activityEvents(o);
  if (read.timeMs === null || events.length === 0) {
    return rejectActivity(id.time, read);
  }
  const time = { timeMs: read.timeMs, timeText: read.timeText };
  const warnings = read.note
    ? [ambiguousTime('id.time', read.timeText, read.note)]
    : [];
  const lines = eventLines(recordText, recordLine);
  const drafts = events.map((ev, i) =>
    gwsEvent(o, id, app, time, ev, i, lines[i] ?? recordLine),
  );
  return { events: drafts, rejected: [], warnings };
}

function rejectActivity(
  raw: unknown,
  read: TimeValueReading,
): NormalizeResult {
  let problem: RecordProblem;
  if (read.timeMs !== null) problem = missing('the activity has no events');
  else if (raw === undefined) problem = missing('the activity has no id.time');
  else {
    problem = {
      severity: 'error',
      code: 'BAD_TIME',
      message: `id.time ${JSON.stringify(raw)} is not a time: ${read.why}`,
    };
  }
  return { events: [], rejected: [problem], warnings: [] };
}

function missing(message: string): RecordProblem {
  return { severity: 'error', code: 'MISSING_FIELD', message };
}

function activityEvents(o: Obj): Obj[] {
  const raw = o.events;
  if (Array.isArray(raw)) return raw.map(obj).filter((e): e is Obj => !!e);
  const single = obj(raw);
  if (single) return [single];
  if (typeof o.name === 'string') {
    return [{ name: o.name, type: o.type, parameters: o.parameters }];
  }
  return [];
}

function gwsEvent(
  o: Obj,
  id: Obj,
  app: string,
  time: { timeMs: number; timeText: string },
  ev: Obj,
  index: number,
  line: number,
): EventDraft {
  const actorObj = obj(o.actor) ?? {};
  const actor = normalizeActor(actorObj.email ?? actorObj.key);
  const name = text(ev.name) ?? 'unknown';
  const params = parameterMap(ev.parameters);
  const uq = text(id.uniqueQualifier);
  const network = obj(o.networkInfo);
  return {
    ...time,
    source: `gws-${app}`,
    workload: app,
    operation: name,
    ...gwsResult(name, params),
    actor: actor.actor,
    actorOriginal: actor.original,
    actorId: text(actorObj.profileId),
    target: gwsTarget(params),
    ip: normalizeIp(o.ipAddress),
    userAgent: null,
    clientApp: text(params.get('client_type') ?? params.get('app_name')),
    sessionId: null,
    correlationId: null,
    recordId: uq,
    tenantId: text(id.customerId),
    sourceLocation: network,
    dedupeKey: `gws:${time.timeText}|${uq ?? ''}|${app}|${index}|${name}`,
    details: {
      type: ev.type ?? null,
      callerType: actorObj.callerType ?? null,
      parameters: ev.parameters ?? [],
    },
    line,
  };
}

/** Parameters by name, keeping whichever value field each one has. */
export function parameterMap(raw: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [k, v] of Object.entries(raw as Obj)) out.set(k, v);
    return out;
  }
  for (const p of arr(raw)) {
    const o = obj(p);
    if (!o || typeof o.name !== 'string') continue;
    out.set(o.name, parameterValue(o));
  }
  return out;
}

const VALUE_KEYS = [
  'value',
  'boolValue',
  'intValue',
  'multiValue',
  'multiIntValue',
  'messageValue',
  'multiMessageValue',
];

function parameterValue(p: Obj): unknown {
  for (const k of VALUE_KEYS) if (p[k] !== undefined) return p[k];
  return null;
}

function gwsResult(
  name: string,
  params: Map<string, unknown>,
): { result: Result; resultCode: string | null } {
  if (name === 'login_failure') {
    return { result: 'failure', resultCode: text(params.get('login_failure_type')) };
  }
  if (name === 'login_success') return { result: 'success', resultCode: null };
  const status = text(params.get('login_challenge_status'));
  if (status) {
    const passed = /passed/i.test(status);
    return { result: passed ? 'success' : 'failure', resultCode: status };
  }
  return { result: 'unknown', resultCode: null };
}

const TARGET_PARAMS = [
  'doc_title',
  'affected_email_address',
  'USER_EMAIL',
  'email_forwarding_destination_address',
  'app_name',
  'GROUP_EMAIL',
  'group_email',
  'ROLE_NAME',
  'doc_id',
  'target_user',
];

function gwsTarget(params: Map<string, unknown>): string | null {
  for (const k of TARGET_PARAMS) {
    const v = params.get(k);
    if (v !== undefined && v !== null && v !== '') return text(v);
  }
  return null;
}

/** Lines of the opening braces of events[] elements in an activity. */
export function eventLines(recordText: string, firstLine: number): number[] {
  const at = findEventsArray(recordText);
  if (at < 0) return [];
  const lines: number[] = [];
  let line = firstLine + countNewlines(recordText, 0, at);
  let pos = at;
  let depth = 0;
  for (let i = at; i < recordText.length; i++) {
    const c = recordText[i];
    if (c === '"') {
      i = skipString(recordText, i);
      continue;
    }
    if (c === '{' || c === '[') {
      if (depth === 1 && c === '{') {
        line += countNewlines(recordText, pos, i);
        pos = i;
        lines.push(line);
      }
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) break;
    }
  }
  return lines;
}

function findEventsArray(s: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"') {
      const end = skipString(s, i);
      if (depth === 1 && s.slice(i, end + 1) === '"events"') {
        const rest = /^\s*:\s*\[/.exec(s.slice(end + 1, end + 64));
        if (rest) return end + rest[0].length;
      }
      i = end;
      continue;
    }
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return -1;
}

function skipString(s: string, open: number): number {
  let i = open + 1;
  while (i < s.length) {
    if (s[i] === '\\') i += 2;
    else if (s[i] === '"') return i;
    else i++;
  }
  return i;
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i >= 0 && i < to; i = s.indexOf('\n', i + 1)) {
    n++;
  }
  return n;
}
