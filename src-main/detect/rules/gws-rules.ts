/**
 * Google Workspace account takeover signs: Google's own suspicious
 * login warnings, 2-step verification turned off, Gmail forwarding out
 * of the domain, admin roles granted, OAuth grants to new apps.
 */
import { bucket } from '../buckets.js';
import { distinct, listText, utc, utcDay } from '../describe.js';
import { readEvents, scanEvents, type Ev } from '../event-scan.js';
import {
  gwsParameters,
  isTrue,
  paramList,
  paramText,
  parseDetails,
} from '../record-fields.js';
import type {
  FindingDraft,
  FindingSeverity,
  Rule,
  RuleContext,
} from '../rule.js';
import { addressDomain } from '../tenant-domains.js';

const DAY_MS = 86_400_000;

function params(e: Ev): Map<string, unknown> {
  return gwsParameters(parseDetails(e.details));
}

function who(e: Ev): string {
  return `${e.actor ?? 'an unknown actor'} at ${utc(e.time_ms)}` +
    (e.ip ? ` from ${e.ip}` : '');
}

/** Google's warnings and what each means. */
const WARNINGS: Record<string, { severity: FindingSeverity; text: string }> = {
  suspicious_login: { severity: 'medium',
    text: 'Google blocked a suspicious login' },
  suspicious_login_less_secure_app: { severity: 'medium',
    text: 'Google blocked a suspicious login from a less secure app' },
  suspicious_programmatic_login: { severity: 'medium',
    text: 'Google blocked a suspicious programmatic login' },
  login_success: { severity: 'high',
    text: 'a login Google marked suspicious succeeded' },
  account_disabled_password_leak: { severity: 'medium',
    text: 'Google disabled the account after a password leak' },
  account_disabled_hijacked: { severity: 'high',
    text: 'Google disabled the account as hijacked' },
  gov_attack_warning: { severity: 'high',
    text: 'Google warned of a government-backed attack' },
  user_signed_out_due_to_suspicious_session_cookie: { severity: 'high',
    text: 'Google signed the user out over a suspicious session cookie' },
};

function suspiciousLogins(ctx: RuleContext): FindingDraft[] {
  const rows = readEvents(ctx.db, {
    operations: Object.keys(WARNINGS),
    where: "source = 'gws-login'",
  }).filter((e) => e.operation !== 'login_success' ||
    isTrue(params(e).get('is_suspicious')));
  const groups = bucket(rows, (e) =>
    `${subjectOf(e)}|${e.operation}|${utcDay(e.time_ms)}`);
  return [...groups].map(([key, g]) => warningDraft(key, g));
}

function subjectOf(e: Ev): string {
  const affected = paramText(params(e).get('affected_email_address'));
  return (affected || e.actor || 'unknown user').toLowerCase();
}

function warningDraft(key: string, g: Ev[]): FindingDraft {
  const e = g[0];
  const w = WARNINGS[e.operation];
  const user = subjectOf(e);
  return {
    key,
    actor: user,
    eventIds: g.map((x) => x.id),
    severity: w.severity,
    matched: { user, event: e.operation, ips: distinct(g.map((x) => x.ip)),
      count: g.length, loginType: paramText(params(e).get('login_type')) ||
        null },
    explanation:
      `For ${user}, ${w.text} (${e.operation}) at ${utc(e.time_ms)} from ` +
      `${e.ip ?? 'an unknown address'}` +
      (g.length > 1 ? `; ${g.length} such events that day` : ''),
  };
}

/** Google's suspicious login and account warnings (D17). */
export const GWS_SUSPICIOUS_LOGIN: Rule = {
  id: 'gws-suspicious-login',
  title: 'Google Workspace suspicious login',
  severity: 'high',
  technique: 'T1078.004',
  description:
    'suspicious_login events (blocked by Google: medium), login_success ' +
    'with is_suspicious true (high), and account_disabled_*, ' +
    'gov_attack_warning or suspicious-cookie sign-outs, per user, event ' +
    'and day.',
  run: suspiciousLogins,
};

const TWO_SV_OFF = ['2sv_disable', 'TURN_OFF_2_STEP_VERIFICATION',
  'UNENROLL_USER_FROM_STRONG_AUTH', 'titanium_unenroll',
  'ENFORCE_STRONG_AUTHENTICATION', 'ALLOW_STRONG_AUTHENTICATION'];

function twoStepOff(ctx: RuleContext): FindingDraft[] {
  const out: FindingDraft[] = [];
  const rows = readEvents(ctx.db, { operations: TWO_SV_OFF,
    where: "source LIKE 'gws-%'" });
  for (const e of rows) {
    const p = params(e);
    const org = /STRONG_AUTHENTICATION$/.test(e.operation) &&
      !e.operation.startsWith('UNENROLL');
    if (org && !/^false$/i.test(paramText(p.get('NEW_VALUE')))) continue;
    const user = (paramText(p.get('USER_EMAIL')) || e.actor || '?')
      .toLowerCase();
    out.push(twoStepDraft(ctx, e, org ? null : user));
  }
  return out;
}

function twoStepDraft(
  ctx: RuleContext,
  e: Ev,
  user: string | null,
): FindingDraft {
  const hours = ctx.policy.threshold('suspicious.followHours');
  const s = user ? ctx.suspicious().lastBefore(user, e.time_ms, hours) : null;
  const what = user
    ? `2-step verification turned off for ${user}`
    : '2-step verification enforcement weakened for the organization';
  return {
    // login and user_accounts report the same change: one finding.
    key: `${user ?? 'organization'}|${e.operation}|${utc(e.time_ms)}`,
    actor: e.actor,
    eventIds: [e.id, ...(s ? [s.eventId] : [])],
    severity: s ? 'critical' : 'high',
    matched: { user, event: e.operation, ip: e.ip,
      suspiciousSignIn: s ? { time: utc(s.timeMs), ip: s.ip,
        reasons: s.reasons } : null },
    explanation:
      `${what} (${e.operation}) by ${who(e)}` +
      (s ? `, ${Math.round((e.time_ms - s.timeMs) / 60_000)} min after a ` +
        `suspicious sign-in from ${s.ip} (${s.reasons.join(', ')})` : ''),
  };
}

/** 2-step verification disabled for a user or weakened (D32). */
export const GWS_TWO_STEP_DISABLED: Rule = {
  id: 'gws-2sv-disabled',
  title: 'Google 2-step verification disabled',
  severity: 'high',
  technique: 'T1556.006',
  description:
    '2sv_disable, admin TURN_OFF_2_STEP_VERIFICATION or ' +
    'UNENROLL_USER_FROM_STRONG_AUTH, titanium_unenroll, or organization ' +
    '2SV enforcement set to false. Critical within ' +
    'suspicious.followHours after a suspicious sign-in of the user.',
  run: twoStepOff,
};

function forwarding(ctx: RuleContext): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const e of readEvents(ctx.db, {
    operations: ['email_forwarding_out_of_domain'],
  })) {
    const to = paramText(params(e).get('email_forwarding_destination_address'))
      .toLowerCase();
    if (!to || ctx.tenant.isInternal(to)) continue;
    const free = ctx.lists.isFreeMail(addressDomain(to) ?? '');
    out.push({
      key: `${e.actor}|${to}`,
      actor: e.actor,
      eventIds: [e.id],
      matched: { forwardTo: to, freeMail: free, ip: e.ip },
      explanation:
        `Gmail of ${e.actor} set at ${utc(e.time_ms)} from ` +
        `${e.ip ?? 'an unknown address'} to forward out of the domain to ` +
        `${to}` + (free ? ' (a free-mail address)' : ''),
    });
  }
  return out;
}

/** Gmail auto-forwarding to an outside address (D41). */
export const GWS_FORWARDING_OUT_OF_DOMAIN: Rule = {
  id: 'gws-forwarding-out-of-domain',
  title: 'Gmail forwarding out of the domain',
  severity: 'high',
  technique: 'T1114.003',
  description:
    'email_forwarding_out_of_domain to an address outside the tenant ' +
    'domains; the finding says when the destination is free-mail.',
  run: forwarding,
};

const GRANT_OPS = ['ASSIGN_ROLE', 'GRANT_ADMIN_PRIVILEGE',
  'GRANT_DELEGATED_ADMIN_PRIVILEGES'];

function adminGrants(ctx: RuleContext): FindingDraft[] {
  return readEvents(ctx.db, { operations: GRANT_OPS,
    where: "source = 'gws-admin'" }).map((e) => {
    const p = params(e);
    const role = paramText(p.get('ROLE_NAME')) ||
      (e.operation === 'GRANT_ADMIN_PRIVILEGE' ? 'Super Admin' : 'admin');
    const user = (paramText(p.get('USER_EMAIL')) || e.target || '?')
      .toLowerCase();
    const superAdmin = role === '_SEED_ADMIN_ROLE' || role === 'Super Admin';
    return {
      key: `${user}|${role}|${e.id}`,
      actor: e.actor,
      eventIds: [e.id],
      severity: superAdmin ? 'critical' : 'high',
      matched: { user, role, superAdmin, event: e.operation },
      explanation:
        `${user} was given the admin role ${role}` +
        (superAdmin ? ' (Super Admin)' : '') + ` by ${who(e)} ` +
        `(${e.operation})`,
    } satisfies FindingDraft;
  });
}

/** A Google Workspace admin role granted (D31). */
export const GWS_ADMIN_ROLE_GRANTED: Rule = {
  id: 'gws-admin-role-granted',
  title: 'Google Workspace admin role granted',
  severity: 'high',
  technique: 'T1098.003',
  description:
    'ASSIGN_ROLE, GRANT_ADMIN_PRIVILEGE or GRANT_DELEGATED_ADMIN_' +
    'PRIVILEGES; critical for Super Admin (_SEED_ADMIN_ROLE).',
  run: adminGrants,
};

const SENSITIVE_SCOPE = new RegExp([
  String.raw`mail\.google\.com`,
  String.raw`gmail\.(readonly|modify|settings|compose|send|insert)`,
  String.raw`/auth/drive(\.readonly)?$`,
  String.raw`admin\.directory`,
  'ediscovery',
  '/auth/vault',
  'cloud_search',
].join('|'));

function newApps(ctx: RuleContext): FindingDraft[] {
  const lookMs = ctx.policy.threshold('oauthApp.lookbackDays') * DAY_MS;
  const minMs = ctx.policy.threshold('firstSeen.minHistoryDays') * DAY_MS;
  const start = ctx.span?.firstMs ?? 0;
  const lastSeen = new Map<string, number>();
  const open = new Map<string, FindingDraft>();
  const out: FindingDraft[] = [];
  let early = 0;
  for (const e of scanEvents(ctx.db, { operations: ['authorize'],
    where: "source = 'gws-token'" })) {
    const client = paramText(params(e).get('client_id'));
    if (!client) continue;
    const prev = lastSeen.get(client);
    lastSeen.set(client, e.time_ms);
    const d = open.get(client);
    if (d && e.time_ms - firstTime(d) <= DAY_MS) {
      addGrant(d, e);
      continue;
    }
    if (prev !== undefined && e.time_ms - prev <= lookMs) continue;
    if (e.time_ms - start < minMs) {
      early++;
      continue;
    }
    const draft = appDraft(e, client, prev ?? null);
    open.set(client, draft);
    out.push(draft);
  }
  if (early) {
    ctx.note(`not enough history for ${early} OAuth grant(s) in the ` +
      'first firstSeen.minHistoryDays days of the case');
  }
  return out.map(finishApp);
}

function firstTime(d: FindingDraft): number {
  return Date.parse(String(d.matched.firstTime));
}

function appDraft(e: Ev, client: string, prev: number | null): FindingDraft {
  const p = params(e);
  return {
    key: `${client}|${utcDay(e.time_ms)}`,
    actor: e.actor,
    eventIds: [e.id],
    matched: {
      app: paramText(p.get('app_name')) || null,
      clientId: client,
      clientType: paramText(p.get('client_type')) || null,
      scopes: paramList(p.get('scope')),
      users: [e.actor],
      firstTime: utc(e.time_ms),
      lastSeenBefore: prev === null ? null : utc(prev),
      ip: e.ip,
    },
    explanation: '',
  };
}

function addGrant(d: FindingDraft, e: Ev): void {
  const m = d.matched as { scopes: string[]; users: (string | null)[] };
  d.eventIds.push(e.id);
  m.scopes = distinct([...m.scopes, ...paramList(params(e).get('scope'))]);
  m.users = distinct([...m.users, e.actor]);
}

function finishApp(d: FindingDraft): FindingDraft {
  const m = d.matched as { app: string | null; clientId: string;
    clientType: string | null; scopes: string[]; users: string[];
    firstTime: string; lastSeenBefore: string | null };
  const sensitive = m.scopes.filter((s) => SENSITIVE_SCOPE.test(s));
  const users = m.users.length > 1 ? `${m.users.length} users, first ` : '';
  return {
    ...d,
    severity: sensitive.length ? 'high' : 'medium',
    matched: { ...m, sensitiveScopes: sensitive },
    explanation:
      `${users}${m.users[0]} granted OAuth access at ${m.firstTime} to ` +
      `"${m.app ?? 'unnamed app'}" (client ${m.clientId}` +
      (m.clientType ? `, ${m.clientType}` : '') + '), ' +
      (m.lastSeenBefore ? `last seen ${m.lastSeenBefore}`
        : 'never seen before in the tenant') +
      (sensitive.length ? `; scopes include ${listText(sensitive)}` : ''),
  };
}

/** OAuth token granted to an app new to the tenant (D39). */
export const GWS_OAUTH_NEW_APP: Rule = {
  id: 'gws-oauth-new-app',
  title: 'Google OAuth access granted to a new app',
  severity: 'medium',
  technique: 'T1528',
  description:
    'A token authorize event for a client_id not granted in the tenant ' +
    'within oauthApp.lookbackDays (needs firstSeen.minHistoryDays of ' +
    'case history). High when the scopes reach mail, Drive, the ' +
    'directory or Vault; grants by other users within a day join it.',
  run: newApps,
};
