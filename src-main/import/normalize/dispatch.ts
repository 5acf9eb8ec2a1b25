/**
 * Chooses the normalizer for each source record from its own shape, so
 * one file may mix shapes and nothing depends on the file name.
 */
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

/** Normalizes one source record of any known shape. */
export function normalizeRecord(
  rec: SourceRecord,
  ctx: DispatchContext,
): NormalizeResult {
  if (rec.kind === 'csv') return normalizeRow(rec, ctx);
  const o = rec.value;
  if (isGwsActivity(o)) return normalizeGws(o, rec.text, rec.line, ctx.time);
  if (isUalRecord(o)) return normalizeUal(o);
  if (isSignIn(o)) return normalizeSignIn(o, ctx.time);
  if (isDirectoryAudit(o)) return normalizeAudit(o, ctx.time);
  return unknownShape(o);
}

function normalizeRow(
  rec: SourceRecord,
  ctx: DispatchContext,
): NormalizeResult {
  switch (ctx.csvKind) {
    case 'ual':
    case 'formatlist':
      return normalizeUalRow(rec.value);
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
