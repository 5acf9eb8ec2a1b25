/**
 * Validation of the tenant policy: every field checked, every problem
 * reported with the field it is in.
 */
import { z } from 'zod';
import type { Policy } from '../../src-shared/domain.js';
import { TrailError } from '../../src-shared/errors.js';
import { parseCidr } from './networks.js';
import { isThresholdName, THRESHOLDS } from './thresholds.js';

const COUNTRY = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .refine((s) => /^[A-Z]{2}$/.test(s), {
    message: 'is not a two-letter ISO 3166 country code',
  });

const TIME = z
  .string()
  .refine((s) => windowTime(s, 'from') !== null, {
    message: 'is not a date (YYYY-MM-DD) or an ISO 8601 UTC time',
  });

const TRAVEL = z
  .object({
    user: z
      .string()
      .transform((s) => s.trim().toLowerCase())
      .refine((s) => s.length > 0, { message: 'is empty' }),
    country: COUNTRY,
    from: TIME,
    to: TIME,
  })
  .strict()
  .refine((t) => travelWindow(t).fromMs <= travelWindow(t).toMs, {
    message: 'ends before it starts',
    path: ['to'],
  });

const THRESHOLD_VALUE = z.number().finite().positive();

const SCHEMA = z
  .object({
    allowedCountries: z.array(COUNTRY).default([]),
    allowedRegions: z
      .record(z.array(z.string().trim().min(1)).min(1))
      .default({}),
    trustedNetworks: z
      .array(
        z.string().refine((s) => parseCidr(s) !== null, {
          message: 'is not an IPv4 or IPv6 CIDR range',
        }),
      )
      .default([]),
    trustedAsns: z
      .array(z.number().int().positive().max(4_294_967_295))
      .default([]),
    travelExceptions: z.array(TRAVEL).default([]),
    thresholds: z
      .record(THRESHOLD_VALUE)
      .superRefine(checkThresholdNames)
      .default({}),
  })
  .strict()
  .superRefine(checkRegionCountries);

function checkThresholdNames(
  t: Record<string, number>,
  ctx: z.RefinementCtx,
): void {
  for (const name of Object.keys(t)) {
    if (isThresholdName(name)) continue;
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: [name],
      message:
        'is not a known threshold (known: ' +
        `${THRESHOLDS.map((x) => x.name).join(', ')})`,
    });
  }
}

function checkRegionCountries(
  p: { allowedRegions: Record<string, string[]> },
  ctx: z.RefinementCtx,
): void {
  for (const cc of Object.keys(p.allowedRegions)) {
    if (/^[A-Z]{2}$/.test(cc)) continue;
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['allowedRegions', cc],
      message: 'is not an upper-case two-letter ISO 3166 country code',
    });
  }
}

/** Checks a policy value; throws BAD_REQUEST naming every bad field. */
export function validatePolicy(value: unknown): Policy {
  const r = SCHEMA.safeParse(value);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => {
    const at = i.path.reduce<string>(
      (s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p),
      '',
    );
    return `${at || 'policy'} ${describeIssue(i, value)}`;
  });
  throw new TrailError('BAD_REQUEST', `invalid policy: ${problems.join('; ')}`);
}

function describeIssue(i: z.ZodIssue, root: unknown): string {
  const v = valueAt(root, i.path);
  const shown = v === undefined ? '' : ` (${JSON.stringify(v)})`;
  if (i.code === z.ZodIssueCode.unrecognized_keys) {
    return `has unknown field(s) ${i.keys.join(', ')}`;
  }
  return `${i.message}${shown}`;
}

function valueAt(root: unknown, path: (string | number)[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

/** A travel exception's window in epoch milliseconds, both ends included. */
export function travelWindow(t: { from: string; to: string }): {
  fromMs: number;
  toMs: number;
} {
  return {
    fromMs: windowTime(t.from, 'from') ?? NaN,
    toMs: windowTime(t.to, 'to') ?? NaN,
  };
}

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;

/** A date is the whole UTC day: its start for `from`, its end for `to`. */
function windowTime(s: string, end: 'from' | 'to'): number | null {
  const t = s.trim();
  if (DATE_ONLY.test(t)) {
    const ms = Date.parse(`${t}T00:00:00Z`);
    if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== t) {
      return null;
    }
    return end === 'from' ? ms : ms + DAY_MS - 1;
  }
  if (!ISO_UTC.test(t)) return null;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? null : ms;
}
