/**
 * The policy editor's text fields and the policy they stand for: lists
 * are written one item per line or comma-separated, regions as
 * `CC:Region`, travel exceptions as `user:CC:from:to`. The main process
 * validates the result; this only splits and joins text.
 */
import type { Policy, TravelException } from '../../src-shared/domain.js';

/** The policy as the editor's text fields hold it. */
export interface PolicyText {
  allowedCountries: string;
  allowedRegions: string;
  trustedNetworks: string;
  trustedAsns: string;
  travelExceptions: string;
  thresholds: Record<string, string>;
}

/** A date, or an ISO UTC time, of a travel exception. */
const WHEN = String.raw`\d{4}-\d{2}-\d{2}(?:T[0-9:.]+Z)?`;
const TRAVEL = new RegExp(`^([^:\\s]+):([A-Za-z]{2}):(${WHEN}):(${WHEN})$`);

function items(text: string): string[] {
  return text.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
}

/** Writes a policy into the editor's fields. */
export function policyToText(p: Policy): PolicyText {
  const regions = Object.entries(p.allowedRegions)
    .flatMap(([cc, names]) => names.map((n) => `${cc}:${n}`));
  return {
    allowedCountries: p.allowedCountries.join(', '),
    allowedRegions: regions.join('\n'),
    trustedNetworks: p.trustedNetworks.join('\n'),
    trustedAsns: p.trustedAsns.join(', '),
    travelExceptions: p.travelExceptions
      .map((t) => `${t.user}:${t.country}:${t.from}:${t.to}`).join('\n'),
    thresholds: Object.fromEntries(Object.entries(p.thresholds)
      .map(([k, v]) => [k, String(v)])),
  };
}

/** Reads the editor's fields into a policy, or the first problem. */
export function textToPolicy(t: PolicyText): Policy | string {
  const regions: Record<string, string[]> = {};
  for (const r of items(t.allowedRegions)) {
    const m = /^([A-Za-z]{2}):(.+)$/.exec(r);
    if (!m) return `region "${r}": write it as CC:Region, e.g. GB:England`;
    (regions[m[1].toUpperCase()] ??= []).push(m[2].trim());
  }
  const travel: TravelException[] = [];
  for (const line of items(t.travelExceptions)) {
    const m = TRAVEL.exec(line);
    if (!m) return `travel "${line}": write it as user:CC:from:to`;
    travel.push({ user: m[1], country: m[2].toUpperCase(), from: m[3],
      to: m[4] });
  }
  const thresholds: Record<string, number> = {};
  for (const [name, value] of Object.entries(t.thresholds)) {
    if (value.trim() === '') continue;
    const n = Number(value);
    if (!Number.isFinite(n)) return `threshold ${name}: "${value}" is no number`;
    thresholds[name] = n;
  }
  const asns = items(t.trustedAsns).map((a) => Number(a.replace(/^AS/i, '')));
  if (asns.some((a) => !Number.isInteger(a))) {
    return 'trusted ASNs: write whole numbers, e.g. 22616';
  }
  return {
    allowedCountries: items(t.allowedCountries).map((c) => c.toUpperCase()),
    allowedRegions: regions,
    trustedNetworks: items(t.trustedNetworks),
    trustedAsns: asns,
    travelExceptions: travel,
    thresholds,
  };
}
