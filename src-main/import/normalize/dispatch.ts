/**
 * Chooses the normalizer for each source record from its own shape, so
 * one file may mix shapes and nothing depends on the file name. A record
 * nesting too deep is refused here, once its shape is known, before any
 * normalizer could recurse into it.
 */
import {
  MAX_DEPTH,
  textNestsDeeper,
  tooDeepProblem,
} from '../framing/depth.js';
import type { SourceRecord } from '../readers/reader.js';
import type { TimeContext } from '../time.js';
import { normalizeAudit, isDirectoryAudit } from './audit.js';
import {
  normalizeGwsRow,
  normalizePortalSignIn,
  normalizeUalRow,
  type CsvKind,
} from './csv-records.js';
import type { NormalizeResult, Obj } from './fields.js';
import { isGwsActivity, normalizeGws } from './gws.js';
import { isSignIn, normalizeSignIn } from './signin.js';
import { isUalRecord, normalizeUal } from './ual.js';

/** What the dispatcher needs to know about the file. */
export interface DispatchContext {
  csvKind: CsvKind | 'formatlist' | null;
  time: TimeContext;
}

type JsonNormalizer = (
  rec: SourceRecord,
  ctx: DispatchContext,
) => NormalizeResult;

const GWS: JsonNormalizer = (r, c) =>
  normalizeGws(r.value, r.text, r.line, c.time);
const UAL: JsonNormalizer = (r, c) => normalizeUal(r.value, c.time);
const SIGN_IN: JsonNormalizer = (r, c) => normalizeSignIn(r.value, c.time);
const AUDIT: JsonNormalizer = (r, c) => normalizeAudit(r.value, c.time);

/** Normalizes one source record of any known shape. */
export function normalizeRecord(
  rec: SourceRecord,
  ctx: DispatchContext,
): NormalizeResult {
  if (rec.kind === 'csv') return normalizeRow(rec, ctx);
  const o = rec.value;
  const normalize = normalizerOf(rec.tooDeep ? cutDown(o, SHAPE_LEVELS) : o);
  if (!normalize) return unknownShape(o);
  if (rec.tooDeep) return tooDeep();
  return normalize(rec, ctx);
}

function normalizerOf(o: Obj): JsonNormalizer | null {
  if (isGwsActivity(o)) return GWS;
  if (isUalRecord(o)) return UAL;
  if (isSignIn(o)) return SIGN_IN;
  if (isDirectoryAudit(o)) return AUDIT;
  return null;
}

/** Levels of a record the shape checks look into, and a margin. */
const SHAPE_LEVELS = 4;

/** A copy cut `levels` containers down, safe to stringify and inspect. */
function cutDown<T>(v: T, levels: number): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    return (levels > 0 ? v.map((x) => cutDown(x, levels - 1)) : []) as T;
  }
  const out: Obj = {};
  if (levels === 0) return out as T;
  for (const [k, x] of Object.entries(v as Obj)) {
    out[k] = cutDown(x, levels - 1);
  }
  return out as T;
}

/** True when a text field of a row (AuditData) is JSON nesting too deep. */
function holdsDeepJson(row: Obj): boolean {
  for (const k in row) {
    const v = row[k];
    if (typeof v === 'string' && v.length > MAX_DEPTH &&
      textNestsDeeper(v)) return true;
  }
  return false;
}

function tooDeep(): NormalizeResult {
  return {
    events: [],
    rejected: [tooDeepProblem(
      'no log record needs that, and reading it could exhaust the stack',
    )],
    warnings: [],
  };
}

function normalizeRow(
  rec: SourceRecord,
  ctx: DispatchContext,
): NormalizeResult {
  if (holdsDeepJson(rec.value)) return tooDeep();
  switch (ctx.csvKind) {
    case 'ual':
    case 'formatlist':
      return normalizeUalRow(rec.value, ctx.time);
    case 'signin-portal':
      return normalizePortalSignIn(rec.value, ctx.time);
    case 'gws-console':
    case 'gws-gam':
      return normalizeGwsRow(rec.value, ctx.csvKind, ctx.time, rec.line);
    case null:
      return unknownShape(rec.value);
  }
}

function unknownShape(o: Obj): NormalizeResult {
  const keys = Object.keys(o).slice(0, 8).join(', ');
  return {
    events: [],
    rejected: [
      {
        severity: 'error',
        code: 'UNKNOWN_RECORD',
        message: `record shape is not a known log record (keys: ${keys})`,
      },
    ],
    warnings: [],
  };
}
