/**
 * Edits of the tenant policy as the CLI and the app express them:
 * replace the allowed countries, add regions, networks, ASNs, travel
 * exceptions, set thresholds, or clear a list.
 */
import type { Policy, TravelException } from '../../src-shared/domain.js';
import { TrailError } from '../../src-shared/errors.js';

/** The fields a `clear` edit may empty. */
export const CLEARABLE = [
  'allowedCountries',
  'allowedRegions',
  'trustedNetworks',
  'trustedAsns',
  'travelExceptions',
  'thresholds',
] as const;

/** A policy field that can be cleared. */
export type ClearableField = (typeof CLEARABLE)[number];

/** A set of edits; each given part is applied in the order listed. */
export interface PolicyEdit {
  clear?: ClearableField[];
  allowCountries?: string[];
  allowRegions?: string[];
  trustedNetworks?: string[];
  trustedAsns?: number[];
  travel?: string[];
  thresholds?: string[];
}

/** Applies edits to a policy; the result still needs validation. */
export function applyPolicyEdit(p: Policy, e: PolicyEdit): Policy {
  const out = structuredClone(p);
  for (const field of e.clear ?? []) clearField(out, field);
  if (e.allowCountries) out.allowedCountries = countries(e.allowCountries);
  for (const spec of e.allowRegions ?? []) addRegion(out, spec);
  const nets = (e.trustedNetworks ?? []).map((n) => n.trim());
  out.trustedNetworks = [...new Set([...out.trustedNetworks, ...nets])];
  const asns = e.trustedAsns ?? [];
  out.trustedAsns = [...new Set([...out.trustedAsns, ...asns])];
  for (const spec of e.travel ?? []) {
    out.travelExceptions.push(parseTravel(spec));
  }
  for (const spec of e.thresholds ?? []) {
    const [name, value] = parseThreshold(spec);
    out.thresholds[name] = value;
  }
  return out;
}

function clearField(p: Policy, field: ClearableField): void {
  if (!(CLEARABLE as readonly string[]).includes(field)) {
    throw new TrailError(
      'BAD_REQUEST',
      `cannot clear '${field}'; clearable: ${CLEARABLE.join(', ')}`,
    );
  }
  if (field === 'allowedRegions' || field === 'thresholds') p[field] = {};
  else p[field] = [];
}

function countries(values: string[]): string[] {
  const codes = values.map((v) => v.trim().toUpperCase()).filter(Boolean);
  return [...new Set(codes)];
}

/** `GB:England` adds England to the allowed regions of GB. */
function addRegion(p: Policy, spec: string): void {
  const m = /^([A-Za-z]{2}):(.+)$/.exec(spec.trim());
  if (!m) {
    throw new TrailError(
      'BAD_REQUEST',
      `--allow-region ${spec}: expected COUNTRY:Region, e.g. GB:England`,
    );
  }
  const cc = m[1].toUpperCase();
  const list = p.allowedRegions[cc] ?? [];
  if (!list.includes(m[2].trim())) list.push(m[2].trim());
  p.allowedRegions[cc] = list;
}

const WHEN = String.raw`\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z)?`;
const TRAVEL_SPEC = new RegExp(
  String.raw`^([^:\s]+):([A-Za-z]{2}):(${WHEN}):(${WHEN})$`,
);

/** `user:CC:from:to`, dates as YYYY-MM-DD or ISO UTC times. */
export function parseTravel(spec: string): TravelException {
  const m = TRAVEL_SPEC.exec(spec.trim());
  if (!m) {
    throw new TrailError(
      'BAD_REQUEST',
      `--travel ${spec}: expected user:COUNTRY:from:to, ` +
        'e.g. jo@example.com:JP:2026-10-01:2026-10-09',
    );
  }
  return {
    user: m[1].toLowerCase(),
    country: m[2].toUpperCase(),
    from: m[3],
    to: m[4],
  };
}

function parseThreshold(spec: string): [string, number] {
  const m = /^([\w.]+)=(.+)$/.exec(spec.trim());
  const value = m ? Number(m[2]) : NaN;
  if (!m || !Number.isFinite(value)) {
    throw new TrailError(
      'BAD_REQUEST',
      `--threshold ${spec}: expected name=number, e.g. spray.minUsers=5`,
    );
  }
  return [m[1], value];
}
