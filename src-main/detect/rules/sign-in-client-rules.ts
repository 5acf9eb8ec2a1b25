/**
 * How sign-ins were made: legacy protocols that cannot do MFA, tools
 * and phishing kits by their user agent, a session carried to other
 * networks, and the adversary-in-the-middle double sign-in.
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
import {
  groupRuns,
  scanEvents,
  scanWhere,
  type Ev,
} from '../event-scan.js';
import { parseDetails } from '../record-fields.js';
import type { FindingDraft, Rule, RuleContext } from '../rule.js';
import {
  isFailure,
  isSuccess,
  outcomeWord,
  SIGN_IN_OPERATIONS,
  SUCCESS_OPERATIONS,
} from '../sign-ins.js';

/** Client apps Microsoft lists as legacy authentication. */
const LEGACY_CLIENTS = [
  'Authenticated SMTP',
  'Autodiscover',
  'Exchange ActiveSync',
  'Exchange Online PowerShell',
  'Exchange Web Services',
  'IMAP4',
  'IMAP',
  'MAPI Over HTTP',
  'Offline Address Book',
  'Outlook Anywhere (RPC over HTTP)',
  'Outlook Service',
  'POP3',
  'POP',
  'Reporting Web Services',
  'Other clients',
];

function legacyAuth(ctx: RuleContext): FindingDraft[] {
  const marks = LEGACY_CLIENTS.map(() => '?').join(', ');
  const rows = scanEvents(ctx.db, {
    operations: ['SignIn'],
    where: `result = 'success' AND actor IS NOT NULL AND ` +
      `client_app IN (${marks})`,
    params: LEGACY_CLIENTS,
    order: 'actor',
  });
  const drafts: FindingDraft[] = [];
  for (const [actor, userRows] of groupRuns(rows, (e) => e.actor)) {
    for (const [app, group] of bucket(userRows, (e) => e.client_app)) {
      drafts.push(legacyDraft(ctx, actor, app, group));
    }
  }
  return drafts;
}

function riskyPlace(ctx: RuleContext, e: Ev): string | null {
  if (ctx.policy.isTrusted(e.ip, e.asn)) return null;
  const net = ctx.lists.hostingNetwork(e.asn);
  if (net) return `${e.ip} is in ${net.kind} network AS${net.asn} ${net.org}`;
  if (!e.country || !ctx.policy.hasAllowedPlaces()) return null;
  if (ctx.policy.placeVerdict(e.country, e.region) === 'allowed') return null;
  if (ctx.policy.suppressesGeo(e.actor, e, e.time_ms)) return null;
  return `${e.ip} is in ${e.country}, outside the allowed countries`;
}

function legacyDraft(
  ctx: RuleContext,
  actor: string,
  app: string,
  rows: Ev[],
): FindingDraft {
  const first = rows[0];
  const last = rows[rows.length - 1];
  const risky = distinct(rows.map((e) => riskyPlace(ctx, e)));
  const ips = distinct(rows.map((e) => e.ip));
  const span = rows.length === 1
    ? `at ${utc(first.time_ms)}`
    : `between ${utc(first.time_ms)} and ${utc(last.time_ms)}`;
  return {
    key: `${actor}|${app}`,
    actor,
    eventIds: idsOf(rows),
    severity: risky.length ? 'high' : 'medium',
    matched: {
      clientApp: app,
      count: rows.length,
      ips,
      places: distinct(rows.map((e) => placeText(e))),
      firstTime: utc(first.time_ms),
      lastTime: utc(last.time_ms),
      risk: risky,
    },
    explanation:
      `${countOf(rows.length, 'successful sign-in')} by ${actor} over ` +
      `legacy protocol ${app} ${span} from ${listText(ips.map(String))}; ` +
      'legacy protocols cannot ask for MFA' +
      (risky.length ? `; ${risky[0]}` : ''),
  };
}

/** Successful sign-in over a legacy protocol (D09). */
export const LEGACY_AUTH_SIGN_IN: Rule = {
  id: 'legacy-auth-signin',
  title: 'Successful sign-in over a legacy authentication protocol',
  severity: 'medium',
  technique: 'T1078.004',
  description:
    'An Entra sign-in that succeeded with a client app Microsoft counts ' +
    'as legacy authentication (IMAP4, POP3, Authenticated SMTP, Exchange ' +
    'ActiveSync, ...), per user and protocol. High when from a hosting ' +
    'network or outside the allowed countries.',
  run: legacyAuth,
};

/** The tool a sign-in's user agent or protocol gives away. */
function toolOf(ctx: RuleContext, e: Ev): { label: string; kind: string } |
  null {
  const hit = ctx.lists.matchAgent(e.user_agent);
  if (hit) return hit;
  if (e.source !== 'entra-signin' || !e.details) return null;
  const protocol = parseDetails(e.details).authenticationProtocol;
  return protocol === 'ropc' ? { label: 'ROPC protocol', kind: 'ropc' } : null;
}

function attackAgents(ctx: RuleContext): FindingDraft[] {
  const rows = scanEvents(ctx.db, {
    operations: SIGN_IN_OPERATIONS,
    where: "actor IS NOT NULL AND (user_agent IS NOT NULL OR " +
      "details LIKE '%\"authenticationProtocol\":\"ropc\"%')",
    order: 'actor',
  });
  const drafts: FindingDraft[] = [];
  for (const [actor, userRows] of groupRuns(rows, (e) => e.actor)) {
    const hits = userRows.filter((e) =>
      (isSuccess(e) || isFailure(e)) && toolOf(ctx, e) !== null);
    const groups = bucket(hits, (e) =>
      `${toolOf(ctx, e)?.label}|${utcDay(e.time_ms)}`);
    for (const [key, group] of groups) {
      drafts.push(agentDraft(ctx, actor, key, group));
    }
  }
  return drafts;
}

function agentDraft(
  ctx: RuleContext,
  actor: string,
  key: string,
  rows: Ev[],
): FindingDraft {
  const first = rows[0];
  const tool = toolOf(ctx, first) as { label: string; kind: string };
  const ok = rows.filter(isSuccess);
  const agent = first.user_agent ? `user agent "${first.user_agent}"`
    : 'the ROPC protocol';
  const head = rows.length === 1
    ? `Sign-in by ${actor} ${outcomeWord(first)} at ${utc(first.time_ms)} ` +
      `from ${first.ip} (${placeText(first)})`
    : `${rows.length} sign-ins by ${actor} (${ok.length} succeeded) on ` +
      `${utcDay(first.time_ms)}, first at ${utc(first.time_ms)} from ` +
      `${first.ip} (${placeText(first)})`;
  return {
    key: `${actor}|${key}`,
    actor,
    eventIds: idsOf(rows),
    severity: ok.length ? 'high' : 'medium',
    matched: {
      tool: tool.label,
      kind: tool.kind,
      userAgents: distinct(rows.map((e) => e.user_agent)),
      ips: distinct(rows.map((e) => e.ip)),
      successes: ok.length,
      failures: rows.length - ok.length,
    },
    explanation: `${head} with ${agent}, which matches ${tool.label} ` +
      `(${tool.kind})`,
  };
}

/** Sign-in by an attack tool, script or phishing kit (D10, D11). */
export const ATTACK_USER_AGENT: Rule = {
  id: 'attack-tool-user-agent',
  title: 'Sign-in by an attack tool, script or phishing kit',
  severity: 'high',
  technique: 'T1557',
  description:
    'A sign-in whose user agent matches the shipped list of scripted ' +
    'clients, attack tools and phishing kits (axios, python-requests, ' +
    'Go-http-client, curl, PowerShell, BAV2ROPC, ...; ' +
    'resources/detect/attack-user-agents.json) or that used ROPC. High ' +
    'on success, medium when every attempt failed; per user, tool, day.',
  run: attackAgents,
};

function sessionSpread(ctx: RuleContext): FindingDraft[] {
  const rows = scanWhere(
    ctx.db,
    'session_id IS NOT NULL AND actor IS NOT NULL AND ip IS NOT NULL',
    'session',
  );
  const drafts: FindingDraft[] = [];
  const keyOf = (e: Ev) => `${e.actor}\u0000${e.session_id}`;
  for (const [, group] of groupRuns(rows, keyOf)) {
    const kept = group.filter((e) => !ctx.policy.isTrusted(e.ip, e.asn));
    const d = sessionDraft(ctx, kept);
    if (d) drafts.push(d);
  }
  return drafts;
}

function sessionDraft(ctx: RuleContext, rows: Ev[]): FindingDraft | null {
  const countries = distinct(rows.map((e) => e.country));
  const asns = distinct(rows.map((e) => e.asn));
  const manyCountries = countries.length >=
    ctx.policy.threshold('session.minCountries');
  const manyNets = asns.length >= ctx.policy.threshold('session.minAsns');
  if (!manyCountries && !manyNets) return null;
  const fixed = asns.filter((a) => !ctx.lists.mobileCarrier(a));
  const roaming = !manyCountries && fixed.length <= 1;
  const first = rows[0];
  const last = rows[rows.length - 1];
  const seen = bucket(rows, (e) => `${e.country}|${e.asn}`);
  const places = [...seen.values()].map((g) =>
    `${g[0].country ?? '?'} (${networkText(g[0]) ?? 'unknown network'}, ` +
    `${listText(distinct(g.map((e) => e.ip as string)), 3)})`);
  return {
    key: `${first.actor}|${first.session_id}`,
    actor: first.actor,
    eventIds: idsOf(rows),
    severity: manyCountries ? 'high' : roaming ? 'low' : 'medium',
    matched: {
      sessionId: first.session_id,
      mobileRoaming: roaming,
      countries,
      asns,
      ips: distinct(rows.map((e) => e.ip)),
      userAgents: distinct(rows.map((e) => e.user_agent)),
      firstTime: utc(first.time_ms),
      lastTime: utc(last.time_ms),
    },
    explanation:
      `Session ${first.session_id} of ${first.actor} was used from ` +
      `${countOf(countries.length, 'country', 'countries')} and ` +
      `${countOf(asns.length, 'network')} between ${utc(first.time_ms)} ` +
      `and ${utc(last.time_ms)}: ${places.join('; ')}` +
      (roaming ? '; the other networks are mobile carriers in the same ' +
        'country, as when a device leaves Wi-Fi' : ''),
  };
}

/** One session or token used from several networks (D13). */
export const SESSION_MULTIPLE_NETWORKS: Rule = {
  id: 'session-multiple-networks',
  title: 'One session used from several networks or countries',
  severity: 'high',
  technique: 'T1550.001',
  description:
    'Events sharing a user and session ID (Entra sessionId, UAL ' +
    'AADSessionId or SessionId) come from at least session.minAsns ' +
    'networks (medium) or session.minCountries countries (high): a ' +
    'stolen session or token replayed elsewhere. Low when the only other ' +
    'networks are mobile carriers of the same country. Trusted networks ' +
    'are left out before counting.',
  run: sessionSpread,
};

function aitmDoubleSignIn(ctx: RuleContext): FindingDraft[] {
  const windowMs = ctx.policy.threshold('aitm.windowSeconds') * 1000;
  const rows = scanEvents(ctx.db, {
    operations: SUCCESS_OPERATIONS,
    where: "result = 'success' AND actor IS NOT NULL AND ip IS NOT NULL",
    order: 'actor',
  });
  const drafts: FindingDraft[] = [];
  for (const [actor, userRows] of groupRuns(rows, (e) => e.actor)) {
    const ok = userRows.filter(isSuccess);
    for (let i = 1; i < ok.length; i++) {
      const [a, b] = [ok[i - 1], ok[i]];
      if (a.ip === b.ip || b.time_ms - a.time_ms > windowMs) continue;
      const why = proxySign(ctx, a);
      if (why && !proxySign(ctx, b)) {
        drafts.push(aitmDraft(actor, a, b, why));
      }
    }
  }
  return drafts;
}

function proxySign(ctx: RuleContext, e: Ev): string | null {
  if (ctx.policy.isTrusted(e.ip, e.asn)) return null;
  const net = ctx.lists.hostingNetwork(e.asn);
  if (net) return `${net.kind} network AS${net.asn} ${net.org}`;
  const tool = ctx.lists.matchAgent(e.user_agent);
  return tool ? `user agent ${tool.label}` : null;
}

function aitmDraft(actor: string, a: Ev, b: Ev, why: string): FindingDraft {
  const gap = Math.round((b.time_ms - a.time_ms) / 1000);
  return {
    key: `${actor}|${a.ip}|${b.ip}|${utcDay(a.time_ms)}`,
    actor,
    eventIds: [a.id, b.id],
    matched: {
      proxy: { ip: a.ip, time: utc(a.time_ms), reason: why },
      user: { ip: b.ip, time: utc(b.time_ms), place: placeText(b) },
      seconds: gap,
    },
    explanation:
      `${actor} signed in from ${a.ip} (${placeText(a)}; ${why}) at ` +
      `${utc(a.time_ms)} and ${gap} s later from ${b.ip} (${placeText(b)}): ` +
      'the pattern of a phishing proxy relaying the sign-in before ' +
      'sending the user on to the real site',
  };
}

/** Proxy sign-in followed within seconds by the user's own (D12). */
export const AITM_DOUBLE_SIGN_IN: Rule = {
  id: 'aitm-double-signin',
  title: 'Adversary-in-the-middle double sign-in',
  severity: 'high',
  technique: 'T1557',
  description:
    'Two successful sign-ins of a user from different addresses within ' +
    'aitm.windowSeconds, the first from a hosting network or an attack ' +
    "tool's user agent and the second not: a phishing proxy relaying " +
    'credentials and MFA, then redirecting the victim.',
  run: aitmDoubleSignIn,
};
