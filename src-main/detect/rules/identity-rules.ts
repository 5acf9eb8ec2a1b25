/**
 * Privilege and application access in Entra ID and Exchange: roles
 * granted, consent to risky permissions, credentials added to apps.
 */
import { bucket } from '../buckets.js';
import { distinct, listText, utc, utcDay } from '../describe.js';
import {
  changeKey,
  readEvents,
  withPeriod,
  type Ev,
} from '../event-scan.js';
import type { PrivilegedRole } from '../lists.js';
import {
  cmdletParameters,
  parseDetails,
  propertyChanges,
  targetResources,
  type Details,
} from '../record-fields.js';
import type { FindingDraft, Rule, RuleContext } from '../rule.js';

function who(e: Ev): string {
  return `${e.actor ?? 'an unknown actor'} at ${utc(e.time_ms)}` +
    (e.ip ? ` from ${e.ip}` : '');
}

const ROLE_OPS = withPeriod(
  'Add member to role',
  'Add eligible member to role',
  'Add scoped member to role',
  'Add member to role outside of PIM (permanent)',
  'Add member to role in PIM completed (permanent)',
  'Add eligible member to role in PIM completed (permanent)',
);

/** Every text in the record that may name the role. */
function roleNames(e: Ev, d: Details): string[] {
  const out: string[] = [];
  for (const c of propertyChanges(d)) {
    if (/role\.(displayname|templateid|wellknownobjectname)|^templateid$/i
      .test(c.name) && c.newValue) out.push(c.newValue);
  }
  for (const t of targetResources(d)) {
    if (t.type === 'Role' && typeof t.displayName === 'string') {
      out.push(t.displayName);
    }
  }
  if (e.target) out.push(e.target);
  return out;
}

function assignee(e: Ev, d: Details): string {
  const user = targetResources(d).find((t) => t.type === 'User');
  const upn = user?.userPrincipalName ?? user?.displayName;
  if (typeof upn === 'string' && upn) return upn.toLowerCase();
  return e.target ?? 'an unknown principal';
}

interface RoleGrant {
  event: Ev;
  role: PrivilegedRole;
  assignee: string;
}

function roleAssignments(ctx: RuleContext): FindingDraft[] {
  const grants: RoleGrant[] = [];
  for (const e of readEvents(ctx.db, { operations: ROLE_OPS,
    where: "result != 'failure'" })) {
    const d = parseDetails(e.details);
    const role = roleNames(e, d)
      .map((n) => ctx.lists.privilegedRole(n))
      .find((r): r is PrivilegedRole => r !== null);
    if (role) grants.push({ event: e, role, assignee: assignee(e, d) });
  }
  // The Entra audit record and its UAL copy are one assignment.
  const groups = bucket(grants, (g) =>
    `${g.assignee}|${g.role.name}|${utcDay(g.event.time_ms)}`);
  const drafts = [...groups].map(([key, g]) => roleDraft(ctx, key, g));
  return [...drafts, ...exchangeRoles(ctx)];
}

/** PIM carries out activations of eligible roles as its own app. */
function isPim(e: Ev): boolean {
  return /^MS-PIM$/i.test(e.actor ?? '');
}

function roleDraft(
  ctx: RuleContext,
  key: string,
  grants: RoleGrant[],
): FindingDraft {
  const { role, assignee: to } = grants[0];
  const e = grants.find((g) => !isPim(g.event))?.event ?? grants[0].event;
  const pim = grants.some((g) => isPim(g.event));
  const hours = ctx.policy.threshold('suspicious.followHours');
  const s = ctx.suspicious().lastBefore(to, e.time_ms, hours) ??
    (e.actor ? ctx.suspicious().lastBefore(e.actor, e.time_ms, hours) : null);
  const trusted = !pim && !s && ctx.policy.isTrusted(e.ip, e.asn);
  const calm = pim && !s ? 'a PIM activation' : trusted
    ? `granted from trusted network address ${e.ip}` : null;
  return {
    key,
    actor: e.actor,
    eventIds: [...grants.map((g) => g.event.id), ...(s ? [s.eventId] : [])],
    severity: role.critical ? 'critical' : calm ? 'medium' : 'high',
    matched: { role: role.name, templateId: role.templateId, assignee: to,
      operations: distinct(grants.map((g) => g.event.operation)),
      pimActivation: pim, trustedNetwork: trusted,
      suspiciousSignIn: s ? { time: utc(s.timeMs), ip: s.ip,
        reasons: s.reasons } : null },
    explanation:
      `${to} was given the privileged role ${role.name} by ${who(e)} ` +
      `(${e.operation.replace(/\.$/, '')}` + (pim ? ', through PIM' : '') +
      ')' + (calm ? `; ${calm}, no suspicious sign-in before it` : '') +
      (s ? `; ${Math.round((e.time_ms - s.timeMs) / 60_000)} min after a ` +
        `suspicious sign-in from ${s.ip} (${s.reasons.join(', ')})` : ''),
  };
}

const EXCHANGE_ROLES = new RegExp(
  'applicationimpersonation|organization management|' +
    'mailbox import export|role management',
  'i',
);

function exchangeRoles(ctx: RuleContext): FindingDraft[] {
  const ops = ['New-ManagementRoleAssignment', 'Add-RoleGroupMember'];
  const out: FindingDraft[] = [];
  for (const e of readEvents(ctx.db, { operations: ops,
    where: "result != 'failure'" })) {
    const p = cmdletParameters(parseDetails(e.details));
    const role = p.get('role') ?? p.get('identity') ?? '';
    if (!EXCHANGE_ROLES.test(role)) continue;
    const to = p.get('user') ?? p.get('member') ?? p.get('securitygroup') ??
      '?';
    out.push({
      key: `${to}|${role}|${e.id}`,
      actor: e.actor,
      eventIds: [e.id],
      severity: 'high',
      matched: { role, assignee: to, operation: e.operation },
      explanation: `${to} was given the Exchange role ${role} by ${who(e)} ` +
        `(${e.operation})`,
    });
  }
  return out;
}

/** Assignment of a privileged Entra or Exchange role (D31). */
export const PRIVILEGED_ROLE_ASSIGNED: Rule = {
  id: 'privileged-role-assigned',
  title: 'Privileged role assigned',
  severity: 'high',
  technique: 'T1098.003',
  description:
    'Add member to role (also eligible, scoped and permanent PIM ' +
    'assignments; UAL names with the trailing period) where the role is ' +
    'on the shipped privileged list (resources/detect/privileged-roles' +
    '.json, by name, alias or template ID), and Exchange ' +
    'ApplicationImpersonation or Organization Management. Critical for ' +
    'Global Administrator and the other tenant-wide roles; otherwise ' +
    'medium for a PIM activation or a grant from a trusted network, and ' +
    'high after a suspicious sign-in. The Entra record and its UAL copy ' +
    'make one finding per assignee, role and day.',
  run: roleAssignments,
};

const CONSENT_OPS = withPeriod(
  'Consent to application',
  'Add delegated permission grant',
  'Add app role assignment to service principal',
);

/** Consent-phishing permissions (Microsoft's app-consent playbook). */
const RISKY_SCOPE = new RegExp(
  '^(mail\\.(?!readbasic)\\S+|contacts\\.\\S+|mailboxsettings\\.\\S+|' +
    'people\\.\\S+|files\\.\\S+|notes\\.\\S+|sites\\.\\S+|' +
    'directory\\.accessasuser\\.all|directory\\.readwrite\\.all|' +
    'user_impersonation|ews\\.accessasuser\\.all|imap\\.accessasuser\\.all|' +
    'eas\\.accessasuser\\.all|full_access_as_app|' +
    'application\\.readwrite\\.all|rolemanagement\\.readwrite\\.directory)$',
  'i',
);

interface Consent {
  app: string;
  scopes: string[];
  admin: boolean;
}

function consentOf(e: Ev, d: Details): Consent {
  const scopes = new Set<string>();
  let admin = false;
  for (const c of propertyChanges(d)) {
    const v = c.newValue ?? '';
    if (/ConsentAction\.Permissions/i.test(c.name)) {
      for (const m of v.matchAll(/Scope:\s*([^,\]]*)/g)) {
        m[1].split(/\s+/).filter(Boolean).forEach((s) => scopes.add(s));
      }
      if (/ConsentType:\s*AllPrincipals/i.test(v)) admin = true;
    } else if (/DelegatedPermissionGrant\.Scope/i.test(c.name)) {
      const old = new Set((c.oldValue ?? '').split(/\s+/));
      v.split(/\s+/).filter((s) => s && !old.has(s))
        .forEach((s) => scopes.add(s));
    } else if (/AppRole\.Value/i.test(c.name) && v) scopes.add(v);
    else if (/IsAdminConsent/i.test(c.name) && /true/i.test(v)) admin = true;
  }
  return { app: appName(e, d), scopes: [...scopes], admin };
}

function appName(e: Ev, d: Details): string {
  const sp = targetResources(d).find((t) =>
    typeof t.displayName === 'string' && t.displayName);
  return (sp?.displayName as string | undefined) ?? e.target ?? 'unknown app';
}

function consents(ctx: RuleContext): FindingDraft[] {
  const drafts = new Map<string, FindingDraft>();
  for (const e of readEvents(ctx.db, { operations: CONSENT_OPS,
    where: "result != 'failure'" })) {
    const c = consentOf(e, parseDetails(e.details));
    const risky = c.scopes.filter((s) => RISKY_SCOPE.test(s));
    if (!risky.length) continue;
    const key = `${c.app}|${e.actor}|${utc(e.time_ms).slice(0, 10)}`;
    const d = drafts.get(key);
    if (d) mergeConsent(d, e, c, risky);
    else drafts.set(key, consentDraft(key, e, c, risky));
  }
  return [...drafts.values()];
}

function consentDraft(
  key: string,
  e: Ev,
  c: Consent,
  risky: string[],
): FindingDraft {
  const offline = c.scopes.some((s) => /^offline_access$/i.test(s));
  return {
    key,
    actor: e.actor,
    eventIds: [e.id],
    matched: { app: c.app, riskyScopes: risky, scopes: c.scopes,
      adminConsent: c.admin, offlineAccess: offline },
    explanation:
      `${who(e)}: consent to application "${c.app}" with high-risk ` +
      `permissions ${listText(risky, 8)}` +
      (c.admin ? ' for all users (admin consent)' : '') +
      (offline ? '; offline_access keeps it working through refresh ' +
        'tokens' : ''),
  };
}

function mergeConsent(
  d: FindingDraft,
  e: Ev,
  c: Consent,
  risky: string[],
): void {
  const m = d.matched as { riskyScopes: string[]; scopes: string[];
    adminConsent: boolean };
  d.eventIds.push(e.id);
  m.riskyScopes = [...new Set([...m.riskyScopes, ...risky])];
  m.scopes = [...new Set([...m.scopes, ...c.scopes])];
  m.adminConsent ||= c.admin;
}

/** Consent to an application with high-risk permissions (D36, D37). */
export const RISKY_APP_CONSENT: Rule = {
  id: 'risky-app-consent',
  title: 'Consent to an application with high-risk permissions',
  severity: 'high',
  technique: 'T1528',
  description:
    'Consent to application, Add delegated permission grant or Add app ' +
    'role assignment to service principal granting mail, contacts, ' +
    'mailbox settings, files, sites, notes, people or directory-wide ' +
    'permissions (the consent-phishing permissions of Microsoft\'s ' +
    'app-consent playbook). Per app, actor and day.',
  run: consents,
};

const CREDENTIAL_OPS = withPeriod(
  'Add service principal credentials',
  'Update application – Certificates and secrets management',
  'Update application - Certificates and secrets management',
);

function keyCount(v: string | null): number {
  return (v ?? '').match(/KeyIdentifier=/g)?.length ?? 0;
}

function credentials(ctx: RuleContext): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  for (const e of readEvents(ctx.db, { operations: CREDENTIAL_OPS,
    where: "result != 'failure'" })) {
    const d = parseDetails(e.details);
    const key = propertyChanges(d).find((c) => c.name === 'KeyDescription');
    const added = e.operation.startsWith('Add') ||
      keyCount(key?.newValue ?? null) > keyCount(key?.oldValue ?? null);
    if (!added) continue;
    const type = propertyChanges(d).find((c) => c.name === 'KeyType')
      ?.newValue ?? /KeyType=(\w+)/.exec(key?.newValue ?? '')?.[1] ?? null;
    drafts.push(credentialDraft(e, appName(e, d), type));
  }
  return drafts;
}

function credentialDraft(
  e: Ev,
  app: string,
  type: string | null,
): FindingDraft {
  const kind = /service principal/i.test(e.operation)
    ? 'service principal'
    : 'application';
  const what = type === 'Password' ? 'client secret'
    : type ? `${type} credential` : 'credential';
  return {
    key: `${app}|${changeKey(e)}`,
    actor: e.actor,
    eventIds: [e.id],
    matched: { app, kind, keyType: type, operation: e.operation },
    explanation: `${who(e)} added a ${what} to ${kind} "${app}"`,
  };
}

/** A secret or certificate added to an app or service principal (D37). */
export const APP_CREDENTIAL_ADDED: Rule = {
  id: 'app-credential-added',
  title: 'Credential added to an application or service principal',
  severity: 'high',
  technique: 'T1098.001',
  description:
    'Add service principal credentials, or Update application – ' +
    'Certificates and secrets management that adds a key: a secret or ' +
    'certificate lets its holder act as the app without any user.',
  run: credentials,
};
