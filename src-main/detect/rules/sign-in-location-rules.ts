/**
 * Where sign-ins come from: successes and failures outside the allowed
 * countries, and sign-ins from hosting, cloud or VPN networks.
 */
import { bucket, idsOf } from '../buckets.js';
import {
  countOf,
  distinct,
  listText,
  networkText,
  placeText,
  utc,
  utcDay,
} from '../describe.js';
import { groupRuns, scanEvents, type Ev } from '../event-scan.js';
import { parseDetails } from '../record-fields.js';
import type { FindingDraft, Rule, RuleContext } from '../rule.js';
import {
  FAILURE_OPERATIONS,
  isFailure,
  isSuccess,
  SIGN_IN_OPERATIONS,
  SUCCESS_OPERATIONS,
} from '../sign-ins.js';

const NO_PLACES =
  'no allowed countries in the policy; set them with ' +
  '`tenant-trail policy <case> --allow-countries ...`';

/** Sign-ins outside the allowed places that the policy does not excuse. */
function outsideRows(ctx: RuleContext, ops: readonly string[]): Iterable<Ev> {
  return scanEvents(ctx.db, {
    operations: ops,
    where: 'country IS NOT NULL AND actor IS NOT NULL',
    order: 'actor',
  });
}

function isOutside(ctx: RuleContext, e: Ev): boolean {
  if (!e.country) return false;
  if (ctx.policy.placeVerdict(e.country, e.region) === 'allowed') return false;
  return !ctx.policy.suppressesGeo(e.actor, e, e.time_ms);
}

function regionMatters(ctx: RuleContext, e: Ev): boolean {
  return ctx.policy.placeVerdict(e.country ?? '', e.region) ===
    'outside-region';
}

/** Common matched values of a group of sign-ins from one country. */
function geoMatched(ctx: RuleContext, rows: Ev[]): Record<string, unknown> {
  const first = rows[0];
  return {
    country: first.country,
    regions: distinct(rows.map((r) => r.region)),
    cities: distinct(rows.map((r) => r.city)),
    ips: distinct(rows.map((r) => r.ip)),
    networks: distinct(rows.map((r) => networkText(r))),
    firstTime: utc(first.time_ms),
    lastTime: utc(rows[rows.length - 1].time_ms),
    count: rows.length,
    allowed: ctx.policy.describeAllowed(),
  };
}

function outsideSuccess(ctx: RuleContext): FindingDraft[] {
  if (!ctx.policy.hasAllowedPlaces()) {
    ctx.note(NO_PLACES);
    return [];
  }
  const drafts: FindingDraft[] = [];
  const rows = outsideRows(ctx, SUCCESS_OPERATIONS);
  for (const [actor, userRows] of groupRuns(rows, (e) => e.actor)) {
    const hits = userRows.filter((e) => isSuccess(e) && isOutside(ctx, e));
    const groups = bucket(hits, (e) => `${e.country}|${utcDay(e.time_ms)}`);
    for (const [key, group] of groups) {
      drafts.push(successDraft(ctx, actor, key, group));
    }
  }
  return drafts;
}

function successDraft(
  ctx: RuleContext,
  actor: string,
  key: string,
  rows: Ev[],
): FindingDraft {
  const first = rows[0];
  const byRegion = regionMatters(ctx, first);
  const place = placeText(first, byRegion);
  const allowed = ctx.policy.describeAllowed();
  const devices = distinct(rows.map((r) => deviceOf(r)));
  const text =
    rows.length === 1
      ? `Sign-in by ${actor} succeeded from ${place} at ` +
        `${utc(first.time_ms)} (IP ${first.ip})`
      : `${rows.length} sign-ins by ${actor} succeeded from ` +
        `${first.country} on ${utcDay(first.time_ms)}, first at ` +
        `${utc(first.time_ms)} from ${first.ip} (${place})`;
  return {
    key: `${actor}|${key}`,
    actor,
    eventIds: idsOf(rows),
    severity: byRegion ? 'medium' : 'high',
    matched: {
      ...geoMatched(ctx, rows),
      clientApps: distinct(rows.map((r) => r.client_app)),
      deviceIds: devices,
      outside: byRegion ? 'region' : 'country',
    },
    explanation: `${text}; allowed countries are ${allowed}`,
  };
}

function deviceOf(e: Ev): string | null {
  if (e.source !== 'entra-signin' || !e.details) return null;
  const id = parseDetails(e.details).deviceId;
  return typeof id === 'string' && id !== '' ? id : null;
}

/** Successful sign-in from a country outside the policy (D01). */
export const SIGN_IN_OUTSIDE_ALLOWED: Rule = {
  id: 'signin-outside-allowed',
  title: 'Successful sign-in from outside the allowed countries',
  severity: 'high',
  technique: 'T1078.004',
  description:
    'A successful sign-in (Entra, UAL UserLoggedIn, Google login_success) ' +
    'geolocated to a country, or a region of a partly allowed country, ' +
    'that the tenant policy does not allow. One finding per user, ' +
    'country and UTC day; a disallowed region of an allowed country ' +
    'is medium. Trusted networks and travel exceptions suppress it.',
  run: outsideSuccess,
};

function outsideFailures(ctx: RuleContext): FindingDraft[] {
  if (!ctx.policy.hasAllowedPlaces()) {
    ctx.note(NO_PLACES);
    return [];
  }
  const groups = new Map<string, Ev[]>();
  for (const e of outsideRows(ctx, FAILURE_OPERATIONS)) {
    if (!isFailure(e) || !isOutside(ctx, e)) continue;
    const key = `${e.actor}|${e.country}|${utcDay(e.time_ms)}`;
    const list = groups.get(key) ?? [];
    list.push(e);
    groups.set(key, list);
  }
  const usersPerDay = countUsersPerCountryDay(groups);
  return [...groups].map(([key, rows]) =>
    failureDraft(ctx, key, rows, usersPerDay),
  );
}

function countUsersPerCountryDay(
  groups: Map<string, Ev[]>,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const key of groups.keys()) {
    const countryDay = key.slice(key.indexOf('|') + 1);
    out.set(countryDay, (out.get(countryDay) ?? 0) + 1);
  }
  return out;
}

function failureDraft(
  ctx: RuleContext,
  key: string,
  rows: Ev[],
  usersPerDay: Map<string, number>,
): FindingDraft {
  const first = rows[0];
  const actor = first.actor as string;
  const users = usersPerDay.get(key.slice(key.indexOf('|') + 1)) ?? 1;
  const many = users >= ctx.policy.threshold('failedOutside.minUsers');
  const codes = distinct(rows.map((r) => r.result_code));
  const place = placeText(first, regionMatters(ctx, first));
  const head =
    rows.length === 1
      ? `Sign-in by ${actor} failed from ${place} at ${utc(first.time_ms)} ` +
        `(IP ${first.ip}, code ${codes.join(', ') || 'none'})`
      : `${rows.length} sign-ins by ${actor} failed from ${place} on ` +
        `${utcDay(first.time_ms)}, first at ${utc(first.time_ms)} ` +
        `(codes ${codes.join(', ') || 'none'})`;
  const crowd = many
    ? `; ${users} accounts failed from ${first.country} that day`
    : '';
  return {
    key,
    actor,
    eventIds: idsOf(rows),
    severity: many ? 'medium' : 'low',
    matched: { ...geoMatched(ctx, rows), codes,
      usersFromCountryThatDay: users },
    explanation:
      `${head}${crowd}; allowed countries are ${ctx.policy.describeAllowed()}`,
  };
}

/** Failed sign-ins from a country outside the policy (D02). */
export const FAILED_SIGN_IN_OUTSIDE_ALLOWED: Rule = {
  id: 'failed-signin-outside-allowed',
  title: 'Failed sign-ins from outside the allowed countries',
  severity: 'low',
  technique: 'T1110',
  description:
    'Refused sign-ins (wrong password, locked account; MFA and other ' +
    'interrupts excluded) from outside the allowed places, per user, ' +
    'country and UTC day. Medium when at least failedOutside.minUsers ' +
    'accounts failed from that country the same day.',
  run: outsideFailures,
};

function hostingSignIns(ctx: RuleContext): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  const rows = scanEvents(ctx.db, {
    operations: SIGN_IN_OPERATIONS,
    where: 'asn IS NOT NULL AND actor IS NOT NULL',
    order: 'actor',
  });
  for (const [actor, userRows] of groupRuns(rows, (e) => e.actor)) {
    const hits = userRows.filter((e) => isHostingSignIn(ctx, e));
    const groups = bucket(hits, (e) => `${e.asn}|${utcDay(e.time_ms)}`);
    for (const [key, group] of groups) {
      drafts.push(hostingDraft(ctx, actor, key, group));
    }
  }
  return drafts;
}

function isHostingSignIn(ctx: RuleContext, e: Ev): boolean {
  if (!isSuccess(e) && !isFailure(e)) return false;
  if (ctx.policy.isTrusted(e.ip, e.asn)) return false;
  return ctx.lists.hostingNetwork(e.asn) !== null;
}

function hostingDraft(
  ctx: RuleContext,
  actor: string,
  key: string,
  rows: Ev[],
): FindingDraft {
  const first = rows[0];
  const net = ctx.lists.hostingNetwork(first.asn);
  const ok = rows.filter(isSuccess);
  const mfa = ok.some(
    (r) =>
      parseDetails(r.details).authenticationRequirement ===
      'multiFactorAuthentication',
  );
  const where = `${net?.kind} network AS${first.asn} ${net?.org} ` +
    `(${placeText({ ...first, asn: null })})`;
  const head =
    rows.length === 1
      ? `Sign-in by ${actor} ${ok.length ? 'succeeded' : 'failed'} from ` +
        `${first.ip} in ${where} at ${utc(first.time_ms)}`
      : `${countOf(rows.length, 'sign-in')} by ${actor} ` +
        `(${ok.length} succeeded) from ${where} on ` +
        `${utcDay(first.time_ms)}, IPs ` +
        listText(distinct(rows.map((r) => r.ip)));
  const aitm = mfa
    ? '; MFA was satisfied from a rented server, which points to an ' +
      'adversary-in-the-middle proxy'
    : '';
  return {
    key: `${actor}|${key}`,
    actor,
    eventIds: idsOf(rows),
    severity: mfa ? 'high' : ok.length ? 'medium' : 'low',
    matched: {
      asn: first.asn,
      org: net?.org,
      kind: net?.kind,
      ips: distinct(rows.map((r) => r.ip)),
      countries: distinct(rows.map((r) => r.country)),
      successes: ok.length,
      failures: rows.length - ok.length,
      mfaSatisfied: mfa,
      firstTime: utc(first.time_ms),
    },
    explanation: `${head}${aitm}`,
  };
}

/** Sign-in from a hosting, cloud or VPN network (D05). */
export const HOSTING_NETWORK_SIGN_IN: Rule = {
  id: 'hosting-network-signin',
  title: 'Sign-in from a hosting, cloud or VPN network',
  severity: 'medium',
  technique: 'T1078.004',
  description:
    'A sign-in whose network is on the shipped list of hosting, cloud ' +
    'and VPN providers (resources/detect/hosting-asns.json; security ' +
    'gateways excluded). Per user, network and UTC day: medium with a ' +
    'success, high when MFA was satisfied (AiTM proxy), low for failures ' +
    'only. Trusted networks and ASNs suppress it.',
  run: hostingSignIns,
};
