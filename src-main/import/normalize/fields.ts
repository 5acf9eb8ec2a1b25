/**
 * Reading fields of source records whatever their key casing, and the
 * shapes every normalizer produces.
 */
import type { Result } from '../../../src-shared/domain.js';
import type { NormalizedIp } from '../ip.js';

/** A parsed source record. */
export type Obj = Record<string, unknown>;

/** One normalized event before enrichment and storage. */
export interface EventDraft {
  timeMs: number;
  timeText: string;
  source: string;
  workload: string | null;
  operation: string;
  result: Result;
  resultCode: string | null;
  actor: string | null;
  actorOriginal: string | null;
  actorId: string | null;
  target: string | null;
  ip: NormalizedIp;
  userAgent: string | null;
  clientApp: string | null;
  sessionId: string | null;
  correlationId: string | null;
  recordId: string | null;
  tenantId: string | null;
  sourceLocation: Obj | null;
  dedupeKey: string | null;
  details: Obj | null;
  line?: number;
  /**
   * The source record that decides whether two copies sharing a
   * de-duplication key are the same record; when absent, the normalized
   * fields decide.
   */
  content?: Obj;
}

/** A problem a normalizer found in one record. */
export interface RecordProblem {
  severity: 'info' | 'warning' | 'error';
  code: string;
  message: string;
  line?: number;
}

/**
 * The warning for a zone-less local time that the clocks showed twice;
 * `note` (from readTime) names both instants and the one stored.
 */
export function ambiguousTime(
  name: string,
  value: string,
  note: string,
): RecordProblem {
  return {
    severity: 'warning',
    code: 'AMBIGUOUS_LOCAL_TIME',
    message: `${name} '${value}' ${note}`,
  };
}

/** What normalizing one source record gives. */
export interface NormalizeResult {
  events: EventDraft[];
  rejected: RecordProblem[];
  warnings: RecordProblem[];
}

/**
 * Reads a field by exact name, falling back to a case-insensitive match
 * (the last such key wins). The fallback scans the keys in place: most
 * lookups of a record miss (a name another shape uses), and building a
 * lower-case map per record cost more than the rest of normalizing.
 */
export function field(o: Obj, name: string): unknown {
  const v = o[name];
  if (v !== undefined) return v;
  const lower = name.toLowerCase();
  let found: string | undefined;
  for (const k in o) {
    if (k.length === name.length && k.toLowerCase() === lower) found = k;
  }
  return found === undefined ? undefined : o[found];
}

/** The first present field among several names. */
export function first(o: Obj, ...names: string[]): unknown {
  for (const n of names) {
    const v = field(o, n);
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

/** A field as trimmed text, or null when absent or empty. */
export function text(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'object') return JSON.stringify(v);
  const s = String(v).trim();
  return s === '' ? null : s;
}

/** A field as an object, also when it arrives as JSON text. */
export function obj(v: unknown): Obj | null {
  if (v && typeof v === 'object' && !Array.isArray(v)) return v as Obj;
  if (typeof v === 'string' && v.trim().startsWith('{')) {
    try {
      return JSON.parse(v) as Obj;
    } catch {
      return null;
    }
  }
  return null;
}

/** A field as an array, also when it arrives as JSON text. */
export function arr(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string' && v.trim().startsWith('[')) {
    try {
      const parsed = JSON.parse(v) as unknown;
      return Array.isArray(parsed) ? parsed : [];
    } catch {
      return [];
    }
  }
  return [];
}

/** Name/Value pairs (UAL Parameters, ExtendedProperties) as a map. */
export function nameValues(v: unknown): Map<string, string> {
  const out = new Map<string, string>();
  for (const item of arr(v)) {
    const o = obj(item);
    if (!o) continue;
    const name = text(first(o, 'Name', 'name', 'key'));
    if (name === null) continue;
    const value = first(o, 'Value', 'value', 'NewValue');
    if (!out.has(name)) out.set(name, text(value) ?? '');
  }
  return out;
}

/** Lowercases user principal names and e-mail addresses, keeps others. */
export function normalizeActor(v: unknown): {
  actor: string | null;
  original: string | null;
} {
  const original = text(v);
  if (original === null) return { actor: null, original: null };
  const looksLikeAddress = /^[^\s@]+@[^\s@]+$/.test(original);
  return {
    actor: looksLikeAddress ? original.toLowerCase() : original,
    original,
  };
}
