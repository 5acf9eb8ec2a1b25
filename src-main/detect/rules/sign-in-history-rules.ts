/**
 * A user's sign-ins against their own history: a country or network
 * never seen before, and consecutive sign-ins too far apart to travel.
 */
import { idsOf } from '../buckets.js';
import {
  durationText,
  networkText,
  placeText,
  utc,
  utcDay,
} from '../describe.js';
import { groupRuns, scanEvents, type Ev } from '../event-scan.js';
import { distanceKm, speedKmh } from '../geo-math.js';
import type { FindingDraft, Rule, RuleContext } from '../rule.js';
import { isSuccess, SUCCESS_OPERATIONS } from '../sign-ins.js';

const DAY_MS = 86_400_000;

function successRows(ctx: RuleContext, where: string): Iterable<Ev> {
  return scanEvents(ctx.db, {
    operations: SUCCESS_OPERATIONS,
    where: `result = 'success' AND actor IS NOT NULL AND ${where}`,
    order: 'actor',
  });
}

/** What a first-seen rule watches: country or network. */
interface Facet {
  name: 'country' | 'network';
  valueOf: (e: Ev) => string | null;
  textOf: (e: Ev) => string;
}

const COUNTRY: Facet = {
  name: 'country',
  valueOf: (e) => e.country,
  textOf: (e) => placeText(e),
};

const NETWORK: Facet = {
  name: 'network',
  valueOf: (e) => (e.asn === null ? null : `AS${e.asn}`),
  textOf: (e) => `${networkText(e)} (${placeText({ ...e, asn: null })})`,
};

/** Whether the case is long enough to call anything "first seen". */
function enoughCaseHistory(ctx: RuleContext): boolean {
  const need = ctx.policy.threshold('firstSeen.minHistoryDays');
  const have = ctx.span ? (ctx.span.lastMs - ctx.span.firstMs) / DAY_MS : 0;
  if (have >= need) return true;
  ctx.note(
    `not enough history: the case covers ${have.toFixed(1)} days; ` +
      `first-seen rules need ${need} (firstSeen.minHistoryDays)`,
  );
  return false;
}

function firstSeen(ctx: RuleContext, facet: Facet): FindingDraft[] {
  if (!enoughCaseHistory(ctx)) return [];
  const drafts: FindingDraft[] = [];
  let shortUsers = 0;
  const where = facet.name === 'country' ? 'country IS NOT NULL'
    : 'asn IS NOT NULL';
  for (const [actor, rows] of groupRuns(successRows(ctx, where),
    (e) => e.actor)) {
    const r = sightings(ctx, facet, actor, rows.filter(isSuccess));
    drafts.push(...r.drafts);
    if (r.short) shortUsers++;
  }
  if (shortUsers) {
    ctx.note(
      `not enough history for ${shortUsers} user(s): a new ${facet.name} ` +
        'within their first firstSeen.minHistoryDays days was not judged',
    );
  }
  return drafts;
}

interface Sighting {
  value: string;
  day: string;
  rows: Ev[];
  lastSeenMs: number | null;
  historyDays: number;
}

function sightings(
  ctx: RuleContext,
  facet: Facet,
  actor: string,
  rows: Ev[],
): { drafts: FindingDraft[]; short: boolean } {
  const minMs = ctx.policy.threshold('firstSeen.minHistoryDays') * DAY_MS;
  const lookMs = ctx.policy.threshold('firstSeen.lookbackDays') * DAY_MS;
  const lastSeen = new Map<string, number>();
  const countries = new Set<string>();
  const found: Sighting[] = [];
  let short = false;
  const start = rows[0]?.time_ms ?? 0;
  for (const e of rows) {
    const v = facet.valueOf(e);
    if (v === null) continue;
    const prev = lastSeen.get(v);
    lastSeen.set(v, e.time_ms);
    const known = e.country !== null && countries.has(e.country);
    if (e.country) countries.add(e.country);
    // A trusted or excepted sign-in is history, never a finding.
    if (ctx.policy.suppressesGeo(actor, e, e.time_ms)) continue;
    if (facet.name === 'network' && known &&
      ctx.lists.mobileCarrier(e.asn)) continue;
    const open = found.find((s) => s.value === v &&
      s.day === utcDay(e.time_ms));
    if (open) {
      open.rows.push(e);
      continue;
    }
    if (prev !== undefined && e.time_ms - prev <= lookMs) continue;
    if (e.time_ms - start < minMs) {
      short ||= prev === undefined && lastSeen.size > 1;
      continue;
    }
    found.push({ value: v, day: utcDay(e.time_ms), rows: [e],
      lastSeenMs: prev ?? null, historyDays: (e.time_ms - start) / DAY_MS });
  }
  return { drafts: found.map((s) => sightingDraft(ctx, facet, actor, s)),
    short };
}

function sightingDraft(
  ctx: RuleContext,
  facet: Facet,
  actor: string,
  s: Sighting,
): FindingDraft {
  const e = s.rows[0];
  const days = Math.floor(s.historyDays);
  const before =
    s.lastSeenMs === null
      ? `not seen for this user in the ${days} days of sign-in history ` +
        'before it'
      : `last seen ${Math.floor((e.time_ms - s.lastSeenMs) / DAY_MS)} ` +
        'days earlier';
  return {
    key: `${actor}|${s.value}|${s.day}`,
    actor,
    eventIds: idsOf(s.rows),
    matched: {
      [facet.name]: s.value,
      place: placeText(e),
      ip: e.ip,
      firstTime: utc(e.time_ms),
      historyDays: days,
      lastSeen: s.lastSeenMs === null ? null : utc(s.lastSeenMs),
      lookbackDays: ctx.policy.threshold('firstSeen.lookbackDays'),
    },
    explanation:
      `First sign-in by ${actor} from ${facet.name} ${facet.textOf(e)} at ` +
      `${utc(e.time_ms)} (IP ${e.ip}): ${before}`,
  };
}

/** A country the user has not signed in from before (D03). */
export const FIRST_SEEN_COUNTRY: Rule = {
  id: 'first-seen-country',
  title: 'Sign-in from a country new for the user',
  severity: 'medium',
  technique: 'T1078.004',
  description:
    'A successful sign-in from a country the user had not signed in ' +
    'from within firstSeen.lookbackDays. Needs firstSeen.minHistoryDays ' +
    'of history in the case and for the user; says "not enough history" ' +
    'instead of guessing. Trusted networks and travel exceptions suppress.',
  run: (ctx) => firstSeen(ctx, COUNTRY),
};

/** A network (ASN) the user has not signed in from before (D03). */
export const FIRST_SEEN_NETWORK: Rule = {
  id: 'first-seen-asn',
  title: 'Sign-in from a network (ASN) new for the user',
  severity: 'low',
  technique: 'T1078.004',
  description:
    'Like first-seen-country, for the autonomous system of the address: ' +
    'a new home ISP is common, so it is low severity; a mobile carrier ' +
    '(resources/detect/mobile-carrier-asns.json) in a country the user ' +
    'already signed in from is roaming, not reported.',
  run: (ctx) => firstSeen(ctx, NETWORK),
};

/** One leg between two successful sign-ins of a user. */
interface Hop {
  from: Ev;
  to: Ev;
  km: number;
  kmh: number;
}

function impossibleTravel(ctx: RuleContext): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  const rows = successRows(ctx, 'lat IS NOT NULL AND city IS NOT NULL');
  for (const [actor, userRows] of groupRuns(rows, (e) => e.actor)) {
    const byDay = new Map<string, Hop[]>();
    for (const hop of hops(ctx, actor, userRows.filter(isSuccess))) {
      const day = utcDay(hop.to.time_ms);
      byDay.set(day, [...(byDay.get(day) ?? []), hop]);
    }
    for (const [day, list] of byDay) {
      drafts.push(travelDraft(ctx, actor, day, list));
    }
  }
  return drafts;
}

function* hops(ctx: RuleContext, actor: string, rows: Ev[]): Generator<Hop> {
  const minKm = ctx.policy.threshold('travel.minKm');
  const minKmh = ctx.policy.threshold('travel.minKmh');
  let prev: Ev | null = null;
  for (const e of rows) {
    if (ctx.policy.suppressesGeo(actor, e, e.time_ms)) continue;
    if (prev && prev.ip !== e.ip) {
      const km = distanceKm(point(prev), point(e));
      const kmh = speedKmh(km, e.time_ms - prev.time_ms);
      if (km >= minKm && kmh >= minKmh) yield { from: prev, to: e, km, kmh };
    }
    prev = e;
  }
}

function point(e: Ev): { lat: number; lon: number } {
  return { lat: e.lat as number, lon: e.lon as number };
}

function travelDraft(
  ctx: RuleContext,
  actor: string,
  day: string,
  list: Hop[],
): FindingDraft {
  const fastest = list.reduce((a, b) => (b.kmh > a.kmh ? b : a));
  const { from, to } = fastest;
  const prefix = list.length > 1 ? `Fastest of ${list.length} hops: ` : '';
  const caveat = travelCaveat(ctx, from, to);
  return {
    key: `${actor}|${day}`,
    actor,
    eventIds: [...new Set(list.flatMap((h) => [h.from.id, h.to.id]))],
    severity: caveat ? 'low' : 'high',
    matched: {
      from: pointOf(from),
      to: pointOf(to),
      km: Math.round(fastest.km),
      minutes: Math.round((to.time_ms - from.time_ms) / 60_000),
      kmh: Math.round(fastest.kmh),
      hops: list.length,
      caveat: caveat ? caveat.slice(2) : null,
      limits: {
        km: ctx.policy.threshold('travel.minKm'),
        kmh: ctx.policy.threshold('travel.minKmh'),
      },
    },
    explanation:
      `${prefix}${actor} signed in from ${placeText(from)} at ` +
      `${utc(from.time_ms)} (IP ${from.ip}) and from ${placeText(to)} at ` +
      `${utc(to.time_ms)} (IP ${to.ip}): ${Math.round(fastest.km)} km in ` +
      `${durationText(to.time_ms - from.time_ms)}, ` +
      `${Math.round(fastest.kmh)} km/h${caveat}`,
  };
}

/**
 * Why a hop may not be travel: a hosting or VPN point, or a mobile
 * carrier in the same country (its addresses geolocate to a hub).
 */
function travelCaveat(ctx: RuleContext, from: Ev, to: Ev): string {
  const hosting = [from, to].find((e) => ctx.lists.hostingNetwork(e.asn));
  if (hosting) {
    return `; ${hosting.ip} is in a hosting or VPN network, so one point ` +
      'may not be where the person was';
  }
  const mobile = [from, to].find((e) => ctx.lists.mobileCarrier(e.asn));
  if (mobile && from.country === to.country) {
    return `; ${mobile.ip} is on mobile carrier AS${mobile.asn}, whose ` +
      "addresses are placed at the carrier's hub, not at the phone";
  }
  return '';
}

function pointOf(e: Ev): Record<string, unknown> {
  return {
    time: utc(e.time_ms),
    ip: e.ip,
    country: e.country,
    city: e.city,
    lat: e.lat,
    lon: e.lon,
    asn: e.asn,
  };
}

/** Consecutive sign-ins too far apart for the time between them (D04). */
export const IMPOSSIBLE_TRAVEL: Rule = {
  id: 'impossible-travel',
  title: 'Impossible travel between consecutive sign-ins',
  severity: 'high',
  technique: 'T1078.004',
  description:
    'Two consecutive successful sign-ins of a user, both geolocated to a ' +
    'city, at least travel.minKm apart at travel.minKmh or faster. Both ' +
    'points, the distance and the speed are in the finding; low when one ' +
    'point is a hosting or VPN network, or a mobile carrier within the ' +
    'same country. Per user and UTC day.',
  run: impossibleTravel,
};
